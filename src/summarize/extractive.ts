/**
 * The extractive summarizer: no model, deterministic, every sentence taken whole from the article.
 *
 * - headline: the cleaned title; without one, the first sentence (shortened at a word boundary
 *   to at most 100 characters, marked with "…").
 * - summary: the lead — the first substantive sentence (at least 5 words, not a byline, dateline,
 *   boilerplate or piece of a longer quotation), whole, and the second when the first is short.
 * - key points: of the article's first KEY_POINT_WINDOW sentences left, ranked by a lead-biased
 *   centroid score (cosine similarity of the sentence's term frequencies to the article's tf-isf
 *   centroid, plus a position bonus).
 *   "What to watch" is the sentence with the most forward-looking words ("will", "is set to"…;
 *   a weekday or "tomorrow" counts only when no sentence has one of those), "Why it matters" the
 *   one with the most consequence words ("because", "largest"…), best-ranked among equals;
 *   "What happened" is the best-ranked sentence left. "Why it matters" without a signal sentence
 *   takes the best-ranked sentence left; "What to watch" without one says NOT_STATED (renderers
 *   leave it out): a past fact under that label would mislead.
 * No sentence is used twice. A short article keeps sentences back from the summary for the key
 * points (the summary always has one); a point with no sentence left says NOT_STATED.
 */
import { KEY_POINT_LABELS, type KeyPoint, type Summary } from '../types.js';
import { SIGNALS, STOPWORDS } from './lang-data.js';
import { detectLanguage, segmenterLocale, splitSentences, wordTokens } from './sentences.js';
import type { OverviewStory, SummarizeInput, Summarizer } from './summarizer.js';

/** The text of a key point for which the article has no sentence left. */
export const NOT_STATED = 'Not stated in the article.';

/** The summary when the article has no usable text at all. */
export const NO_TEXT = 'The article has no text to summarize.';

const MIN_WORDS = 5;
const SUMMARY_MAX_SENTENCES = 2;
/** The summary stops growing past this many words (a news lede is one sentence of 20–35)… */
const SUMMARY_TARGET_WORDS = 20;
/** …and never takes a second sentence that would bring it past this many. */
const SUMMARY_MAX_WORDS = 60;
/**
 * Key points come from the article's first this-many sentences (when three are left there): news
 * puts the facts first. Measured on 90 CNN/DailyMail articles against their human highlights
 * (summary and points together, ROUGE-1/2/L F1): 39.0/17.7/36.8 with these windows and the
 * shorter lead, against 35.2/16.3/33.2 with points from anywhere and a lead of up to 60–80 words
 * (`npm run bench:summaries`).
 */
const KEY_POINT_WINDOW = 5;
/**
 * …except What to watch, which looks this far for a forward-looking sentence ("will", "is set
 * to"): one is often a little further down, and a point under that label should look ahead
 * (39.0/17.7/36.8 on the same set, against 40.0/18.6/37.8 with the narrow window: within noise).
 */
const WATCH_WINDOW = 10;
const HEADLINE_MAX_CHARS = 100;
/** Weight of the position bonus against the centroid similarity (both in 0..1). */
const LEAD_WEIGHT = 1;

interface Sentence {
  text: string;
  /** Position among the candidate sentences, 0 = first. */
  index: number;
  tokens: string[];
  score: number;
}

export function createExtractiveSummarizer(): Summarizer {
  return {
    method: 'extractive',
    model: null,
    summarize: async (input) => summarizeExtractive(input),
    overview: async (stories) => extractiveOverview(stories),
  };
}

/**
 * The synchronous core of the extractive summarizer. It cannot translate: `targetLanguage` is
 * ignored and `language` is the article's. Each key point is a sentence of the article and is
 * its own evidence.
 */
export function summarizeExtractive(input: SummarizeInput): Summary {
  const language = input.lang?.trim() || detectLanguage(input.text);
  const candidates = rankSentences(candidateSentences(input.text, language), language);
  const headline = cleanTitle(input.title) || headlineFromSentence(candidates[0]?.text ?? '', language);

  const lead = pickLead(candidates, language);
  const texts = pickKeyPoints(candidates, new Set(lead), language).map((s) => s?.text ?? NOT_STATED);
  const keyPoints: KeyPoint[] = KEY_POINT_LABELS.map((label, i) => {
    const text = texts[i]!;
    return text === NOT_STATED ? { label, text } : { label, text, evidence: text };
  });

  return {
    headline: headline || NO_TEXT,
    summary: lead.map((s) => s.text).join(joiner(language)) || NO_TEXT,
    keyPoints,
    method: 'extractive',
    model: null,
    language,
  };
}

/** Bullets in an overview: at most this many… */
const OVERVIEW_MAX_POINTS = 5;
/** …and at least this many when the summaries have enough sentences. */
const OVERVIEW_MIN_POINTS = 3;

/**
 * "Today in N points" without a model: the first sentence of each story's summary, in the
 * brief's order, up to 5. With fewer than 3 stories, the summaries' next sentences fill it up
 * to 3 (fewer only when they have fewer sentences in all). No sentence appears twice.
 */
export function extractiveOverview(stories: readonly OverviewStory[]): string[] {
  const sentences = stories.map((s) => splitSentences(s.summary, s.language));
  const points = new Set<string>();
  for (let round = 0; ; round++) {
    const limit = round === 0 ? OVERVIEW_MAX_POINTS : OVERVIEW_MIN_POINTS;
    const added = sentences.flatMap((list) => list[round] ?? []);
    for (const sentence of added) if (points.size < limit) points.add(sentence);
    if (added.length === 0 || points.size >= OVERVIEW_MIN_POINTS) return [...points];
  }
}

/** Trims and collapses whitespace. */
function cleanTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim();
}

/** A headline from a sentence: without its final period, cut at a word boundary to ≤ 100 chars. */
function headlineFromSentence(sentence: string, language: string): string {
  const text = sentence.replace(/[.。．]$/u, '');
  if (text.length <= HEADLINE_MAX_CHARS) return text;
  const segmenter = new Intl.Segmenter(segmenterLocale(language), { granularity: 'word' });
  let cut = '';
  for (const { segment } of segmenter.segment(text)) {
    if ((cut + segment).trimEnd().length > HEADLINE_MAX_CHARS - 1) break;
    cut += segment;
  }
  return cut.trimEnd().replace(/[\s,;:–—-]+$/u, '') + '…';
}

/**
 * Sentences worth quoting: the article's sentences minus boilerplate, bylines and datelines, and,
 * when there are any substantive ones, minus fragments: fewer than MIN_WORDS words, or a piece
 * of a quotation that spans several sentences.
 */
function candidateSentences(text: string, language: string): Array<{ text: string; tokens: string[] }> {
  const sentences = splitSentences(stripDateline(text), language)
    .filter((s) => !isBoilerplate(s))
    .map((s) => ({ text: s, tokens: wordTokens(s, language) }))
    .filter((s) => s.tokens.length > 0);
  const substantive = sentences.filter((s) => s.tokens.length >= MIN_WORDS && hasBalancedQuotes(s.text));
  return substantive.length > 0 ? substantive : sentences;
}

/** False for a piece of a multi-sentence quotation, which reads badly on its own. */
function hasBalancedQuotes(sentence: string): boolean {
  const count = (mark: string) => sentence.split(mark).length - 1;
  return count('"') % 2 === 0 && count('“') === count('”') && count('«') === count('»');
}

/**
 * Removes a news-agency dateline glued to the article's start: "LONDON (Reuters) - ",
 * "Rome (CNN)Italy…", "WASHINGTON — ".
 */
export function stripDateline(text: string): string {
  return text
    .trimStart()
    .replace(/^(?:[\p{L}\d .,'’/]{0,60}?\s*)?\([\p{L}][\p{L} .&-]{1,24}\)(?:\s*[-–—:]\s*|(?=\p{Lu}))/u, '')
    .replace(/^\p{Lu}[\p{Lu}\d .,'’/]{1,40}\s*[-–—]{1,2}\s+/u, '');
}

/** Page furniture: calls to action, captions and credits ("Photo: …"), timestamps ("Updated 5:06 PM ET"). */
const BOILERPLATE = [
  /^(?:sign up|subscribe|read more|read next|click here|advertisement|follow us|share this|see also|getty images|copyright|©)\b/iu,
  /^(?:photos?|images?|video|watch|listen|related|more|credit|source|file photo)\s*:/iu,
  /^(?:last\s+)?(?:updated|published|posted)\s*:?\s*(?:\d|on\s|at\s|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)/iu,
  /\b(?:sign up for|subscribe to our|our newsletter|click here|all rights reserved|enable javascript|accept cookies)\b/iu,
];
/** "By Jane Doe", "By Jane Doe and John Roe, CNN": a short sentence that starts with "By Name". */
const BYLINE = /^[Bb][Yy]\s+\p{Lu}/u;

function isBoilerplate(sentence: string): boolean {
  if (BOILERPLATE.some((pattern) => pattern.test(sentence))) return true;
  return BYLINE.test(sentence) && sentence.split(/\s+/).length < 12;
}

/** Scores sentences: centroid similarity plus a bonus that falls with position. */
function rankSentences(sentences: Array<{ text: string; tokens: string[] }>, language: string): Sentence[] {
  const stop = STOPWORDS[primaryTag(language)];
  const terms = sentences.map((s) => s.tokens.filter((t) => !stop?.has(t) && /[\p{L}\p{N}]/u.test(t)));
  const centroid = tfIsfCentroid(terms);
  const n = sentences.length;
  return sentences.map((s, index) => ({
    text: s.text,
    index,
    tokens: s.tokens,
    score: cosine(termCounts(terms[index]!), centroid) + LEAD_WEIGHT * (1 - index / Math.max(n, 1)),
  }));
}

function termCounts(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Article centroid: each term's total frequency × log inverse sentence frequency. */
function tfIsfCentroid(sentences: ReadonlyArray<readonly string[]>): Map<string, number> {
  const tf = termCounts(sentences.flat());
  const sf = new Map<string, number>();
  for (const terms of sentences) for (const t of new Set(terms)) sf.set(t, (sf.get(t) ?? 0) + 1);
  const centroid = new Map<string, number>();
  for (const [term, count] of tf) {
    centroid.set(term, count * Math.log(1 + sentences.length / sf.get(term)!));
  }
  return centroid;
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  for (const [term, value] of a) dot += value * (b.get(term) ?? 0);
  if (dot === 0) return 0;
  return dot / (norm(a) * norm(b));
}

function norm(v: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const value of v.values()) sum += value * value;
  return Math.sqrt(sum);
}

/**
 * The lead for the summary: first sentences, whole, up to SUMMARY_MAX_SENTENCES and about
 * SUMMARY_TARGET_WORDS words; never beyond SUMMARY_MAX_WORDS once it has one sentence. When the
 * article is short, sentences are left for the three key points (one is always taken).
 */
function pickLead(candidates: readonly Sentence[], language: string): Sentence[] {
  const limit = Math.min(SUMMARY_MAX_SENTENCES, Math.max(1, candidates.length - KEY_POINT_LABELS.length));
  const lead: Sentence[] = [];
  let words = 0;
  for (const sentence of candidates.slice(0, limit)) {
    const count = wordCount(sentence, language);
    if (lead.length > 0 && (words >= SUMMARY_TARGET_WORDS || words + count > SUMMARY_MAX_WORDS)) break;
    lead.push(sentence);
    words += count;
  }
  return lead;
}

/** Words for length limits: CJK "words" from the segmenter are short, so count two as one. */
function wordCount(sentence: Sentence, language: string): number {
  return isCjk(language) ? Math.ceil(sentence.tokens.length / 2) : sentence.tokens.length;
}

/**
 * The sentences for What happened, Why it matters and What to watch, from the article's first
 * sentences (KEY_POINT_WINDOW; WATCH_WINDOW for a forward-looking one). With three or more
 * sentences left, the signal sentences are set aside first (forward-looking before consequence,
 * as "expected to" is both), so that What happened, the best-ranked of the rest, cannot take
 * them; with fewer, What happened comes first. A point without a signal sentence takes the
 * best-ranked sentence left, except What to watch (undefined without a forward-looking sentence
 * or a day); undefined when none is left.
 */
function pickKeyPoints(candidates: readonly Sentence[], used: Set<Sentence>, language: string): Array<Sentence | undefined> {
  const signals = SIGNALS[primaryTag(language)] ?? SIGNALS.en!;
  const left = candidates.filter((s) => !used.has(s));
  const early = left.filter((s) => s.index < KEY_POINT_WINDOW);
  const byRank = (early.length >= KEY_POINT_LABELS.length ? early : left).sort((a, b) => b.score - a.score || a.index - b.index);
  const take = (sentence: Sentence | undefined) => {
    if (sentence) used.add(sentence);
    return sentence;
  };
  const best = () => take(byRank.find((s) => !used.has(s)));
  const withSignal = (words: readonly string[]) => take(mostSignals(byRank.filter((s) => !used.has(s)), words, language));

  const reserve = byRank.length >= KEY_POINT_LABELS.length;
  const ahead = left.filter((s) => s.index < WATCH_WINDOW).sort((a, b) => b.score - a.score || a.index - b.index);
  let watch = reserve ? take(mostSignals(ahead, signals.watch, language)) : undefined;
  let why = reserve ? withSignal(signals.why) : undefined;
  // What happened is told in the article's own voice, not in a quotation.
  const happened = take(byRank.find((s) => !used.has(s) && !OPENS_WITH_QUOTE.test(s.text))) ?? best();
  why ??= withSignal(signals.why) ?? best();
  // A past fact under "What to watch" would mislead: without a forward-looking sentence, none.
  watch ??= withSignal(signals.watch) ?? withSignal(signals.when);
  return [happened, why, watch];
}

const OPENS_WITH_QUOTE = /^["“”„«»‘’'「『]/u;

/** The sentence with the most distinct signal words (the best-ranked among equals), if any has one. */
function mostSignals(byRank: readonly Sentence[], words: readonly string[], language: string): Sentence | undefined {
  const count = signalCounter(words, language);
  let found: Sentence | undefined;
  let most = 0;
  for (const sentence of byRank) {
    const hits = count(sentence.text);
    if (hits > most) [found, most] = [sentence, hits];
  }
  return found;
}

/** Counts the distinct signal words in a text: whole words for spaced scripts, substrings for CJK. */
function signalCounter(words: readonly string[], language: string): (text: string) => number {
  if (isCjk(language)) return (text) => words.filter((w) => text.includes(w)).length;
  const patterns = words.map((w) => {
    const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu');
  });
  return (text) => patterns.filter((p) => p.test(text)).length;
}

function primaryTag(language: string): string {
  return language.split(/[-_]/)[0]!.toLowerCase();
}

/** Chinese and Japanese: no spaces between words or sentences. */
function isCjk(language: string): boolean {
  return ['zh', 'ja'].includes(primaryTag(language));
}

/** Sentences are joined with a space, except in Chinese and Japanese. */
function joiner(language: string): string {
  return isCjk(language) ? '' : ' ';
}
