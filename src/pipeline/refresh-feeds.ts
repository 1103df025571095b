import type { FeedItem, Source } from '../types.js';
import type { HttpClient } from '../fetch/http-client.js';
import type { Store, StoredItem } from '../store/store.js';
import { FetchError } from '../fetch/fetch-error.js';
import { errorLine } from '../errors.js';
import { parseFeed } from '../feeds/parse-feed.js';
import { mapLimit } from '../util/limiter.js';

export interface FeedRefresh {
  source: Source;
  /** Display name: the configured name, else the feed's title, else the host. */
  name: string;
  ok: boolean;
  /** HTTP status of the last response (304 when unchanged), undefined when none arrived. */
  status?: number;
  /** The feed's current items, newest first (from the cache on a 304). */
  items: StoredItem[];
  /** How many of them brief had not seen before. */
  newCount: number;
  error?: string;
}

export interface RefreshDeps {
  http: HttpClient;
  store: Store;
  now: () => Date;
  onFeedDone?: (result: FeedRefresh) => void;
}

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/**
 * Fetches every source (conditionally, with the stored ETag / Last-Modified),
 * parses what changed and stores its items. One bad source never stops the others:
 * its error is stored on the source and reported in its result.
 */
export async function refreshFeeds(sources: readonly Source[], deps: RefreshDeps): Promise<FeedRefresh[]> {
  // The HTTP client enforces the global and per-host limits; this only bounds the queued work.
  return mapLimit(sources, 32, async (source) => {
    const result = await refreshOne(source, deps);
    deps.onFeedDone?.(result);
    return result;
  });
}

async function refreshOne(source: Source, { http, store, now }: RefreshDeps): Promise<FeedRefresh> {
  const state = store.sourceState(source.url);
  const fallbackName = source.name ?? state.title ?? hostOf(source.url);
  let status: number | undefined;
  try {
    const response = await http.get(source.url, { validators: state.validators, accept: FEED_ACCEPT });
    status = response.status;
    const at = now().toISOString();
    if (response.kind === 'not-modified') {
      store.recordNotModified(source.url, response.validators, at);
      return { source, name: fallbackName, ok: true, status, items: store.itemsOfSource(source.url), newCount: 0 };
    }
    const feed = await parseFeed(response.text, source.url, response.finalUrl);
    const items: FeedItem[] = feed.items.filter((item) => item.title || item.content);
    const fresh = store.recordFeed(source.url, { status, title: feed.title, validators: response.validators, at }, items);
    const stored = store.itemsOfSource(source.url);
    const current = new Set(items.map((i) => i.id));
    return {
      source,
      name: source.name ?? feed.title ?? fallbackName,
      ok: true,
      status,
      items: stored.filter((i) => current.has(i.id)),
      newCount: fresh.length,
    };
  } catch (err) {
    const error = errorLine(err);
    if (err instanceof FetchError && err.status !== undefined) status = err.status;
    store.recordFetchError(source.url, error, status, now().toISOString());
    return { source, name: fallbackName, ok: false, status, items: [], newCount: 0, error };
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
