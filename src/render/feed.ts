/**
 * The last briefs as a feed any feed reader can subscribe to: Atom 1.0 or JSON Feed 1.1.
 * One entry per stored brief, its content the brief's HTML (see html.ts: escaped by
 * construction). Ids are name-based UUIDs of the brief's date and generation time, so
 * an entry keeps its id however often the feed is written, and a reader never shows it twice.
 */
import { createHash } from 'node:crypto';
import type { Brief } from '../types.js';
import { safeLine } from '../util/terminal-safe.js';
import { countLine, formatDay } from './story-meta.js';
import { renderHtmlBody } from './html.js';

export interface FeedOptions {
  /** The feed's title ("brief"). */
  title: string;
  /** The feed's `updated` time when there is no brief yet. */
  now: Date;
  generator: { name: string; version: string };
}

/** The JSON Feed version this module writes. */
const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';
/** RFC 4122's namespace for URL names, the base of brief's name-based ids. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** A name-based (version 5, SHA-1) UUID, as RFC 4122 defines it. */
export function uuidV5(name: string, namespace = URL_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The stable id of one brief's entry. */
export function entryId(brief: Brief): string {
  return `urn:uuid:${uuidV5(`brief:${brief.date}:${brief.generatedAt}`)}`;
}

function feedId(title: string): string {
  return `urn:uuid:${uuidV5(`brief-feed:${title}`)}`;
}

function entryTitle(brief: Brief): string {
  return `Brief — ${formatDay(brief.date)}`;
}

/** "3 stories from 2 sources: headline; headline; headline". */
function entrySummary(brief: Brief): string {
  const headlines = brief.stories.map((s) => safeLine(s.headline)).join('; ');
  return headlines ? `${countLine(brief)}: ${headlines}` : countLine(brief);
}

/** Escapes text for XML, dropping what XML 1.0 cannot hold (controls, lone surrogates, U+FFFE/U+FFFF). */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] as string);
}

/** Briefs newest first, as an Atom 1.0 feed. */
export function renderAtom(briefs: readonly Brief[], o: FeedOptions): string {
  const updated = briefs[0]?.generatedAt ?? o.now.toISOString();
  const entries = briefs.map((brief) => {
    const html = renderHtmlBody(brief, new Date(brief.generatedAt));
    return `  <entry>
    <id>${entryId(brief)}</id>
    <title>${escapeXml(entryTitle(brief))}</title>
    <published>${escapeXml(brief.generatedAt)}</published>
    <updated>${escapeXml(brief.generatedAt)}</updated>
    <summary>${escapeXml(entrySummary(brief))}</summary>
    <content type="html">${escapeXml(html)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${feedId(o.title)}</id>
  <title>${escapeXml(o.title)}</title>
  <subtitle>Today's news as a short brief, summarized locally</subtitle>
  <updated>${escapeXml(updated)}</updated>
  <author><name>${escapeXml(o.generator.name)}</name></author>
  <generator version="${escapeXml(o.generator.version)}">${escapeXml(o.generator.name)}</generator>
${entries.join('\n')}
</feed>
`;
}

/** Briefs newest first, as a JSON Feed 1.1. */
export function renderJsonFeed(briefs: readonly Brief[], o: FeedOptions): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title: o.title,
    description: "Today's news as a short brief, summarized locally",
    authors: [{ name: o.generator.name }],
    items: briefs.map((brief) => ({
      id: entryId(brief),
      title: entryTitle(brief),
      summary: entrySummary(brief),
      content_html: renderHtmlBody(brief, new Date(brief.generatedAt)),
      date_published: brief.generatedAt,
      date_modified: brief.generatedAt,
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
