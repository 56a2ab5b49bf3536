import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/**
 * Serves a Fetch handler from Node's `http` (or Connect middleware, as Vite's dev server takes),
 * streaming the response body as it is produced so the chat answer arrives word by word. A `null`
 * answer passes the request on (`next`). `prefix` is stripped from the path first.
 */
export function toNodeMiddleware(handle: (request: Request) => Promise<Response | null>, prefix = '') {
  return async (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    try {
      const path = req.url ?? '/';
      if (prefix && !path.startsWith(`${prefix}/`)) return next();
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) for (const entry of value) headers.append(key, entry);
        else if (value !== undefined) headers.set(key, value);
      }
      const method = req.method ?? 'GET';
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      const request = new Request(`http://${req.headers.host ?? 'localhost'}${path.slice(prefix.length)}`, {
        method,
        headers,
        signal: abort.signal,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' }),
      });
      const response = await handle(request);
      if (!response) return next();
      res.statusCode = response.status;
      response.headers.forEach((value, key) => {
        if (key !== 'set-cookie') res.setHeader(key, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) res.setHeader('set-cookie', cookies);
      if (!response.body) return void res.end();
      res.flushHeaders();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      res.end();
    } catch (error) {
      if (!res.headersSent) next(error);
      else res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  };
}
