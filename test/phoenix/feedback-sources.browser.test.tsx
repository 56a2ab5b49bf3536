/**
 * The seed's two sources of feedback, against the real Phoenix, in Chromium: end users' votes
 * clicked in `FeedbackButtons` (the provider over the Phoenix adapter, talking to Phoenix directly
 * over CORS), and LLM evaluations logged the way Phoenix's users log them, by
 * `phoenix.client.Client().spans.log_span_annotations_dataframe` in Python (a browser command runs
 * it in the Phoenix venv). Phoenix's Python client reads the votes back exactly as the kit promises;
 * the kit's `TraceViewer` shows both sources on the spans they are about; a retraction removes the
 * one vote and nothing else.
 */
import { useState } from 'react';
import { describe, expect, inject, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { FeedbackButtons } from '../../src/components/feedback';
import { TraceViewer } from '../../src/components/trace-viewer';
import type { AnnotationAdapter } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';
import {
  LOG_LLM_EVALUATIONS,
  READ_SPAN_ANNOTATIONS,
  restSpanAnnotations,
  seedChatTurn,
  summarize,
  waitForAnnotations,
  type LlmEvaluation,
  type PythonAnnotationRow,
  type PythonSpanAnnotation,
} from './support/feedback';
import { uniqueName } from './support/rest';

const url = inject('phoenixUrl');
// End users' ids as apps have them: an e-mail, and one with what URLs and the kit's identifier
// format must carry intact (a space, `+`, `&`, `/`, `#`, `:` and a non-ASCII letter).
const ANA = 'ana@example.com';
const BO = 'bø+42 & co/#1:x';

/** The identifier the Phoenix adapter writes for a user's vote on a span (README: "Identifiers embed the target"). */
const kitIdentifier = (spanId: string, userId: string) => `annokit:span:${spanId}:${userId}`;

function Thread({ adapter, userId, spanId }: { adapter: AnnotationAdapter; userId: string; spanId: string }) {
  const [queryClient] = useState(createAnnokitQueryClient);
  return (
    <AnnotationProvider adapter={adapter} queryClient={queryClient} user={{ id: userId }}>
      <p>Yes, within 30 days.</p>
      <FeedbackButtons target={{ kind: 'span', spanId }} />
    </AnnotationProvider>
  );
}

async function votesOf(adapter: AnnotationAdapter, spanId: string, userId: string) {
  return adapter.listAnnotations({ targets: [{ kind: 'span', spanId }], names: ['user_feedback'], identifiers: [userId] });
}

/**
 * One end user's session: the assistant message with its thumbs, in the user's own provider. Clicks
 * `thumb`, waits until Phoenix holds the result (or no longer holds the vote, for a retraction),
 * and unmounts, as the user closing the tab.
 */
async function click(
  adapter: AnnotationAdapter,
  userId: string,
  spanId: string,
  thumb: 'Good response' | 'Bad response',
  then?: (screen: Awaited<ReturnType<typeof render>>) => Promise<void>,
) {
  const wasOn = (await votesOf(adapter, spanId, userId)).some((vote) => vote.label === (thumb === 'Good response' ? 'positive' : 'negative'));
  const screen = await render(<Thread adapter={adapter} userId={userId} spanId={spanId} />);
  const button = screen.getByRole('button', { name: thumb });
  // as a person would, click once the earlier vote shows: clicking the active thumb retracts it
  if (wasOn) await expect.element(button).toHaveAttribute('aria-pressed', 'true');
  await userEvent.click(button);
  await expect.element(button).toHaveAttribute('aria-pressed', wasOn ? 'false' : 'true');
  await then?.(screen);
  await expect.poll(async () => (await votesOf(adapter, spanId, userId)).length, { timeout: 15_000 }).toBe(wasOn ? 0 : 1);
  await screen.unmount();
}

const readBack = (project: string, spanIds: string[]) =>
  commands.runPython<{ annotations: PythonSpanAnnotation[]; frame: PythonAnnotationRow[] }>(READ_SPAN_ANNOTATIONS, { project, spanIds });

const logEvaluations = (evaluations: Record<string, LlmEvaluation[]>) => commands.runPython(LOG_LLM_EVALUATIONS, { evaluations });

describe('the seed’s two sources of feedback, in Chromium against the real Phoenix', () => {
  it('writes the votes clicked in FeedbackButtons as Phoenix’s Python client reads them: name, label, score, annotator kind and identifier', async () => {
    expect(inject('phoenixOrigins')).toContain(location.origin);
    const project = uniqueName('feedback-votes');
    const turn = await seedChatTurn(url, project);
    const adapter = createPhoenixAdapter({ baseUrl: url, projectName: project });
    const spanId = turn.root.spanId;

    await click(adapter, ANA, spanId, 'Good response');
    await click(adapter, BO, spanId, 'Bad response', async (screen) => {
      // a down vote asks why: a reason chip and a comment go with it
      const dialog = screen.getByRole('dialog', { name: 'Tell us more' });
      await expect.element(dialog).toBeVisible();
      await userEvent.click(screen.getByRole('button', { name: 'Inaccurate' }));
      await userEvent.fill(screen.getByRole('textbox'), 'It quoted last year’s policy.');
      await userEvent.click(screen.getByRole('button', { name: 'Send' }));
      await expect.poll(async () => (await votesOf(adapter, spanId, BO))[0]?.explanation ?? null, { timeout: 15_000 }).toBe('It quoted last year’s policy.');
    });

    const { annotations, frame } = await readBack(project, [spanId]);
    const byIdentifier = new Map(annotations.map((row) => [row.identifier, row]));
    expect(annotations).toHaveLength(2);
    expect(byIdentifier.get(kitIdentifier(spanId, ANA))).toMatchObject({
      span_id: spanId,
      name: 'user_feedback',
      annotator_kind: 'HUMAN',
      identifier: kitIdentifier(spanId, ANA),
      result: { label: 'positive', score: 1, explanation: null },
      metadata: { annokit_user_id: ANA },
      source: 'API',
    });
    expect(byIdentifier.get(kitIdentifier(spanId, BO))).toMatchObject({
      span_id: spanId,
      name: 'user_feedback',
      annotator_kind: 'HUMAN',
      identifier: kitIdentifier(spanId, BO),
      result: { label: 'negative', score: 0, explanation: 'It quoted last year’s policy.' },
      metadata: { annokit_user_id: BO, reasons: ['Inaccurate'] },
      source: 'API',
    });
    // the DataFrame the client builds from the same rows: one per vote, indexed by span id
    expect(frame.map((row) => [row.span_id, row.annotation_name, row.annotator_kind, row['result.label'], row['result.score'], row.identifier]).sort()).toEqual(
      [
        [spanId, 'user_feedback', 'HUMAN', 'negative', 0, kitIdentifier(spanId, BO)],
        [spanId, 'user_feedback', 'HUMAN', 'positive', 1, kitIdentifier(spanId, ANA)],
      ].sort(),
    );
  });

  it('shows LLM evaluations logged with log_span_annotations_dataframe beside the human votes, each on its own span', async () => {
    const project = uniqueName('feedback-viewer');
    const turn = await seedChatTurn(url, project);
    const adapter = createPhoenixAdapter({ baseUrl: url, projectName: project });
    await click(adapter, ANA, turn.root.spanId, 'Good response');
    await click(adapter, BO, turn.root.spanId, 'Bad response', async (screen) => {
      await userEvent.click(screen.getByRole('button', { name: 'Skip' }));
    });
    await logEvaluations({
      // a judge that predicts the end user's verdict, under the same name (what judge calibration compares)
      user_feedback: [{ spanId: turn.root.spanId, label: 'negative', score: 0.2, explanation: 'The policy excludes worn shoes.' }],
      correctness: [{ spanId: turn.llm.spanId, label: 'incorrect', score: 0, explanation: 'Contradicts the retrieved document.' }],
      relevance: [{ spanId: turn.retriever.spanId, label: 'relevant', score: 1, explanation: 'About returns.' }],
    });
    await waitForAnnotations(url, project, turn.spans.map((span) => span.spanId), (rows) => rows.filter((row) => row.annotator_kind === 'LLM').length === 3);

    const screen = await render(
      <AnnotationProvider adapter={adapter} user={{ id: ANA }}>
        <TraceViewer traceId={turn.traceId} height={480} />
      </AnnotationProvider>,
    );
    const row = (name: string) => screen.getByRole('treeitem').filter({ hasText: name });
    const badges = (name: string) =>
      [...row(name).element().querySelectorAll('[data-slot="annotation-badge"]')].map((badge) => `${badge.getAttribute('data-annotator-kind')} ${badge.getAttribute('title')?.split('\n')[0]}`);
    await expect.poll(() => badges('support-agent').sort(), { timeout: 15_000 }).toEqual(['HUMAN user_feedback (HUMAN, 2)', 'LLM user_feedback (LLM, 1)']);
    expect(badges('generate-answer')).toEqual(['LLM correctness (LLM, 1)']);
    expect(badges('search-help-center')).toEqual(['LLM relevance (LLM, 1)']);

    // the root is selected: its details list every annotation with its kind, label, score and author
    const details = screen.getByRole('group', { name: 'Span details' });
    const listed = () =>
      [...details.element().querySelectorAll('[data-slot="span-annotation"]')].map((item) => (item as HTMLElement).innerText.replace(/\s+/g, ' ').trim()).sort();
    await expect.poll(listed).toEqual(
      [
        `user_feedback HUMAN negative 0 ${BO}`,
        `user_feedback HUMAN positive 1 ${ANA}`,
        'user_feedback LLM negative 0.2 The policy excludes worn shoes.',
      ].sort(),
    );
    await userEvent.click(row('generate-answer'));
    await expect.poll(listed).toEqual(['correctness LLM incorrect 0 Contradicts the retrieved document.']);
  });

  it('retracts only the kit’s annotation: the LLM’s of the same name on the same span, and other users’ votes, stay', async () => {
    const project = uniqueName('feedback-retract');
    const turn = await seedChatTurn(url, project);
    const adapter = createPhoenixAdapter({ baseUrl: url, projectName: project });
    const spanId = turn.root.spanId;
    await logEvaluations({ user_feedback: [{ spanId, label: 'positive', score: 0.9, explanation: 'Answers the question.' }] });
    await waitForAnnotations(url, project, [spanId], (rows) => rows.length === 1);
    await click(adapter, ANA, spanId, 'Good response');
    await click(adapter, BO, spanId, 'Good response');
    expect((await restSpanAnnotations(url, project, [spanId])).map(summarize).sort()).toEqual(
      [
        `user_feedback HUMAN positive 1 ${JSON.stringify(kitIdentifier(spanId, ANA))}`,
        `user_feedback HUMAN positive 1 ${JSON.stringify(kitIdentifier(spanId, BO))}`,
        'user_feedback LLM positive 0.9 ""',
      ].sort(),
    );

    // Bo clicks his active thumb again: his vote is retracted
    await click(adapter, BO, spanId, 'Good response');

    const remaining = [
      `user_feedback HUMAN positive 1 ${JSON.stringify(kitIdentifier(spanId, ANA))}`,
      'user_feedback LLM positive 0.9 ""',
    ].sort();
    expect((await restSpanAnnotations(url, project, [spanId])).map(summarize).sort()).toEqual(remaining);
    const { annotations } = await readBack(project, [spanId]);
    expect(annotations.map(summarize).sort()).toEqual(remaining);
    expect(annotations.find((row) => row.annotator_kind === 'LLM')).toMatchObject({ result: { explanation: 'Answers the question.' }, identifier: '' });

    // opened again, Bo's thumbs show no vote, Ana's still show hers
    for (const [userId, pressed] of [[ANA, 'true'], [BO, 'false']] as const) {
      const screen = await render(<Thread adapter={adapter} userId={userId} spanId={spanId} />);
      await expect.element(screen.getByRole('button', { name: 'Good response' })).toHaveAttribute('aria-pressed', pressed);
      await screen.unmount();
    }
    expect(await votesOf(adapter, spanId, BO)).toEqual([]);
  });
});
