/**
 * A web page's main article: Readability's text on a jsdom document, cleaned of the
 * furniture it keeps, or the page's JSON-LD `articleBody` when that reads better; with
 * the page's metadata and a judgement of whether the text is the whole article.
 * Loads jsdom (≈ 1.2 s to import): only ever import this module lazily.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { Article } from '../types.js';
import { assessQuality, chooseCandidate, type Candidate, type CandidateName } from './candidates.js';
import { removeFurniture } from './clean-dom.js';
import { cleanArticleText } from './clean-text.js';
import { htmlToText } from './html-text.js';
import { oneLine, readPageMetadata, type PageMetadata } from './page-metadata.js';

/** What a page yields: the article's fields that come from the page itself. */
export type PageExtraction = Pick<
  Article,
  'title' | 'byline' | 'siteName' | 'lang' | 'publishedTime' | 'text' | 'excerpt' | 'canonicalUrl' | 'qualityReason'
> &
  Required<Pick<Article, 'quality'>> & {
    /** Which of the page's texts this is. */
    candidate: Exclude<CandidateName, 'feed'>;
    /** Why that text was chosen over the page's other one. */
    candidateReason: string;
    /** Why the page looks paid-for, when it does (whatever the text's quality). */
    paywall?: string;
  };

/**
 * The article in `html`, or null when neither Readability nor the page's JSON-LD has
 * one, or the page can't be parsed. Never throws for a bad page. `url` is the page's
 * final URL (links resolve against it). Scripts never run and no subresource is loaded.
 */
export async function extractPage(html: string, url: string): Promise<PageExtraction | null> {
  let dom: JSDOM | undefined;
  try {
    dom = new JSDOM(stripUnneededElements(html), { url, virtualConsole: new VirtualConsole() });
    const document = dom.window.document;
    const metadata = readPageMetadata(document); // before parse(), which strips the document
    const article = new Readability<Element>(document, { keepClasses: true, serializer: (node) => node as Element }).parse();
    const context = { title: oneLine(article?.title) ?? metadata.title ?? '', byline: withoutBy(oneLine(article?.byline) ?? metadata.byline) };
    const choice = chooseCandidate(candidatesOf(article?.content ?? undefined, metadata, context));
    if (choice === undefined) return null;
    const fromJsonLd = choice.candidate.name === 'json-ld';
    const { quality, reason } = assessQuality(choice.candidate.text, metadata.paywall);
    return {
      // Readability's title and excerpt describe the text it found; JSON-LD's text has its own headline.
      title: (fromJsonLd ? metadata.jsonLd?.headline : undefined) ?? context.title,
      byline: context.byline,
      siteName: oneLine(article?.siteName) ?? metadata.siteName,
      lang: oneLine(article?.lang) ?? metadata.lang,
      publishedTime: oneLine(article?.publishedTime) ?? metadata.publishedTime,
      text: choice.candidate.text,
      excerpt: fromJsonLd ? undefined : oneLine(article?.excerpt),
      canonicalUrl: metadata.canonicalUrl,
      quality,
      qualityReason: reason,
      candidate: fromJsonLd ? 'json-ld' : 'readability',
      candidateReason: choice.reason,
      paywall: metadata.paywall,
    };
  } catch {
    return null; // jsdom or Readability choked on this page: it is simply not readable
  } finally {
    dom?.window.close();
    // jsdom keeps each document alive until a macrotask turn (see NODE20.md).
    await nextMacrotask();
  }
}

/** A byline without the "By " that pages put before the names. */
function withoutBy(byline: string | undefined): string | undefined {
  return byline?.replace(/^by\s+/i, '') || undefined;
}

/** The page's texts: Readability's article without its furniture, and the JSON-LD body; both cleaned of boilerplate lines. */
function candidatesOf(content: Element | undefined, metadata: PageMetadata, context: { title: string; byline?: string }): Candidate[] {
  const candidates: Candidate[] = [];
  if (content !== undefined) {
    removeFurniture(content);
    candidates.push({ name: 'readability', text: cleanArticleText(htmlToText(content.innerHTML), context) });
  }
  if (metadata.jsonLd?.body !== undefined) candidates.push({ name: 'json-ld', text: cleanArticleText(metadata.jsonLd.body, context) });
  return candidates;
}

/**
 * `<style>` blocks are removed (extraction needs no CSS, and jsdom 29 throws on some
 * broken CSS such as an unclosed `calc(`), as are scripts (they never run) except
 * JSON-LD, which Readability reads for title, byline, site name and date; `<noscript>`
 * too, whose text is "please enable JavaScript" boilerplate.
 */
export function stripUnneededElements(html: string): string {
  const withoutStyles = removeElements(html, 'style');
  const withoutNoscript = removeElements(withoutStyles, 'noscript');
  return removeElements(withoutNoscript, 'script', (openTag) => /application\/ld\+json/i.test(openTag));
}

/**
 * `html` without its `name` elements, tags and content, except those whose opening tag
 * `keep` accepts. One forward pass (no backtracking regex, so hostile pages with
 * thousands of unclosed tags stay linear); from an element that never closes on, the
 * rest is kept as it is.
 */
function removeElements(html: string, name: string, keep: (openTag: string) => boolean = () => false): string {
  const open = new RegExp(`<${name}(?=[\\s/>])`, 'gi');
  const close = new RegExp(`</${name}\\s*>`, 'gi');
  const kept: string[] = [];
  let pos = 0;
  for (let start = open.exec(html); start !== null; start = open.exec(html)) {
    const openEnd = html.indexOf('>', start.index);
    if (openEnd === -1) break;
    close.lastIndex = openEnd + 1;
    if (close.exec(html) === null) break;
    if (!keep(html.slice(start.index, openEnd + 1))) {
      kept.push(html.slice(pos, start.index));
      pos = close.lastIndex;
    }
    open.lastIndex = close.lastIndex;
  }
  kept.push(html.slice(pos));
  return kept.join('');
}
