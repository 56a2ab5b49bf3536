// Plain JavaScript (typed with JSDoc) so vitest.config.ts can import it with its extension.

/** Where the browser tests reach the chat example's server: same origin as the test page. */
export const CHAT_EXAMPLE_PREFIX = '/__chat-example';

/**
 * Serves the chat example's server side (AI SDK route with the mock model, OpenTelemetry with
 * OpenInference's Vercel processor, annotation handlers over a memory store) from the browser tests'
 * own Vite server, under {@link CHAT_EXAMPLE_PREFIX}. Loaded on the first request only, so test runs
 * that never call it pay nothing.
 * @returns {import('vite').Plugin}
 */
export function chatExampleServer() {
  return {
    name: 'annokit:chat-example-server',
    configureServer(server) {
      /** @type {Promise<(req: unknown, res: unknown, next: (error?: unknown) => void) => Promise<void>> | null} */
      let middleware = null;
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith(`${CHAT_EXAMPLE_PREFIX}/`)) return next();
        middleware ??= (async () => {
          /** @type {typeof import('../../examples/chat/server/app')} */
          const { createChatExample } = await server.ssrLoadModule('/examples/chat/server/app.ts');
          /** @type {typeof import('../../examples/chat/server/node')} */
          const { toNodeMiddleware } = await server.ssrLoadModule('/examples/chat/server/node.ts');
          return /** @type {never} */ (toNodeMiddleware(createChatExample().handle, CHAT_EXAMPLE_PREFIX));
        })();
        middleware.then((handle) => handle(req, res, next), next);
      });
    },
  };
}
