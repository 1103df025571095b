import Parser from 'rss-parser';
import { decodeHTMLStrict } from 'entities';
import type { FeedFormat, FeedItem, ParsedFeed } from '../types.js';
import { prepareXml } from './xml-safety.js';
import { repairAt, shapeFeedXml } from './xml-shape.js';
import { entryDate } from './dates.js';
import { itemIdentity } from './item-identity.js';
import { resolveUrl } from './resolve-url.js';
import { rootElement } from './sniff.js';

export interface XmlFeedOptions {
  /** Entries kept (the newest); the others are cut before parsing. */
  maxItems: number;
}

/** Entries nested deeper, or with a longer tag, are dropped (see shapeFeedXml). */
const MAX_ITEM_DEPTH = 64;
const MAX_TAG_LENGTH = 256 * 1024;
/** Parse errors inside entries are repaired by dropping the entry, this many times at most. */
const MAX_REPAIRS = 10;

/**
 * Elements renamed on their way into rss-parser (through xml2js's tagNameProcessors), to
 * keep them away from its code paths that break on real feeds:
 * - Atom dates: it calls toISOString() on whatever <published>/<updated> holds, so one bad
 *   date threw for the whole feed;
 * - Atom <link>: it reads `link.$.rel`, which throws for a <link> without attributes;
 * - RSS <description>, <content:encoded> and Atom <content>: it makes "snippets" of them
 *   with a regular expression that takes quadratic time on hostile HTML;
 * - an element named "_" collides with xml2js's key for text and crashes it.
 * brief reads all of these itself (customFields below).
 */
const RENAMED: Record<'rss' | 'atom', ReadonlySet<string>> = {
  rss: new Set(['description', 'content:encoded']),
  atom: new Set(['link', 'content', 'summary', 'published', 'updated', 'issued', 'modified', 'created']),
};
const PREFIX = 'brief-';

type Raw = Record<string, unknown>;

/**
 * RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 through rss-parser, from text brief already fetched
 * and decoded (rss-parser's own HTTP and decoding are never used). Around its weak spots:
 * - the XML is made safe (prepareXml: no DOCTYPE, so no entity is ever declared) and
 *   reshaped (shapeFeedXml: newest entries only, cut-off documents closed);
 * - a parse error inside an entry drops that entry, not the feed (repairAt);
 * - the elements it mishandles are renamed (RENAMED) and read here;
 * - a parser is made per call, so no state carries over after an error;
 * - an <rss> without a version it knows is read as RSS 2.0.
 */
export async function parseXmlFeed(text: string, format: FeedFormat, sourceUrl: string, baseUrl: string, options: XmlFeedOptions): Promise<ParsedFeed> {
  const prefix = atomPrefix(text, format);
  const itemName = format === 'atom' ? `${prefix}entry` : 'item';
  const shaped = shapeFeedXml(prepareXml(text), { itemName, maxItems: options.maxItems, maxDepth: MAX_ITEM_DEPTH, maxTagLength: MAX_TAG_LENGTH });
  if (shaped.kind === 'empty') return { format, items: [] };
  if (shaped.kind === 'cut-off') throw new Error(`the ${formatName(format)} document is cut off before its first complete entry`);
  let xml = shaped.xml;
  let firstError: unknown;
  for (let repairs = 0; ; repairs++) {
    let feed: Raw;
    try {
      feed = (await newParser(format, prefix).parseString(xml)) as unknown as Raw;
    } catch (err) {
      firstError ??= err;
      const offset = errorOffset(err, xml);
      const repaired = repairs < MAX_REPAIRS && offset !== undefined ? repairAt(xml, itemName, offset) : undefined;
      if (repaired === undefined) throw new Error(describeParseError(firstError, format));
      xml = repaired;
      continue;
    }
    const parsed = toParsedFeed(feed, format, sourceUrl, baseUrl);
    // Repairs that left nothing saved nothing: the feed is broken, and says why.
    if (firstError !== undefined && parsed.items.length === 0) throw new Error(describeParseError(firstError, format));
    return parsed;
  }
}

/** "atom:" for a document whose root is `<atom:feed>`, else "". */
function atomPrefix(text: string, format: FeedFormat): string {
  const name = format === 'atom' ? (rootElement(text)?.name ?? '') : '';
  return name.slice(0, name.indexOf(':') + 1);
}

/** A customFields entry: an element copied as rss-parser copies it (its first value), or whole (`keepArray`). */
type Field = string | [string, string, { keepArray: boolean }];
const whole = (name: string, as = name): Field => [name, as, { keepArray: true }];
/** An element's attributes, for xml:base. */
const ATTRIBUTES = whole('$', `${PREFIX}attrs`);

function newParser(format: FeedFormat, prefix: string): Parser<Raw, Raw> {
  const atom = format === 'atom';
  const renamed = RENAMED[atom ? 'atom' : 'rss'];
  const rename = (name: string): string => {
    const local = prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;
    if (format === 'rdf' && /(^|:)rdf$/i.test(local)) return 'rdf:RDF'; // whatever its prefix, as rss-parser expects
    return local === '_' || renamed.has(local) ? PREFIX + local : local;
  };
  const copied = [...renamed].filter((name) => name !== 'link').map((name) => PREFIX + name);
  const item: Field[] = atom ? [ATTRIBUTES, whole(`${PREFIX}link`), ...copied, 'dc:creator'] : [ATTRIBUTES, ...copied, 'dc:creator', 'dc:date'];
  const feed: Field[] = atom ? [ATTRIBUTES, whole(`${PREFIX}link`)] : [ATTRIBUTES];
  return new Parser<Raw, Raw>({
    defaultRSS: 2,
    xml2js: { tagNameProcessors: [rename] },
    // rss-parser's types allow only names for the feed; its code takes the same entries as for items.
    customFields: { feed: feed as string[], item },
  });
}

function toParsedFeed(feed: Raw, format: FeedFormat, sourceUrl: string, baseUrl: string): ParsedFeed {
  const atom = format === 'atom';
  const feedBase = withBase(feed, baseUrl);
  const siteUrl = atom ? atomLink(feed, feedBase) : resolveUrl(textOf(feed.link), feedBase);
  const rawItems = Array.isArray(feed.items) ? (feed.items as Raw[]) : [];
  const items = rawItems.map((raw) => (atom ? atomItem(raw, sourceUrl, feedBase) : rssItem(raw, sourceUrl, feedBase)));
  return { format, title: titleText(feed.title), siteUrl: siteUrl ?? baseUrl, items };
}

function rssItem(raw: Raw, sourceUrl: string, feedBase: string): FeedItem {
  const base = withBase(raw, feedBase);
  const guid = textOf(raw.guid);
  const url = resolveUrl(hrefOf(raw.link) ?? textOf(raw.link), base) ?? (isHttpUrl(guid) ? resolveUrl(guid, base) : undefined) ?? '';
  const content = longest([htmlOf(raw[`${PREFIX}content:encoded`]), htmlOf(raw[`${PREFIX}description`])]);
  return entry(sourceUrl, { guid, url, content, title: raw.title, author: raw.creator ?? raw['dc:creator'], raw });
}

function atomItem(raw: Raw, sourceUrl: string, feedBase: string): FeedItem {
  const base = withBase(raw, feedBase);
  const url = atomLink(raw, base) ?? '';
  const content = longest([htmlOf(raw[`${PREFIX}content`]), htmlOf(raw[`${PREFIX}summary`])]);
  return entry(sourceUrl, { guid: textOf(raw.id), url, content, title: raw.title, author: raw.author ?? raw['dc:creator'], raw });
}

function entry(sourceUrl: string, e: { guid?: string; url: string; content?: string; title: unknown; author: unknown; raw: Raw }): FeedItem {
  const title = titleText(e.title) ?? '';
  const publishedAt = entryDate((name) => textOf(e.raw[RENAMED.atom.has(name) ? PREFIX + name : name]));
  return { id: itemIdentity(sourceUrl, { guid: e.guid, url: e.url, title, content: e.content }), url: e.url, title, publishedAt, author: titleText(e.author), content: e.content };
}

/** The base URL in effect inside an element: its xml:base resolved against its parent's. */
function withBase(raw: Raw, parentBase: string): string {
  const attrs = raw[`${PREFIX}attrs`];
  const base = attrs && typeof attrs === 'object' ? (attrs as Raw)['xml:base'] : undefined;
  return (typeof base === 'string' && resolveUrl(base, parentBase)) || parentBase;
}

/** An xml2js element's attributes (`$`), or none. */
function attributes(value: unknown): Raw {
  const attrs = value && typeof value === 'object' ? (value as Raw).$ : undefined;
  return attrs && typeof attrs === 'object' ? (attrs as Raw) : {};
}

function hrefOf(value: unknown): string | undefined {
  const href = attributes(value).href;
  return typeof href === 'string' ? href : undefined;
}

/** An Atom entry's (or feed's) link: rel="alternate" (or no rel) first, HTML first among those; each link may carry its own xml:base. */
function atomLink(raw: Raw, base: string): string | undefined {
  const links = raw[`${PREFIX}link`];
  if (!Array.isArray(links)) return undefined;
  const candidates = links.map((link: unknown) => {
    const attrs = attributes(link);
    const href = hrefOf(link) ?? textOf(link); // <link>url</link> is wrong, and common
    const rel = typeof attrs.rel === 'string' ? attrs.rel : 'alternate';
    const html = attrs.type === undefined || /html/i.test(String(attrs.type));
    return { url: resolveUrl(href, withBase({ [`${PREFIX}attrs`]: attrs }, base)), rank: (rel === 'alternate' ? 0 : 2) + (html ? 0 : 1) };
  });
  return candidates.filter((c) => c.url).sort((a, b) => a.rank - b.rank)[0]?.url;
}

/**
 * The text of an xml2js value: a string, `{ _: text, $: attrs }`, or an element with
 * children (an XHTML title), whose text is gathered to a bounded depth.
 */
function textOf(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => textOf(v, depth)).join(' ');
  if (!value || typeof value !== 'object' || depth > MAX_ITEM_DEPTH) return undefined;
  const parts = Object.entries(value)
    .filter(([key]) => key !== '$')
    .map(([, v]) => textOf(v, depth + 1) ?? '');
  return parts.join(' ');
}

/** Content as HTML: text as it is; an element with children (Atom's type="xhtml") rebuilt as simple HTML. */
function htmlOf(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => htmlOf(v, depth)).join('');
  if (!value || typeof value !== 'object' || depth > MAX_ITEM_DEPTH) return undefined;
  return Object.entries(value)
    .filter(([key]) => key !== '$')
    .map(([key, v]) => {
      if (key === '_') return escapeHtml(String(v));
      const tag = key.replace(/^.*:/, '').replace(PREFIX, '');
      const inner = Array.isArray(v) ? v.map((child) => htmlOf(child, depth + 1) ?? '') : [htmlOf(v, depth + 1) ?? ''];
      return inner.map((html) => `<${tag}>${html}</${tag}>`).join('');
    })
    .join('');
}

/** Titles and names: markup removed, HTML entities decoded (feeds often escape twice), whitespace collapsed. */
function titleText(value: unknown): string | undefined {
  const text = textOf(value);
  if (!text) return undefined;
  const clean = decodeHTMLStrict(text.replace(/<[^<>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
  return clean || undefined;
}

function longest(values: Array<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const v of values) if (v && v.trim() && (!best || v.length > best.length)) best = v.trim();
  return best;
}

function isHttpUrl(value: string | undefined): boolean {
  return !!value && /^https?:\/\//i.test(value.trim());
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function formatName(format: FeedFormat): string {
  return format === 'atom' ? 'Atom' : 'RSS';
}

/** Where sax stopped, from its "Line: n\nColumn: m" (lines from 0), as an offset into `xml`. */
function errorOffset(err: unknown, xml: string): number | undefined {
  const m = /\nLine: (\d+)\nColumn: (\d+)/.exec(err instanceof Error ? err.message : '');
  if (!m) return undefined;
  let lineStart = 0;
  for (let line = Number(m[1]); line > 0 && lineStart >= 0; line--) lineStart = xml.indexOf('\n', lineStart) + 1 || -1;
  return lineStart < 0 ? undefined : Math.min(xml.length, lineStart + Math.max(0, Number(m[2]) - 1));
}

function describeParseError(err: unknown, format: FeedFormat): string {
  const message = err instanceof Error ? err.message : String(err);
  const first = (message.split('\n')[0] ?? '').trim();
  if (/\nLine: \d+/.test(message) || first === 'Unable to parse XML.') return `invalid ${formatName(format)} XML: ${first.replace(/\.$/, '')}`;
  return `could not read the ${formatName(format)} feed: ${first}`;
}
