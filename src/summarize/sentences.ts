/**
 * Sentence splitting, word tokens and a cheap language guess, built on Intl.Segmenter so that
 * Chinese and Japanese (。！？, no spaces) work like any other language.
 */
import { STOPWORDS } from './lang-data.js';

/** Titles that precede a name: the period after them never ends a sentence. */
const TITLE_ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'sgt', 'capt',
  'cmdr', 'adm', 'maj', 'rev', 'hon', 'pres', 'supt', 'det', 'insp', 'st', 'mt', 'ft', 'messrs',
  'mme', 'mlle', 'hr', 'fr', 'sr', 'jr', 'vs', 'etc', 'approx', 'dept', 'univ', 'ave', 'blvd',
]);

/** Abbreviations whose period ends no sentence when a number follows ("No. 5", "Jan. 12"). */
const NUMBER_ABBREVIATIONS = new Set([
  'no', 'nos', 'nr', 'vol', 'pp', 'p', 'art', 'fig', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul',
  'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/** A locale Intl accepts: the given tag when valid, else English (sentence rules barely differ). */
export function segmenterLocale(lang: string | undefined): string {
  if (!lang) return 'en';
  try {
    return Intl.Segmenter.supportedLocalesOf([lang])[0] ?? 'en';
  } catch {
    return 'en'; // not a well-formed BCP 47 tag
  }
}

/**
 * Intl.Segmenter is quadratic on long strings in Node 20 (80 KB of English: 0.7 s, 180 KB: 13 s),
 * so it is given pieces of at most this many characters…
 */
const SEGMENT_PIECE = 2000;

/**
 * …cut where `canBreak(text, i)` allows (the piece ends at i), looking back at most half a
 * piece; a run without such a place is cut at the limit (never inside a surrogate pair).
 */
function* segmentInPieces(segmenter: Intl.Segmenter, text: string, canBreak: (text: string, i: number) => boolean): Generator<Intl.SegmentData> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + SEGMENT_PIECE);
    if (end < text.length) {
      let cut = end;
      while (cut > start + SEGMENT_PIECE / 2 && !canBreak(text, cut)) cut--;
      end = cut > start + SEGMENT_PIECE / 2 ? cut : end - (isLowSurrogate(text.charCodeAt(end)) ? 1 : 0);
    }
    yield* segmenter.segment(text.slice(start, end));
    start = end;
  }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** After white space or CJK punctuation: never inside a word. */
const WORD_BREAK = (text: string, i: number) => /[\s。！？，、；：]/u.test(text[i - 1]!);
/** After a sentence's final punctuation (and closing quote) and a space, or after 。！？. */
const SENTENCE_BREAK = (text: string, i: number) => /[.!?]["'”’)\]]?\s$|[。！？]$/u.test(text.slice(Math.max(0, i - 3), i));

/** Word segments of `text`, however long. */
export function wordSegments(text: string, lang?: string): Iterable<Intl.SegmentData> {
  return segmentInPieces(new Intl.Segmenter(segmenterLocale(lang), { granularity: 'word' }), text, WORD_BREAK);
}

/** Paragraphs (split at blank lines), each with its inner whitespace collapsed to single spaces. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\n[ \t\r\f\v\u00a0]*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/**
 * Splits text into trimmed, non-empty sentences. Paragraphs are split first, so a sentence never
 * spans a blank line; inside a paragraph line breaks count as spaces. Intl.Segmenter finds the
 * boundaries (including CJK 。！？); boundaries it puts after a title ("Mr.", "Dr."), an initial
 * ("John F. Kennedy"), a number abbreviation before a digit ("No. 5") or before a lowercase word
 * ('"Really?" she asked') are undone.
 */
export function splitSentences(text: string, lang?: string): string[] {
  const segmenter = new Intl.Segmenter(segmenterLocale(lang), { granularity: 'sentence' });
  const sentences: string[] = [];
  for (const paragraph of splitParagraphs(text)) {
    let current = '';
    for (const { segment } of segmentInPieces(segmenter, paragraph, SENTENCE_BREAK)) {
      const piece = segment.trim();
      if (!piece) continue;
      if (current && continuesSentence(current, piece)) current += ' ' + piece;
      else {
        if (current) sentences.push(current);
        current = piece;
      }
    }
    if (current) sentences.push(current);
  }
  return sentences;
}

/** True when the boundary between `before` and `after` is a false sentence end. */
function continuesSentence(before: string, after: string): boolean {
  if (/^\p{Ll}/u.test(after)) return true;
  const lastWord = /(?:^|[\s("'“‘])([\p{L}]+)\.$/u.exec(before)?.[1];
  if (!lastWord) return false;
  const word = lastWord.toLowerCase();
  if (TITLE_ABBREVIATIONS.has(word)) return true;
  if (/^\p{Lu}$/u.test(lastWord)) return true; // an initial: "John F. Kennedy"
  return NUMBER_ABBREVIATIONS.has(word) && /^\d/.test(after);
}

/** Lowercased word tokens (Intl.Segmenter word-like segments; dictionary-based for CJK). */
export function wordTokens(text: string, lang?: string): string[] {
  const tokens: string[] = [];
  for (const { segment, isWordLike } of wordSegments(text, lang)) {
    if (isWordLike) tokens.push(segment.toLowerCase());
  }
  return tokens;
}

/** Scripts that identify one language well enough on their own, checked in this order. */
const SCRIPT_LANGUAGES: ReadonlyArray<[RegExp, string]> = [
  [/\p{Script=Hangul}/gu, 'ko'],
  [/\p{Script=Cyrillic}/gu, 'ru'],
  [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/\p{Script=Devanagari}/gu, 'hi'],
];

/** How much of the text detectLanguage looks at: plenty for a guess, cheap on long articles. */
const DETECT_SAMPLE_CHARS = 4000;

/**
 * A cheap heuristic guess of the language, as a BCP 47 primary tag, or 'und' when unsure.
 * Non-Latin scripts decide by the dominant script: Han with some kana → 'ja', Han alone → 'zh',
 * Hangul 'ko', Cyrillic 'ru' (Ukrainian, Bulgarian… also land here), Arabic 'ar' (also Persian,
 * Urdu), Greek 'el', Hebrew 'he', Devanagari 'hi'. Latin text is a vote of common function words
 * among en/de/fr/es/it/pt/nl: the winner needs at least 3 hits and a strict lead.
 * Not a language identifier: prefer the page's declared language when there is one.
 */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, DETECT_SAMPLE_CHARS);
  const letters = count(sample, /\p{L}/gu);
  if (letters === 0) return 'und';

  const kana = count(sample, /[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = count(sample, /\p{Script=Han}/gu);
  if (kana + han >= letters * 0.3 && kana >= (kana + han) * 0.1) return 'ja';
  if (han >= letters * 0.3) return 'zh';
  for (const [script, lang] of SCRIPT_LANGUAGES) {
    if (count(sample, script) >= letters * 0.3) return lang;
  }
  return voteByStopwords(sample);
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function voteByStopwords(text: string): string {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const scores = Object.entries(STOPWORDS).map(([lang, list]) => ({
    lang,
    hits: words.filter((w) => list.has(w)).length,
  }));
  scores.sort((a, b) => b.hits - a.hits);
  const [best, second] = scores;
  if (!best || best.hits < 3 || (second && second.hits === best.hits)) return 'und';
  return best.lang;
}
