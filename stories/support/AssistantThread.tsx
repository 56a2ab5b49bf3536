import {
  ActionBarPrimitive,
  ComposerPrimitive,
  MessagePrimitive,
  ThreadPrimitive,
  type ChatModelAdapter,
  type ThreadHistoryAdapter,
  type ThreadMessage,
} from '@assistant-ui/react';
import type { CSSProperties } from 'react';
import type { SpanTarget } from '../../src/core';

// A small assistant-ui thread built from its primitives, as a team on assistant-ui writes one: the
// story of the assistant-ui bridge renders it, and so does its Chromium test.

const bubble: CSSProperties = { padding: '0.5rem 0.75rem', borderRadius: '0.75rem', maxWidth: '32rem', lineHeight: 1.4 };
const thumb: CSSProperties = { border: '1px solid #8c959f', borderRadius: '0.5rem', background: 'white', color: '#1f2328', padding: '0.125rem 0.5rem', cursor: 'pointer', font: 'inherit' };
// assistant-ui marks the voted button with data-submitted; a style attribute cannot select on it.
const THUMB_CSS = '.demo-thumb[data-submitted] { background: #1f6feb !important; border-color: #1f6feb !important; color: white !important; }';

function UserMessage() {
  return (
    <MessagePrimitive.Root data-role="user" style={{ display: 'flex', justifyContent: 'flex-end' }}>
      <div style={{ ...bubble, background: '#e8eefc' }}>
        <MessagePrimitive.Parts />
      </div>
    </MessagePrimitive.Root>
  );
}

function AssistantMessage() {
  return (
    <MessagePrimitive.Root data-role="assistant" style={{ display: 'grid', gap: '0.25rem', justifyItems: 'start' }}>
      <div style={{ ...bubble, background: '#f3f4f6' }}>
        <MessagePrimitive.Parts />
      </div>
      <ActionBarPrimitive.Root autohide="never" hideWhenRunning style={{ display: 'flex', gap: '0.25rem' }}>
        <ActionBarPrimitive.FeedbackPositive aria-label="Good answer" className="demo-thumb" style={thumb}>
          Good
        </ActionBarPrimitive.FeedbackPositive>
        <ActionBarPrimitive.FeedbackNegative aria-label="Bad answer" className="demo-thumb" style={thumb}>
          Bad
        </ActionBarPrimitive.FeedbackNegative>
      </ActionBarPrimitive.Root>
    </MessagePrimitive.Root>
  );
}

export function AssistantThread() {
  return (
    <ThreadPrimitive.Root style={{ display: 'grid', gap: '0.75rem', maxWidth: '40rem', fontFamily: 'system-ui, sans-serif', fontSize: 14 }}>
      <style>{THUMB_CSS}</style>
      <ThreadPrimitive.Viewport style={{ display: 'grid', gap: '0.75rem' }}>
        <ThreadPrimitive.Messages>{({ message }) => (message.role === 'user' ? <UserMessage /> : <AssistantMessage />)}</ThreadPrimitive.Messages>
      </ThreadPrimitive.Viewport>
      <ComposerPrimitive.Root style={{ display: 'flex', gap: '0.5rem' }}>
        <ComposerPrimitive.Input aria-label="Message" placeholder="Ask something" style={{ flex: 1, padding: '0.5rem', borderRadius: '0.5rem', border: '1px solid #c8ccd2' }} />
        <ComposerPrimitive.Send style={thumb}>Send</ComposerPrimitive.Send>
      </ComposerPrimitive.Root>
    </ThreadPrimitive.Root>
  );
}

/**
 * A local model adapter: answers at once and puts the span the answer "came from" in the message's
 * custom metadata, where a server would put `spanTargetMetadata(getSpanTarget())`.
 */
export function localChatModel(answer: (question: string, turn: number) => { text: string; target: SpanTarget | null }): ChatModelAdapter {
  let turn = 0;
  return {
    async *run({ messages }) {
      const last = messages.at(-1);
      const question = last?.content.map((part) => (part.type === 'text' ? part.text : '')).join('') ?? '';
      const { text, target } = answer(question, turn++);
      yield { content: [{ type: 'text', text }], metadata: { custom: target ? { annokit: target } : {} } };
    },
  };
}

/** The thread's own persistence (the app's, not annokit's): messages in localStorage under `key`. */
export function localStorageHistory(key: string): ThreadHistoryAdapter {
  type Stored = { message: ThreadMessage & { createdAt: string }; parentId: string | null };
  const read = (): Stored[] => JSON.parse(localStorage.getItem(key) ?? '[]') as Stored[];
  return {
    async load() {
      const items = read();
      return {
        headId: items.at(-1)?.message.id ?? null,
        messages: items.map(({ message, parentId }) => ({ parentId, message: { ...message, createdAt: new Date(message.createdAt) } as ThreadMessage })),
      };
    },
    async append(item) {
      const items = read().filter((stored) => stored.message.id !== item.message.id);
      localStorage.setItem(key, JSON.stringify([...items, { message: item.message, parentId: item.parentId }]));
    },
  };
}
