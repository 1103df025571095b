/**
 * Decide which text stands for an article — the page's (Readability's or its JSON-LD
 * body, as extraction chose) or the feed's own content — and whether it is the whole
 * article. Pure: no I/O, no heavy imports.
 */
import type { Article } from '../types.js';
import { assessQuality, chooseCandidate, TEASER_MAX_WORDS } from './candidates.js';
import type { PageExtraction } from './readability.js';
import { countWords, htmlToText, readMinutes } from './html-text.js';

/**
 * Fewest words a page's text needs to count as the article: fewer is a teaser (see
 * TEASER_MAX_WORDS). Readability's `charThreshold` is not a minimum (below it, it returns
 * its longest attempt anyway), so paywall teasers, consent walls and "enable JavaScript"
 * shells come back as a line or two; a real news story, even a short wire item, runs well
 * past 80 words (≈ 4 sentences).
 */
export const MIN_ARTICLE_WORDS = TEASER_MAX_WORDS;

/** Length of an excerpt cut from the text when the page gives none. */
const EXCERPT_CHARS = 200;

export interface ChooseInput {
  /** The article's URL (the feed item's link). */
  url: string;
  feedTitle: string;
  /** The feed's content for the item, HTML or plain text. */
  feedContent?: string;
  /** What extraction found on the page; null when it found no article. */
  page?: PageExtraction | null;
  /** Why the page could not be fetched, when it could not. */
  pageError?: string;
}

/**
 * The article, from the page when its text is long enough and reads at least as well as
 * the feed's (see `chooseCandidate`: a page that contains the feed's text always wins),
 * else from the feed content with `originReason` saying why. `quality` says whether the
 * text is the whole article; a feed's summary standing in for a paywalled page counts
 * as paywalled.
 *
 * The title is the feed's title when it has one: it is the article's headline as the
 * publisher syndicates it, while a page's <title> often carries the site's name or SEO
 * wording. Byline, site name, language, date and canonical URL come only from a page that
 * was used: a page rejected as too short may be a consent or paywall page whose metadata
 * is not the article's.
 */
export function chooseArticle(input: ChooseInput): Article {
  const feedText = htmlToText(input.feedContent ?? '');
  const { page } = input;
  const title = oneLine(input.feedTitle) || oneLine(page?.title ?? '');
  const reason = rejectPage(input, feedText);

  if (page && reason === undefined) {
    const wordCount = countWords(page.text);
    return {
      url: input.url,
      title,
      byline: page.byline,
      siteName: page.siteName,
      lang: page.lang,
      publishedTime: page.publishedTime,
      text: page.text,
      excerpt: page.excerpt ?? excerptOf(page.text),
      wordCount,
      readMinutes: readMinutes(wordCount),
      origin: 'page',
      quality: page.quality,
      qualityReason: page.qualityReason,
      candidate: page.candidate,
      candidateReason: page.candidateReason,
      canonicalUrl: page.canonicalUrl,
    };
  }
  const feedWords = countWords(feedText);
  const { quality, reason: qualityReason } = assessQuality(feedText, page?.paywall);
  return {
    url: input.url,
    title,
    text: feedText,
    excerpt: excerptOf(feedText),
    wordCount: feedWords,
    readMinutes: readMinutes(feedWords),
    origin: 'feed',
    originReason: reason,
    quality,
    qualityReason: qualityReason === undefined ? undefined : `feed content: ${qualityReason}`,
    candidate: 'feed',
  };
}

/** Why the page's text can't be used, or undefined when it can. */
function rejectPage(input: ChooseInput, feedText: string): string | undefined {
  if (input.pageError !== undefined) return `page unreachable: ${input.pageError}`;
  if (!input.page) return 'page not readable';
  const pageWords = countWords(input.page.text);
  if (pageWords < MIN_ARTICLE_WORDS) return `page text too short (${pageWords} words)`;
  const choice = chooseCandidate([
    { name: input.page.candidate, text: input.page.text },
    { name: 'feed', text: feedText },
  ]);
  return choice?.candidate.name === 'feed' ? `feed content reads better: ${choice.reason}` : undefined;
}

/**
 * The first paragraph, cut to about EXCERPT_CHARS at a word boundary with an ellipsis
 * (text without spaces, such as Chinese, is cut at the limit); undefined for no text.
 */
export function excerptOf(text: string): string | undefined {
  const first = text.split('\n\n', 1)[0]?.replace(/\s+/g, ' ').trim() ?? '';
  if (first === '') return undefined;
  if (first.length <= EXCERPT_CHARS) return first;
  const cut = first.slice(0, EXCERPT_CHARS);
  const lastSpace = cut.lastIndexOf(' ');
  let end = lastSpace > EXCERPT_CHARS / 2 ? lastSpace : EXCERPT_CHARS;
  if (/[\ud800-\udbff]/.test(first.charAt(end - 1))) end--; // never cut a character in two
  return `${first.slice(0, end).replace(/[\s,;:.\-–—]+$/, '')}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
