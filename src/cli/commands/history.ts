import type { GlobalFlags } from '../options.js';
import type { Io } from '../terminal-io.js';
import { EXIT } from '../../errors.js';
import { databasePath, parseLimit } from '../options.js';
import { clockFromEnv } from '../../util/clock.js';
import { renderHistory } from '../../render/listings.js';

export interface HistoryFlags extends GlobalFlags {
  limit?: string;
  json?: boolean;
}

/** `brief history`: the stored briefs, newest first, one line each (`brief show DATE` prints one). */
export async function runHistory(flags: HistoryFlags, io: Io): Promise<number> {
  const limit = parseLimit(flags.limit, 30);
  const { Store } = await import('../../store/store.js');
  const store = Store.open(databasePath(flags));
  let briefs;
  try {
    briefs = store.listBriefs(limit);
  } finally {
    store.close();
  }
  if (flags.json) io.stdout.write(`${JSON.stringify({ schemaVersion: 1, briefs }, null, 2)}\n`);
  else if (briefs.length === 0) io.stdout.write('no brief stored yet: run `brief today` first\n');
  else io.stdout.write(renderHistory(briefs, { chalk: io.chalk, width: io.width, now: clockFromEnv()() }));
  return EXIT.ok;
}
