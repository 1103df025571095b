/**
 * HTTP for model servers: a fetch with brief's own timeout (Node's fetch would otherwise give up
 * after undici's hidden 300 s), and one-line errors for what the network does. Loads undici.
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { SummarizerError } from './summarizer.js';

export type TimedFetch = (input: string | URL, init?: Parameters<typeof undiciFetch>[1]) => ReturnType<typeof undiciFetch>;

/**
 * A fetch whose requests are aborted after `timeoutMs`; its Agent gets header/body timeouts
 * above ours so that ours fires first, with a clear message.
 */
export function timedFetch(timeoutMs: number): TimedFetch {
  const dispatcher = new Agent({ headersTimeout: timeoutMs + 5_000, bodyTimeout: timeoutMs + 5_000 });
  return (input, init = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return undiciFetch(input, { ...init, signal, dispatcher });
  };
}

/**
 * Maps a failure that is not an HTTP status (timeout, refused or reset connection) to a
 * one-line SummarizerError naming the server, e.g. "Ollama at http://…".
 */
export function networkError(err: unknown, server: string, timeoutMs: number): SummarizerError {
  if (err instanceof SummarizerError) return err;
  const timedOut = new SummarizerError(`${server} did not answer within ${timeoutMs / 1000} s`, 'timeout');
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return timedOut;
  if (err instanceof TypeError && err.message === 'fetch failed') {
    const code = causeCode(err);
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return timedOut;
    const why = code ? (NETWORK_CODES[code] ?? code) : undefined;
    return new SummarizerError(`cannot reach ${server}${why ? ` (${why})` : ''}; is it running?`, 'unreachable');
  }
  return new SummarizerError(`${server} failed: ${firstLine(err instanceof Error ? err.message : String(err))}`, 'server');
}

/** Network error codes in words. */
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'unknown host',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** What a fetch failure's cause says: its code (ECONNREFUSED…), else its message ("bad port"). */
function causeCode(err: Error): string | undefined {
  const cause = err.cause as { code?: unknown; message?: unknown; errors?: Array<{ code?: unknown }> } | undefined;
  const code = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message;
  return typeof code === 'string' && code ? firstLine(code) : undefined;
}

export function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

/** Whether a server's error message says the prompt is longer than the context. */
export function saysContextExceeded(message: string): boolean {
  return /context|too long|too many tokens/i.test(message);
}
