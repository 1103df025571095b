import type { StoredItem } from '../store/store.js';
import { canonicalUrl } from './canonical-url.js';

export interface Candidate {
  item: StoredItem;
  sourceName: string;
  sourceUrl: string;
}

export interface Selected extends Candidate {
  /** The time the story is dated by: the feed's date, unless missing or in the future. */
  effectiveAt: string;
  score: number;
}

export interface SelectOptions {
  now: Date;
  sinceMs: number;
  limit: number;
  /**
   * How much older (in hours) each story already taken from the same source makes
   * that source's next one look, so that no single source fills the brief.
   */
  sourcePenaltyHours?: number;
}

/**
 * Picks the day's stories: items inside the time window, one per URL, ranked by
 * recency with a per-source penalty for diversity. Pure; returns candidates in
 * rank order, more than `limit` so callers can skip ones that turn out empty.
 */
export function rankCandidates(candidates: readonly Candidate[], options: SelectOptions): Selected[] {
  const now = options.now.getTime();
  const from = now - options.sinceMs;
  const penaltyMs = (options.sourcePenaltyHours ?? 6) * 3_600_000;

  const seenUrls = new Set<string>();
  const inWindow: Selected[] = [];
  for (const c of candidates) {
    const effectiveAt = effectiveTime(c.item, now);
    const t = Date.parse(effectiveAt);
    if (t < from) continue;
    const key = c.item.url ? canonicalUrl(c.item.url) : `${c.sourceUrl}#${c.item.id}`;
    if (seenUrls.has(key)) continue;
    seenUrls.add(key);
    inWindow.push({ ...c, effectiveAt, score: t });
  }

  // Greedy: take the best-scoring story, then age that source's remaining stories by the penalty.
  const bySource = new Map<string, Selected[]>();
  for (const s of inWindow.sort(compare)) {
    const list = bySource.get(s.sourceUrl) ?? [];
    list.push(s);
    bySource.set(s.sourceUrl, list);
  }
  const taken = new Map<string, number>();
  const ranked: Selected[] = [];
  while (ranked.length < inWindow.length) {
    let best: Selected | undefined;
    for (const [source, list] of bySource) {
      const head = list[0];
      if (!head) continue;
      const score = Date.parse(head.effectiveAt) - (taken.get(source) ?? 0) * penaltyMs;
      const candidate = { ...head, score };
      if (!best || compare(candidate, best) < 0) best = candidate;
    }
    if (!best) break;
    bySource.get(best.sourceUrl)?.shift();
    taken.set(best.sourceUrl, (taken.get(best.sourceUrl) ?? 0) + 1);
    ranked.push(best);
  }
  return ranked;
}

/** Items without a date, or dated in the future, are dated when brief first saw them. */
export function effectiveTime(item: StoredItem, now: number): string {
  const published = item.publishedAt ? Date.parse(item.publishedAt) : NaN;
  if (Number.isNaN(published) || published > now + 5 * 60_000) return item.firstSeenAt;
  return item.publishedAt as string;
}

function compare(a: Selected, b: Selected): number {
  return b.score - a.score || a.item.title.localeCompare(b.item.title) || a.item.id.localeCompare(b.item.id);
}
