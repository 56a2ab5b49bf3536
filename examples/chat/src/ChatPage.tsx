import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { AnnotationProvider, FeedbackButtons, spanTargetFromMetadata } from 'annokit';
import { createHttpAdapter } from 'annokit/adapters/http';
import { useState } from 'react';
import type { User } from './session';

// Votes go to the example's server (/api/annotations), which records them as the session's user.
const adapter = createHttpAdapter({ baseUrl: '/api/annotations' });
const transport = new DefaultChatTransport({ api: '/api/chat' });

export function ChatPage({ user }: { user: User }) {
  return (
    <AnnotationProvider adapter={adapter} user={{ id: user.id, name: user.name }} outbox="indexedDB">
      <Chat />
    </AnnotationProvider>
  );
}

function Chat() {
  const [input, setInput] = useState('');
  const { messages, sendMessage, status, error } = useChat({ transport });
  const busy = status === 'submitted' || status === 'streaming';
  return (
    <section aria-label="Chat" className="chat">
      <ol className="messages">
        {messages.map((message) => {
          // The route put the span of this answer into its metadata; the thumbs annotate that span.
          const target = message.role === 'assistant' ? spanTargetFromMetadata(message.metadata) : null;
          return (
            <li key={message.id} className={`message ${message.role}`} data-span-id={target?.spanId}>
              <p>{message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')}</p>
              {target ? <FeedbackButtons target={target} size="sm" /> : null}
            </li>
          );
        })}
      </ol>
      {error ? <p role="alert">The answer failed: {error.message}</p> : null}
      <form
        className="composer"
        onSubmit={(event) => {
          event.preventDefault();
          if (!input.trim()) return;
          void sendMessage({ text: input });
          setInput('');
        }}
      >
        <input aria-label="Message" placeholder="Ask about refunds, planets or capitals" value={input} onChange={(event) => setInput(event.target.value)} />
        <button type="submit" disabled={busy}>
          Send
        </button>
      </form>
    </section>
  );
}
