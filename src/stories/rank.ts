import type { WindowArticle } from './window.js';

/** Articles about one event, from one or more sources. */
export interface StoryGroup {
  key: string;
  articles: WindowArticle[];
}

export interface Interests {
  /** Words or phrases that raise a story. */
  more?: readonly string[];
  /** Words or phrases that sink one. */
  less?: readonly string[];
}

export interface RankSettings {
  now: Date;
  /** Per source URL; 1 is neutral, 2 counts a source double, 0.5 half. */
  sourceWeights?: ReadonlyMap<string, number>;
  interests?: Interests;
}

export interface RankedStory {
  group: StoryGroup;
  score: number;
  /** Each term of the score, for `--explain`: "3 sources +2.00", "5h old +1.02"… */
  reasons: string[];
}

/**
 * The weights of the score, in one place so they can be read and tuned:
 * score = COVERAGE·log2(1 + independent sources)
 *       + RECENCY·e^(−age / RECENCY_HOURS)            (age of the newest article)
 *       + (highest source weight − 1)
 *       + INTEREST per "more" term found (at most INTEREST_CAP), − DISLIKE when a "less" term is found
 *       − DIVERSITY × stories already ranked above it from the same lead source.
 */
export const RANK_WEIGHTS = {
  COVERAGE: 1,
  RECENCY: 1.5,
  RECENCY_HOURS: 12,
  INTEREST: 1,
  INTEREST_CAP: 2,
  DISLIKE: 2,
  DIVERSITY: 0.6,
} as const;

/**
 * Orders stories: many independent sources, recent, from sources the user weighs
 * up, about what the user cares for — and never one source filling the brief.
 * Greedy, so the diversity term sees the stories already placed. Deterministic.
 */
export function rankStories(groups: readonly StoryGroup[], settings: RankSettings): RankedStory[] {
  const base = groups.map((group) => baseScore(group, settings));
  const ranked: RankedStory[] = [];
  const fromSource = new Map<string, number>();
  const left = new Set(base.map((_, i) => i));
  while (left.size > 0) {
    let best: { index: number; score: number; penalty: number } | undefined;
    for (const i of left) {
      const entry = base[i]!;
      const penalty = RANK_WEIGHTS.DIVERSITY * (fromSource.get(leadSource(entry.group)) ?? 0);
      const score = entry.score - penalty;
      if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && entry.group.key < base[best.index]!.group.key)) {
        best = { index: i, score, penalty };
      }
    }
    const chosen = base[best!.index]!;
    left.delete(best!.index);
    const lead = leadSource(chosen.group);
    const reasons = [...chosen.reasons];
    if (best!.penalty > 0) reasons.push(`${ordinal((fromSource.get(lead) ?? 0) + 1)} story from ${chosen.group.articles[0]!.sourceName} ${signed(-best!.penalty)}`);
    fromSource.set(lead, (fromSource.get(lead) ?? 0) + 1);
    ranked.push({ group: chosen.group, score: round(best!.score), reasons });
  }
  return ranked;
}

function baseScore(group: StoryGroup, settings: RankSettings): RankedStory {
  const reasons: string[] = [];
  const sources = new Set(group.articles.flatMap((a) => a.listedBy.map((s) => s.sourceUrl)));
  const coverage = RANK_WEIGHTS.COVERAGE * Math.log2(1 + sources.size);
  reasons.push(`${sources.size} ${sources.size === 1 ? 'source' : 'sources'} ${signed(coverage)}`);

  const newest = Math.max(...group.articles.map((a) => Date.parse(a.effectiveAt)));
  const ageHours = Math.max(0, (settings.now.getTime() - newest) / 3_600_000);
  const recency = RANK_WEIGHTS.RECENCY * Math.exp(-ageHours / RANK_WEIGHTS.RECENCY_HOURS);
  reasons.push(`${formatAge(ageHours)} old ${signed(recency)}`);

  let score = coverage + recency;
  const weights = [...sources].map((s) => settings.sourceWeights?.get(s) ?? 1);
  const weight = Math.max(...weights) - 1;
  if (weight !== 0) {
    score += weight;
    reasons.push(`source weight ${signed(weight)}`);
  }

  const text = group.articles.map((a) => `${a.item.title}\n${stripTags(a.item.content ?? '')}`).join('\n');
  const liked = (settings.interests?.more ?? []).filter((term) => mentions(text, term));
  if (liked.length > 0) {
    const bonus = Math.min(RANK_WEIGHTS.INTEREST_CAP, RANK_WEIGHTS.INTEREST * liked.length);
    score += bonus;
    reasons.push(`interests: ${liked.join(', ')} ${signed(bonus)}`);
  }
  const disliked = (settings.interests?.less ?? []).filter((term) => mentions(text, term));
  if (disliked.length > 0) {
    score -= RANK_WEIGHTS.DISLIKE;
    reasons.push(`less of: ${disliked.join(', ')} ${signed(-RANK_WEIGHTS.DISLIKE)}`);
  }
  return { group, score, reasons };
}

/** The source of a story's first (lead) article. */
function leadSource(group: StoryGroup): string {
  return group.articles[0]!.sourceUrl;
}

/** Whole-word (or whole-phrase), case-insensitive. */
export function mentions(text: string, term: string): boolean {
  const escaped = term.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  if (!escaped) return false;
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, ' ');
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(2)}`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function formatAge(hours: number): string {
  return hours < 1 ? `${Math.round(hours * 60)} min` : `${Math.round(hours)}h`;
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
