import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import type { Span } from '../../src/core';
import { BulkAnnotate, ReviewQueue, SessionView, SpanTable } from '../../src';
import { renderWithProvider } from '../support/render';
import { makeSpan, T0 } from './trace-viewer/fixtures';

const spans: Span[] = ['a', 'b'].map((id, index) =>
  makeSpan({
    spanId: id,
    traceId: `trace-${id}`,
    startTime: T0 + index * 1000,
    attributes: { session: { id: 'sess-1' }, input: { value: `question ${id}` }, output: { value: `answer ${id}` } },
  }),
);

async function adapterWithConfig() {
  const adapter = createMemoryAdapter({ seed: { spans } });
  await adapter.upsertAnnotationConfig({ type: 'categorical', name: 'quality', values: [{ label: 'good' }, { label: 'bad' }] });
  return adapter;
}

describe('UI text from the provider', () => {
  it('ReviewQueue reads the reviewQueue namespace, and its messages prop wins over the provider', async () => {
    const adapter = await adapterWithConfig();
    const { rerender } = renderWithProvider(<ReviewQueue spans={spans} height={200} />, {
      adapter,
      messages: { reviewQueue: { label: 'File de relecture', nextHotkey: 'Élément suivant', progress: '{position} sur {count}' } },
    });
    const queue = screen.getByRole('region', { name: 'File de relecture' });
    expect(within(queue).getByRole('button', { name: /Élément suivant/ })).toBeInTheDocument();
    expect(queue.querySelector('[data-slot="review-queue-progress"]')).toHaveTextContent('1 sur 2');
    // Untouched keys keep their defaults.
    expect(within(queue).getByRole('button', { name: /Previous item/ })).toBeInTheDocument();
    rerender(<ReviewQueue spans={spans} height={200} messages={{ label: 'Queue of the host' }} />);
    expect(screen.getByRole('region', { name: 'Queue of the host' })).toHaveTextContent('Élément suivant');
  });

  it('BulkAnnotate reads the bulkAnnotate namespace', async () => {
    const adapter = await adapterWithConfig();
    renderWithProvider(<BulkAnnotate spanIds={['a', 'b']} />, {
      adapter,
      messages: { bulkAnnotate: { heading: 'Annoter la sélection', apply: 'Appliquer à {total} spans', preview: 'Concerne {total} spans.' } },
    });
    expect(await screen.findByRole('form', { name: 'Annoter la sélection' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Appliquer à 2 spans' })).toBeInTheDocument();
    expect(await screen.findByText('Concerne 2 spans.')).toBeInTheDocument();
  });

  it('SessionView reads the sessionView namespace', async () => {
    const adapter = await adapterWithConfig();
    renderWithProvider(<SessionView sessionId="sess-1" showSessionPanel={false} />, {
      adapter,
      messages: { sessionView: { heading: 'Conversation {sessionId}', user: 'Client', assistant: 'Agent', turn: 'Tour {index}' } },
    });
    expect(screen.getByRole('heading', { name: 'Conversation sess-1' })).toBeInTheDocument();
    const first = await screen.findByRole('listitem', { name: 'Tour 1' });
    expect(within(first).getByText('Client')).toBeInTheDocument();
    expect(within(first).getByText('Agent')).toBeInTheDocument();
  });

  it('SpanTable reads the spanTable namespace', async () => {
    renderWithProvider(<SpanTable spans={spans} annotationNames={[]} />, {
      messages: { spanTable: { label: 'Tableau des spans', rows: '{count} lignes' } },
    });
    expect(screen.getByRole('grid', { name: 'Tableau des spans' })).toBeInTheDocument();
    expect(screen.getByText('2 lignes')).toBeInTheDocument();
  });
});
