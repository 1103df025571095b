/**
 * The plain data types that flow between brief's pipeline stages:
 * source → fetched response → feed items → article → summary → story → brief.
 * No stage module imports another stage's implementation; they meet here.
 */

/** A configured feed. `tags` are free-form labels (e.g. "world", "tech"). */
export interface Source {
  url: string;
  name?: string;
  tags: string[];
  /** Ranking weight: 1 is neutral (the default), 2 counts this source double, 0.5 half. */
  weight?: number;
}

/** Validators remembered from a previous fetch, sent back as a conditional GET. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** What the fetch stage hands on: a decoded text body, or "not modified". */
export type FetchedResponse =
  | {
      kind: 'ok';
      /** URL requested. */
      url: string;
      /** URL after redirects. */
      finalUrl: string;
      status: number;
      contentType: string | undefined;
      /** Body decoded to a JS string using BOM / HTTP charset / XML prolog / HTML meta. */
      text: string;
      /** The charset that was used to decode `text`. */
      charset: string;
      validators: Validators;
    }
  | {
      kind: 'not-modified';
      url: string;
      finalUrl: string;
      status: 304;
      validators: Validators;
    };

/** One entry of a feed, in one shape whatever the feed's format. */
export interface FeedItem {
  /** Stable identity: hash of GUID, else URL, else title + content. */
  id: string;
  /** Absolute URL of the article (may be empty when the feed gives none). */
  url: string;
  title: string;
  /** ISO 8601, when the feed gives a parseable date. */
  publishedAt?: string;
  author?: string;
  /** The feed's own content for the entry, as HTML or text (whichever the feed has; fullest first). */
  content?: string;
}

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'jsonfeed';

export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  siteUrl?: string;
  items: FeedItem[];
}

/** Where an article's text came from. */
export type TextOrigin = 'page' | 'feed';

/** The extracted article, ready to summarize. */
export interface Article {
  url: string;
  title: string;
  byline?: string;
  siteName?: string;
  lang?: string;
  publishedTime?: string;
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
  excerpt?: string;
  wordCount: number;
  readMinutes: number;
  origin: TextOrigin;
  /** Why `origin` was chosen, e.g. "page unreachable", "page shorter than feed content". */
  originReason?: string;
  /** Whether the text is the whole article, or only a teaser / the part before a paywall. */
  quality?: ArticleQuality;
  /** Why `quality` is not "full". */
  qualityReason?: string;
  /** Which extraction candidate supplied the text, e.g. "readability", "json-ld", "feed". */
  candidate?: string;
  /** Why that candidate was chosen over the others. */
  candidateReason?: string;
  /** The page's canonical URL (`<link rel="canonical">`, `og:url`), when it names one. */
  canonicalUrl?: string;
}

export type ArticleQuality = 'full' | 'teaser' | 'paywalled';

export const KEY_POINT_LABELS = ['What happened', 'Why it matters', 'What to watch'] as const;
export type KeyPointLabel = (typeof KEY_POINT_LABELS)[number];

export interface KeyPoint {
  label: KeyPointLabel;
  text: string;
  /** The sentence(s) of the article this point rests on, as they stand in the extracted text. */
  evidence?: string;
  /** True when the point could not be grounded in the article. */
  unverified?: boolean;
  /** Names, numbers or quotations in the point that the article does not contain. */
  ungrounded?: string[];
}

/** Which summarizer wrote a summary: Ollama, an OpenAI-compatible local server, or the built-in extractive one. */
export type SummaryMethod = 'ollama' | 'openai' | 'extractive';

export interface Summary {
  headline: string;
  summary: string;
  keyPoints: KeyPoint[];
  method: SummaryMethod;
  /** Model name for "ollama"; null for "extractive". */
  model: string | null;
  /** BCP 47 language code of the summary (e.g. "en", "zh"), "und" when unknown. */
  language: string;
  /** Why a model summary was not used for this article, when the extractive summarizer stood in. */
  fallbackReason?: string;
}

/** One entry of the brief. */
export interface Story {
  id: string;
  headline: string;
  summary: string;
  keyPoints: KeyPoint[];
  url: string;
  title: string;
  source: string;
  sourceUrl: string;
  publishedAt: string | null;
  readMinutes: number;
  method: SummaryMethod;
  model: string | null;
  language: string;
  textOrigin: TextOrigin;
  /** Why the feed's content was summarized instead of the page (only when textOrigin is "feed"). */
  textOriginReason?: string;
  /** Every article that covered the event, the summarized one first. */
  articles: StoryArticle[];
  /** True when the story was in an earlier brief and new articles bring it back; the summary covers only them. */
  update: boolean;
  /** The tags of the sources that covered it and the configured topics it mentions. */
  topics: string[];
  /** Why the story ranked where it did (`--explain` prints it). */
  ranking: { score: number; reasons: string[] };
  /** Whether the summarized text is the whole article (see Article.quality). */
  quality?: ArticleQuality;
  /** Why the model's summary was not used, when the extractive summarizer stood in for it. */
  fallbackReason?: string;
  /** The topic section the story is printed under, when the brief is grouped by topic. */
  section?: string;
}

export interface StoryArticle {
  source: string;
  url: string;
  title: string;
}

export interface SourceError {
  source: string;
  error: string;
}

export interface Brief {
  date: string;
  generatedAt: string;
  /** "Today in N points": 3–5 bullets drawn from the stories' summaries. */
  overview?: string[];
  /** How many of the stories' key points rest on sentences of their articles. */
  grounding?: { points: number; grounded: number };
  stories: Story[];
  errors: SourceError[];
  summarizer: { method: SummaryMethod; model: string | null; note?: string };
}
