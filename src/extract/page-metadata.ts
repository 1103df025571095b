/**
 * What a page says about its article outside the article's text: meta tags, JSON-LD,
 * `<link rel="canonical">`, `<time>`, and whether it declares or shows a paywall. Read
 * from the document before Readability runs (`parse()` strips the document). No heavy
 * imports: the caller owns the DOM.
 */
import { readJsonLd, type JsonLdArticle } from './json-ld.js';

export interface PageMetadata {
  /** The headline: JSON-LD's, `og:title`, else the document's `<title>`. */
  title?: string;
  lang?: string;
  siteName?: string;
  publishedTime?: string;
  byline?: string;
  canonicalUrl?: string;
  /** The page's JSON-LD article, when it describes one. */
  jsonLd?: JsonLdArticle;
  /** Why the page looks paid-for (a declaration or a subscribe prompt), when it does. */
  paywall?: string;
}

/** Meta names that carry the publication date, most specific first. */
const DATE_META = [
  'article:published_time', 'og:article:published_time', 'datePublished', 'pubdate', 'publishdate', 'publish-date',
  'parsely-pub-date', 'sailthru.date', 'dc.date.issued', 'dcterms.issued', 'dc.date', 'date',
];

/**
 * Text that appears where a paywall stops the article: "Subscribe to continue reading",
 * "This article is for subscribers only", "You have reached your free article limit".
 */
const PAYWALL_PROMPT =
  /\b(?:(?:subscribe|sign in|log in|register) (?:now )?to (?:continue|keep) reading|to (?:continue|keep) reading,? (?:please )?(?:subscribe|sign in|log in|register)|(?:this|the rest of this) (?:article|story|content) is (?:only )?(?:available )?(?:for|to) (?:paying |premium )?subscribers|subscribers? only|exclusive(?:ly)? for subscribers|you(?:'ve| have) reached your (?:free )?(?:article|story) limit|already a subscriber\?|become a subscriber to (?:read|continue))/i;

/**
 * Reads the metadata of `document`; call it before Readability changes the document.
 * Elements are found by tag name and filtered here: jsdom's attribute selectors
 * (`[itemprop="…" i]`) cost several milliseconds each on a large page.
 */
export function readPageMetadata(document: Document): PageMetadata {
  const jsonLd = readJsonLd(
    [...document.getElementsByTagName('script')].filter((s) => /^\s*application\/ld\+json\s*$/i.test(s.getAttribute('type') ?? '')).map((s) => s.textContent ?? ''),
  );
  const meta = metaReader(document);
  return {
    title: jsonLd?.headline ?? meta('og:title') ?? oneLine(document.title),
    lang: oneLine(document.documentElement.getAttribute('lang')) ?? meta('content-language') ?? jsonLd?.inLanguage ?? locale(meta('og:locale')),
    siteName: meta('og:site_name') ?? jsonLd?.publisher ?? meta('application-name'),
    publishedTime: firstOf(DATE_META.map((name) => meta(name))) ?? jsonLd?.datePublished ?? timeElementDate(document),
    byline: jsonLd?.author ?? notUrl(meta('author')) ?? notUrl(meta('article:author')),
    canonicalUrl: canonicalOf(document, meta('og:url') ?? jsonLd?.url),
    jsonLd,
    paywall: paywallOf(document, jsonLd, meta),
  };
}

type MetaReader = (key: string) => string | undefined;

/** `content` of the first `<meta>` whose property, name, itemprop or http-equiv is `key` (case-insensitive). */
function metaReader(document: Document): MetaReader {
  const values = new Map<string, string>();
  for (const element of document.getElementsByTagName('meta')) {
    const content = oneLine(element.getAttribute('content'));
    if (content === undefined) continue;
    for (const attribute of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = element.getAttribute(attribute)?.trim().toLowerCase();
      if (key && !values.has(key)) values.set(key, content);
    }
  }
  return (key) => values.get(key.toLowerCase());
}

/** The `datetime` of the first `<time>` inside an `<article>`, else of the first `<time>` anywhere. */
function timeElementDate(document: Document): string | undefined {
  const times = [...document.getElementsByTagName('time')].filter((time) => time.hasAttribute('datetime'));
  const time = times.find((t) => t.closest('article') !== null) ?? times[0];
  return oneLine(time?.getAttribute('datetime'));
}

/**
 * The canonical URL: `<link rel="canonical">` (resolved against the page), else the
 * `og:url` or JSON-LD URL given; only absolute http(s) URLs count.
 */
function canonicalOf(document: Document, fallback: string | undefined): string | undefined {
  const link = [...document.getElementsByTagName('link')].find((l) => /(?:^|\s)canonical(?:\s|$)/i.test(l.getAttribute('rel') ?? ''));
  for (const candidate of [link?.getAttribute('href'), fallback]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate.trim(), document.baseURI);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // not a URL: try the next
    }
  }
  return undefined;
}

/**
 * Why the page looks paid-for: a schema.org `isAccessibleForFree: false` (JSON-LD or
 * a microdata `<meta>`), an `article:content_tier` of "locked" or "metered", or a
 * subscribe prompt in the page's text.
 */
function paywallOf(document: Document, jsonLd: JsonLdArticle | undefined, meta: MetaReader): string | undefined {
  if (jsonLd?.paid || meta('isAccessibleForFree')?.toLowerCase() === 'false') return 'the page declares paid access (isAccessibleForFree: false)';
  const tier = meta('article:content_tier')?.toLowerCase();
  if (tier === 'locked' || tier === 'metered') return `the page declares its content tier "${tier}"`;
  const prompt = PAYWALL_PROMPT.exec(document.body?.textContent ?? '');
  return prompt ? `the page says "${prompt[0]}"` : undefined;
}

function locale(value: string | undefined): string | undefined {
  return value?.replace('_', '-');
}

function notUrl(value: string | undefined): string | undefined {
  return value === undefined || /^https?:\/\//i.test(value) ? undefined : value;
}

function firstOf(values: Array<string | undefined>): string | undefined {
  return values.find((value) => value !== undefined);
}

/** Whitespace collapsed and trimmed; undefined when nothing is left. */
export function oneLine(value: string | null | undefined): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}
