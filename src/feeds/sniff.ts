import { scanXml } from './xml-scan.js';

/** What a fetched body is, judged from its content: Content-Type headers lie. */
export type BodyKind = 'jsonfeed' | 'json' | 'rss' | 'rdf' | 'atom' | 'html' | 'xml' | 'unknown';

/** Roots that make a document an HTML page (the start of one, at least). */
const HTML_ROOTS = new Set(['html', 'head', 'body', 'meta', 'title', 'link', 'script', 'style', 'div', 'p', 'table', 'center', 'font', 'br']);
/** Longer `<link>` tags are not feed links (and would make the attribute tests slow). */
const MAX_LINK_TAG = 2_000;

export function sniffBody(text: string): BodyKind {
  const start = text.slice(0, 1024).replace(/^\uFEFF/, '').trimStart();
  // JSON Feed's "version" usually comes first; parseFeed still tries any JSON object.
  if (start.startsWith('{')) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(text.slice(0, 4096)) ? 'jsonfeed' : 'json';
  const root = rootElement(text);
  const name = root?.name.toLowerCase();
  if (name === 'rss') return 'rss';
  if (name === 'feed' || name?.endsWith(':feed')) return 'atom';
  if (name === 'rdf:rdf' || name?.endsWith(':rdf')) return 'rdf';
  if (root?.htmlDoctype || (name !== undefined && HTML_ROOTS.has(name))) return 'html';
  return name ? 'xml' : 'unknown';
}

/** The document's first element (its root), and whether an HTML doctype came before it. */
export function rootElement(text: string): { name: string; htmlDoctype: boolean } | undefined {
  let htmlDoctype = false;
  for (const token of scanXml(text)) {
    if (token.kind === 'declaration') htmlDoctype ||= /^<!doctype\s+html/i.test(text.slice(token.start, token.start + 15));
    if (token.kind === 'open' || token.kind === 'empty') return { name: token.name as string, htmlDoctype };
  }
  return undefined;
}

/** Feeds an HTML page announces with `<link rel="alternate" type="application/rss+xml" href>` (http and https only). */
export function findFeedLinks(html: string, baseUrl: string): string[] {
  const links: string[] = [];
  // `[^<>]*` rather than `[^>]*`: a tag cannot hold "<", and the search stays linear on "<link<link<link…".
  for (const m of html.slice(0, 200_000).matchAll(/<link\b[^<>]*>/gi)) {
    const tag = m[0];
    if (tag.length > MAX_LINK_TAG) continue;
    if (!/rel\s*=\s*["']?[^"'>]*alternate/i.test(tag)) continue;
    if (!/type\s*=\s*["']?application\/(rss|atom|feed)\+(xml|json)/i.test(tag)) continue;
    const href = tag.match(/href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i);
    const value = href?.[1] ?? href?.[2] ?? href?.[3];
    if (!value) continue;
    try {
      const url = new URL(value.replace(/&amp;/g, '&'), baseUrl);
      if (url.protocol === 'http:' || url.protocol === 'https:') links.push(url.href);
    } catch {
      // an unusable href is no lead
    }
  }
  return [...new Set(links)];
}
