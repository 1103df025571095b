import type { FeedItem, ParsedFeed } from '../types.js';
import { findFeedLinks, sniffBody } from './sniff.js';
import { parseJsonFeed } from './json-feed.js';
import { parseXmlFeed } from './rss.js';

/** The newest entries kept per feed; older ones in very long feeds are dropped. */
export const MAX_ITEMS_PER_FEED = 200;

export class FeedFormatError extends Error {
  override name = 'FeedFormatError';
}

/**
 * Any supported feed → one ParsedFeed. The format is sniffed from the content.
 * `sourceUrl` keys item identities; `baseUrl` (the URL after redirects) resolves relative links.
 */
export async function parseFeed(text: string, sourceUrl: string, baseUrl: string = sourceUrl): Promise<ParsedFeed> {
  const kind = sniffBody(text);
  let feed: ParsedFeed;
  switch (kind) {
    case 'jsonfeed':
      feed = parseJsonFeed(text, sourceUrl, baseUrl);
      break;
    case 'rss':
    case 'atom':
    case 'rdf':
      feed = await parseXmlFeed(text, kind, sourceUrl, baseUrl);
      break;
    case 'html': {
      const links = findFeedLinks(text, baseUrl);
      const hint = links.length > 0 ? ` (the page links to a feed: ${links[0]})` : '';
      throw new FeedFormatError(`returned an HTML page, not a feed${hint}`);
    }
    case 'json':
      throw new FeedFormatError('returned JSON that is not a JSON Feed');
    default:
      throw new FeedFormatError('returned something that is not RSS, Atom or JSON Feed');
  }
  return { ...feed, items: newestFirst(feed.items).slice(0, MAX_ITEMS_PER_FEED) };
}

/** Entries without duplicate ids, dated ones newest first; undated ones keep feed order after them (feeds usually list newest first). */
function newestFirst(items: FeedItem[]): FeedItem[] {
  const seen = new Set<string>();
  const unique = items.filter((item) => !seen.has(item.id) && seen.add(item.id));
  return unique
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const ta = a.item.publishedAt ? Date.parse(a.item.publishedAt) : -Infinity;
      const tb = b.item.publishedAt ? Date.parse(b.item.publishedAt) : -Infinity;
      return tb - ta || a.index - b.index;
    })
    .map(({ item }) => item);
}
