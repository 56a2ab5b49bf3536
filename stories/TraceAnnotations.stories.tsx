import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { useMemo } from 'react';
import { AnnokitError, targetKey, type Annotation, type AnnotationAdapter, type Span } from '../src/core';
import { useAnnotations, useTrace, useUpsertAnnotations } from '../src/hooks';
import { useAnnotationContext } from '../src/provider';
import { demoProject } from './support/decorators';

/** Summarises annotations by name: label shares or mean score, human / LLM / code apart. */
function summary(annotations: Annotation[]) {
  const byName = new Map<string, Annotation[]>();
  for (const a of annotations) byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
  return [...byName].map(([name, list]) => ({
    name,
    items: list.map((a) => `${a.annotatorKind}: ${a.label ?? (a.score === null ? '—' : a.score.toFixed(2))}`),
  }));
}

/**
 * A generated agent trace with its annotations, built from the hooks alone (`useTrace`,
 * `useAnnotations`, `useUpsertAnnotations`): what a team writes when it wants its own markup.
 */
function TraceAnnotations({ traceId }: { traceId: string }) {
  const { user } = useAnnotationContext('TraceAnnotations');
  const trace = useTrace(traceId);
  const targets = useMemo(() => trace.spans.map((span) => ({ kind: 'span', spanId: span.spanId }) as const), [trace.spans]);
  const { byTarget, isLoading, error } = useAnnotations({ targets });
  const write = useUpsertAnnotations();
  if (!trace.isSupported) return <p data-slot="notice">This backend cannot load traces.</p>;
  if (trace.isLoading || isLoading) return <p role="status">Loading trace…</p>;
  const failure = trace.error ?? error;
  if (failure) return <p role="alert">Could not load the trace: {failure.message}</p>;
  return (
    <section aria-label="Trace annotations" className="ak:flex ak:flex-col ak:gap-2 ak:text-sm ak:text-ak-fg">
      <h2 className="ak:text-base ak:font-semibold">Trace {traceId.slice(0, 8)}</h2>
      {write.error ? <p role="alert" className="ak:text-ak-negative">{write.error.message}</p> : null}
      <ul className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-1 ak:p-0">
        {trace.spans.map((span: Span) => {
          const annotations = byTarget.get(targetKey({ kind: 'span', spanId: span.spanId })) ?? [];
          return (
            <li key={span.spanId} className="ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-surface ak:p-2">
              <div className="ak:flex ak:items-center ak:gap-2">
                <span className="ak:font-mono ak:text-xs ak:text-ak-muted">{span.kind}</span>
                <span className="ak:font-medium">{span.name}</span>
                <button
                  type="button"
                  className="ak:ml-auto ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-0.5 ak:text-ak-fg"
                  disabled={!user}
                  onClick={() =>
                    void write
                      .upsert({
                        target: { kind: 'span', spanId: span.spanId },
                        name: 'correctness',
                        annotatorKind: 'HUMAN',
                        label: 'correct',
                        score: 1,
                        identifier: `reviewer:${user?.id}`,
                      })
                      .catch(() => {})
                  }
                >
                  Mark “{span.name}” correct
                </button>
              </div>
              {summary(annotations).map(({ name, items }) => (
                <p key={name} className="ak:text-xs">
                  <strong>{name}</strong>: {items.join(' · ')}
                </p>
              ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const firstTraceId = () => demoProject().spans[0]!.traceId;

const meta = {
  title: 'Hooks/Trace annotations',
  component: TraceAnnotations,
  tags: ['autodocs'],
  args: { traceId: firstTraceId() },
} satisfies Meta<typeof TraceAnnotations>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A generated trace's spans with the LLM-judge, reviewer and end-user annotations on them. */
export const Default: Story = {
  play: async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement);
    const buttons = await canvas.findAllByRole('button', { name: /correct/ }, { timeout: 5000 });
    await userEvent.click(buttons[0]!);
    await expect(await canvas.findAllByText(/HUMAN: correct/)).not.toHaveLength(0);
  },
};

function failingAdapter(demo: ReturnType<typeof demoProject>): AnnotationAdapter {
  return {
    name: 'failing',
    getTrace: async (traceId: string) => demo.spans.filter((span) => span.traceId === traceId),
    listAnnotations: async () => [],
    upsertAnnotations: async () => {
      throw new AnnokitError('The annotation service refused the write: 403 Forbidden', { code: 'authentication', status: 403 });
    },
  };
}

/**
 * A backend that refuses writes: the error is shown, and the label stays in the outbox (shown as
 * written, failed) until it is retried or discarded. A write that fails with a 503 or a network
 * error would instead be retried on its own.
 */
export const WriteFails: Story = {
  parameters: { annokit: { adapter: failingAdapter, latencyMs: 0 } },
  play: async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement);
    const buttons = await canvas.findAllByRole('button', { name: /correct/ });
    await userEvent.click(buttons[0]!);
    await expect(await canvas.findByRole('alert')).toHaveTextContent('403 Forbidden');
  },
};

/** An adapter without `getTrace`: the part says so instead of breaking. */
export const NoTraceCapability: Story = {
  parameters: {
    annokit: {
      adapter: (): AnnotationAdapter => ({ name: 'minimal', listAnnotations: async () => [], upsertAnnotations: async () => [] }),
    },
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('This backend cannot load traces.')).toBeInTheDocument();
  },
};
