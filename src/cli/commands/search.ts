import type { GlobalFlags } from '../options.js';
import type { Io } from '../terminal-io.js';
import { EXIT } from '../../errors.js';
import { databasePath, parseLimit } from '../options.js';
import { clockFromEnv } from '../../util/clock.js';
import { parseDuration } from '../../util/duration.js';
import { SNIPPET_MARKS, plainSnippet, renderSearch } from '../../render/listings.js';

export interface SearchFlags extends GlobalFlags {
  since?: string;
  limit?: string;
  json?: boolean;
}

/**
 * `brief search WORDS…`: every article ever fetched and every story of every stored brief,
 * ranked (FTS5 bm25), with snippets. Exit 1 when nothing matches (like grep).
 */
export async function runSearch(words: string[], flags: SearchFlags, io: Io): Promise<number> {
  const query = words.join(' ');
  const limit = parseLimit(flags.limit, 20);
  const now = clockFromEnv()();
  const sinceIso = flags.since ? new Date(now.getTime() - parseDuration(flags.since, '--since')).toISOString() : undefined;
  const { Store } = await import('../../store/store.js');
  const store = Store.open(databasePath(flags));
  let hits;
  try {
    hits = store.search(query, { sinceIso, limit, marks: SNIPPET_MARKS });
  } finally {
    store.close();
  }
  if (flags.json) {
    const plain = hits.map((h) => ({ ...h, snippet: plainSnippet(h.snippet) }));
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, query, hits: plain }, null, 2)}\n`);
  } else if (hits.length > 0) {
    io.stdout.write(renderSearch(hits, { chalk: io.chalk, width: io.width, now, hyperlinks: io.hyperlinks }));
  } else {
    io.stdout.write(`nothing found for "${query}"${flags.since ? ` in the last ${flags.since}` : ''}\n`);
  }
  return hits.length > 0 ? EXIT.ok : EXIT.nothing;
}
