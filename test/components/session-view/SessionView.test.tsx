import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AnnokitError } from '../../../src/core';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../../src/adapters/memory';
import { SessionView, useSessionView } from '../../../src';
import { controllableAdapter, renderWithProvider } from '../../support/render';
import { makeSpan, T0 } from '../trace-viewer/fixtures';

const turn = (traceId: string, offset: number, input: string, output: string) =>
  makeSpan({
    spanId: `${traceId}-root`,
    traceId,
    startTime: T0 + offset,
    endTime: T0 + offset + 10,
    attributes: { session: { id: 'sess-1' }, input: { value: input }, output: { value: output } },
  });

describe('SessionView', () => {
  it("shows the session's traces in time order as user and assistant turns, as text", async () => {
    const adapter = createMemoryAdapter({
      seed: {
        spans: [
          turn('t2', 5000, 'And in July?', 'Warmer: <b>28°C</b>.'),
          turn('t1', 0, 'Weather in Lisbon?', 'Mild, 18°C.'),
          makeSpan({ spanId: 't1-child', traceId: 't1', parentId: 't1-root', attributes: { session: { id: 'sess-1' } } }),
        ],
      },
    });
    await adapter.upsertAnnotations([{ target: { kind: 'trace', traceId: 't2' }, name: 'helpful', annotatorKind: 'LLM', label: 'yes' }]);
    renderWithProvider(<SessionView sessionId="sess-1" />, { adapter });
    const turns = await screen.findAllByRole('listitem', { name: /^Turn/ });
    expect(turns.map((item) => item.getAttribute('data-trace-id'))).toEqual(['t1', 't2']);
    expect(within(turns[0]!).getByText('Weather in Lisbon?')).toBeInTheDocument();
    // Output is text: the markup shows as characters, no element is created.
    expect(within(turns[1]!).getByText('Warmer: <b>28°C</b>.')).toBeInTheDocument();
    expect(turns[1]!.querySelector('b')).toBeNull();
    expect(within(turns[0]!).getAllByRole('button', { pressed: false }).length).toBeGreaterThan(0);
    expect(await within(turns[1]!).findByText('helpful: L yes 100%')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Annotations on the session' })).toBeInTheDocument();
  });

  it('marks the turn opened with "Open trace" as current and reports its trace id', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ seed: { spans: [turn('t1', 0, 'Hi', 'Hello'), turn('t2', 10, 'Bye', 'Goodbye')] } });
    const onValueChange = vi.fn();
    const onTurnSelect = vi.fn();
    renderWithProvider(<SessionView sessionId="sess-1" showSessionPanel={false} onValueChange={onValueChange} onTurnSelect={onTurnSelect} />, { adapter });
    const turns = await screen.findAllByRole('listitem', { name: /^Turn/ });
    expect(turns.map((item) => item.getAttribute('data-state'))).toEqual(['inactive', 'inactive']);
    await user.click(within(turns[1]!).getByRole('button', { name: 'Open trace' }));
    expect(onValueChange).toHaveBeenCalledWith('t2');
    expect(onTurnSelect.mock.calls[0]![0].traceId).toBe('t2');
    expect(turns[1]).toHaveAttribute('aria-current', 'true');
    expect(turns[0]).not.toHaveAttribute('aria-current');
  });

  it('shows a controlled selection and leaves it to the owner', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ seed: { spans: [turn('t1', 0, 'Hi', 'Hello'), turn('t2', 10, 'Bye', 'Goodbye')] } });
    const onValueChange = vi.fn();
    renderWithProvider(<SessionView sessionId="sess-1" showSessionPanel={false} value="t1" onValueChange={onValueChange} />, { adapter });
    const turns = await screen.findAllByRole('listitem', { name: /^Turn/ });
    await user.click(within(turns[1]!).getByRole('button', { name: 'Open trace' }));
    expect(onValueChange).toHaveBeenCalledWith('t2');
    expect(turns[0]).toHaveAttribute('data-state', 'active');
    expect(turns[1]).toHaveAttribute('data-state', 'inactive');
  });

  it('says why the session could not be loaded, and when the backend cannot list spans', async () => {
    const base = createMemoryAdapter();
    const { unmount } = renderWithProvider(<SessionView sessionId="sess-1" showSessionPanel={false} />, {
      adapter: { ...base, listSpans: () => Promise.reject(new AnnokitError('span store unreachable (503)', { code: 'server', status: 503, retryable: false })) },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the session: span store unreachable (503)');
    unmount();
    const { listSpans: _omit, ...noSpans } = base;
    renderWithProvider(<SessionView sessionId="sess-1" showSessionPanel={false} />, { adapter: noSpans });
    expect(screen.getByRole('note')).toHaveTextContent('cannot list spans');
  });

  it('offers Retry after a failed load, and shows the turns once the backend answers', async () => {
    const user = userEvent.setup();
    const gate = controllableAdapter(createMemoryAdapter({ seed: { spans: [turn('t1', 0, 'Weather in Lisbon?', 'Mild.')] } }));
    gate.fail('listSpans', new AnnokitError('Phoenix answered 400 Bad Request', { code: 'validation' }));
    renderWithProvider(<SessionView sessionId="sess-1" />, { adapter: gate.adapter });
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the session: Phoenix answered 400 Bad Request');
    gate.fail('listSpans', undefined);
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Weather in Lisbon?')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("merges the caller's props into a turn's props (headless), keeping the turn's state attributes", async () => {
    const adapter = createMemoryAdapter({ seed: { spans: [turn('t1', 0, 'Hi', 'Hello'), turn('t2', 5000, 'Bye', 'Bye')] } });
    function Turns() {
      const session = useSessionView({ sessionId: 'sess-1' });
      return (
        <ol>
          {session.turns.map((item) => (
            <li key={item.traceId} {...session.getTurnProps(item, { className: 'turn', title: item.traceId, onClick: () => session.select(item.traceId) })}>
              {item.input}
            </li>
          ))}
        </ol>
      );
    }
    const user = userEvent.setup();
    renderWithProvider(<Turns />, { adapter });
    const second = await screen.findByTitle('t2');
    expect(second).toHaveClass('turn');
    expect(second).toHaveAttribute('data-state', 'inactive');
    await user.click(second);
    expect(second).toHaveAttribute('data-state', 'active');
    expect(second).toHaveAttribute('aria-current', 'true');
    expect(second).toHaveAttribute('data-trace-id', 't2');
  });
});
