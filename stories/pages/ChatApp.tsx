import { useState, type ReactNode } from 'react';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { FeedbackButtons } from '../../src/components/feedback';
import type { AnnotationTarget } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient, type AnnotationUser } from '../../src/provider';

// The kit's first headline use: thumbs under each answer of a chat app (the FeedbackButtons
// ChatApp story and the welcome page).

const USER: AnnotationUser = { id: 'end-user-42', name: 'Sam' };
const message = (id: string): AnnotationTarget => ({ kind: 'span', spanId: id });

/** A chat bubble of the demo pages. */
export function Bubble({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <div className="ak:flex ak:max-w-xl ak:flex-col ak:gap-1 ak:font-ak ak:text-ak-fg">
      {label ? <span className="ak:text-xs ak:text-ak-muted">{label}</span> : null}
      <p className="ak:m-0 ak:rounded-ak-lg ak:bg-ak-surface ak:p-3 ak:text-sm">{children}</p>
    </div>
  );
}

const THREAD = [
  ['user', 'What is the capital of Australia?'],
  ['assistant', 'The capital of Australia is Canberra, not Sydney.'],
  ['user', 'When was it chosen?'],
  ['assistant', 'Canberra was chosen in 1908 as a compromise between Sydney and Melbourne.'],
  ['user', 'How many people live there?'],
  ['assistant', 'About 470,000 people live in Canberra.'],
  ['user', 'Is Parliament House open to visitors?'],
  ['assistant', 'Yes, Parliament House is open to visitors most days, with free guided tours.'],
  ['user', 'What is the weather like in July?'],
  ['assistant', 'July is mid-winter: frosty mornings near 0 °C and days around 12 °C.'],
  ['user', 'Any lake nearby?'],
  ['assistant', 'Lake Burley Griffin lies in the centre of the city.'],
  ['user', 'Best time to see the cherry blossoms?'],
  ['assistant', 'Floriade, the spring flower festival, runs from mid-September to mid-October.'],
  ['user', 'Can I cycle around the lake?'],
  ['assistant', 'Yes: a 28 km loop circles the lake, mostly on shared paths.'],
  ['user', 'Thanks!'],
  ['assistant', 'You’re welcome. Enjoy Canberra!'],
  ['user', 'One more: is the War Memorial free?'],
  ['assistant', 'Entry to the Australian War Memorial is free; some exhibitions charge.'],
  ['user', 'And the National Gallery?'],
  ['assistant', 'The National Gallery’s collection is free to visit.'],
  ['user', 'Great.'],
  ['assistant', 'Have a great trip!'],
] as const;

export interface ChatAppProps {
  /** Show only the first this many messages. Default: the whole thread. */
  messages?: number;
  /** The localStorage key of the page's votes. Default `annokit-story-chat`. */
  storageKey?: string;
  /** Inside another page: a section under an h2, not the page's main. */
  embedded?: boolean;
}

/**
 * A whole chat page: assistant messages with thumbs under each. Votes are kept in the in-browser
 * adapter (localStorage) and queued in the provider's default outbox (IndexedDB) until they land:
 * reload and they are still there.
 */
export function ChatApp({ messages = THREAD.length, storageKey = 'annokit-story-chat', embedded = false }: ChatAppProps) {
  const [Landmark, Title] = embedded ? (['section', 'h2'] as const) : (['main', 'h1'] as const);
  const [setup] = useState(() => ({
    adapter: createMemoryAdapter({ persist: 'localStorage', storageKey, latencyMs: 250 }),
    queryClient: createAnnokitQueryClient(),
  }));
  return (
    <AnnotationProvider adapter={setup.adapter} queryClient={setup.queryClient} user={USER}>
      <Landmark aria-label="Trip planner chat" className="ak:mx-auto ak:flex ak:max-w-2xl ak:flex-col ak:gap-4 ak:bg-ak-bg ak:p-6 ak:font-ak ak:text-ak-fg">
        <Title className="ak:m-0 ak:text-lg">Trip planner</Title>
        {THREAD.slice(0, messages).map(([role, text], index) =>
          role === 'user' ? (
            <p key={index} className="ak:m-0 ak:self-end ak:rounded-ak-lg ak:bg-ak-accent ak:px-3 ak:py-2 ak:text-sm ak:text-ak-accent-fg">
              {text}
            </p>
          ) : (
            <div key={index} className="ak:flex ak:flex-col ak:gap-1">
              <Bubble>{text}</Bubble>
              <FeedbackButtons target={message(`chat-${index}`)} size="sm" />
            </div>
          ),
        )}
      </Landmark>
    </AnnotationProvider>
  );
}
