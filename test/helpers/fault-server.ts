/**
 * A loopback server that misbehaves on purpose, for the reliability tests. It speaks HTTP/1.1
 * by hand on raw sockets, so that a route can break the protocol: accept and never answer,
 * drip a byte a second, reset mid-body, send less than its Content-Length, cut a chunked body,
 * answer with something that is not HTTP. Routes that behave send their status, headers and
 * body with `Connection: close`. `{{origin}}` in header values becomes the server's origin.
 *
 * It counts open sockets, so a test can check that the client closed its connection after a
 * failure, and records every request path. `tls` adds an HTTPS listener (with the given
 * self-signed certificate) that serves the same routes.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';

export type Fault =
  /** Accept the connection and never answer. */
  | 'silent'
  /** Send the response one byte a second, status line included. */
  | 'drip-headers'
  /** Send the headers, then the body one byte a second. */
  | 'drip-body'
  /** Send the headers and half the body, then reset the connection (TCP RST). */
  | 'reset-mid-body'
  /** Send half the body announced by Content-Length, then close. */
  | 'short-body'
  /** Announce a chunk, send part of it, then close. */
  | 'chunked-cut'
  /** Answer with text that is not an HTTP response. */
  | 'not-http'
  /** Close the connection as soon as the request arrives. */
  | 'close-at-once';

export interface FaultRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send the body with chunked transfer coding instead of a Content-Length. */
  chunked?: boolean;
  /** Send half the body, wait this long, then send the rest. */
  pauseMs?: number;
  fault?: Fault;
}

export interface FaultServer {
  origin: string;
  /** The HTTPS origin, when started with `tls`. */
  tlsOrigin?: string;
  url(path: string): string;
  set(path: string, route: FaultRoute): void;
  /** Paths requested so far, in order. */
  requests: string[];
  openSockets(): number;
  /** Resolves once every connection to the server has closed. */
  whenNoOpenSockets(): Promise<void>;
  close(): Promise<void>;
}

const REASONS: Record<number, string> = { 200: 'OK', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 404: 'Not Found' };

export async function startFaultServer(routes: Record<string, FaultRoute> = {}, options: { tls?: { key: Buffer; cert: Buffer } } = {}): Promise<FaultServer> {
  const table = new Map(Object.entries(routes));
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const closing = new AbortController();
  let origin = '';

  const onConnection = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined); // the client may reset: that is its right
    readRequest(socket, (path) => {
      requests.push(path);
      const route = table.get(path) ?? table.get(path.split('?')[0] as string) ?? { status: 404, body: 'not found\n' };
      respond(socket, route, origin, closing.signal).catch(() => socket.destroy());
    });
  };

  const plain = createServer(onConnection);
  const origins = [`http://127.0.0.1:${await listen(plain)}`];
  const secure = options.tls ? createTlsServer(options.tls, onConnection) : undefined;
  if (secure) {
    secure.on('tlsClientError', () => undefined);
    origins.push(`https://127.0.0.1:${await listen(secure)}`);
  }
  origin = origins[0] as string;

  return {
    origin,
    tlsOrigin: origins[1],
    url: (path) => origin + (path.startsWith('/') ? path : `/${path}`),
    set: (path, route) => void table.set(path, route),
    requests,
    openSockets: () => sockets.size,
    whenNoOpenSockets: async () => {
      while (sockets.size > 0) await sleep(10);
    },
    close: async () => {
      closing.abort();
      for (const socket of sockets) socket.destroy();
      await Promise.all([plain, ...(secure ? [secure] : [])].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

/**
 * Calls `onRequest` with the request's path once its head has arrived. Bytes that cannot
 * start an HTTP request (a TLS handshake sent to the plain port) get a 400, as Node's own
 * HTTP server answers.
 */
function readRequest(socket: Socket, onRequest: (path: string) => void): void {
  let head = '';
  const onData = (chunk: Buffer) => {
    if (head === '' && !/^[A-Z]/.test(chunk.toString('latin1', 0, 1))) {
      socket.off('data', onData);
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    head += chunk.toString('latin1');
    if (!head.includes('\r\n\r\n')) return;
    socket.off('data', onData);
    onRequest(head.split(' ')[1] ?? '/');
  };
  socket.on('data', onData);
}

async function respond(socket: Socket, route: FaultRoute, origin: string, signal: AbortSignal): Promise<void> {
  const body = typeof route.body === 'string' ? Buffer.from(route.body, 'utf8') : (route.body ?? Buffer.alloc(0));
  const status = route.status ?? 200;
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] ?? 'Status'}`, 'Connection: close'];
  for (const [name, value] of Object.entries(route.headers ?? {})) lines.push(`${name}: ${value.replaceAll('{{origin}}', origin)}`);
  const chunked = route.chunked || route.fault === 'chunked-cut';
  lines.push(chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  const half = body.subarray(0, Math.floor(body.length / 2));

  switch (route.fault) {
    case 'silent':
      return;
    case 'close-at-once':
      socket.destroy();
      return;
    case 'not-http':
      socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n');
      return;
    case 'drip-headers':
    case 'drip-body': {
      if (route.fault === 'drip-body') socket.write(head);
      const rest = route.fault === 'drip-body' ? body : Buffer.concat([head, body]);
      for (const byte of rest) {
        await sleep(1000, undefined, { signal }).catch(() => socket.destroy());
        if (socket.destroyed) return;
        socket.write(Buffer.of(byte));
      }
      socket.end();
      return;
    }
    case 'reset-mid-body':
      socket.write(Buffer.concat([head, half]), () => setTimeout(() => socket.resetAndDestroy(), 20));
      return;
    case 'short-body':
      socket.end(Buffer.concat([head, half]));
      return;
    case 'chunked-cut':
      socket.end(Buffer.concat([head, Buffer.from(`${body.length.toString(16)}\r\n`), half]));
      return;
    default:
      if (route.pauseMs !== undefined) {
        socket.write(Buffer.concat([head, half]));
        await sleep(route.pauseMs, undefined, { signal });
        socket.end(body.subarray(half.length));
        return;
      }
      if (!chunked) {
        socket.end(Buffer.concat([head, body]));
        return;
      }
      socket.write(head);
      // Chunks of 64 KB at most, so a large body streams (and the client can stop reading).
      for (let at = 0; at < body.length && !socket.destroyed; at += 65_536) {
        const chunk = body.subarray(at, at + 65_536);
        if (!socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]))) await drained(socket);
      }
      if (!socket.destroyed) socket.end('0\r\n\r\n');
  }
}

/** Resolves when the socket can take more data, or has closed. */
function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done).off('close', done);
      resolve();
    };
    socket.on('drain', done).on('close', done);
  });
}
