import type { Article, Brief, Source, SourceError, Story, StoryArticle, Summary } from '../types.js';
import type { HttpClient } from '../fetch/http-client.js';
import type { Store } from '../store/store.js';
import type { Extractor } from '../extract/index.js';
import type { SummaryStage } from './summary-stage.js';
import { refreshFeedsWithoutStragglers, type FeedRefresh } from './refresh-feeds.js';
import { articleFor } from './article-stage.js';
import { articlesInWindow, type WindowArticle } from '../stories/window.js';
import { rankStories, mentions, type Interests, type RankedStory, type StoryGroup } from '../stories/rank.js';
import { applyMemory, type RememberedGroup } from '../stories/memory.js';
import { groupByTopic } from '../stories/sections.js';
import { groupIntoStories, sameEventAsShown, clusterText, embeddingInputs } from './story-grouping.js';
import { embedForClustering } from './embedding-stage.js';
import type { Embedder } from '../summarize/ollama.js';
import { errorLine } from '../errors.js';
import { Limiter } from '../util/limiter.js';
import { htmlToText } from '../extract/html-text.js';
import { splitSentences } from '../summarize/sentences.js';
import { localDate } from '../util/clock.js';
import { canonicalUrl } from '../stories/canonical-url.js';

export interface BriefOptions {
  sources: readonly Source[];
  sinceMs: number;
  /** See WindowOptions.firstSeenMaxAgeMs (set for `--since last-run`). */
  firstSeenMaxAgeMs?: number;
  limit: number;
  /** Summaries in flight at once (Ollama serves one at a time by default). */
  parallel?: number;
  /** Only stories in this topic (a source tag, or a configured topic's words). */
  topic?: string;
  interests?: Interests;
  /** Topic name → words that put a story in it. */
  topics?: Readonly<Record<string, readonly string[]>>;
  /** How many days back a story counts as already shown. */
  memoryDays?: number;
  /** Similarity needed to put two articles in one story, and the most hours between them. */
  clustering?: { threshold?: number; maxHoursApart?: number };
  /** Print the brief in topic sections (the lead source's first tag, else a configured topic). */
  groupByTopic?: boolean;
}

export type Stage = 'feeds' | 'articles' | 'summaries';

export interface BriefDeps {
  http: HttpClient;
  store: Store;
  extractor: Extractor;
  summaries: SummaryStage;
  now: () => Date;
  /** Embeddings for grouping articles into stories (Ollama /api/embed); without one, words only. */
  embedder?: Embedder;
  /** A problem the run worked around (one line), e.g. embeddings that could not be had. */
  onWarning?: (message: string) => void;
  /** Progress, for a live status line; the engine itself never prints. */
  onProgress?: (stage: Stage, done: number, total: number) => void;
  /**
   * Each story of the brief as soon as it and every story ranked above it are ready, in rank
   * order (so a terminal can print the first long before the last). Not called when the brief
   * is grouped by topic, whose order is known only at the end.
   */
  onStory?: (story: Story, position: number) => void;
}

export interface RunStats {
  /** `late`: still loading when the run went on with their cached items. */
  feeds: { total: number; fetched: number; unchanged: number; failed: number; late: number; newItems: number };
  articles: { fetched: number; cached: number; fromFeed: number };
  summaries: { made: number; cached: number; fallback: number };
  stories: { candidates: number; alreadyShown: number; updates: number };
}

export interface BriefRun {
  brief: Brief;
  feeds: FeedRefresh[];
  stats: RunStats;
  /** Settles when the feeds the run did not wait for have ended: their final results. */
  lateFeeds: Promise<FeedRefresh[]>;
}

/** Page fetches + extractions in flight at once while building the brief. */
const ARTICLE_CONCURRENCY = 4;
/** Articles of one story read to find the best one to summarize. */
const ARTICLES_READ_PER_STORY = 3;

/**
 * The whole run: refresh feeds → the window's articles → stories (clusters of
 * articles about one event) → leave out what earlier briefs showed → rank → read
 * and summarize only the stories that make the brief → the brief. Each story goes
 * on to summarizing as soon as its article is ready, so reading and the model overlap.
 */
export async function runBrief(options: BriefOptions, deps: BriefDeps): Promise<BriefRun> {
  const stats: RunStats = {
    feeds: { total: options.sources.length, fetched: 0, unchanged: 0, failed: 0, late: 0, newItems: 0 },
    articles: { fetched: 0, cached: 0, fromFeed: 0 },
    summaries: { made: 0, cached: 0, fallback: 0 },
    stories: { candidates: 0, alreadyShown: 0, updates: 0 },
  };
  let feedsDone = 0;
  let warming = false;
  // The slowest feeds are not waited for: they stand in with their cached items (see refreshFeedsWithoutStragglers).
  const { feeds, late: lateFeeds } = await refreshFeedsWithoutStragglers(options.sources, {
    http: deps.http,
    store: deps.store,
    now: deps.now,
    onFeedDone: (feed) => {
      deps.onProgress?.('feeds', ++feedsDone, options.sources.length);
      // New items mean pages to read and summaries to make: from the first feed that brings
      // one, the model loads (seconds) and the extraction worker loads jsdom (about a second)
      // while the other feeds come in. A run with nothing new loads neither.
      if (feed.newCount > 0 && !warming) {
        warming = true;
        deps.summaries.warmUp();
        deps.extractor.warmUp?.();
      }
    },
  });
  for (const f of feeds) {
    if (f.late) stats.feeds.late++;
    else if (!f.ok) stats.feeds.failed++;
    else if (f.status === 304) stats.feeds.unchanged++;
    else stats.feeds.fetched++;
    stats.feeds.newItems += f.newCount;
  }

  try {
    return { ...(await briefFromFeeds(feeds, stats, options, deps)), feeds, stats, lateFeeds };
  } catch (err) {
    // Late fetches write to the store: the caller may close it once this throws.
    await lateFeeds;
    throw err;
  }
}

/** Everything after the feeds: window, stories, memory, ranking, reading, summaries, the brief. */
async function briefFromFeeds(feeds: FeedRefresh[], stats: RunStats, options: BriefOptions, deps: BriefDeps): Promise<{ brief: Brief }> {
  const now = deps.now();
  const today = localDate(now);
  const sourceByUrl = new Map(options.sources.map((s) => [s.url, s]));
  const window = articlesInWindow(
    feeds.flatMap((f) => f.items.map((item) => ({ item, sourceName: f.name, sourceUrl: f.source.url }))),
    { now, sinceMs: options.sinceMs, firstSeenMaxAgeMs: options.firstSeenMaxAgeMs },
  );
  const embeddings = deps.embedder ? await embedWindow(window, deps.embedder, deps) : undefined;
  const groups = groupIntoStories(window, { ...options.clustering, embeddings });
  stats.stories.candidates = groups.length;
  const memoryFrom = new Date(now.getTime() - (options.memoryDays ?? 3) * 86_400_000).toISOString();
  const remembered = applyMemory(groups, deps.store.shownBefore(today, memoryFrom), sameEventAsShown(options.clustering));
  stats.stories.alreadyShown = groups.length - remembered.length;
  const inTopic = options.topic ? remembered.filter((g) => topicsOf(g, sourceByUrl, options.topics).includes(options.topic!.toLowerCase())) : remembered;
  const ranked = rankStories(inTopic, {
    now,
    interests: options.interests,
    sourceWeights: new Map(options.sources.filter((s) => s.weight !== undefined).map((s) => [s.url, s.weight!])),
  });

  const articleSlots = new Limiter(ARTICLE_CONCURRENCY);
  const modelSlots = new Limiter(options.parallel ?? 1);
  const target = Math.min(options.limit, ranked.length);
  let articlesDone = 0;
  let summariesDone = 0;

  const readArticle = async (a: WindowArticle): Promise<Article> => {
    const { article, cached } = await articleSlots.run(() => articleFor(a.item, deps));
    if (cached) stats.articles.cached++;
    else stats.articles.fetched++;
    return article;
  };

  /** Lead articles read so far, by rank: a story whose page is one of these is not summarized again. */
  const readLeads: Array<Lead | undefined> = [];

  /** `rank`: 0 for the top story; the model takes waiting stories best-ranked first. */
  const makeStory = async (entry: RankedStory, rank: number): Promise<Made | null> => {
    const group = entry.group as RememberedGroup;
    const lead = await bestArticle(group.articles, readArticle);
    deps.onProgress?.('articles', ++articlesDone, target);
    if (!lead) return null;
    if (readLeads.some((other, k) => other !== undefined && k < rank && sameArticle(lead.article, other.article))) return { group, lead };
    readLeads[rank] = lead;
    if (lead.article.origin === 'feed') stats.articles.fromFeed++;
    const result = await modelSlots.run(() => deps.summaries.summarize(lead.article), rank);
    deps.onProgress?.('summaries', ++summariesDone, target);
    if (result.cached) stats.summaries.cached++;
    else stats.summaries.made++;
    if (result.fallbackReason) stats.summaries.fallback++;
    if (group.update) stats.stories.updates++;
    return { story: buildStory(group, lead, result.summary, entry, topicsOf(group, sourceByUrl, options.topics)), group, lead };
  };

  // Stories start in rank order, `limit` at a time; one whose articles have no text at all
  // is replaced by the next as soon as that is known, so the brief still gets `limit` stories.
  // They are taken (and announced) in the order they started, which is rank order.
  const started: Array<Promise<Made | null>> = [];
  let next = 0;
  const start = (): void => {
    if (next >= ranked.length) return;
    const rank = next++;
    const made = makeStory(ranked[rank]!, rank).then((m) => {
      // No text at all, or an earlier story's article: the next story in rank takes its place.
      if (m === null || m.story === undefined) start();
      return m;
    });
    // Awaited in order below; until then a failure must not count as unhandled.
    made.catch(() => {});
    started.push(made);
  };
  while (started.length < target) start();
  const stories: Story[] = [];
  const shownLeads: Lead[] = [];
  const shown = new Map<string, Made>();
  /** Articles of stories that turned out to be an earlier story's article, by that story's id. */
  const absorbed = new Map<string, WindowArticle[]>();
  for (let i = 0; i < started.length; i++) {
    const made = await started[i]!;
    if (made === null) continue;
    // Checked again here, in rank order: the earlier story's page may have been read only after this one's.
    const same = shownLeads.findIndex((other) => sameArticle(made.lead.article, other.article));
    if (same >= 0) {
      const id = stories[same]!.id;
      absorbed.set(id, [...(absorbed.get(id) ?? []), ...made.group.articles]);
      if (made.story !== undefined) start(); // summarized after all: its place still goes to the next
      continue;
    }
    if (made.story === undefined) continue;
    stories.push(made.story);
    shownLeads.push(made.lead);
    shown.set(made.story.id, made);
    if (!options.groupByTopic) deps.onStory?.(made.story, stories.length);
  }
  for (const story of stories) {
    const extra = absorbed.get(story.id);
    if (extra) story.articles = dedupeArticles([...story.articles, ...extra.flatMap(toStoryArticles)]);
  }

  if (options.groupByTopic) {
    const leadTag = (story: Story) => sourceByUrl.get(story.sourceUrl)?.tags[0] ?? story.topics[0];
    stories.splice(0, stories.length, ...groupByTopic(stories, leadTag));
  }
  const errors: SourceError[] = feeds.filter((f) => !f.ok).map((f) => ({ source: f.source.url, error: f.error ?? 'failed' }));
  const usedModel = stories.find((s) => s.method !== 'extractive');
  const points = stories.flatMap((s) => s.keyPoints);
  const brief: Brief = {
    date: today,
    generatedAt: now.toISOString(),
    overview: stories.length > 0 ? await deps.summaries.overview(stories.map((s) => ({ headline: s.headline, summary: s.summary, language: s.language }))) : [],
    stories,
    errors,
    summarizer: usedModel ? { method: usedModel.method, model: usedModel.model } : { method: 'extractive', model: null },
    grounding: { points: points.length, grounded: points.filter((p) => !p.unverified).length },
  };
  rememberShown(
    deps.store,
    stories.map((story) => {
      const made = shown.get(story.id)!;
      return { story, articles: [...made.group.articles, ...(absorbed.get(story.id) ?? [])], lead: made.lead };
    }),
    brief,
  );
  return { brief };
}

/** The window's embeddings, or none (with a warning) when the embedding model fails: grouping then reads words only. */
async function embedWindow(window: readonly WindowArticle[], embedder: Embedder, deps: BriefDeps): Promise<Map<string, Float32Array> | undefined> {
  try {
    return await embedForClustering(embeddingInputs(window), embedder, deps.store, deps.now);
  } catch (err) {
    deps.onWarning?.(`embeddings unavailable (${errorLine(err)}); stories are grouped by their words only`);
    return undefined;
  }
}

interface Lead {
  source: WindowArticle;
  article: Article;
}

/** A story made: its group, the article read for it, and the story, absent when that article is an earlier story's. */
interface Made {
  group: RememberedGroup;
  lead: Lead;
  story?: Story;
}

/** Characters of two articles' texts that must agree for them to be one article. */
const SAME_TEXT_PREFIX = 400;

/**
 * Whether two articles are the same one under two URLs: their pages name the same canonical
 * URL (`<link rel="canonical">`, og:url) and their texts begin alike. A canonical that is a
 * site's front page says nothing (some sites put it on every page); the text check guards
 * against any other canonical shared by different pages.
 */
function sameArticle(a: Article, b: Article): boolean {
  if (!a.canonicalUrl || !b.canonicalUrl || a.origin !== 'page' || b.origin !== 'page') return false;
  const ca = canonicalUrl(a.canonicalUrl);
  if (ca !== canonicalUrl(b.canonicalUrl) || new URL(ca).pathname.length <= 1) return false;
  const start = (x: Article) => x.text.replace(/\s+/g, ' ').trim().slice(0, SAME_TEXT_PREFIX);
  return start(a) !== '' && start(a) === start(b);
}

/**
 * The article to summarize: of the story's first few articles (most-listed, then
 * newest), the longest full text read from its page; a teaser or feed text only
 * when nothing better is there.
 */
async function bestArticle(articles: readonly WindowArticle[], read: (a: WindowArticle) => Promise<Article>): Promise<Lead | null> {
  const candidates = [...articles].sort((a, b) => b.listedBy.length - a.listedBy.length).slice(0, ARTICLES_READ_PER_STORY);
  const read_ = await Promise.all(candidates.map(async (source) => ({ source, article: await read(source) })));
  const usable = read_.filter((c) => c.article.text.trim() !== '');
  const rank = (c: Lead) => (c.article.origin === 'page' ? 2 : 0) + (c.article.quality === undefined || c.article.quality === 'full' ? 1 : 0);
  usable.sort((a, b) => rank(b) - rank(a) || b.article.wordCount - a.article.wordCount);
  const lead = usable[0];
  if (!lead) return null;
  // The other sources' texts: what was read of their pages, else their feeds' own content.
  const readText = new Map(read_.map((c) => [c.source, c.article.text]));
  const others = articles.filter((a) => a !== lead.source).map((a) => readText.get(a) ?? htmlToText(a.item.content ?? ''));
  return { source: lead.source, article: withOtherSources(lead.article, others) };
}

/** Sentences from other sources count as new facts when they share less than this much of their words with the lead text. */
const NEW_FACT_OVERLAP = 0.5;
/** At most this many words of other sources' facts are added. */
const NEW_FACTS_MAX_WORDS = 150;

/**
 * One summary per story, from its best article plus the distinct facts of the
 * others: sentences of the other sources that the lead text does not already say
 * are appended (a paragraph each), so a teaser-only lead still gets its key points.
 */
export function withOtherSources(lead: Article, others: readonly string[]): Article {
  const known = new Set(words(lead.text));
  const added: string[] = [];
  let budget = NEW_FACTS_MAX_WORDS;
  for (const sentence of others.flatMap((text) => splitSentences(text, lead.lang))) {
    const w = words(sentence);
    if (w.length < 5 || w.length > budget) continue;
    const overlap = w.filter((x) => known.has(x)).length / w.length;
    if (overlap >= NEW_FACT_OVERLAP) continue;
    added.push(sentence);
    budget -= w.length;
    for (const x of w) known.add(x);
  }
  return added.length === 0 ? lead : { ...lead, text: `${lead.text}\n\n${added.join('\n\n')}` };
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function buildStory(group: RememberedGroup, lead: Lead, s: Summary, entry: RankedStory, topics: string[]): Story {
  const others = group.articles.filter((a) => a !== lead.source);
  const articles: StoryArticle[] = [lead.source, ...others].flatMap(toStoryArticles);
  return {
    id: group.key,
    headline: s.headline,
    summary: s.summary,
    keyPoints: s.keyPoints,
    url: lead.source.item.url,
    title: lead.source.item.title,
    source: lead.source.sourceName,
    sourceUrl: lead.source.sourceUrl,
    publishedAt: lead.source.effectiveAt,
    readMinutes: lead.article.readMinutes,
    method: s.method,
    model: s.model,
    language: s.language,
    textOrigin: lead.article.origin,
    ...(lead.article.originReason ? { textOriginReason: lead.article.originReason } : {}),
    ...(lead.article.quality ? { quality: lead.article.quality } : {}),
    ...(s.fallbackReason ? { fallbackReason: s.fallbackReason } : {}),
    articles: dedupeArticles(articles),
    update: group.update,
    topics,
    ranking: { score: entry.score, reasons: entry.reasons },
  };
}

/** An article as a story lists it: once per source that listed it. */
function toStoryArticles(a: WindowArticle): StoryArticle[] {
  return a.listedBy.map((by) => ({ source: by.sourceName, url: a.item.url, title: a.item.title }));
}

/** One entry per source and URL. */
function dedupeArticles(articles: StoryArticle[]): StoryArticle[] {
  const seen = new Set<string>();
  return articles.filter((a) => {
    const key = `${a.source}\n${a.url}`;
    return !seen.has(key) && seen.add(key);
  });
}

/** The tags of the story's sources, and every configured topic whose words it mentions. */
function topicsOf(group: StoryGroup, sources: ReadonlyMap<string, Source>, topics: BriefOptions['topics']): string[] {
  const tags = new Set(group.articles.flatMap((a) => a.listedBy.flatMap((s) => sources.get(s.sourceUrl)?.tags ?? [])));
  const text = group.articles.map((a) => `${a.item.title}\n${a.item.content ?? ''}`).join('\n');
  for (const [name, words] of Object.entries(topics ?? {})) {
    if ([name, ...words].some((w) => mentions(text, w))) tags.add(name);
  }
  return [...tags].sort();
}

/** Every article of every story the brief shows (and its lead page's canonical URL), so tomorrow's brief can leave them out. */
function rememberShown(store: Store, entries: ReadonlyArray<{ story: Story; articles: readonly WindowArticle[]; lead: Lead }>, brief: Brief): void {
  const rows = entries.flatMap(({ story, articles, lead }) => {
    const row = (a: WindowArticle, url: string) => ({ canonicalUrl: url, storyKey: story.id, title: a.item.title, text: clusterText(a), sourceUrl: a.sourceUrl });
    // The lead page's own canonical URL too: tomorrow a feed may link the article by that one.
    const page = lead.article.canonicalUrl ? canonicalUrl(lead.article.canonicalUrl) : undefined;
    return [...articles.map((a) => row(a, a.canonical)), ...(page && !articles.some((a) => a.canonical === page) ? [row(lead.source, page)] : [])];
  });
  store.recordShown(rows, brief.date, brief.generatedAt);
}
