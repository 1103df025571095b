/** Why a fetch failed, in words a user can act on. */
export type FetchErrorKind =
  | 'timeout'
  | 'too-large'
  | 'http-status'
  | 'dns'
  | 'refused'
  | 'reset'
  | 'tls'
  | 'redirect'
  | 'empty'
  | 'bad-url'
  | 'network';

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

/** Maps undici's and Node's network errors to a FetchError with one clear line. */
export function toFetchError(err: unknown, url: string, timeoutMs: number): FetchError {
  if (err instanceof FetchError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  const host = safeHost(url);
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || /TIMEOUT/.test(code)) {
    return new FetchError('timeout', `timed out after ${formatSeconds(timeoutMs)}`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_FAIL') {
    return new FetchError('dns', `could not resolve host ${host}`);
  }
  if (code === 'ECONNREFUSED') return new FetchError('refused', `connection refused by ${host}`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
    return new FetchError('reset', `connection to ${host} was closed before the response was complete`);
  }
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') {
    return new FetchError('reset', `response from ${host} was shorter than its Content-Length`);
  }
  if (/CERT|TLS|SSL|ERR_SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return new FetchError('tls', `TLS error with ${host}: ${e?.message ?? code}`.split('\n')[0] as string);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new FetchError('network', `host ${host} is unreachable`);
  const detail = (e?.cause?.message ?? e?.message ?? String(err)).split('\n')[0];
  return new FetchError('network', `network error: ${detail}`);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
