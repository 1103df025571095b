import type { FeedItem, ParsedFeed } from '../types.js';
import { safeLine } from '../util/terminal-safe.js';
import { findFeedLinks, rootElement, sniffBody } from './sniff.js';
import { parseJsonFeed } from './json-feed.js';
import { parseXmlFeed } from './rss.js';

/** The newest entries kept per feed; older ones in very long feeds are dropped. */
export const MAX_ITEMS_PER_FEED = 200;
/** Longer titles and author names are cut (a bound for hostile feeds; real ones are far shorter). */
const MAX_TITLE_LENGTH = 1_000;
const MAX_AUTHOR_LENGTH = 200;

export class FeedFormatError extends Error {
  override name = 'FeedFormatError';
}

/**
 * Any supported feed → one ParsedFeed. The format is sniffed from the content.
 * `sourceUrl` keys item identities; `baseUrl` (the URL after redirects) resolves relative links.
 * Titles and authors come out as one line without control characters or escape sequences
 * (content is HTML for the later stages, whose output strips it), and item URLs are http(s) or empty.
 */
export async function parseFeed(text: string, sourceUrl: string, baseUrl: string = sourceUrl): Promise<ParsedFeed> {
  if (text.trim() === '') throw new FeedFormatError('returned an empty document');
  const kind = sniffBody(text);
  let feed: ParsedFeed;
  switch (kind) {
    case 'jsonfeed':
    case 'json':
      feed = parseJsonFeed(text, sourceUrl, baseUrl, { maxItems: MAX_ITEMS_PER_FEED });
      break;
    case 'rss':
    case 'atom':
    case 'rdf':
      feed = await parseXmlFeed(text, kind, sourceUrl, baseUrl, { maxItems: MAX_ITEMS_PER_FEED });
      break;
    case 'html': {
      const links = findFeedLinks(text, baseUrl);
      const hint = links.length > 0 ? ` (the page links to a feed: ${links[0]})` : '';
      throw new FeedFormatError(`returned an HTML page, not a feed${hint}`);
    }
    case 'xml':
      throw new FeedFormatError(`returned an XML document (<${safeLine(rootElement(text)?.name ?? '').slice(0, 40)}>), not RSS, Atom or JSON Feed`);
    default:
      throw new FeedFormatError('returned something that is not RSS, Atom or JSON Feed');
  }
  return { ...feed, title: cleanLine(feed.title, MAX_TITLE_LENGTH), items: newestFirst(feed.items.map(cleanItem)).slice(0, MAX_ITEMS_PER_FEED) };
}

function cleanItem(item: FeedItem): FeedItem {
  return {
    ...item,
    title: cleanLine(item.title, MAX_TITLE_LENGTH) ?? '',
    author: cleanLine(item.author, MAX_AUTHOR_LENGTH),
  };
}

/** One line without control characters or escape sequences, at most `max` characters. */
function cleanLine(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  // Cut first (twice the room, for the escapes that safeLine removes): a bound on its work.
  const line = safeLine(text.slice(0, 2 * max));
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line || undefined;
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
