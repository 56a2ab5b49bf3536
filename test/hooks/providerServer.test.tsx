// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { AnnotationPanel, FeedbackButtons, OutboxStatus } from '../../src';
import { AnnotationProvider } from '../../src/provider';

describe('AnnotationProvider on the server', () => {
  it('renders with its default (durable) outbox without touching window, localStorage or indexedDB', () => {
    expect(typeof window).toBe('undefined');
    const touched: string[] = [];
    for (const name of ['window', 'localStorage', 'indexedDB', 'BroadcastChannel'] as const) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name);
          return undefined;
        },
      });
    }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const html = renderToString(
        <AnnotationProvider adapter={createMemoryAdapter()} user={{ id: 'u-1' }}>
          <FeedbackButtons target={{ kind: 'span', spanId: 's-1' }} />
          <AnnotationPanel target={{ kind: 'span', spanId: 's-1' }} />
          <OutboxStatus />
        </AnnotationProvider>,
      );
      expect(html).toContain('data-slot="feedback-up"');
      expect(html).toContain('All changes saved');
      expect(touched).toEqual([]);
    } finally {
      for (const name of ['window', 'localStorage', 'indexedDB', 'BroadcastChannel']) delete (globalThis as Record<string, unknown>)[name];
      warn.mockRestore();
    }
  });
});
