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

export interface Timeouts {
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  totalTimeoutMs: number;
}

/** Maps undici's and Node's network errors to a FetchError with one clear line. */
export function toFetchError(err: unknown, url: string, timeouts: Timeouts): FetchError {
  if (err instanceof FetchError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  const host = safeHost(url);
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return new FetchError('timeout', `timed out after ${formatSeconds(timeouts.totalTimeoutMs)}`);
  if (code === 'ETIMEDOUT') return new FetchError('timeout', `connection to ${host} timed out`);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new FetchError('timeout', `could not connect to ${host} within ${formatSeconds(timeouts.connectTimeoutMs)}`);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return new FetchError('timeout', `no response from ${host} within ${formatSeconds(timeouts.idleTimeoutMs)}`);
  if (code === 'UND_ERR_BODY_TIMEOUT') return new FetchError('timeout', `${host} stopped sending for ${formatSeconds(timeouts.idleTimeoutMs)}`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_FAIL') {
    return new FetchError('dns', `could not resolve host ${host}`);
  }
  if (code === 'ECONNREFUSED') return new FetchError('refused', `connection refused by ${host}`);
  // Reset or closed, before the headers or inside the body (shorter than its Content-Length): one message,
  // as which of these a cut connection shows depends on timing.
  if (['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'].includes(code)) {
    return new FetchError('reset', `connection to ${host} was closed before the response was complete`);
  }
  if (e?.name === 'HTTPParserError' || code.startsWith('HPE_')) {
    // llhttp: "Response does not match the HTTP/1.1 protocol (Expected HTTP/)"
    const reason = /\(([^)]*)\)/.exec(e?.message ?? '')?.[1] ?? code;
    // The connection ended inside a message: a chunked body cut off, say.
    if (reason === 'Invalid EOF state') return new FetchError('reset', `connection to ${host} was closed before the response was complete`);
    return new FetchError('network', `${host} sent an invalid HTTP response (${reason})`);
  }
  if (/CERT|TLS|SSL|ERR_SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return new FetchError('tls', `TLS error with ${host}: ${tlsReason(e?.message ?? code)}`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new FetchError('network', `host ${host} is unreachable`);
  const detail = (e?.cause?.message ?? e?.message ?? String(err)).split('\n')[0];
  return new FetchError('network', `network error: ${detail}`);
}

/** OpenSSL's "…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…" → "wrong version number". */
function tlsReason(message: string): string {
  const reason = /error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)/.exec(message)?.[1] ?? (message.split('\n')[0] as string);
  return reason === 'wrong version number' ? 'wrong version number (is it an HTTPS server?)' : reason;
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
