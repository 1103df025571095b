/**
 * A web page's main article, found by Mozilla Readability on a jsdom document.
 * Loads jsdom (≈ 1.2 s to import): only ever import this module lazily.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { Article } from '../types.js';
import { htmlToText } from './html-text.js';

/** What a page yields: the article's fields that come from the page itself. */
export type PageExtraction = Pick<Article, 'title' | 'byline' | 'siteName' | 'lang' | 'publishedTime' | 'text' | 'excerpt'>;

/** Metadata read before Readability runs (`parse()` strips the document). */
interface PageMetadata {
  lang?: string;
  siteName?: string;
  publishedTime?: string;
}

/**
 * The article in `html`, or null when Readability finds none or the page can't be
 * parsed. Never throws for a bad page. `url` is the page's final URL (links resolve
 * against it). Scripts never run and no subresource is loaded.
 */
export async function extractPage(html: string, url: string): Promise<PageExtraction | null> {
  let dom: JSDOM | undefined;
  try {
    dom = new JSDOM(stripUnneededElements(html), { url, virtualConsole: new VirtualConsole() });
    const document = dom.window.document;
    const fallback = readMetadata(document); // before parse(), which strips the document
    const article = new Readability(document).parse();
    if (article === null) return null;
    return {
      title: oneLine(article.title) ?? '',
      byline: oneLine(article.byline),
      siteName: oneLine(article.siteName) ?? fallback.siteName,
      lang: oneLine(article.lang) ?? fallback.lang,
      publishedTime: oneLine(article.publishedTime) ?? fallback.publishedTime,
      text: dropAdLabels(htmlToText(article.content ?? '')),
      excerpt: oneLine(article.excerpt),
    };
  } catch {
    return null; // jsdom or Readability choked on this page: it is simply not readable
  } finally {
    dom?.window.close();
    // jsdom keeps each document alive until a macrotask turn (see NODE20.md).
    await nextMacrotask();
  }
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

/** A paragraph that is nothing but an ad slot's label, which Readability keeps. */
const AD_LABEL = /^(?:advertisement|advert|ad|sponsored|story continues below(?: this)? advertisement|anzeige|publicit[ée]|publicidad|pubblicit[àa]|reklame|广告|廣告|広告)$/i;

function dropAdLabels(text: string): string {
  return text
    .split('\n\n')
    .filter((paragraph) => !AD_LABEL.test(paragraph.trim()))
    .join('\n\n');
}

function readMetadata(document: Document): PageMetadata {
  const meta = (property: string): string | undefined =>
    oneLine(document.querySelector(`meta[property="${property}"], meta[name="${property}"]`)?.getAttribute('content'));
  const time =
    document.querySelector('article time[datetime]') ?? document.querySelector('time[datetime]');
  return {
    lang: oneLine(document.documentElement.getAttribute('lang')),
    siteName: meta('og:site_name'),
    publishedTime: meta('article:published_time') ?? oneLine(time?.getAttribute('datetime')),
  };
}

/** Whitespace collapsed and trimmed; undefined when nothing is left. */
function oneLine(value: string | null | undefined): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}
