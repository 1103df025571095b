import type { Article } from '../types.js';
import type { HttpClient } from '../fetch/http-client.js';
import type { Store, StoredItem } from '../store/store.js';
import type { Extractor } from '../extract/index.js';
import { chooseArticle } from '../extract/index.js';
import { errorLine } from '../errors.js';
import { canonicalUrl } from '../stories/canonical-url.js';

export interface ArticleDeps {
  http: HttpClient;
  extractor: Extractor;
  store: Store;
  now: () => Date;
}

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

/**
 * The article behind a feed item: from the cache when brief has read it before
 * (a page is never fetched or extracted twice), else fetched, extracted and stored.
 * Never throws for a bad page: the feed's own content stands in, with the reason.
 */
export async function articleFor(item: StoredItem, deps: ArticleDeps): Promise<{ article: Article; cached: boolean }> {
  const key = item.url ? canonicalUrl(item.url) : `item:${item.id}`;
  const cached = deps.store.article(key);
  if (cached) return { article: cached, cached: true };

  let pageError: string | undefined;
  let page = null;
  if (item.url) {
    try {
      const response = await deps.http.get(item.url, { accept: PAGE_ACCEPT });
      if (response.kind === 'ok') {
        if (isHtml(response.contentType, response.text)) page = await deps.extractor.extract(response.text, response.finalUrl);
        else pageError = `not an HTML page (${response.contentType ?? 'no Content-Type'})`;
      }
    } catch (err) {
      pageError = errorLine(err);
    }
  } else {
    pageError = 'the feed entry has no link';
  }
  const article = { ...chooseArticle({ url: item.url, feedTitle: item.title, feedContent: item.content, page, pageError }), url: key };
  deps.store.saveArticle(article, deps.now().toISOString());
  return { article, cached: false };
}

function isHtml(contentType: string | undefined, text: string): boolean {
  if (contentType && /html|xml/i.test(contentType)) return true;
  if (contentType && !/text\/plain|octet-stream/i.test(contentType)) return false;
  return /<html|<body|<p[\s>]/i.test(text.slice(0, 4096));
}
