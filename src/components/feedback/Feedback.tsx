'use client';
import { Slot } from '@radix-ui/react-slot';
import { createContext, forwardRef, useContext, type ButtonHTMLAttributes, type HTMLAttributes } from 'react';
import { omitFeedbackOptions, useFeedback, type FeedbackValue, type UseFeedbackOptions, type UseFeedbackResult } from '../../hooks/useFeedback';
import { useMessages } from '../../provider/useMessages';
import { feedbackMessages, type FeedbackMessages } from './messages';

// Module-level calls marked pure, so a bundle that takes only the prop helpers below (as
// FeedbackButtons does) drops the parts and Slot.
const FeedbackContext = /* @__PURE__ */ createContext<UseFeedbackResult | null>(null);

/** Why voting is disabled, worded through the messages (the hook returns a code). */
export function disabledText(feedback: UseFeedbackResult, messages: Pick<FeedbackMessages, 'noUser' | 'disabled'>): string | undefined {
  const reason = feedback.disabledReason;
  return reason === null ? undefined : reason === 'no-user' ? messages.noUser : messages.disabled;
}

/** What `Feedback.Root` renders: a named group, why voting is disabled, the vote's state, with your props merged in. */
export function getFeedbackRootProps(
  feedback: UseFeedbackResult,
  messages: Pick<FeedbackMessages, 'group' | 'noUser' | 'disabled'>,
  props?: HTMLAttributes<HTMLElement>,
) {
  const base: HTMLAttributes<HTMLElement> & { 'data-slot'?: string } = {
    role: 'group',
    'aria-label': messages.group,
    title: disabledText(feedback, messages),
    'data-slot': 'feedback',
    ...props,
  };
  return feedback.getRootProps(base);
}

/** The name and slot `Feedback.Up` / `Feedback.Down` give their button before your props. */
export function getFeedbackThumbLabel(thumb: 'up' | 'down', messages: Pick<FeedbackMessages, 'up' | 'down'>) {
  return { 'aria-label': messages[thumb], 'data-slot': `feedback-${thumb}` };
}

/** The feedback state of the nearest `Feedback.Root`; throws a clear error outside one. */
export function useFeedbackContext(consumerName: string): UseFeedbackResult {
  const context = useContext(FeedbackContext);
  if (!context) throw new Error(`\`${consumerName}\` must be used within \`Feedback.Root\``);
  return context;
}

export interface FeedbackRootProps extends UseFeedbackOptions, Omit<HTMLAttributes<HTMLDivElement>, 'defaultValue' | 'onError'> {
  /** Render your own element instead of the `div`, with our props merged in. Default false. */
  asChild?: boolean;
  /** Use a `useFeedback` result you already hold instead of creating one. */
  feedback?: UseFeedbackResult;
}

/** Holds one user's vote on one target and shares it with its parts. Renders a `role="group"` element. */
export const FeedbackRoot = /* @__PURE__ */ forwardRef<HTMLDivElement, FeedbackRootProps>(function FeedbackRoot(props, ref) {
  const { feedback } = props;
  return feedback ? <RootView {...props} feedback={feedback} ref={ref} /> : <RootWithHook {...props} ref={ref} />;
});

const RootWithHook = /* @__PURE__ */ forwardRef<HTMLDivElement, FeedbackRootProps>(function RootWithHook(props, ref) {
  const feedback = useFeedback(props);
  return <RootView {...props} feedback={feedback} ref={ref} />;
});

const RootView = /* @__PURE__ */ forwardRef<HTMLDivElement, FeedbackRootProps & { feedback: UseFeedbackResult }>(function RootView(
  { feedback, asChild, ...props },
  ref,
) {
  const messages = useMessages('feedback', feedbackMessages);
  const Component = asChild ? Slot : 'div';
  return (
    <FeedbackContext.Provider value={feedback}>
      <Component {...getFeedbackRootProps(feedback, messages, omitFeedbackOptions(props))} ref={ref} />
    </FeedbackContext.Provider>
  );
});

export interface FeedbackItemProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Render your own button instead, with our props merged in. Default false. */
  asChild?: boolean;
}

export interface FeedbackOptionProps extends FeedbackItemProps {
  /** The vote this button casts (clicking it again retracts it). */
  value: FeedbackValue;
}

/** A toggle button that votes for `value`: `aria-pressed`, `data-state="on|off"`. */
export const FeedbackOption = /* @__PURE__ */ forwardRef<HTMLButtonElement, FeedbackOptionProps>(function FeedbackOption(
  { value, asChild, ...props },
  ref,
) {
  const feedback = useFeedbackContext('Feedback.Option');
  const Component = asChild ? Slot : 'button';
  return <Component data-slot="feedback-option" {...feedback.getButtonProps(value, props)} ref={ref} />;
});

/** The thumbs-up toggle (value `up`), labelled "Good response" unless you give it a label. */
export const FeedbackUp = /* @__PURE__ */ forwardRef<HTMLButtonElement, FeedbackItemProps>(function FeedbackUp(props, ref) {
  const messages = useMessages('feedback', feedbackMessages);
  return <FeedbackOption {...getFeedbackThumbLabel('up', messages)} {...props} value="up" ref={ref} />;
});

/** The thumbs-down toggle (value `down`), labelled "Bad response" unless you give it a label. */
export const FeedbackDown = /* @__PURE__ */ forwardRef<HTMLButtonElement, FeedbackItemProps>(function FeedbackDown(props, ref) {
  const messages = useMessages('feedback', feedbackMessages);
  return <FeedbackOption {...getFeedbackThumbLabel('down', messages)} {...props} value="down" ref={ref} />;
});

/**
 * The compound API for your own design system:
 * `<Feedback.Root target={t}><Feedback.Up asChild><MyButton/></Feedback.Up><Feedback.Down/></Feedback.Root>`.
 */
export const Feedback = {
  Root: FeedbackRoot,
  Option: FeedbackOption,
  Up: FeedbackUp,
  Down: FeedbackDown,
};
