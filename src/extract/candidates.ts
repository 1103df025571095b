/**
 * Choosing among the texts that may stand for an article — Readability's, the page's
 * JSON-LD `articleBody`, the feed's content — and telling whether the chosen text is
 * the whole article, a teaser, or what a paywall lets through. Pure: no DOM, no I/O.
 */
import type { ArticleQuality } from '../types.js';
import { countWords } from './html-text.js';

/** Where a candidate text comes from, in order of preference when two agree. */
export const CANDIDATE_NAMES = ['readability', 'json-ld', 'feed'] as const;
export type CandidateName = (typeof CANDIDATE_NAMES)[number];

export interface Candidate {
  name: CandidateName;
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
}

export interface Choice {
  candidate: Candidate;
  /** Why it was chosen, e.g. "contains 97% of the json-ld text". */
  reason: string;
}

/**
 * A candidate that holds at least this share of another's 4-word sequences already has
 * that text: the two agree, and the preferred one (Readability keeps headings, lists and
 * paragraphs; JSON-LD bodies often lose them) is kept.
 */
const AGREEMENT = 0.8;

/** A line of at least this many words that ends like a sentence is prose. */
const SENTENCE_MIN_WORDS = 6;

/**
 * The best of `candidates`, or undefined when none has text. Each candidate is compared
 * with the best so far: when the best already contains most of its text they agree and
 * the earlier (preferred) one stays; otherwise the one with the higher quality score
 * wins — its word count weighted by the share of those words in sentence-shaped lines,
 * so a menu or a list of headlines loses to prose of the same length.
 */
export function chooseCandidate(candidates: readonly Candidate[]): Choice | undefined {
  const scored = candidates
    .map((candidate) => ({ candidate, ...measure(candidate.text) }))
    .filter((c) => c.words > 0)
    .sort((a, b) => CANDIDATE_NAMES.indexOf(a.candidate.name) - CANDIDATE_NAMES.indexOf(b.candidate.name));
  const [first, ...rest] = scored;
  if (first === undefined) return undefined;
  let best = first;
  let reason = 'the only candidate with text';
  for (const other of rest) {
    const contained = containment(best.candidate.text, other.candidate.text);
    if (contained >= AGREEMENT) {
      reason = `contains ${percent(contained)} of the ${other.candidate.name} text`;
    } else if (other.score > best.score) {
      reason = `${describe(other)}, against ${best.candidate.name}'s ${describe(best)}`;
      best = other;
    } else {
      reason = `${describe(best)}, against ${other.candidate.name}'s ${describe(other)}`;
    }
  }
  return { candidate: best.candidate, reason };
}

interface Measured {
  words: number;
  /** Share of the words that stand in sentence-shaped lines, 0–1. */
  prose: number;
  score: number;
}

/** Word count, prose share and quality score of a text. */
export function measure(text: string): Measured {
  let words = 0;
  let proseWords = 0;
  for (const line of text.split('\n')) {
    const count = countWords(line);
    words += count;
    if (count >= SENTENCE_MIN_WORDS && SENTENCE_END.test(line.trim())) proseWords += count;
  }
  const prose = words === 0 ? 0 : proseWords / words;
  return { words, prose, score: words * (0.25 + 0.75 * prose) };
}

/** How a sentence ends, closing quotes and brackets included; also the CJK full stops. */
const SENTENCE_END = /[.!?…。！？][”’"'»)\]]*$/u;

function describe(m: Measured): string {
  return `${m.words} words, ${percent(m.prose)} in sentences`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/**
 * Share of `part`'s 4-word sequences that occur in `whole` (0 when `part` has none): how
 * much of one text another already holds, whatever else either has.
 */
export function containment(whole: string, part: string): number {
  const partShingles = shingles(part);
  if (partShingles.size === 0) return 0;
  const wholeShingles = shingles(whole);
  let shared = 0;
  for (const shingle of partShingles) if (wholeShingles.has(shingle)) shared++;
  return shared / partShingles.size;
}

function shingles(text: string): Set<string> {
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const set = new Set<string>();
  for (let i = 0; i + 4 <= tokens.length; i++) set.add(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]} ${tokens[i + 3]}`);
  return set;
}

// ---------------------------------------------------------------------------
// Quality

/**
 * Fewer words than this is not a whole news story but a teaser: a feed's summary, a
 * standfirst, a consent wall's line or two. A story, even a short wire item, runs well
 * past 80 words (≈ 4 sentences).
 */
export const TEASER_MAX_WORDS = 80;

/**
 * A page that says it is paid for and gives fewer words than this has been cut at the
 * paywall: what paywalls let through is the headline and a paragraph or two.
 */
export const PAYWALL_CUT_WORDS = 150;

/** How a teaser or a text cut by a paywall ends: an ellipsis or a link to the rest. */
const TRUNCATION_MARK =
  /(?:\.\.\.|…|\[(?:…|\.\.\.)\]|\(more(?:…|\.\.\.)?\)|\b(?:read more|continue reading|keep reading|read the (?:full|whole|rest of the|entire) (?:story|article|post)|full story|weiterlesen|lire la suite|leia mais|leer más|continua a leggere))\W*$/i;

export interface Quality {
  quality: ArticleQuality;
  /** Why it is not "full". */
  reason?: string;
}

/**
 * Whether `text` is the whole article. "paywalled" when the page says it is paid for
 * (`paywall` gives that evidence) and the text breaks off or is shorter than
 * PAYWALL_CUT_WORDS; "teaser" when the text breaks off with an ellipsis or a "Read more",
 * or is shorter than TEASER_MAX_WORDS; "full" otherwise.
 */
export function assessQuality(text: string, paywall?: string): Quality {
  const words = countWords(text);
  const lastLine = text.trimEnd().split('\n').at(-1)?.trim() ?? '';
  const breaksOff = TRUNCATION_MARK.exec(lastLine)?.[0].trim();
  const shape = breaksOff === undefined ? `only ${words} words are readable` : `the text breaks off with "${breaksOff}"`;
  if (paywall !== undefined && (breaksOff !== undefined || words < PAYWALL_CUT_WORDS)) return { quality: 'paywalled', reason: `${paywall}; ${shape}` };
  if (breaksOff !== undefined || words < TEASER_MAX_WORDS) return { quality: 'teaser', reason: shape };
  return { quality: 'full' };
}
