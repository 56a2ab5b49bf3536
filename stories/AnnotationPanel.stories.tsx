import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { createMemoryAdapter } from '../src/adapters/memory';
import { AnnotationPanel } from '../src/components/annotation-panel';
import {
  AnnokitError,
  targetKey,
  type Annotation,
  type AnnotationAdapter,
  type AnnotationConfig,
  type AnnotationTarget,
  type Note,
} from '../src/core';
import { useAnnotationPanel, useReviewHotkeys } from '../src/hooks';
import { AnnotationProvider, type AnnotationUser } from '../src/provider';
import { demoProject } from './support/decorators';

const SPAN: AnnotationTarget = { kind: 'span', spanId: 'a1b2c3d4e5f60718' };

const CONFIGS: AnnotationConfig[] = [
  {
    id: 'cfg-correctness',
    name: 'correctness',
    type: 'categorical',
    description: 'Is the answer factually correct for this customer?',
    optimizationDirection: 'MAXIMIZE',
    values: [
      { label: 'correct', score: 1 },
      { label: 'partially correct', score: 0.5 },
      { label: 'incorrect', score: 0 },
    ],
  },
  {
    id: 'cfg-hallucination',
    name: 'hallucination',
    type: 'categorical',
    description: 'Does the answer state something the retrieved documents do not support?',
    optimizationDirection: 'MINIMIZE',
    values: [
      { label: 'factual', score: 0 },
      { label: 'hallucinated', score: 1 },
    ],
  },
  { id: 'cfg-helpfulness', name: 'helpfulness', type: 'continuous', description: null, optimizationDirection: 'MAXIMIZE', lowerBound: 0, upperBound: 1 },
  { id: 'cfg-comment', name: 'reviewer_comment', type: 'freeform', description: 'Anything the next reviewer should know.', optimizationDirection: 'NONE' },
];

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 27, 14, minutes)).toISOString();

function annotation(partial: Partial<Annotation> & Pick<Annotation, 'id' | 'name' | 'annotatorKind'>): Annotation {
  return {
    target: SPAN,
    label: null,
    score: null,
    explanation: null,
    identifier: '',
    metadata: {},
    source: 'API',
    userId: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...partial,
  };
}

const ANNOTATIONS: Annotation[] = [
  annotation({
    id: 'ann-judge-correctness',
    name: 'correctness',
    annotatorKind: 'LLM',
    label: 'incorrect',
    score: 0,
    identifier: 'judge:gpt-4o',
    explanation:
      'The assistant says refunds are possible within 14 days, but the retrieved policy document (refund-policy.md, section 2) gives 30 days for unopened items and 14 days only for opened electronics. The answer applies the stricter rule to a customer who bought an unopened kettle.',
    updatedAt: at(2),
  }),
  annotation({ id: 'ann-bob-correctness', name: 'correctness', annotatorKind: 'HUMAN', label: 'partially correct', score: 0.5, identifier: 'bob', userId: 'bob', updatedAt: at(20) }),
  annotation({ id: 'ann-judge-hallucination', name: 'hallucination', annotatorKind: 'LLM', label: 'factual', score: 0, identifier: 'judge:gpt-4o', explanation: 'Every claim is in the documents.', updatedAt: at(2) }),
  annotation({ id: 'ann-judge-helpfulness', name: 'helpfulness', annotatorKind: 'LLM', score: 0.62, identifier: 'judge:gpt-4o', updatedAt: at(2) }),
  annotation({ id: 'ann-code-toxicity', name: 'toxicity_check', annotatorKind: 'CODE', label: 'pass', score: 0, identifier: 'detoxify', updatedAt: at(1) }),
  annotation({ id: 'ann-user-feedback', name: 'user_feedback', annotatorKind: 'HUMAN', label: 'thumbs_down', score: 0, identifier: 'end-user:u-829', userId: 'u-829', explanation: 'It told me 14 days but the website says 30??', updatedAt: at(5) }),
];

const NOTES: Note[] = [{ id: 'note-1', target: SPAN, text: 'Customer escalated by email the same day.', userId: 'bob', createdAt: at(25) }];

const demoAdapter = () => createMemoryAdapter({ seed: { configs: CONFIGS, annotations: ANNOTATIONS, notes: NOTES } });

function Provider({ adapter, user = { id: 'rita', name: 'Rita' }, children }: { adapter: AnnotationAdapter; user?: AnnotationUser | null; children: ReactNode }) {
  return (
    <AnnotationProvider adapter={adapter} user={user}>
      {children}
    </AnnotationProvider>
  );
}

const meta = {
  title: 'Review/AnnotationPanel',
  component: AnnotationPanel,
  tags: ['autodocs'],
  args: { target: SPAN, autosaveDelay: 800 },
  parameters: {
    // The shared decorator's demo project, reviewed by one of its reviewers.
    annokit: { user: { id: 'maya.chen', name: 'Maya Chen' } },
    docs: {
      description: {
        component:
          'Every annotation on a span, trace or session grouped by name, and the reviewer’s own inputs generated from the annotation configs. Keys: 1–9 pick a label, `a` accepts the LLM value, `e` explains, `j`/`k` move, `n` writes a note, Ctrl/⌘+Enter saves, `?` lists them.',
      },
    },
  },
  render: (args) => <AnnotationPanel {...args} className="ak:max-w-2xl" />,
} satisfies Meta<typeof AnnotationPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

const DEMO_REVIEWER = 'maya.chen';
/** The demo span with the most annotations that the demo reviewer has also labelled. */
const DEMO_TARGET: AnnotationTarget = (() => {
  const byTarget = new Map<string, Annotation[]>();
  for (const annotation of demoProject().annotations) {
    if (annotation.target.kind !== 'span') continue;
    const key = targetKey(annotation.target);
    byTarget.set(key, [...(byTarget.get(key) ?? []), annotation]);
  }
  const ranked = [...byTarget.values()]
    .filter((list) => list.some((annotation) => annotation.identifier === DEMO_REVIEWER) && list.some((annotation) => annotation.annotatorKind === 'LLM'))
    .sort((a, b) => b.length - a.length);
  return (ranked[0] ?? [...byTarget.values()][0]!)[0]!.target;
})();

/** A span of the generated demo project, reviewed by one of its reviewers (whose own labels show as “You”). */
export const Default: Story = {
  args: { target: DEMO_TARGET },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const correctness = await canvas.findByRole('group', { name: 'correctness' }, { timeout: 5000 });
    await expect(correctness).toBeVisible();
    await expect(await within(correctness).findByText('You')).toBeVisible();
  },
};

function ControlledPanel(props: { target: AnnotationTarget }) {
  const [activeName, setActiveName] = useState('hallucination');
  const [cheatSheetOpen, setCheatSheetOpen] = useState(false);
  return (
    <div className="ak:flex ak:max-w-2xl ak:flex-col ak:gap-2">
      <div className="ak:flex ak:items-center ak:gap-2 ak:text-sm">
        <label htmlFor="active-name">Keys act on</label>
        <select id="active-name" value={activeName} onChange={(event) => setActiveName(event.target.value)}>
          {['correctness', 'hallucination', 'helpfulness', 'reviewer_comment'].map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
        <button type="button" onClick={() => setCheatSheetOpen(!cheatSheetOpen)}>
          {cheatSheetOpen ? 'Hide' : 'Show'} shortcuts from outside
        </button>
      </div>
      <AnnotationPanel
        target={props.target}
        names={['correctness', 'hallucination', 'helpfulness', 'reviewer_comment']}
        activeName={activeName}
        onActiveNameChange={setActiveName}
        cheatSheetOpen={cheatSheetOpen}
        onCheatSheetOpenChange={setCheatSheetOpen}
      />
    </div>
  );
}

/** The active annotation name and the cheat sheet held by the host page; only configured names shown. */
export const Controlled: Story = {
  args: { target: DEMO_TARGET },
  render: (args) => <ControlledPanel target={args.target} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const hallucination = await canvas.findByRole('group', { name: 'hallucination' });
    await expect(hallucination).toHaveAttribute('data-active');
  },
};

function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

function StateCard({ title, adapter, user, children }: { title: string; adapter: () => AnnotationAdapter; user?: AnnotationUser | null; children?: ReactNode }) {
  const [instance] = useState(adapter);
  return (
    <figure className="ak:m-0 ak:flex ak:flex-col ak:gap-1" data-state-name={title}>
      <figcaption className="ak:text-xs ak:font-semibold ak:text-ak-muted">{title}</figcaption>
      <Provider adapter={instance} user={user === undefined ? { id: 'rita', name: 'Rita' } : user}>
        {children ?? <AnnotationPanel target={SPAN} names={['correctness', 'helpfulness']} autosaveDelay={false} heading={title} />}
      </Provider>
    </figure>
  );
}

/**
 * Idle, loading, saving, saved, invalid; a write the outbox is retrying (503) and one the backend
 * refused (403), kept with Retry and Discard, with a refused note; and the missing-capability states.
 */
export const AllStates: Story = {
  decorators: [],
  render: () => (
    <div className="ak:grid ak:grid-cols-1 ak:gap-4 ak:lg:grid-cols-2">
      <StateCard title="Idle" adapter={demoAdapter} />
      <StateCard title="Loading" adapter={() => ({ ...demoAdapter(), listAnnotations: never })} />
      <StateCard title="Saving" adapter={() => ({ ...demoAdapter(), upsertAnnotations: never })} />
      <StateCard title="After saving" adapter={demoAdapter} />
      <StateCard title="Invalid score" adapter={demoAdapter} />
      <StateCard
        title="Retrying"
        adapter={() => ({
          ...demoAdapter(),
          upsertAnnotations: () => Promise.reject(new AnnokitError('Phoenix answered 503 Service Unavailable', { code: 'server', status: 503 })),
        })}
      />
      <StateCard
        title="Refused: kept for retry"
        adapter={() => ({
          ...demoAdapter(),
          upsertAnnotations: () => Promise.reject(new AnnokitError('Phoenix answered 403 Forbidden', { code: 'authentication', status: 403 })),
          addNote: () => Promise.reject(new AnnokitError('Phoenix answered 403 Forbidden', { code: 'authentication', status: 403 })),
        })}
      />
      <StateCard title="No user (read-only)" adapter={demoAdapter} user={null} />
      <StateCard
        title="No configs or notes"
        adapter={() => {
          const { listAnnotationConfigs: _configs, upsertAnnotationConfig: _save, addNote: _add, listNotes: _list, ...rest } = demoAdapter();
          return rest;
        }}
      />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const card = async (name: string) => within(await within(canvasElement).findByRole('region', { name }, { timeout: 5000 }));
    const pickAndSave = async (name: string) => {
      const panel = await card(name);
      await userEvent.click(await panel.findByRole('button', { name: 'correct' }));
      await userEvent.click(panel.getByRole('button', { name: /^Save/ }));
    };
    await pickAndSave('Saving');
    await expect((await card('Saving')).getAllByRole('status')[0]).toHaveTextContent('Saving…');
    await pickAndSave('After saving');
    await expect(await (await card('After saving')).findByText('Saved')).toBeVisible();
    const invalid = await card('Invalid score');
    await userEvent.type(await invalid.findByRole('spinbutton', { name: 'Score' }), '7');
    await userEvent.click(invalid.getByRole('button', { name: /^Save/ }));
    await expect(await invalid.findByRole('alert')).toHaveTextContent('outside the bounds');
    // The outbox tries again on its own; the reviewer's label stays shown meanwhile.
    await pickAndSave('Retrying');
    const retrying = await card('Retrying');
    await expect(await retrying.findByRole('alert')).toHaveTextContent('Not saved yet, trying again: Phoenix answered 503');
    await expect(retrying.getByRole('button', { name: 'correct' })).toHaveAttribute('aria-pressed', 'true');
    // Refused for good: the label stays, with Retry and Discard; a refused note likewise.
    await pickAndSave('Refused: kept for retry');
    const refused = await card('Refused: kept for retry');
    const alert = await refused.findByRole('alert', {}, { timeout: 5000 });
    await expect(alert).toHaveTextContent('Not saved: Phoenix answered 403 Forbidden. Your change is kept until you retry or discard it.');
    await expect(within(alert).getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(within(alert).getByRole('button', { name: 'Discard' })).toBeVisible();
    await userEvent.type(refused.getByRole('textbox', { name: 'Add a note' }), 'Needs a second look{Enter}');
    await expect(await refused.findByText(/^Not sent: Phoenix answered 403 Forbidden/, {}, { timeout: 5000 })).toBeVisible();
  },
};

/** The same review built from `useAnnotationPanel` and `useReviewHotkeys` alone, with plain markup. */
function HeadlessReview({ target }: { target: AnnotationTarget }) {
  const panel = useAnnotationPanel({ target, autosaveDelay: 600 });
  const rootRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const editable = useMemo(() => panel.fields.filter((field) => field.isEditable), [panel.fields]);
  const current = editable[active];
  const { hotkeys, isCheatSheetOpen } = useReviewHotkeys(
    [
      {
        keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
        label: '1–9',
        description: 'Pick a label',
        handler: (_event, key) => {
          if (current?.config?.type === 'categorical') {
            const value = current.config.values[Number(key) - 1];
            if (value) panel.setLabel(current.name, value.label);
          }
        },
      },
      { keys: 'a', description: 'Accept the LLM value', handler: () => current && void panel.accept(current.name) },
      { keys: 'j', description: 'Next', handler: () => setActive((index) => Math.min(index + 1, editable.length - 1)) },
      { keys: 'k', description: 'Previous', handler: () => setActive((index) => Math.max(index - 1, 0)) },
    ],
    { scopeRef: rootRef },
  );
  return (
    <div ref={rootRef} tabIndex={0} aria-label="Headless review" style={{ fontFamily: 'system-ui', maxWidth: 560, padding: 8, border: '1px dashed #999' }}>
      {panel.fields.map((field) => (
        <section key={field.name} aria-label={field.name} style={{ outline: field === current ? '2px solid #2f5bd3' : 'none', padding: 6, marginBottom: 6 }}>
          <strong>{field.name}</strong> <small>({field.status})</small>
          <ul>
            {field.annotations.map((annotation) => (
              <li key={annotation.id}>
                {annotation.annotatorKind} · {annotation.label ?? ''} {annotation.score ?? ''} · {annotation.userId ?? annotation.identifier}
                {panel.isPending(annotation) ? ' (not yet stored)' : ''}
              </li>
            ))}
          </ul>
          {field.isEditable && field.config?.type === 'categorical' &&
            field.config.values.map((value) => (
              <button key={value.label} type="button" aria-pressed={field.value.label === value.label} onClick={() => panel.setLabel(field.name, value.label)}>
                {value.label}
              </button>
            ))}
          {field.error && <p role="alert">{field.error.message}</p>}
        </section>
      ))}
      {isCheatSheetOpen && (
        <ul aria-label="Shortcuts">
          {hotkeys.map((hotkey) => (
            <li key={hotkey.label}>
              <kbd>{hotkey.label}</kbd> {hotkey.description}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const Headless: Story = {
  args: { target: DEMO_TARGET },
  render: (args) => <HeadlessReview target={args.target} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const correctness = await canvas.findByRole('region', { name: 'correctness' }, { timeout: 5000 });
    // The buttons come from the annotation configs, which load after the region appears.
    await userEvent.click(await within(correctness).findByRole('button', { name: 'incorrect' }, { timeout: 5000 }));
    await waitFor(() =>
      expect(within(correctness).getByRole('button', { name: 'incorrect' })).toHaveAttribute('aria-pressed', 'true'),
    );
  },
};
