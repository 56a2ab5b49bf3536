/**
 * UI text, overridable for localisation. Each component declares its own namespace of defaults
 * and adds it to {@link AnnokitMessages} by module augmentation, so this file never grows a
 * central list:
 *
 * ```ts
 * declare module '../../provider/messages' {
 *   interface AnnokitMessages { feedback: typeof feedbackMessages }
 * }
 * ```
 */
export interface AnnokitMessages {
  common: typeof commonMessages;
}

export const commonMessages = {
  /** Shown where a component needs an adapter capability that the adapter lacks. */
  missingCapability: 'Not available: this backend does not support {capability}.',
  loading: 'Loading…',
  retry: 'Retry',
  close: 'Close',
  errorPrefix: 'Something went wrong:',
};

/** Overrides for any namespace, each key optional. */
export type AnnokitMessageOverrides = {
  [K in keyof AnnokitMessages]?: Partial<AnnokitMessages[K]>;
};

/** Replaces `{name}` placeholders with values. */
export function formatMessage(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}
