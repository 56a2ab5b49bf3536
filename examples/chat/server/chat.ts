import { SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { convertToModelMessages, streamText, validateUIMessages, type LanguageModel, type UIMessage } from 'ai';
import { getSpanTarget, spanTargetHeaders, spanTargetMessageMetadata } from 'annokit/server';

export interface ChatRouteOptions {
  model: LanguageModel;
  /** Default: the globally registered provider's tracer. */
  tracer?: Tracer;
}

function textOf(message: UIMessage | undefined): string {
  return message?.parts.map((part) => (part.type === 'text' ? part.text : '')).join('') ?? '';
}

/**
 * `POST /api/chat`: the AI SDK route of the README recipe. It opens a span for the turn, streams the
 * answer with telemetry on (the AI SDK's spans become its children), and sends the turn span's
 * target with the answer, in the message metadata and in a header, so the thumbs annotate it.
 */
export function createChatRoute({ model, tracer = trace.getTracer('annokit-chat-example') }: ChatRouteOptions) {
  return async function POST(request: Request, user: { id: string }): Promise<Response> {
    const body = (await request.json().catch(() => null)) as { id?: unknown; messages?: unknown } | null;
    let messages: UIMessage[];
    try {
      messages = await validateUIMessages({ messages: body?.messages });
    } catch (error) {
      return Response.json({ error: `messages: ${error instanceof Error ? error.message : String(error)}` }, { status: 400 });
    }
    const chatId = typeof body?.id === 'string' && body.id !== '' ? body.id : undefined;
    const question = textOf(messages.findLast((message) => message.role === 'user'));
    return tracer.startActiveSpan(
      'chat turn',
      {
        attributes: {
          'openinference.span.kind': 'CHAIN',
          'input.value': question,
          'user.id': user.id,
          ...(chatId ? { 'session.id': chatId } : {}),
        },
      },
      async (span) => {
        const target = getSpanTarget();
        const result = streamText({
          model,
          messages: await convertToModelMessages(messages),
          experimental_telemetry: { isEnabled: true, functionId: 'chat', tracer },
          onFinish: ({ text }) => {
            span.setAttribute('output.value', text);
          },
          onError: ({ error }) => {
            span.recordException(error instanceof Error ? error : String(error));
            span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
          },
        });
        return result.toUIMessageStreamResponse({
          headers: spanTargetHeaders(target),
          messageMetadata: spanTargetMessageMetadata(target),
          // The response stream ends last (after the AI SDK's own spans), whether the answer
          // finished, failed or the client went away: the turn span covers the whole answer.
          onFinish: () => span.end(),
        });
      },
    );
  };
}
