/** What a fetched body is, judged from its content: Content-Type headers lie. */
export type BodyKind = 'jsonfeed' | 'json' | 'rss' | 'rdf' | 'atom' | 'html' | 'unknown';

export function sniffBody(text: string): BodyKind {
  const head = text
    .slice(0, 65536)
    .replace(/^\uFEFF/, '')
    .replace(/<!DOCTYPE\s+(?!html)(?:[^[>]|\[[\s\S]*?\])*>/gi, '')
    .slice(0, 4096)
    .trimStart();
  if (head.startsWith('{')) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(text.slice(0, 4096)) ? 'jsonfeed' : 'json';
  // Skip the prolog, comments, processing instructions and doctype to reach the root element.
  const root = head.replace(/^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|\s+)*/i, '').match(/^<([\w:.-]+)/)?.[1]?.toLowerCase();
  if (root === 'rss') return 'rss';
  if (root === 'feed') return 'atom';
  if (root === 'rdf:rdf' || root?.endsWith(':rdf')) return 'rdf';
  if (root === 'html' || /^<!doctype html/i.test(head) || /<(head|body)[\s>]/i.test(head)) return 'html';
  return 'unknown';
}

/** Feeds an HTML page announces with `<link rel="alternate" type="application/rss+xml" href>`. */
export function findFeedLinks(html: string, baseUrl: string): string[] {
  const links: string[] = [];
  for (const m of html.slice(0, 200_000).matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/rel\s*=\s*["']?[^"'>]*alternate/i.test(tag)) continue;
    if (!/type\s*=\s*["']?application\/(rss|atom|feed)\+(xml|json)/i.test(tag)) continue;
    const href = tag.match(/href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i);
    const value = href?.[1] ?? href?.[2] ?? href?.[3];
    if (!value) continue;
    try {
      links.push(new URL(value.replace(/&amp;/g, '&'), baseUrl).href);
    } catch {
      // an unusable href is no lead
    }
  }
  return [...new Set(links)];
}
