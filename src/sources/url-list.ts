import type { Source } from '../types.js';
import { normalizeSourceUrl } from './source-url.js';

/**
 * A plain URL list, one feed a line, compatible with newsboat's `urls` file:
 *
 *     # comment
 *     https://example.com/feed.xml
 *     https://example.com/tech.xml  tech "science and space"  "~Example Tech"
 *
 * After the URL come tags (quote a tag with spaces); a quoted word starting with
 * `~` is the source's name. newsboat's hidden tags (`!`) are ignored, and its
 * `query:`, `exec:` and `filter:` lines are skipped with a note.
 */
export function parseUrlList(text: string): { sources: Source[]; skipped: string[] } {
  const sources: Source[] = [];
  const skipped: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [first = '', ...rest] = tokenize(line);
    if (/^(query|exec|filter):/i.test(first)) {
      skipped.push(`line ${index + 1}: ${first.split(':')[0]}: feeds are not supported`);
      return;
    }
    let url: string;
    try {
      url = normalizeSourceUrl(first);
    } catch (err) {
      skipped.push(`line ${index + 1}: ${(err as Error).message}`);
      return;
    }
    let name: string | undefined;
    const tags: string[] = [];
    for (const token of rest) {
      if (token.startsWith('#')) break; // trailing comment
      if (token.startsWith('~')) name = token.slice(1).trim() || undefined;
      else if (token !== '!' && token !== '') tags.push(token);
    }
    sources.push({ url, name, tags });
  });
  return { sources, skipped };
}

function tokenize(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] as string)));
}
