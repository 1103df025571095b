/**
 * Ollama defaults, and reading an Ollama host the way Ollama reads OLLAMA_HOST (the `ollama` npm
 * client does not). Light on purpose: configuration code imports it without loading `ollama`.
 */

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/**
 * Llama 3.2 3B: small enough for a laptop without a GPU (about 2 GB), multilingual, and good at
 * following a JSON schema.
 */
export const DEFAULT_MODEL = 'llama3.2:3b';

const DEFAULT_PORT = '11434';

/**
 * Normalises an Ollama host to a URL string without a trailing slash. Accepts what Ollama's own
 * OLLAMA_HOST accepts: "host", "host:port", ":port", "[::1]:port", "http(s)://host[:port][/path]",
 * optionally quoted; empty means the default. As in Ollama, a missing port is 11434 when no
 * scheme is given, and the scheme's own port (80 or 443) when one is: "https://ollama.example.com"
 * is a server behind a proxy. A wildcard bind address (0.0.0.0, ::) means this machine, since the
 * same OLLAMA_HOST often serves the server too. Throws Error('invalid Ollama host "…"').
 */
export function normalizeOllamaHost(value: string): string {
  const raw = value.trim().replace(/^["']+|["']+$/g, '').trim();
  if (!raw) return DEFAULT_OLLAMA_HOST;
  const invalid = () => new Error(`invalid Ollama host "${value}"`);

  const schemeMatch = /^([a-z][a-z\d+.-]*):\/\//i.exec(raw);
  const scheme = schemeMatch ? schemeMatch[1]!.toLowerCase() : 'http';
  if (scheme !== 'http' && scheme !== 'https') throw invalid();
  const rest = schemeMatch ? raw.slice(schemeMatch[0].length) : raw;
  const slash = rest.indexOf('/');
  const hostPort = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash).replace(/\/+$/, '');

  const parts = splitHostPort(hostPort);
  if (!parts) throw invalid();
  const port = parts.port ?? (schemeMatch ? (scheme === 'https' ? '443' : '80') : DEFAULT_PORT);
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw invalid();

  try {
    const url = new URL(`${scheme}://${bracketed(loopbackFor(parts.host))}:${port}${path}`);
    if (url.search || url.hash) throw invalid();
    return url.href.replace(/\/+$/, '');
  } catch {
    throw invalid();
  }
}

/** Splits "host:port", "[v6]:port", "host", ":port" or a bare IPv6 address; null when malformed. */
function splitHostPort(hostPort: string): { host: string; port: string | undefined } | null {
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort);
  if (v6) return { host: v6[1]!, port: v6[2] };
  const colons = hostPort.split(':').length - 1;
  if (colons === 0) return { host: hostPort, port: undefined };
  if (colons > 1) return { host: hostPort, port: undefined }; // a bare IPv6 address
  const [host, port] = hostPort.split(':') as [string, string];
  return port ? { host, port } : null;
}

/** An empty host or a wildcard bind address means this machine's loopback. */
function loopbackFor(host: string): string {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

function bracketed(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
