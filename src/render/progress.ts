/** The lines a run shows on a terminal's stderr: the live status line and the closing summary. */
import type { RunStats } from '../pipeline/run-brief.js';

export interface Count {
  done: number;
  total: number;
}

/** What the run has done so far, as the status line shows it. */
export interface ProgressSnapshot {
  feeds?: Count;
  articles?: Count;
  summaries?: Count;
  /** The model's generation speed so far (completion tokens per second of model time). */
  tokensPerSecond?: number;
  /** Estimated time until the last story is summarized. */
  etaMs?: number;
}

/** "feeds fetched 12/12 · articles extracted 4/10 · stories summarized 2/10 · 31 tokens/s · ETA 40s". */
export function progressLine(p: ProgressSnapshot): string {
  const parts: string[] = [];
  if (p.feeds) parts.push(`feeds fetched ${p.feeds.done}/${p.feeds.total}`);
  if (p.articles) parts.push(`articles extracted ${p.articles.done}/${p.articles.total}`);
  if (p.summaries) parts.push(`stories summarized ${p.summaries.done}/${p.summaries.total}`);
  if (p.tokensPerSecond !== undefined && p.tokensPerSecond > 0) parts.push(`${Math.round(p.tokensPerSecond)} tokens/s`);
  if (p.etaMs !== undefined) parts.push(`ETA ${formatDuration(p.etaMs)}`);
  return parts.join(' · ');
}

/**
 * The one line that closes a run on a terminal:
 * "12 feeds: 10 fetched, 1 unchanged, 1 failed · 10 articles: 7 read, 3 cached · 10 summaries: 4 new, 6 cached · 8.1s".
 */
export function runSummaryLine(stats: RunStats, elapsedMs: number): string {
  const f = stats.feeds;
  const a = stats.articles;
  const s = stats.summaries;
  const list = (items: Array<[number, string]>) =>
    items
      .filter(([n], i) => n > 0 || i === 0)
      .map(([n, what]) => `${n} ${what}`)
      .join(', ');
  const feeds = `${f.total} ${f.total === 1 ? 'feed' : 'feeds'}: ${list([[f.fetched, 'fetched'], [f.unchanged, 'unchanged'], [f.failed, 'failed'], [f.late, 'late (cached items used)']])}`;
  const articles = `${a.fetched + a.cached} articles: ${list([[a.fetched, 'read'], [a.cached, 'cached'], [a.fromFeed, 'from the feed']])}`;
  const summaries = `${s.made + s.cached} summaries: ${list([[s.made, 'new'], [s.cached, 'cached'], [s.fallback, 'extractive fallback']])}`;
  return [feeds, articles, summaries, formatDuration(elapsedMs)].join(' · ');
}

/** "0.4s", "8.1s", "42s", "3m 05s". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
}

/** Time left at the pace so far (elapsed ÷ done × remaining); undefined before the first is done and after the last. */
export function estimateEta(elapsedMs: number, done: number, total: number): number | undefined {
  if (done <= 0 || done >= total) return undefined;
  return (elapsedMs / done) * (total - done);
}
