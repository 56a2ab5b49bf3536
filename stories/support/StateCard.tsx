import { useId, useState, type ReactNode } from 'react';
import type { AnnotationAdapter } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient, type AnnokitMessageOverrides, type AnnotationUser } from '../../src/provider';
import { DEMO_USER } from './decorators';

/** A promise that never settles: holds a call so its loading state stays on screen. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

export interface StateCardProps {
  /** Caption of the card; also the accessible name of the component inside (via `captionId`). */
  title: string;
  /** The card's own backend, made once per card. */
  adapter: () => AnnotationAdapter;
  /** The current user. Default the demo reviewer; null for none. */
  user?: AnnotationUser | null;
  /** Provider messages for this card (e.g. to give nested panels a name of their own). */
  messages?: AnnokitMessageOverrides;
  /** The component in this state; `captionId` labels it so every card's landmark has its own name. */
  children: (captionId: string) => ReactNode;
}

/** One state of a component in an AllStates story: a caption and a provider over its own adapter. */
export function StateCard({ title, adapter, user, messages, children }: StateCardProps) {
  const [setup] = useState(() => ({ adapter: adapter(), queryClient: createAnnokitQueryClient() }));
  const captionId = useId();
  return (
    <figure aria-labelledby={captionId} className="ak:m-0 ak:flex ak:min-w-0 ak:flex-col ak:gap-1" data-state-name={title}>
      <figcaption id={captionId} className="ak:text-xs ak:font-semibold ak:text-ak-muted">
        {title}
      </figcaption>
      <AnnotationProvider
        adapter={setup.adapter}
        queryClient={setup.queryClient}
        user={user === undefined ? DEMO_USER : user}
        {...(messages ? { messages } : {})}
      >
        {children(captionId)}
      </AnnotationProvider>
    </figure>
  );
}
