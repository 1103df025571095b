import type { FeedItem, ParsedFeed } from '../types.js';
import { parseFeedDate } from './dates.js';
import { itemIdentity } from './item-identity.js';
import { resolveUrl } from './resolve-url.js';
import { safeLine } from '../util/terminal-safe.js';

/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Unknown fields are ignored;
 * bad items are skipped. A JSON document cut off in transfer cannot be partly read: it is an error.
 */
export function parseJsonFeed(text: string, sourceUrl: string, baseUrl: string, options: { maxItems: number }): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    // V8 quotes a piece of the input in its message: keep it to one safe line.
    throw new Error(`invalid JSON Feed (cut off or malformed): ${safeLine((err as Error).message).slice(0, 120)}`);
  }
  if (!isObject(doc) || typeof doc.version !== 'string' || !/^https?:\/\/jsonfeed\.org\/version\//.test(doc.version)) {
    throw new Error('returned JSON that is not a JSON Feed (no jsonfeed.org "version")');
  }
  const feedBase = resolveUrl(string(doc.home_page_url), baseUrl) ?? baseUrl;
  const raw = Array.isArray(doc.items) ? doc.items.filter(isObject) : [];
  const items = newest(raw, options.maxItems).map((item) => toFeedItem(item, sourceUrl, baseUrl));
  return { format: 'jsonfeed', title: string(doc.title)?.trim(), siteUrl: feedBase, items };
}

/** The `max` newest items, in the order parseFeed sorts them: a long feed costs no more than a short one. */
function newest(items: Array<Record<string, unknown>>, max: number): Array<Record<string, unknown>> {
  if (items.length <= max) return items;
  return items
    .map((item, index) => ({ item, index, time: Date.parse(dateOf(item) ?? '') || -Infinity }))
    .sort((a, b) => b.time - a.time || a.index - b.index)
    .slice(0, max)
    .map(({ item }) => item);
}

function dateOf(raw: Record<string, unknown>): string | undefined {
  return parseFeedDate(raw.date_published) ?? parseFeedDate(raw.date_modified);
}

function toFeedItem(raw: Record<string, unknown>, sourceUrl: string, baseUrl: string): FeedItem {
  const url = resolveUrl(string(raw.url), baseUrl) ?? resolveUrl(string(raw.external_url), baseUrl) ?? '';
  const content = string(raw.content_html) ?? string(raw.content_text) ?? string(raw.summary);
  const title = (string(raw.title) ?? '').replace(/\s+/g, ' ').trim();
  // The spec says a string; numbers are common. Anything else is no id (and a deep array would overflow String()).
  const guid = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : undefined;
  // 1.1 has `authors: [{name}]`; 1.0 had `author: {name}`.
  const authors = Array.isArray(raw.authors) ? raw.authors : isObject(raw.author) ? [raw.author] : [];
  const author = authors.map((a) => (isObject(a) ? string(a.name) : undefined)).filter(Boolean).join(', ') || undefined;
  return {
    id: itemIdentity(sourceUrl, { guid, url, title, content }),
    url,
    title,
    publishedAt: dateOf(raw),
    author,
    content: content?.trim() || undefined,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function string(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
