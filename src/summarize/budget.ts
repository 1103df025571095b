/**
 * Token estimates and splitting text into parts that each fit a token budget, so that no article
 * is ever cut silently to fit a model's context window.
 */
import { splitParagraphs, splitSentences, wordSegments } from './sentences.js';

/**
 * A conservative token estimate without the model's tokenizer: Han, kana and Hangul count one
 * token a character, other non-ASCII letters (Cyrillic, Greek, Arabic…) half a token, and
 * everything else one token per 3.5 characters.
 */
export function estimateTokens(text: string): number {
  const dense = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  const wide = text.match(/[^\p{ASCII}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  const rest = text.length - dense - wide;
  return Math.ceil(dense + wide / 2 + rest / 3.5);
}

/**
 * Splits text into consecutive parts of at most `maxTokens` (estimated) each, at paragraph
 * boundaries when possible, else at sentence boundaries, else at word boundaries. Every word of
 * the text is in exactly one part; whitespace is normalised (paragraphs keep their blank line).
 */
export function splitToFit(text: string, maxTokens: number, lang?: string): string[] {
  const pieces = splitParagraphs(text).flatMap((paragraph) => fitParagraph(paragraph, maxTokens, lang));
  return pack(pieces, maxTokens, '\n\n');
}

/** A paragraph as pieces that each fit: itself, or its sentences, packed back together. */
function fitParagraph(paragraph: string, maxTokens: number, lang?: string): string[] {
  if (estimateTokens(paragraph) <= maxTokens) return [paragraph];
  const sentences = splitSentences(paragraph, lang).flatMap((s) =>
    estimateTokens(s) <= maxTokens ? [s] : splitWords(s, maxTokens, lang),
  );
  return pack(sentences, maxTokens, ' ');
}

/** A sentence longer than the budget, cut between words. */
function splitWords(sentence: string, maxTokens: number, lang?: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (const { segment } of wordSegments(sentence, lang)) {
    if (current && estimateTokens(current + segment) > maxTokens) {
      parts.push(current.trim());
      current = '';
    }
    current += segment;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Greedily joins consecutive pieces while the joined text stays within the budget. */
function pack(pieces: readonly string[], maxTokens: number, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const joined = current ? current + separator + piece : piece;
    if (current && estimateTokens(joined) > maxTokens) {
      parts.push(current);
      current = piece;
    } else {
      current = joined;
    }
  }
  if (current) parts.push(current);
  return parts;
}
