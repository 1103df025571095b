import type { GlobalFlags } from '../context.js';
import type { Io } from '../terminal-io.js';
import { EXIT } from '../../errors.js';
import { loadSettings, sourcesForRun } from '../context.js';
import { clockFromEnv } from '../../util/clock.js';
import { safeLine } from '../../util/terminal-safe.js';
import { parseDuration } from '../../util/duration.js';

export interface FetchFlags extends GlobalFlags {
  json?: boolean;
  sources?: string;
  timeout?: string;
}

/** `brief fetch`: refresh the cache only, and report per source. */
export async function runFetch(flags: FetchFlags, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  const { sources } = sourcesForRun(settings, flags.sources, io);
  const totalTimeoutMs = flags.timeout ? parseDuration(flags.timeout, '--timeout') : undefined;
  const [{ Store }, { createHttpClient }, { refreshFeeds }, { USER_AGENT }] = await Promise.all([
    import('../../store/store.js'),
    import('../../fetch/http-client.js'),
    import('../../pipeline/refresh-feeds.js'),
    import('../../version.js'),
  ]);
  const store = Store.open(settings.dbPath, { lock: true });
  const http = createHttpClient({ userAgent: USER_AGENT, totalTimeoutMs });
  let done = 0;
  try {
    const results = await refreshFeeds(sources, {
      http,
      store,
      now: clockFromEnv(),
      onFeedDone: () => io.status(`fetching feeds ${++done}/${sources.length}`),
    });
    io.status('');
    if (flags.json) {
      // What this fetch brought: a failed feed lists nothing (its cached items are not news of this fetch).
      const report = results.map((r) => ({
        url: r.source.url,
        name: r.name,
        ok: r.ok,
        status: r.status ?? null,
        items: r.ok ? r.items.length : 0,
        new: r.newCount,
        titles: r.ok ? r.items.map((i) => i.title) : [],
        error: r.error ?? null,
      }));
      io.stdout.write(`${JSON.stringify({ sources: report }, null, 2)}\n`);
    } else {
      const c = io.chalk;
      for (const r of results) {
        const state = r.ok ? (r.status === 304 ? c.dim('unchanged') : c.green(`${r.items.length} items, ${r.newCount} new`)) : c.red(safeLine(r.error ?? 'failed'));
        io.stdout.write(`${r.ok ? c.green('✓') : c.red('✗')} ${safeLine(r.name)} ${c.dim(safeLine(r.source.url))}\n    ${state}\n`);
      }
      const failed = results.filter((r) => !r.ok).length;
      io.stdout.write(`${results.length - failed} of ${results.length} sources fetched, ${results.reduce((n, r) => n + r.newCount, 0)} new items\n`);
    }
    return results.some((r) => r.ok) ? EXIT.ok : EXIT.nothing;
  } finally {
    await http.close();
    store.close();
  }
}
