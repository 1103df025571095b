import { existsSync } from 'node:fs';
import type { GlobalFlags } from '../options.js';
import type { Io } from '../terminal-io.js';
import type { PruneCounts, Store } from '../../store/store.js';
import { EXIT, UsageError } from '../../errors.js';
import { databasePath } from '../options.js';
import { clockFromEnv } from '../../util/clock.js';
import { parseDuration } from '../../util/duration.js';
import { databaseBytes, formatBytes } from '../db-files.js';

export interface PruneFlags extends GlobalFlags {
  olderThan?: string;
  json?: boolean;
}

/** Free pages above this share of the file make an automatic prune also VACUUM. */
const VACUUM_FREE_RATIO = 0.25;

/** How long `brief today` keeps data before pruning it by itself: BRIEF_KEEP (e.g. 90d); unset keeps everything. */
export function retentionMs(configured?: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const fromEnv = env.BRIEF_KEEP?.trim();
  if (fromEnv) return parseDuration(fromEnv, 'BRIEF_KEEP');
  return configured ? parseDuration(configured, 'brief.keep') : undefined;
}

/**
 * The automatic retention after a run: deletes what is older than `keepMs`, and compacts
 * the file only when a quarter of it is free, so a daily run does not rewrite it every day.
 */
export function autoPrune(store: Store, now: Date, keepMs: number): PruneCounts {
  const counts = store.prune(new Date(now.getTime() - keepMs).toISOString());
  if (store.freeRatio() > VACUUM_FREE_RATIO) store.vacuum();
  return counts;
}

/** `brief prune --older-than 90d`: deletes old briefs, articles, summaries and logs, then VACUUM. */
export async function runPrune(flags: PruneFlags, io: Io): Promise<number> {
  const dbPath = databasePath(flags);
  const keep = flags.olderThan ?? process.env.BRIEF_KEEP;
  if (!keep) throw new UsageError('brief prune needs --older-than DURATION (e.g. 90d), or BRIEF_KEEP set');
  const keepMs = parseDuration(keep, '--older-than');
  const before = new Date(clockFromEnv()().getTime() - keepMs).toISOString();
  if (!existsSync(dbPath)) {
    io.stdout.write(flags.json ? `${JSON.stringify({ schemaVersion: 1, before, deleted: null, bytesBefore: 0, bytesAfter: 0 }, null, 2)}\n` : `nothing to prune: ${dbPath} does not exist yet\n`);
    return EXIT.ok;
  }
  const { Store } = await import('../../store/store.js');
  const bytesBefore = databaseBytes(dbPath);
  const store = Store.open(dbPath, { lock: true });
  let deleted: PruneCounts;
  try {
    deleted = store.prune(before);
    store.vacuum();
  } finally {
    store.close();
  }
  const bytesAfter = databaseBytes(dbPath);
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, before, deleted, bytesBefore, bytesAfter }, null, 2)}\n`);
    return EXIT.ok;
  }
  const what = Object.entries(deleted)
    .map(([table, n]) => `${n} ${LABELS[table as keyof PruneCounts][n === 1 ? 0 : 1]}`)
    .join(', ');
  io.stdout.write(`deleted what is older than ${keep} (before ${before}): ${what}\n${dbPath}: ${formatBytes(bytesBefore)} → ${formatBytes(bytesAfter)}\n`);
  return EXIT.ok;
}

const LABELS: Record<keyof PruneCounts, [string, string]> = {
  briefs: ['brief', 'briefs'],
  articles: ['article', 'articles'],
  summaries: ['summary', 'summaries'],
  items: ['feed item', 'feed items'],
  shownArticles: ['remembered article', 'remembered articles'],
  modelCalls: ['model call', 'model calls'],
  embeddings: ['embedding', 'embeddings'],
};
