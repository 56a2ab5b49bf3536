'use client';
import { forwardRef } from 'react';
import { SCORE_1_TO_5, useFeedback } from '../../hooks/useFeedback';
import { formatMessage } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { cn } from '../primitives/cn';
import { FeedbackOption, FeedbackRoot } from './Feedback';
import { FeedbackStatus, feedbackButtonVariants, rootClasses, type FeedbackButtonsProps } from './FeedbackButtons';
import { feedbackMessages } from './messages';

export interface FeedbackScoreProps extends Omit<FeedbackButtonsProps, 'options' | 'labelled' | 'askFor' | 'reasons' | 'positiveReasons' | 'commentMaxLength'> {
  /** Highest score; the scale runs from 1. Default 5. */
  max?: number;
}

/** A 1–5 (or 1–`max`) score variant: one toggle button per value, written as the annotation's score. */
export const FeedbackScore = forwardRef<HTMLDivElement, FeedbackScoreProps>(function FeedbackScore(
  { size = 'md', max = 5, className, ...options },
  ref,
) {
  const messages = useMessages('feedback', feedbackMessages);
  const scale = max === 5 ? SCORE_1_TO_5 : Array.from({ length: max }, (_, i) => ({ value: i + 1, label: null, score: i + 1 }));
  const feedback = useFeedback({ ...options, options: scale });
  return (
    <FeedbackRoot
      feedback={feedback}
      {...options}
      data-variant="score"
      className={cn(rootClasses, className)}
      ref={ref}
    >
      {scale.map((option) => (
        <FeedbackOption
          key={option.value}
          value={option.value}
          aria-label={formatMessage(messages.score, { value: option.value, max })}
          className={feedbackButtonVariants({ size })}
          data-size={size}
        >
          {option.value}
        </FeedbackOption>
      ))}
      <FeedbackStatus feedback={feedback} messages={messages} />
    </FeedbackRoot>
  );
});
