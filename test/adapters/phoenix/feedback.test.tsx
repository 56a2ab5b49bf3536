import { act, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPhoenixAdapter } from '../../../src/adapters/phoenix';
import { useFeedback } from '../../../src/hooks/useFeedback';
import { renderHookWithProvider } from '../../support/render';
import { conformanceFixture } from '../conformance';
import { startFakePhoenix } from './fake-phoenix';
import { toWireSpan } from './seed';

const fake = await startFakePhoenix();
afterAll(() => fake.close());
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

const data = conformanceFixture();
const spanId = data.spans[0]!.spanId;
const target = { kind: 'span', spanId } as const;
const phoenix = () => createPhoenixAdapter({ baseUrl: fake.url, projectName: 'default' });
const votes = () => fake.annotationRows('span').map((row) => `${row.identifier}=${row.result?.label}`).sort();

describe('end-user feedback through the hooks, the outbox and Phoenix', () => {
  beforeEach(async () => {
    fake.reset();
    fake.seedSpans('default', data.spans.map(toWireSpan));
    // another user's vote on the same span, under the same name
    await phoenix().upsertAnnotations([
      { target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'negative', score: 0, identifier: 'someone-else' },
    ]);
  });

  it('votes, switches and retracts one user’s vote, never touching another user’s', async () => {
    const { result, unmount } = renderHookWithProvider(() => useFeedback({ target }), { adapter: phoenix() });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(result.current.value).toBeNull();

    act(() => result.current.toggle('up'));
    await waitFor(() => expect(votes()).toContain(`annokit:span:${spanId}:reviewer-1=positive`));
    await waitFor(() => expect(result.current.isPending).toBe(false));

    act(() => result.current.toggle('down'));
    await waitFor(() => expect(votes()).toContain(`annokit:span:${spanId}:reviewer-1=negative`));
    expect(votes()).toHaveLength(2);
    await waitFor(() => expect(result.current.isPending).toBe(false));

    act(() => result.current.toggle('down'));
    await waitFor(() => expect(votes()).toEqual([`annokit:span:${spanId}:someone-else=negative`]));
    unmount();
  });

  it('reads a user’s earlier vote back when the thread is opened again', async () => {
    await phoenix().upsertAnnotations([
      { target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'positive', score: 1, identifier: 'reviewer-1' },
    ]);
    const { result, unmount } = renderHookWithProvider(() => useFeedback({ target }), { adapter: phoenix() });
    await waitFor(() => expect(result.current.value).toBe('up'));
    unmount();
  });
});
