/**
 * A bridge from Node's `http` (and Express, Fastify's raw mode, Koa's `ctx.req`) to the Fetch API
 * handler. Typed structurally so the package needs no Node types and stays importable in a browser build.
 */
import type { AnnotationHandler } from './handler';

/** The parts of Node's `IncomingMessage` the bridge reads (Express adds `body` and `originalUrl`). */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string;
  url?: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Set when a body parser (express.json()) already read the body. */
  body?: unknown;
  /** A TLS socket has `encrypted: true`. */
  socket?: unknown;
}

/** The parts of Node's `ServerResponse` the bridge writes. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(chunk?: Uint8Array | string): unknown;
}

/**
 * Wraps a Fetch API handler as a Node `(req, res)` listener: `http.createServer(toNodeListener(h))`
 * or `app.use('/api/annotations', toNodeListener(h))` in Express.
 */
export function toNodeListener(handler: AnnotationHandler): (req: NodeRequestLike, res: NodeResponseLike) => Promise<void> {
  return async (req, res) => {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const entry of value) headers.append(key, entry);
      else headers.set(key, value);
    }
    const method = (req.method ?? 'GET').toUpperCase();
    let body: string | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      // a body parser (express.json()) that ran first has consumed the stream and left the result here
      if (req.body !== undefined) {
        body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
        headers.delete('content-length');
      } else {
        const chunks: Uint8Array[] = [];
        for await (const chunk of req) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
        body = new TextDecoder().decode(concat(chunks));
      }
    }
    const host = headers.get('host') ?? 'localhost';
    const protocol = (req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http';
    const request = new Request(`${protocol}://${host}${req.originalUrl ?? req.url ?? '/'}`, { method, headers, body });
    const response = await handler(request);
    res.statusCode = response.status;
    response.headers.forEach((value, key) => res.setHeader(key, value));
    res.end(new Uint8Array(await response.arrayBuffer()));
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
