import type { FeedItem, ParsedFeed } from '../types.js';
import { parseFeedDate } from './dates.js';
import { itemIdentity } from './item-identity.js';
import { resolveUrl } from './resolve-url.js';

/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Unknown fields are ignored; bad items are skipped. */
export function parseJsonFeed(text: string, sourceUrl: string, baseUrl: string): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new Error(`invalid JSON Feed: ${(err as Error).message}`);
  }
  if (!isObject(doc) || typeof doc.version !== 'string' || !doc.version.startsWith('https://jsonfeed.org/version/')) {
    throw new Error('not a JSON Feed (no jsonfeed.org "version")');
  }
  const feedBase = resolveUrl(string(doc.home_page_url), baseUrl) ?? baseUrl;
  const items = Array.isArray(doc.items) ? doc.items.filter(isObject).map((raw) => toFeedItem(raw, sourceUrl, baseUrl)) : [];
  return { format: 'jsonfeed', title: string(doc.title)?.trim(), siteUrl: feedBase, items };
}

function toFeedItem(raw: Record<string, unknown>, sourceUrl: string, baseUrl: string): FeedItem {
  const url = resolveUrl(string(raw.url), baseUrl) ?? resolveUrl(string(raw.external_url), baseUrl) ?? '';
  const content = string(raw.content_html) ?? string(raw.content_text) ?? string(raw.summary);
  const title = (string(raw.title) ?? '').replace(/\s+/g, ' ').trim();
  const guid = raw.id === undefined || raw.id === null ? undefined : String(raw.id);
  // 1.1 has `authors: [{name}]`; 1.0 had `author: {name}`.
  const authors = Array.isArray(raw.authors) ? raw.authors : isObject(raw.author) ? [raw.author] : [];
  const author = authors.map((a) => (isObject(a) ? string(a.name) : undefined)).filter(Boolean).join(', ') || undefined;
  return {
    id: itemIdentity(sourceUrl, { guid, url, title, content }),
    url,
    title,
    publishedAt: parseFeedDate(raw.date_published) ?? parseFeedDate(raw.date_modified),
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
