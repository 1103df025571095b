import { decodeXML, encodeXML } from 'entities';
import type { Source } from '../types.js';
import { normalizeSourceUrl } from './source-url.js';

/**
 * OPML subscription lists. A small tag scanner rather than a full XML parser:
 * OPML lists are flat `<outline>` elements with attributes, and a scanner cannot be
 * tricked into expanding entities or reading external DTDs.
 * A feed outline's enclosing category outlines become its tags.
 */
export function parseOpml(text: string): { sources: Source[]; skipped: string[] } {
  if (!/<opml[\s>]/i.test(text)) throw new Error('not an OPML document (no <opml> element)');
  const body = text.replace(/<!--[\s\S]*?-->/g, '');
  const sources: Source[] = [];
  const skipped: string[] = [];
  const categories: Array<string | null> = [];
  for (const match of body.matchAll(/<(\/?)outline\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/gi)) {
    const [, closing, attrText = '', selfClosing] = match;
    if (closing) {
      categories.pop();
      continue;
    }
    const attrs = parseAttributes(attrText);
    const feedUrl = attrs.xmlurl ?? attrs.url;
    const label = attrs.title ?? attrs.text;
    if (feedUrl) {
      try {
        const tags = [...(attrs.category ?? '').split(/[,/]/), ...categories].map((t) => (t ?? '').trim().toLowerCase()).filter(Boolean);
        sources.push({ url: normalizeSourceUrl(feedUrl), name: label?.trim() || undefined, tags: [...new Set(tags)] });
      } catch (err) {
        skipped.push(`${feedUrl}: ${(err as Error).message}`);
      }
    }
    if (!selfClosing) categories.push(feedUrl ? null : (label ?? null));
  }
  return { sources, skipped };
}

function parseAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of text.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attrs[(m[1] as string).toLowerCase()] = decodeXML(m[2] ?? m[3] ?? '');
  }
  return attrs;
}

export function toOpml(sources: readonly Source[], title = 'brief sources'): string {
  const attr = (value: string) => encodeXML(value);
  const lines = sources.map((s) => {
    const name = s.name ?? s.url;
    const category = s.tags.length > 0 ? ` category="${attr(s.tags.join(','))}"` : '';
    return `    <outline type="rss" text="${attr(name)}" title="${attr(name)}" xmlUrl="${attr(s.url)}"${category}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${attr(title)}</title></head>`,
    '  <body>',
    ...lines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
