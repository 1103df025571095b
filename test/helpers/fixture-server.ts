/**
 * A loopback HTTP server for tests: serves fixed routes on 127.0.0.1, records every request,
 * answers conditional requests with 304, and compresses when asked and accepted.
 * `{{origin}}` in string bodies and header values becomes the server's origin.
 * Content-Type is sent only when a route's headers give one.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body: string | Buffer | ((req: IncomingMessage) => string | Buffer);
  /** Gzip the body when the request's Accept-Encoding allows it. */
  gzip?: boolean;
  /** Brotli-encode the body when allowed (preferred over gzip when both are set and accepted). */
  brotli?: boolean;
  /** Sent as ETag; a matching If-None-Match gets 304. */
  etag?: string;
  /** Sent as Last-Modified; an equal If-Modified-Since gets 304 (when no If-None-Match is sent). */
  lastModified?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Answer only once this settles (after delayMs, if both are set). */
  until?: Promise<unknown>;
}

export interface FixtureServer {
  origin: string;
  url(path: string): string;
  set(path: string, route: Route): void;
  requests: Array<{ method: string; path: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export async function startFixtureServer(routes: Record<string, Route> = {}): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const requests: FixtureServer['requests'] = [];
  // Aborts pending delays on close, so a slow route cannot keep the test process alive.
  const closing = new AbortController();
  let origin = '';

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    // Exact path (with query) first, then the path without its query.
    const route = table.get(path) ?? table.get(path.split('?')[0] ?? path);
    serve(req, res, route, origin, closing.signal).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fixture route failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    origin,
    url: (path) => origin + (path.startsWith('/') ? path : `/${path}`),
    set: (path, route) => void table.set(path, route),
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  route: Route | undefined,
  origin: string,
  signal: AbortSignal,
): Promise<void> {
  if (!route) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  if (route.delayMs) {
    try {
      await sleep(route.delayMs, undefined, { signal });
    } catch {
      return; // the server is closing; its sockets are being destroyed
    }
  }
  if (route.until) {
    if (signal.aborted) return;
    const closed = new Promise<'closed'>((resolve) => signal.addEventListener('abort', () => resolve('closed'), { once: true }));
    if ((await Promise.race([route.until, closed])) === 'closed') return;
  }
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(route.headers ?? {})) headers[name.toLowerCase()] = fillOrigin(value, origin);
  if (route.etag !== undefined) headers.etag = route.etag;
  if (route.lastModified !== undefined) headers['last-modified'] = route.lastModified;

  if (isNotModified(req.headers, route)) {
    res.writeHead(304, headers).end();
    return;
  }

  const raw = typeof route.body === 'function' ? route.body(req) : route.body;
  let body = typeof raw === 'string' ? Buffer.from(fillOrigin(raw, origin), 'utf8') : raw;
  const coding = chooseCoding(route, req.headers['accept-encoding']);
  if (coding === 'br') body = brotliCompressSync(body);
  if (coding === 'gzip') body = gzipSync(body);
  if (coding) headers['content-encoding'] = coding;
  if (route.gzip || route.brotli) headers.vary = 'Accept-Encoding';
  headers['content-length'] = body.length;

  res.writeHead(route.status ?? 200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function fillOrigin(text: string, origin: string): string {
  return text.replaceAll('{{origin}}', origin);
}

/** RFC 9110 §13.2.2: If-None-Match, when present, decides alone; else If-Modified-Since. */
function isNotModified(headers: IncomingHttpHeaders, route: Route): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (route.etag === undefined) return false;
    const wanted = opaqueTag(route.etag);
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaqueTag(tag) === wanted);
  }
  return route.lastModified !== undefined && headers['if-modified-since'] === route.lastModified;
}

/** Weak comparison: `W/"x"` matches `"x"`. */
function opaqueTag(tag: string): string {
  return tag.trim().replace(/^W\//, '');
}

function chooseCoding(route: Route, acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (route.brotli && accepts(acceptEncoding, 'br')) return 'br';
  if (route.gzip && accepts(acceptEncoding, 'gzip')) return 'gzip';
  return undefined;
}

/** Whether an Accept-Encoding header allows `coding` (q > 0, explicitly or through `*`). */
function accepts(header: string | undefined, coding: string): boolean {
  if (!header) return false;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    weights.set(name, q === undefined ? 1 : Number(q.slice(2)));
  }
  return (weights.get(coding) ?? weights.get('*') ?? 0) > 0;
}
