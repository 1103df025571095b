import type { GlobalFlags } from '../context.js';
import type { Io } from '../terminal-io.js';
import { BriefError, EXIT, UsageError } from '../../errors.js';
import { loadSettings, parseFormat } from '../context.js';
import { clockFromEnv, localDate } from '../../util/clock.js';
import { printBrief } from './render-brief.js';

export interface ShowFlags extends GlobalFlags {
  format?: string;
  explain?: boolean;
}

/** `brief show [DATE]`: re-print a stored brief; no network. */
export async function runShow(dateArg: string | undefined, flags: ShowFlags, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  const format = parseFormat(flags.format, io);
  const now = clockFromEnv()();
  const date = resolveDate(dateArg, now);
  const { Store } = await import('../../store/store.js');
  const store = Store.open(settings.dbPath);
  try {
    const record = store.latestBrief(date);
    if (!record) throw new BriefError(date ? `no brief stored for ${date}` : 'no brief stored yet: run `brief today` first', EXIT.nothing);
    printBrief(record.brief, format, io, new Date(record.generatedAt), { explain: flags.explain });
    return EXIT.ok;
  } finally {
    store.close();
  }
}

function resolveDate(arg: string | undefined, now: Date): string | undefined {
  if (arg === undefined) return undefined;
  if (arg === 'today') return localDate(now);
  if (arg === 'yesterday') return localDate(new Date(now.getTime() - 86_400_000));
  if (/^\d{4}-\d{2}-\d{2}$/.test(arg) && !Number.isNaN(Date.parse(arg))) return arg;
  throw new UsageError(`invalid date "${arg}": use YYYY-MM-DD, today or yesterday`);
}
