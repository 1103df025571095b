import Parser from 'rss-parser';
import type { FeedFormat, FeedItem, ParsedFeed } from '../types.js';
import { prepareXml } from './xml-safety.js';
import { parseFeedDate } from './dates.js';
import { itemIdentity } from './item-identity.js';
import { resolveUrl } from './resolve-url.js';

type RawItem = Record<string, unknown> & {
  title?: string;
  link?: string;
  guid?: string;
  id?: string;
  pubDate?: string;
  isoDate?: string;
  creator?: string;
  author?: string;
  content?: string;
  summary?: string;
  contentSnippet?: string;
};

const ITEM_FIELDS = ['content:encoded', 'dc:creator', 'dc:date', 'description', 'brief-published', 'brief-updated'];

/**
 * RSS 0.9x/1.0/2.0 and Atom through rss-parser, from text brief already fetched
 * and decoded (rss-parser's own HTTP is never used). Around its weak spots:
 * - entity expansion is disarmed first (see prepareXml);
 * - an Atom <published>/<updated> it cannot parse would throw for the whole feed
 *   (it calls toISOString() on an Invalid Date), so those elements are renamed
 *   and parsed here instead;
 * - a parser instance is made per call, so no state carries over after an error.
 */
export async function parseXmlFeed(text: string, format: FeedFormat, sourceUrl: string, baseUrl: string): Promise<ParsedFeed> {
  let xml = prepareXml(text);
  if (format === 'atom') xml = xml.replace(/<(\/?)((?:[\w-]+:)?)(published|updated)(\s|>|\/)/g, '<$1$2brief-$3$4');
  const parser: Parser<Record<string, unknown>, RawItem> = new Parser({ customFields: { item: ITEM_FIELDS } });
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(xml);
  } catch (err) {
    throw new Error(`invalid ${format === 'atom' ? 'Atom' : 'RSS'} XML: ${firstLine((err as Error).message)}`);
  }
  const feedBase = resolveUrl(typeof feed.link === 'string' ? feed.link : undefined, baseUrl) ?? baseUrl;
  const items = (feed.items ?? []).map((raw) => toFeedItem(raw, sourceUrl, baseUrl));
  return { format, title: cleanText(feed.title), siteUrl: feedBase, items };
}

function toFeedItem(raw: RawItem, sourceUrl: string, baseUrl: string): FeedItem {
  const url = resolveUrl(str(raw.link), baseUrl) ?? resolveUrl(isUrl(str(raw.guid)) ? str(raw.guid) : undefined, baseUrl) ?? '';
  const content = longest([str(raw['content:encoded']), str(raw.content), str(raw.summary), str(raw.description)]);
  const title = cleanText(str(raw.title)) ?? '';
  const publishedAt =
    parseFeedDate(raw['brief-published']) ?? parseFeedDate(raw['brief-updated']) ?? parseFeedDate(raw.isoDate) ?? parseFeedDate(raw.pubDate) ?? parseFeedDate(raw['dc:date']);
  const author = cleanText(str(raw.creator) ?? str(raw['dc:creator']) ?? str(raw.author));
  const guid = str(raw.guid) ?? str(raw.id);
  return { id: itemIdentity(sourceUrl, { guid, url, title, content }), url, title, publishedAt, author, content };
}

/** rss-parser hands back strings, or objects for elements with attributes (`{ _: text, $: attrs }`). */
function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const o = value as { _?: unknown; $?: { href?: unknown } };
    if (typeof o._ === 'string') return o._;
    if (typeof o.$?.href === 'string') return o.$.href;
  }
  return undefined;
}

function longest(values: Array<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const v of values) if (v && v.trim() && (!best || v.length > best.length)) best = v.trim();
  return best;
}

function cleanText(value: string | undefined): string | undefined {
  const text = value?.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
  return text || undefined;
}

function isUrl(value: string | undefined): boolean {
  return !!value && /^https?:\/\//i.test(value.trim());
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}
