import type { Brief, Source, SourceError, Story } from '../types.js';
import type { HttpClient } from '../fetch/http-client.js';
import type { Store } from '../store/store.js';
import type { Extractor } from '../extract/index.js';
import type { SummaryStage } from './summary-stage.js';
import { refreshFeeds, type FeedRefresh } from './refresh-feeds.js';
import { articleFor } from './article-stage.js';
import { rankCandidates, type Selected } from '../stories/select.js';
import { Limiter } from '../util/limiter.js';
import { localDate } from '../util/clock.js';

export interface BriefOptions {
  sources: readonly Source[];
  sinceMs: number;
  limit: number;
  /** Summaries in flight at once (Ollama serves one at a time by default). */
  parallel?: number;
}

export type Stage = 'feeds' | 'articles' | 'summaries';

export interface BriefDeps {
  http: HttpClient;
  store: Store;
  extractor: Extractor;
  summaries: SummaryStage;
  now: () => Date;
  /** Progress, for a live status line; the engine itself never prints. */
  onProgress?: (stage: Stage, done: number, total: number) => void;
}

export interface RunStats {
  feeds: { total: number; fetched: number; unchanged: number; failed: number; newItems: number };
  articles: { fetched: number; cached: number; fromFeed: number };
  summaries: { made: number; cached: number; fallback: number };
}

export interface BriefRun {
  brief: Brief;
  feeds: FeedRefresh[];
  stats: RunStats;
}

/** Page fetches + extractions in flight at once while building the brief. */
const ARTICLE_CONCURRENCY = 4;

/**
 * The whole run: refresh feeds → rank the window's items → fetch and extract the
 * chosen articles → summarize → the brief. Only stories that will be in the brief
 * are extracted and summarized; each story goes on to summarizing as soon as its
 * article is ready, so extraction and the model overlap.
 */
export async function runBrief(options: BriefOptions, deps: BriefDeps): Promise<BriefRun> {
  const stats: RunStats = {
    feeds: { total: options.sources.length, fetched: 0, unchanged: 0, failed: 0, newItems: 0 },
    articles: { fetched: 0, cached: 0, fromFeed: 0 },
    summaries: { made: 0, cached: 0, fallback: 0 },
  };
  let feedsDone = 0;
  const feeds = await refreshFeeds(options.sources, {
    http: deps.http,
    store: deps.store,
    now: deps.now,
    onFeedDone: () => deps.onProgress?.('feeds', ++feedsDone, options.sources.length),
  });
  for (const f of feeds) {
    if (!f.ok) stats.feeds.failed++;
    else if (f.status === 304) stats.feeds.unchanged++;
    else stats.feeds.fetched++;
    stats.feeds.newItems += f.newCount;
  }

  const now = deps.now();
  const ranked = rankCandidates(
    feeds.flatMap((f) => f.items.map((item) => ({ item, sourceName: f.name, sourceUrl: f.source.url }))),
    { now, sinceMs: options.sinceMs, limit: options.limit },
  );

  const articleSlots = new Limiter(ARTICLE_CONCURRENCY);
  const modelSlots = new Limiter(options.parallel ?? 1);
  const target = Math.min(options.limit, ranked.length);
  let articlesDone = 0;
  let summariesDone = 0;

  const makeStory = async (chosen: Selected): Promise<Story | null> => {
    const { article, cached } = await articleSlots.run(() => articleFor(chosen.item, deps));
    deps.onProgress?.('articles', ++articlesDone, target);
    if (cached) stats.articles.cached++;
    else stats.articles.fetched++;
    if (article.origin === 'feed') stats.articles.fromFeed++;
    if (article.text.trim() === '') return null;
    const result = await modelSlots.run(() => deps.summaries.summarize(article));
    deps.onProgress?.('summaries', ++summariesDone, target);
    if (result.cached) stats.summaries.cached++;
    else stats.summaries.made++;
    if (result.fallbackReason) stats.summaries.fallback++;
    const s = result.summary;
    return {
      id: chosen.item.id,
      headline: s.headline,
      summary: s.summary,
      keyPoints: s.keyPoints,
      url: chosen.item.url,
      title: chosen.item.title,
      source: chosen.sourceName,
      sourceUrl: chosen.sourceUrl,
      publishedAt: chosen.effectiveAt,
      readMinutes: article.readMinutes,
      method: s.method,
      model: s.model,
      language: s.language,
      textOrigin: article.origin,
      ...(article.originReason ? { textOriginReason: article.originReason } : {}),
    };
  };

  // Take candidates in rank order; a story whose article has no text at all is
  // replaced by the next candidate, so the brief still gets `limit` stories.
  const stories: Story[] = [];
  let next = 0;
  while (stories.length < options.limit && next < ranked.length) {
    const batch = ranked.slice(next, next + (options.limit - stories.length));
    next += batch.length;
    const made = await Promise.all(batch.map(makeStory));
    stories.push(...made.filter((s): s is Story => s !== null));
  }

  const errors: SourceError[] = feeds.filter((f) => !f.ok).map((f) => ({ source: f.source.url, error: f.error ?? 'failed' }));
  const usedModel = stories.find((s) => s.method === 'ollama');
  const brief: Brief = {
    date: localDate(now),
    generatedAt: now.toISOString(),
    stories,
    errors,
    summarizer: usedModel ? { method: 'ollama', model: usedModel.model } : { method: 'extractive', model: null },
  };
  return { brief, feeds, stats };
}
