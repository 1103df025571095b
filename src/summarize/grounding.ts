/**
 * Grounding: ties each key point to the article sentence(s) it rests on, and flags what the
 * article does not contain. The rule (PROMPT_VERSION covers it):
 *
 * - **Evidence** is one or two whole sentences of the article (as splitSentences gives them).
 *   A quote the model gave (in `evidence` on the way in) is located first: the sentence, or two
 *   consecutive sentences, holding at least 80% of its content words. Then, when the point is in
 *   the article's language, the sentence sharing most content words with the point (plus a
 *   second one when it adds at least 20% of them) is found too, and whichever covers more of the
 *   point is kept. Words match when equal or sharing their first five letters ("approved",
 *   "approval"); stopwords do not count.
 * - **Flagged** (`ungrounded`): numbers whose value the article does not have (see numbers.ts:
 *   "1,000" = "1000", "40 million" = "4000万", an approximate "about 60" may round "59.7");
 *   in the article's language also quotations ("…", “…”, «…», „…“ of two words or more) that
 *   do not occur in it, and, in languages that capitalise only names (en fr es it pt nl ru),
 *   capitalised words after a sentence's first word that it does not contain.
 * - **Unverified** (`unverified: true`) is a point with anything flagged, or without evidence
 *   covering at least half of its content words, or (written in another language than the
 *   article) whose quote could not be located. Unverified points are kept and shown as such,
 *   never dropped: the reader sees what the model said and that brief could not check it.
 *   A point that says the article states nothing (the extractive NOT_STATED) is left as is.
 */
import type { KeyPoint, Summary } from '../types.js';
import { NOT_STATED } from './extractive.js';
import { STOPWORDS } from './lang-data.js';
import { primaryLanguage } from './language.js';
import { isGroundedNumber, numberMentions, numberValues } from './numbers.js';
import { detectLanguage, splitSentences, wordTokens } from './sentences.js';

/** Share of a point's content words its evidence must hold for the point to count as grounded. */
const GROUNDED_COVERAGE = 0.5;
/** Share of a quote's content words one or two consecutive sentences must hold to locate it. */
const QUOTE_COVERAGE = 0.8;
/** A second evidence sentence is added when it brings at least this share of the point's words. */
const SECOND_SENTENCE_GAIN = 0.2;
/** Words sharing this many first letters match ("approved", "approval"). */
const STEM_LENGTH = 5;
/** Languages in which a capital letter inside a sentence marks a name. */
const NAME_CASE_LANGUAGES = new Set(['en', 'fr', 'es', 'it', 'pt', 'nl', 'ru']);

/** An article (or any source text) prepared for grounding many claims against it. */
export interface GroundingSource {
  language: string;
  sentences: Array<{ text: string; terms: ReadonlySet<string> }>;
  /** The words, lowercased, one space apart and between spaces: for quotations. */
  flat: string;
  /** Every lowercased word, for names. */
  words: ReadonlySet<string>;
  numbers: ReadonlySet<number>;
}

export interface Grounding {
  /** The source's sentence(s) the claim rests on. */
  evidence?: string;
  /** Names, numbers or quotations of the claim that the source does not contain. */
  ungrounded: string[];
  verified: boolean;
}

export function groundingSource(text: string, language: string): GroundingSource {
  const sentences = splitSentences(text, language).map((s) => ({ text: s, terms: new Set(contentTerms(s, language)) }));
  const words = wordTokens(text, language);
  return {
    language,
    sentences,
    flat: ` ${words.join(' ')} `,
    words: new Set(words.map(stripPossessive)),
    numbers: numberValues(text, language),
  };
}

/**
 * Grounds a claim in a source. `claimLanguage` is the claim's; `quote`, a passage of the source
 * the claim is said to rest on.
 */
export function groundClaim(claim: string, source: GroundingSource, claimLanguage: string, quote?: string): Grounding {
  const sameLanguage = isSameLanguage(claimLanguage, source.language);
  const terms = contentTerms(claim, claimLanguage);
  const located = quote ? locateQuote(quote, source) : undefined;
  let chosen: { indices: number[]; coverage: number } | undefined;
  if (sameLanguage) {
    const byQuote = located && { indices: located, coverage: coverage(terms, located.map((i) => source.sentences[i]!.terms)) };
    const byOverlap = bestOverlap(terms, source);
    chosen = byQuote && byQuote.coverage >= (byOverlap?.coverage ?? 0) ? byQuote : byOverlap;
  } else if (located) {
    chosen = { indices: located, coverage: 1 };
  }
  const ungrounded = unsupported(claim, claimLanguage, source, sameLanguage);
  const evidence = chosen && chosen.coverage > 0 ? joinSentences(chosen.indices, source) : undefined;
  const verified = evidence !== undefined && chosen!.coverage >= GROUNDED_COVERAGE && ungrounded.length === 0;
  return { evidence, ungrounded, verified };
}

/**
 * Fills each key point's `evidence`, `ungrounded` and `unverified` (see the rule above). An
 * `evidence` already on a point is taken as the model's quote and checked, never trusted.
 */
export function groundKeyPoints(summary: Summary, articleText: string, articleLanguage?: string): Summary {
  const source = groundingSource(articleText, articleLanguage || detectLanguage(articleText));
  return { ...summary, keyPoints: summary.keyPoints.map((point) => groundPoint(point, source, summary.language)) };
}

function groundPoint(point: KeyPoint, source: GroundingSource, language: string): KeyPoint {
  const { label, text } = point;
  if (text === NOT_STATED) return { label, text };
  const { evidence, ungrounded, verified } = groundClaim(text, source, language, point.evidence);
  return {
    label,
    text,
    ...(evidence !== undefined ? { evidence } : {}),
    ...(verified ? {} : { unverified: true }),
    ...(ungrounded.length ? { ungrounded } : {}),
  };
}

/** Whether a key point rests on evidence and nothing in it was flagged: for "N of M points grounded". */
export function isGrounded(point: KeyPoint): boolean {
  return point.evidence !== undefined && !point.unverified;
}

function isSameLanguage(a: string, b: string): boolean {
  return a === 'und' || b === 'und' || primaryLanguage(a) === primaryLanguage(b);
}

/** Content words: lowercased word tokens without stopwords, possessives or one-letter Latin words. */
function contentTerms(text: string, language: string): string[] {
  const stop = STOPWORDS[primaryLanguage(language)];
  return wordTokens(text, language)
    .map(stripPossessive)
    .filter((t) => !stop?.has(t) && /[\p{L}\p{N}]/u.test(t) && !/^[a-z]$/.test(t));
}

function stripPossessive(word: string): string {
  return word.replace(/['’]s$/u, '');
}

/** Share of `terms` that one of the sentences' terms matches. */
function coverage(terms: readonly string[], sentences: ReadonlyArray<ReadonlySet<string>>): number {
  if (terms.length === 0) return 0;
  return terms.filter((t) => sentences.some((s) => hasTerm(s, t))).length / terms.length;
}

function hasTerm(terms: ReadonlySet<string>, term: string): boolean {
  if (terms.has(term)) return true;
  if ([...term].length < STEM_LENGTH) return false;
  const stem = term.slice(0, STEM_LENGTH);
  for (const t of terms) if (t.length >= STEM_LENGTH && t.startsWith(stem)) return true;
  return false;
}

/** The sentence covering most of the terms, and a second one when it adds enough. */
function bestOverlap(terms: readonly string[], source: GroundingSource): { indices: number[]; coverage: number } | undefined {
  let best = -1;
  let bestCoverage = 0;
  source.sentences.forEach((s, i) => {
    const c = coverage(terms, [s.terms]);
    if (c > bestCoverage) [best, bestCoverage] = [i, c];
  });
  if (best < 0) return undefined;
  let second = -1;
  let secondCoverage = bestCoverage;
  source.sentences.forEach((s, i) => {
    if (i === best) return;
    const c = coverage(terms, [source.sentences[best]!.terms, s.terms]);
    if (c > secondCoverage) [second, secondCoverage] = [i, c];
  });
  if (second >= 0 && secondCoverage - bestCoverage >= SECOND_SENTENCE_GAIN) {
    return { indices: [best, second].sort((a, b) => a - b), coverage: secondCoverage };
  }
  return { indices: [best], coverage: bestCoverage };
}

/** The sentence holding the quote, else two consecutive sentences that do; undefined when none does. */
function locateQuote(quote: string, source: GroundingSource): number[] | undefined {
  const terms = contentTerms(quote, source.language);
  if (terms.length === 0) return undefined;
  const best = (candidates: number[][]) => {
    let found: number[] | undefined;
    let most = 0;
    for (const indices of candidates) {
      const c = coverage(terms, indices.map((i) => source.sentences[i]!.terms));
      if (c > most) [found, most] = [indices, c];
    }
    return most >= QUOTE_COVERAGE ? found : undefined;
  };
  const indices = source.sentences.map((_, i) => i);
  return best(indices.map((i) => [i])) ?? best(indices.slice(1).map((i) => [i - 1, i]));
}

function joinSentences(indices: readonly number[], source: GroundingSource): string {
  const cjk = ['zh', 'ja'].includes(primaryLanguage(source.language));
  return indices.map((i) => source.sentences[i]!.text).join(cjk ? '' : ' ');
}

/** The claim's numbers, and in the source's language its quotations and names, that the source lacks. */
function unsupported(claim: string, language: string, source: GroundingSource, sameLanguage: boolean): string[] {
  const flagged = numberMentions(claim, language)
    .filter((m) => !isGroundedNumber(m, source.numbers))
    .map((m) => m.raw);
  if (sameLanguage) {
    flagged.push(...quotations(claim).filter((q) => !source.flat.includes(flatten(q, language))));
    if (NAME_CASE_LANGUAGES.has(primaryLanguage(language)) || language === 'und') {
      flagged.push(...names(claim).filter((name) => !name.split(/\s+/).every((w) => hasWord(source.words, w))));
    }
  }
  return [...new Set(flagged)];
}

/** A name's word is in the source as a word, or as a longer form of it ("Ukraine", "Ukraine's"). */
function hasWord(words: ReadonlySet<string>, word: string): boolean {
  return hasTerm(words, stripPossessive(word.toLowerCase()));
}

const QUOTATION = /["“„«]([^"“”„«»]+)["”“»]/gu;

/** Quoted passages of two words or more. */
function quotations(text: string): string[] {
  return [...text.matchAll(QUOTATION)].map((m) => m[1]!.trim()).filter((q) => q.split(/\s+/).length >= 2);
}

/**
 * Runs of capitalised words that are not a sentence's first word ("the Kestrel Valley council"
 * → "Kestrel Valley"); a run that starts a sentence keeps its later words.
 */
function names(text: string): string[] {
  const found: string[] = [];
  for (const sentence of splitSentences(text)) {
    const words = sentence.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
    let run: string[] = [];
    const flush = () => {
      if (run.length) found.push(run.join(' '));
      run = [];
    };
    words.forEach((word, i) => {
      if (i > 0 && /^\p{Lu}/u.test(word)) run.push(word);
      else flush();
    });
    flush();
  }
  return found;
}

/** The words of a text, lowercased, one space apart, with a space before and after. */
function flatten(text: string, language: string): string {
  return ` ${wordTokens(text, language).join(' ')} `;
}
