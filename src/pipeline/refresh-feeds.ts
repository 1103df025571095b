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
  /** The feed's current items, newest first (from the cache on a 304, or when the fetch failed). */
  items: StoredItem[];
  /** How many of them brief had not seen before. */
  newCount: number;
  error?: string;
  /**
   * Still loading when the run went on without it (see refreshFeedsWithoutStragglers): `items`
   * are the ones cached from earlier runs; the fetch goes on and stores what it brings.
   */
  late?: boolean;
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

/** Share of the sources that must be in before the run stops waiting for the rest… */
const QUORUM = 0.8;
/** …after as long again as they took, and at least this long. */
const MIN_GRACE_MS = 2000;

/**
 * Like refreshFeeds, but the run does not wait for the slowest feeds: once QUORUM of them are in,
 * the rest get as long again as that took (at least MIN_GRACE_MS); a feed still loading then
 * stands in with its cached items (`late: true`) while its fetch goes on. `late` settles when
 * every fetch has ended, with the final results of the feeds that were late.
 */
export async function refreshFeedsWithoutStragglers(sources: readonly Source[], deps: RefreshDeps): Promise<{ feeds: FeedRefresh[]; late: Promise<FeedRefresh[]> }> {
  const started = performance.now();
  const results: Array<FeedRefresh | undefined> = new Array(sources.length);
  const need = Math.ceil(sources.length * QUORUM);
  let done = 0;
  let quorumReached: () => void = () => {};
  const quorum = new Promise<void>((resolve) => (quorumReached = resolve));
  const all = mapLimit(sources, 32, async (source, i) => {
    const result = await refreshOne(source, deps);
    results[i] = result;
    deps.onFeedDone?.(result);
    if (++done >= need) quorumReached();
    return result;
  });
  let timer: NodeJS.Timeout | undefined;
  const graceOver = quorum.then(
    () =>
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(MIN_GRACE_MS, performance.now() - started));
        timer.unref();
      }),
  );
  await Promise.race([all, graceOver]);
  clearTimeout(timer);
  const lateAt = sources.flatMap((_, i) => (results[i] === undefined ? [i] : []));
  const feeds = sources.map((source, i) => results[i] ?? standIn(source, deps.store));
  return { feeds, late: all.then((final) => lateAt.map((i) => final[i]!)) };
}

/**
 * The feed as the cache has it: the items it listed at its last good fetch, under the configured
 * name, else its stored title, else the host. What a 304, a failed fetch and a late feed report.
 */
function fromCache(source: Source, store: Store): FeedRefresh {
  const name = source.name ?? store.sourceState(source.url).title ?? hostOf(source.url);
  return { source, name, ok: true, items: store.itemsOfSource(source.url), newCount: 0 };
}

/** A feed still loading: its cached items, for now. */
function standIn(source: Source, store: Store): FeedRefresh {
  return { ...fromCache(source, store), late: true };
}

async function refreshOne(source: Source, { http, store, now }: RefreshDeps): Promise<FeedRefresh> {
  const state = store.sourceState(source.url);
  let status: number | undefined;
  try {
    const response = await http.get(source.url, { validators: state.validators, accept: FEED_ACCEPT });
    status = response.status;
    const at = now().toISOString();
    if (response.kind === 'not-modified') {
      store.recordNotModified(source.url, response.validators, at);
      return { ...fromCache(source, store), status };
    }
    const feed = await parseFeed(response.text, source.url, response.finalUrl);
    const items: FeedItem[] = feed.items.filter((item) => item.title || item.content);
    const fresh = store.recordFeed(source.url, { status, title: feed.title, validators: response.validators, at }, items);
    const stored = store.itemsOfSource(source.url);
    const current = new Set(items.map((i) => i.id));
    return {
      source,
      name: source.name ?? feed.title ?? state.title ?? hostOf(source.url),
      ok: true,
      status,
      items: stored.filter((i) => current.has(i.id)),
      newCount: fresh.length,
    };
  } catch (err) {
    const error = errorLine(err);
    if (err instanceof FetchError && err.status !== undefined) status = err.status;
    store.recordFetchError(source.url, error, status, now().toISOString());
    // What the feed listed before still counts: one bad fetch loses nothing already cached.
    return { ...fromCache(source, store), ok: false, status, error };
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
