import type { StoredItem } from '../store/store.js';
import { canonicalUrl } from './canonical-url.js';

/** A feed item as a candidate for the brief, with the source that listed it. */
export interface Candidate {
  item: StoredItem;
  sourceName: string;
  sourceUrl: string;
}

/** One article of the time window: the first listing of a canonical URL, and every source that listed it. */
export interface WindowArticle extends Candidate {
  /** The time the article is dated by: the feed's date, unless missing or in the future. */
  effectiveAt: string;
  /** Same canonical URL = same article. Items without a link get a per-item key. */
  canonical: string;
  listedBy: Array<{ sourceName: string; sourceUrl: string }>;
}

export interface WindowOptions {
  now: Date;
  sinceMs: number;
  /**
   * Also take items first seen within the window though dated before it, up to this long before
   * `now`: for "since the last brief", a story a feed listed late is still news to the reader.
   */
  firstSeenMaxAgeMs?: number;
}

/**
 * The articles of the time window: items dated within `sinceMs` of `now` (and, with
 * `firstSeenMaxAgeMs`, items first seen within it), one per canonical URL (tracking
 * parameters, AMP variants, fragments removed), newest first.
 */
export function articlesInWindow(candidates: readonly Candidate[], options: WindowOptions): WindowArticle[] {
  const now = options.now.getTime();
  const from = now - options.sinceMs;
  const byUrl = new Map<string, WindowArticle>();
  for (const c of candidates) {
    const effectiveAt = effectiveTime(c.item, now);
    const dated = Date.parse(effectiveAt);
    const seenLate = options.firstSeenMaxAgeMs !== undefined && Date.parse(c.item.firstSeenAt) > from && dated >= now - options.firstSeenMaxAgeMs;
    if (dated < from && !seenLate) continue;
    const canonical = c.item.url ? canonicalUrl(c.item.url) : `${c.sourceUrl}#${c.item.id}`;
    const known = byUrl.get(canonical);
    if (known) {
      if (!known.listedBy.some((s) => s.sourceUrl === c.sourceUrl)) known.listedBy.push({ sourceName: c.sourceName, sourceUrl: c.sourceUrl });
      continue;
    }
    byUrl.set(canonical, { ...c, effectiveAt, canonical, listedBy: [{ sourceName: c.sourceName, sourceUrl: c.sourceUrl }] });
  }
  return [...byUrl.values()].sort((a, b) => Date.parse(b.effectiveAt) - Date.parse(a.effectiveAt) || a.canonical.localeCompare(b.canonical));
}

/** Items without a date, or dated in the future, are dated when brief first saw them. */
function effectiveTime(item: StoredItem, now: number): string {
  const published = item.publishedAt ? Date.parse(item.publishedAt) : NaN;
  if (Number.isNaN(published) || published > now + 5 * 60_000) return item.firstSeenAt;
  return item.publishedAt as string;
}
