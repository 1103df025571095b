import { Agent, request } from 'undici';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { FetchedResponse, Validators } from '../types.js';
import { Limiter, KeyedLimiter } from '../util/limiter.js';
import { decodeBody } from './decode.js';
import { createDeadlines } from './deadline.js';
import { FetchError, formatSeconds, toFetchError } from './fetch-error.js';
import { safeLine } from '../util/terminal-safe.js';

export interface HttpClientOptions {
  userAgent: string;
  /** Time to establish a connection (TCP + TLS). */
  connectTimeoutMs?: number;
  /** Time to wait for response headers, and the longest pause allowed between body chunks. */
  idleTimeoutMs?: number;
  /** The whole request, redirects and body included. */
  totalTimeoutMs?: number;
  /** Largest body accepted, counted after decompression. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Requests in flight at once, over all hosts and per host. */
  concurrency?: number;
  perHost?: number;
}

export interface GetOptions {
  validators?: Validators;
  accept?: string;
}

export interface HttpClient {
  get(url: string, options?: GetOptions): Promise<FetchedResponse>;
  close(): Promise<void>;
}

export const HTTP_DEFAULTS = {
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 15_000,
  totalTimeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  concurrency: 8,
  perHost: 2,
} as const;

/**
 * brief's HTTP client on undici: polite (a global and a per-host limit), bounded
 * (timeouts for connecting, for silence and for the whole request — see deadline.ts;
 * a size cap that counts decompressed bytes, so a gzip bomb stops at the cap, and a
 * Content-Length over the cap is refused unread), conditional (ETag / Last-Modified →
 * 304), and it decodes text with the right charset. A request that fails for any reason
 * but an HTTP status closes its connection; every error is one line (FetchError).
 * Redirects are followed here rather than by undici, to know the final URL and to
 * refuse non-HTTP targets.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const opts = { ...HTTP_DEFAULTS, ...stripUndefined(options), userAgent: options.userAgent };
  const agent = new Agent({
    connect: { timeout: opts.connectTimeoutMs },
    headersTimeout: opts.idleTimeoutMs,
    bodyTimeout: opts.idleTimeoutMs,
    keepAliveTimeout: 4_000,
  });
  const deadlines = createDeadlines();
  const global = new Limiter(opts.concurrency);
  const perHost = new KeyedLimiter(opts.perHost);

  async function get(url: string, getOptions: GetOptions = {}): Promise<FetchedResponse> {
    let host: string;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
      host = parsed.host;
    } catch {
      throw new FetchError('bad-url', `not an http(s) URL: ${url}`);
    }
    return perHost.run(host, () => global.run(() => fetchFollowingRedirects(url, getOptions)));
  }

  async function fetchFollowingRedirects(url: string, getOptions: GetOptions): Promise<FetchedResponse> {
    const controller = new AbortController();
    const cancelDeadline = deadlines.start(opts.totalTimeoutMs, () => controller.abort());
    let current = url;
    try {
      for (let hop = 0; ; hop++) {
        const res = await request(current, {
          method: 'GET',
          dispatcher: agent,
          signal: controller.signal,
          headers: requestHeaders(opts.userAgent, getOptions),
        });
        const status = res.statusCode;
        const header = (name: string) => firstHeader(res.headers[name]);
        if (status >= 300 && status < 400 && status !== 304) {
          await res.body.dump().catch(() => undefined);
          if (hop >= opts.maxRedirects) throw new FetchError('redirect', `too many redirects (more than ${opts.maxRedirects})`, status);
          current = redirectTarget(status, header('location'), current);
          continue;
        }
        const validators: Validators = { etag: header('etag'), lastModified: header('last-modified') };
        if (status === 304) {
          await res.body.dump().catch(() => undefined);
          return { kind: 'not-modified', url, finalUrl: current, status: 304, validators: { ...getOptions.validators, ...definedOnly(validators) } };
        }
        if (status < 200 || status >= 300) {
          await res.body.dump().catch(() => undefined);
          throw new FetchError('http-status', describeStatus(status, header('retry-after')), status);
        }
        if (Number(header('content-length')) > opts.maxBytes) {
          res.body.destroy();
          throw tooLarge(opts.maxBytes);
        }
        const raw = await readCapped(res.body, opts.maxBytes);
        const bytes = decompress(raw, header('content-encoding'), opts.maxBytes);
        if (bytes.length === 0) throw new FetchError('empty', `HTTP ${status} with an empty body`, status);
        const contentType = header('content-type');
        const { text, charset } = decodeBody(bytes, contentType);
        return { kind: 'ok', url, finalUrl: current, status, contentType, text, charset, validators: definedOnly(validators) };
      }
    } catch (err) {
      throw toFetchError(controller.signal.aborted ? Object.assign(new Error('aborted'), { name: 'AbortError' }) : err, current, opts);
    } finally {
      cancelDeadline();
    }
  }

  return {
    get,
    close: () => agent.close(),
  };
}

/** Where a redirect leads: an absolute http(s) URL, or a FetchError. */
function redirectTarget(status: number, location: string | undefined, current: string): string {
  if (!location) throw new FetchError('redirect', `HTTP ${status} redirect without a Location header`, status);
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    throw new FetchError('redirect', `HTTP ${status} redirect to an invalid URL`, status);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new FetchError('redirect', `redirected to an unsupported scheme (${next.protocol})`, status);
  }
  return next.href;
}

function requestHeaders(userAgent: string, o: GetOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': userAgent,
    'accept-encoding': 'gzip, deflate, br',
    accept: o.accept ?? '*/*',
  };
  if (o.validators?.etag) headers['if-none-match'] = o.validators.etag;
  if (o.validators?.lastModified) headers['if-modified-since'] = o.validators.lastModified;
  return headers;
}

async function readCapped(body: AsyncIterable<Uint8Array> & { destroy(err?: Error): void }, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      body.destroy();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function decompress(raw: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const codings = (encoding ?? '').toLowerCase().split(',').map((c) => c.trim()).filter((c) => c && c !== 'identity');
  let bytes = raw;
  try {
    // Content-Encoding lists codings in the order they were applied: undo them in reverse.
    for (const coding of codings.reverse()) {
      const limit = { maxOutputLength: maxBytes };
      if (coding === 'gzip' || coding === 'x-gzip') bytes = gunzipSync(bytes, limit);
      else if (coding === 'br') bytes = brotliDecompressSync(bytes, limit);
      else if (coding === 'deflate') bytes = inflateOrRaw(bytes, maxBytes);
      else throw new FetchError('network', `unsupported Content-Encoding "${safeLine(coding).slice(0, 40)}"`);
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(maxBytes);
    throw new FetchError('network', `could not decompress the body (${codings.join(', ')}): ${(err as Error).message}`);
  }
  return bytes;
}

/** "deflate" is meant to be zlib-wrapped, but some servers send raw deflate. */
function inflateOrRaw(bytes: Buffer, maxBytes: number): Buffer {
  try {
    return inflateSync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw err;
    return inflateRawSync(bytes, { maxOutputLength: maxBytes });
  }
}

function tooLarge(maxBytes: number): FetchError {
  return new FetchError('too-large', `body larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized (the feed needs a login)',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone (the feed was removed)',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function describeStatus(status: number, retryAfter: string | undefined): string {
  const text = STATUS_TEXT[status] ?? (status >= 500 ? 'server error' : 'client error');
  const retry = describeRetryAfter(retryAfter);
  return `HTTP ${status} ${text}${retry ? `, retry after ${retry}` : ''}`;
}

/** Retry-After is seconds or an HTTP date; anything else (it is the server's text) is left out. */
function describeRetryAfter(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d{1,9}$/.test(v)) return formatSeconds(Number(v) * 1000);
  const date = v.length <= 40 ? Date.parse(v) : NaN;
  return Number.isNaN(date) ? undefined : new Date(date).toUTCString();
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function definedOnly(v: Validators): Validators {
  const out: Validators = {};
  if (v.etag) out.etag = v.etag;
  if (v.lastModified) out.lastModified = v.lastModified;
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
