import { simulateReadableStream } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';

/** Canned answers by keyword, so the example needs no model key and the end-to-end test knows what it will read. */
const ANSWERS: readonly (readonly [RegExp, string])[] = [
  [/capital of france/i, 'The capital of France is Paris.'],
  [/largest planet/i, 'The largest planet in the solar system is Mars.'],
  [/refund/i, 'You can ask for a refund within 30 days of delivery from the Orders page.'],
  [/hello|hi\b/i, 'Hello! Ask me about refunds, planets or capitals.'],
];

export function answerFor(question: string): string {
  return ANSWERS.find(([pattern]) => pattern.test(question))?.[1] ?? `I am a mock model, so I can only repeat your question: "${question}".`;
}

function lastUserText(prompt: readonly { role: string; content: unknown }[]): string {
  const last = [...prompt].reverse().find((message) => message.role === 'user');
  if (!last || !Array.isArray(last.content)) return '';
  return last.content.map((part: { type?: string; text?: string }) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}

/**
 * The AI SDK's mock language model answering from {@link ANSWERS}, streamed word by word. Swap it
 * for a real provider (`openai('gpt-4o-mini')`) and nothing else in the example changes.
 */
export function createMockModel(options: { chunkDelayMs?: number } = {}) {
  return new MockLanguageModelV3({
    provider: 'mock',
    modelId: 'mock-chat-1',
    doStream: async ({ prompt }) => {
      const answer = answerFor(lastUserText(prompt));
      const words = answer.split(/(?<= )/);
      return {
        stream: simulateReadableStream({
          chunkDelayInMs: options.chunkDelayMs ?? 15,
          chunks: [
            { type: 'stream-start' as const, warnings: [] },
            { type: 'text-start' as const, id: 'answer' },
            ...words.map((delta) => ({ type: 'text-delta' as const, id: 'answer', delta })),
            { type: 'text-end' as const, id: 'answer' },
            {
              type: 'finish' as const,
              finishReason: { unified: 'stop' as const, raw: 'stop' },
              usage: {
                inputTokens: { total: 12, noCache: 12, cacheRead: undefined, cacheWrite: undefined },
                outputTokens: { total: words.length, text: words.length, reasoning: undefined },
              },
            },
          ],
        }),
      };
    },
  });
}
