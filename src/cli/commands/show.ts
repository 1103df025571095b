import type { GlobalFlags } from '../options.js';
import type { Io } from '../terminal-io.js';
import { BriefError, EXIT, UsageError } from '../../errors.js';
import { databasePath } from '../options.js';
import { formatExtension, parseFormat } from '../formats.js';
import { clockFromEnv, localDate } from '../../util/clock.js';
import { checkOutputFlags, emit, outputFile, type OutputFlags } from '../output.js';
import { renderBrief } from './render-brief.js';

export interface ShowFlags extends GlobalFlags, OutputFlags {
  format?: string;
  explain?: boolean;
}

/** `brief show [DATE]`: a stored brief again, in any format, to stdout or a file; no network. */
export async function runShow(dateArg: string | undefined, flags: ShowFlags, io: Io): Promise<number> {
  checkOutputFlags(flags);
  const format = parseFormat(flags.format, io, flags);
  const now = clockFromEnv()();
  const date = resolveDate(dateArg, now);
  const { Store } = await import('../../store/store.js');
  const store = Store.open(databasePath(flags));
  try {
    const record = store.latestBrief(date);
    if (!record) throw new BriefError(date ? `no brief stored for ${date}` : 'no brief stored yet: run `brief today` first', EXIT.nothing);
    const file = outputFile(flags, record.date, formatExtension(format));
    // Ages ("6h ago") are as they were when the brief was made.
    emit(renderBrief(record.brief, format, io, new Date(record.generatedAt), { explain: flags.explain, toFile: file !== undefined }), file, io);
    return EXIT.ok;
  } finally {
    store.close();
  }
}

/** `today`, `yesterday` or YYYY-MM-DD, as a local calendar date. */
export function resolveDate(arg: string | undefined, now: Date): string | undefined {
  if (arg === undefined) return undefined;
  if (arg === 'today') return localDate(now);
  if (arg === 'yesterday') return localDate(new Date(now.getTime() - 86_400_000));
  if (/^\d{4}-\d{2}-\d{2}$/.test(arg) && !Number.isNaN(Date.parse(arg))) return arg;
  throw new UsageError(`invalid date "${arg}": use YYYY-MM-DD, today or yesterday`);
}
