/**
 * A fault-injecting HTTP proxy on 127.0.0.1 between a client (the Phoenix adapter) and a real
 * Phoenix. Node only. While faults are on, each request meets one of:
 *
 * - `unavailable`: a 503 without forwarding (the write did not land);
 * - `resetForwarded`: forwarded, then the client's connection is reset before Phoenix answers (the
 *   write lands, or not, while the client sees a network error);
 * - `resetAnswered`: forwarded, Phoenix answered, then the client's connection is reset (the write
 *   landed for sure; the client sees a network error);
 * - `delay`: held for less than the client's time-out, then forwarded (a slow network);
 * - `slowAnswer`: forwarded at once, Phoenix's answer held past the client's time-out (landed in
 *   time, the answer lost);
 * - `late`: held past the client's time-out, then forwarded anyway, after the client gave up (the
 *   write lands late, possibly after a newer one for the same key: a "late landing");
 *
 * and `down(ms)` stops listening for a while, so connections are refused (and open ones dropped).
 * Every write (POST of annotations, DELETE) that reached Phoenix is logged with its key, so a
 * test can tell what landed when, and whether its client was still waiting.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export const FAULT_KINDS = ['unavailable', 'resetForwarded', 'resetAnswered', 'delay', 'slowAnswer', 'late'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultProxyOptions {
  /** Phoenix's base URL, e.g. `http://127.0.0.1:41234`. */
  upstream: string;
  /** Source of every random choice (seeded, so a run can be replayed as far as timing allows). */
  random: () => number;
  /** Per request, the chance of each fault while faults are on; the rest pass untouched. */
  rates: Record<FaultKind, number>;
  /** The client's time-out in ms: `delay` stays under it, `slowAnswer` and `late` go past it. */
  clientTimeoutMs: number;
  /** How long past the client's time-out a `late` request may land. Default 4000 ms. */
  lateByMaxMs?: number;
  /**
   * Scripts the fate of particular requests: return a fault (and for `late`, how long past the
   * client's time-out it lands), `null` to pass it untouched, or `undefined` to leave it to chance.
   */
  decide?: (request: { method: string; url: URL; body: string }) => { fault: FaultKind | null; lateByMs?: number } | undefined;
}

/** One write (an annotation POST row, or a DELETE) as it reached Phoenix through the proxy. */
export interface LandedWrite {
  method: 'POST' | 'DELETE';
  /** `name` + the wire identifier: unique per (span, name, user) for annokit's writes. */
  key: string;
  /** The label a POST wrote; null for a DELETE. */
  label: string | null;
  /** ms since the proxy started, when it was forwarded to Phoenix. */
  forwardedAt: number;
  /** Whether Phoenix applied it (2xx) after its client had stopped waiting (timed out, or its connection was reset). */
  landedAfterClientGaveUp: boolean;
  fault: FaultKind | null;
  /** Phoenix's status (0 when the upstream call itself failed). */
  status: number;
}

export interface FaultProxyStats {
  requests: number;
  forwarded: number;
  injected: Record<FaultKind, number>;
  /** Outages (`down`) and the requests that arrived on old connections during one and were dropped. */
  outages: number;
  droppedWhileDown: number;
  /** Writes Phoenix applied after their client gave up. */
  lateLandings: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly stats: FaultProxyStats;
  readonly writes: LandedWrite[];
  /** Turns the injected faults on or off (an outage in progress still ends on its own). */
  setFaults(on: boolean): void;
  /** Refuses connections for `ms`, then listens again on the same port. */
  down(ms: number): Promise<void>;
  /** Requests held or being forwarded right now. */
  readonly pending: number;
  /** Resolves when no request is held or in flight upstream (every late landing has landed). */
  settled(): Promise<void>;
  /** ms since the last request reached the proxy. */
  quietFor(): number;
  close(): Promise<void>;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The annotation writes a request carries, keyed as {@link LandedWrite.key}. */
function writesOf(method: string, url: URL, body: Buffer): { key: string; label: string | null }[] {
  if (method === 'DELETE' && /_annotations$/.test(url.pathname)) {
    return [{ key: `${url.searchParams.get('name')}|${url.searchParams.get('identifier')}`, label: null }];
  }
  if (method === 'POST' && /^\/v1\/(span|trace|session)_annotations$/.test(url.pathname)) {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { data?: { name?: string; identifier?: string; result?: { label?: string } }[] };
      return (parsed.data ?? []).map((row) => ({ key: `${row.name}|${row.identifier ?? ''}`, label: row.result?.label ?? null }));
    } catch {
      return [];
    }
  }
  return [];
}

/** Starts the proxy on a free port of 127.0.0.1. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  const lateByMax = options.lateByMaxMs ?? 4000;
  const { random } = options;
  const started = Date.now();
  const stats: FaultProxyStats = {
    requests: 0,
    forwarded: 0,
    injected: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>,
    outages: 0,
    droppedWhileDown: 0,
    lateLandings: 0,
  };
  const writes: LandedWrite[] = [];
  const sockets = new Set<Socket>();
  let faults = true;
  let isDown = false;
  let pending = 0;
  let lastRequestAt = Date.now();
  const settledWaiters: (() => void)[] = [];

  const pick = (): FaultKind | null => {
    if (!faults) return null;
    let roll = random();
    for (const kind of FAULT_KINDS) {
      roll -= options.rates[kind];
      if (roll < 0) return kind;
    }
    return null;
  };

  /** Sends the request to Phoenix; resolves with its status, headers and body (status 0 if Phoenix could not be reached). */
  function forward(request: IncomingMessage, body: Buffer) {
    return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve) => {
      const headers = { ...request.headers, host: upstream.host };
      delete headers.connection;
      const outgoing = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
          response.on('error', () => resolve({ status: 0, headers: {}, body: Buffer.alloc(0) }));
        },
      );
      outgoing.on('error', () => resolve({ status: 0, headers: {}, body: Buffer.alloc(0) }));
      outgoing.end(body);
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    lastRequestAt = Date.now();
    if (isDown) {
      // an old keep-alive connection during an outage: the server is gone
      stats.droppedWhileDown++;
      request.socket.destroy();
      return;
    }
    stats.requests++;
    pending++;
    let clientGone = false;
    response.on('close', () => {
      if (!response.writableFinished) clientGone = true;
    });
    try {
      const body = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://proxy');
      const scripted = options.decide?.({ method: request.method ?? 'GET', url, body: body.toString('utf8') });
      const fault = scripted ? scripted.fault : pick();
      if (fault) stats.injected[fault]++;
      if (fault === 'unavailable') {
        response.writeHead(503, { 'content-type': 'text/plain', ...(random() < 0.3 ? { 'retry-after': '1' } : {}) });
        response.end('Service Unavailable (injected)');
        return;
      }
      if (fault === 'delay') await sleep(Math.floor(random() * options.clientTimeoutMs * 0.6));
      if (fault === 'late') await sleep(options.clientTimeoutMs + (scripted?.lateByMs ?? 200 + Math.floor(random() * lateByMax)));
      const forwardedAt = Date.now() - started;
      stats.forwarded++;
      const answer = forward(request, body);
      if (fault === 'resetForwarded') {
        // let the request leave the proxy before the connection goes
        await sleep(5);
        response.socket?.destroy();
      }
      const answered = await answer;
      const late = clientGone && answered.status >= 200 && answered.status < 300;
      for (const write of writesOf(request.method ?? 'GET', url, body)) {
        writes.push({ method: request.method as 'POST' | 'DELETE', ...write, forwardedAt, landedAfterClientGaveUp: late, fault, status: answered.status });
        if (late) stats.lateLandings++;
      }
      if (fault === 'resetForwarded' || clientGone) return;
      if (fault === 'resetAnswered') {
        response.socket?.destroy();
        return;
      }
      if (fault === 'slowAnswer') await sleep(options.clientTimeoutMs + 200 + Math.floor(random() * 1000));
      if (clientGone) return;
      if (answered.status === 0) {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end('Phoenix could not be reached through the proxy');
        return;
      }
      const headers = { ...answered.headers };
      delete headers['transfer-encoding'];
      delete headers.connection;
      response.writeHead(answered.status, headers);
      response.end(answered.body);
    } finally {
      pending--;
      if (pending === 0) for (const resolve of settledWaiters.splice(0)) resolve();
    }
  }

  const server: Server = createServer((request, response) => void handle(request, response));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        resolve((server.address() as { port: number }).port);
      });
    });
  const port = await listen(0);

  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    writes,
    setFaults(on) {
      faults = on;
    },
    async down(ms) {
      if (isDown) return;
      isDown = true;
      stats.outages++;
      // stops accepting at once (its callback waits for open connections, which finish on their own)
      server.close();
      // idle keep-alive connections would outlive the listener: drop them, as a crashed server would
      for (const socket of sockets) if (!(socket as Socket & { _httpMessage?: unknown })._httpMessage) socket.destroy();
      await sleep(ms);
      for (let attempt = 0; ; attempt++) {
        try {
          await listen(port);
          break;
        } catch (error) {
          if (attempt > 50) throw error;
          await sleep(100);
        }
      }
      isDown = false;
    },
    get pending() {
      return pending;
    },
    settled() {
      return pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => settledWaiters.push(resolve));
    },
    quietFor: () => Date.now() - lastRequestAt,
    async close() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await stopListening();
    },
  };
}
