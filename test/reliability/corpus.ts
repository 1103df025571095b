/**
 * brief's reliability corpus: the cases of test/fixtures/feeds/cases.json, turned into routes of
 * the fault server (test/helpers/fault-server.ts) and into sources for one `brief fetch --json`.
 *
 * A case is served at /c/<id>, or at a special `target`. Its body is a fixture `file` (UTF-8, with
 * `{{origin}}` replaced), inline `text`, or made by a `generate`-or (below); then it may be cut
 * before the text `truncate`, given an XML `prolog` declaring an encoding, `encode`d to a legacy
 * charset with iconv-lite, given a `bom`, compressed (`contentEncoding`), and its compressed bytes
 * cut in half (`truncateEncoded`). `expect` says what the report must show: `error` (one exact
 * line; `{{host}}`, `{{origin}}` and `{{timeout}}` are filled in) and maybe `status`, or `items` with `titles`
 * (all of them, any order), `include`, `exclude` and `matches` (regular expressions).
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import type { Fault, FaultRoute } from '../helpers/fault-server.js';

export interface CaseSpec {
  id: string;
  category: 'network' | 'size' | 'content' | 'charset' | 'parser' | 'hostile';
  about: string;
  target?: 'refused' | 'dns' | 'tls' | 'tls-to-plain';
  status?: number;
  headers?: Record<string, string>;
  fault?: Fault;
  chunked?: boolean;
  file?: string;
  text?: string;
  generate?: string;
  truncate?: string;
  prolog?: string;
  encode?: string;
  bom?: boolean;
  contentEncoding?: 'gzip' | 'br' | 'gzip, gzip';
  truncateEncoded?: boolean;
  expect: Expectation;
}

export interface Expectation {
  error?: string;
  status?: number;
  items?: number;
  titles?: string[];
  include?: string[];
  exclude?: string[];
  matches?: string[];
}

const FIXTURES = new URL('../fixtures/feeds/', import.meta.url);

export function loadCases(): CaseSpec[] {
  return (JSON.parse(readFileSync(new URL('cases.json', FIXTURES), 'utf8')) as { cases: CaseSpec[] }).cases;
}

export function readFixture(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

/** The route that serves a case. */
export function routeFor(c: CaseSpec, origin: string): FaultRoute {
  const headers = { ...c.headers };
  let body = bodyOf(c, origin);
  if (c.contentEncoding) {
    for (const coding of c.contentEncoding.split(',').map((s) => s.trim())) body = coding === 'br' ? brotli(body) : gzipSync(body);
    headers['Content-Encoding'] = c.contentEncoding;
  }
  if (c.truncateEncoded) body = body.subarray(0, Math.floor(body.length / 2));
  return { status: c.status, headers, body, fault: c.fault, chunked: c.chunked };
}

function bodyOf(c: CaseSpec, origin: string): Buffer {
  const fileText = c.file === undefined ? undefined : readFixture(c.file).toString('utf8').replaceAll('{{origin}}', origin);
  const made = c.generate ? generate(c.generate, fileText) : (fileText ?? c.text ?? '');
  if (Buffer.isBuffer(made)) return made;
  let text = c.truncate === undefined ? made : made.slice(0, made.indexOf(c.truncate));
  if (c.prolog) text = `<?xml version="1.0" encoding="${c.prolog}"?>\n${text}`;
  const encoding = c.encode ?? 'utf-8';
  return Buffer.concat([c.bom ? BOMS[encoding] ?? Buffer.alloc(0) : Buffer.alloc(0), iconv.encode(text, encoding)]);
}

const BOMS: Record<string, Buffer> = {
  'utf-8': Buffer.from([0xef, 0xbb, 0xbf]),
  'utf-16le': Buffer.from([0xff, 0xfe]),
  'utf-16be': Buffer.from([0xfe, 0xff]),
  'utf-32le': Buffer.from([0xff, 0xfe, 0, 0]),
  'utf-32be': Buffer.from([0, 0, 0xfe, 0xff]),
};

function brotli(body: Buffer): Buffer {
  return brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } });
}

const MB = 1024 * 1024;
const FLOOD = 300_000;
const DAY0 = Date.UTC(2026, 0, 1);

function rss(items: string, title = 'Generated'): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${items}</channel></rss>`;
}

function item(title: string, extra = ''): string {
  return `<item><title>${title}</title><link>https://gen.example/${encodeURIComponent(title.slice(0, 40))}</link>${extra}</item>`;
}

/** A deterministic shuffle (a linear congruential generator), so a failing case fails the same way. */
function shuffled<T>(values: T[]): T[] {
  let seed = 42;
  for (let i = values.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [values[i], values[j]] = [values[j] as T, values[i] as T];
  }
  return values;
}

/** Bodies too big or too regular to keep as files. `name:N` passes a number. */
function generate(spec: string, fileText: string | undefined): string | Buffer {
  const [name = '', arg = ''] = spec.split(/:(.*)/s);
  const n = Number(arg);
  const minute = (i: number) => new Date(DAY0 + i * 60_000);
  switch (name) {
    case 'bytes':
      return Buffer.alloc(n * MB, 0x61);
    case 'bomb':
      return Buffer.alloc(n * MB, 0x20);
    case 'rss':
    case 'rss-shuffled': {
      const order = Array.from({ length: n }, (_, i) => i);
      const items = (name === 'rss' ? order : shuffled(order)).map((i) => `<item><title>Item ${i}</title><pubDate>${minute(i).toUTCString()}</pubDate></item>`);
      return rss(items.join(''));
    }
    case 'atom': {
      const entries = Array.from({ length: n }, (_, i) => `<entry><title>Entry ${i}</title><id>e${i}</id><updated>${minute(n - i).toISOString()}</updated></entry>`);
      return `<feed xmlns="http://www.w3.org/2005/Atom"><title>Generated</title>${entries.join('')}</feed>`;
    }
    case 'jsonfeed': {
      const items = Array.from({ length: n }, (_, i) => ({ id: String(i), title: `Item ${i}`, date_published: minute(i).toISOString() }));
      return JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Generated', items });
    }
    case 'png':
      return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);
    case 'stray-byte': {
      // One windows-1252 "±" (0xB1, a lone continuation byte in UTF-8) after the title's emoji.
      const [before, after] = (fileText ?? '').split('😀');
      return Buffer.concat([Buffer.from(`${before}😀 `), Buffer.from([0xb1]), Buffer.from(after ?? '')]);
    }
    case 'quadratic':
      return `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${'x'.repeat(100_000)}">]>${rss(item(`Blowup ${'&a;'.repeat(50_000)}`))}`;
    case 'long-title':
      return rss(item(`Long ${'x'.repeat(2 * MB)}`));
    case 'huge-attribute':
      return rss(item('Huge attribute', `<enclosure url="https://gen.example/${'a'.repeat(9 * MB)}" type="audio/mpeg"/>`) + item('Next to it'));
    case 'deep-nesting':
      return rss(item('Deep item', `<description>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</description>`) + item('Shallow item'));
    case 'many-attributes':
      return rss(`<item ${Array.from({ length: 100_000 }, (_, i) => `a${i}="${i}"`).join(' ')}><title>Many attributes</title></item>${item('Next to it')}`);
    // The floods: 300,000 repetitions cost a linear parser milliseconds, a quadratic one hours.
    case 'deep-json':
      return `${'{"a":'.repeat(FLOOD)}1${'}'.repeat(FLOOD)}`;
    case 'json-deep-id':
      return `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":${'['.repeat(FLOOD)}${']'.repeat(FLOOD)},"title":"Deep id"}]}`;
    case 'flood':
      return rss(`${item('Before the flood')}<item><title>${arg.repeat(FLOOD)}`);
    case 'doctype-flood':
      return '<!DOCTYPE x ['.repeat(FLOOD) + rss(item('Never reached'));
    case 'link-flood':
      return `<html><head>${'<link'.repeat(FLOOD)}`;
    case 'osc-flood':
      return rss(item(`OSC flood ${'\u001b]'.repeat(FLOOD)}`));
    case 'lt-flood':
      return rss(item(`Tags ${'&lt;'.repeat(FLOOD)}`));
    case 'paren-date':
      return rss(item('Parenthetical date', `<pubDate>${'('.repeat(FLOOD)}</pubDate>`));
    case 'snippet-bait':
      return rss(item('Snippet bait', `<description>${'a&lt;p'.repeat(FLOOD)}</description>`));
    case 'entity-flood':
      return rss(item('Entity flood', `<description>${'&nbsp;'.repeat(FLOOD)}</description>`));
    default:
      throw new Error(`cases.json: unknown generator "${spec}"`);
  }
}
