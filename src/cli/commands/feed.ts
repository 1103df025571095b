import path from 'node:path';
import type { GlobalFlags } from '../options.js';
import type { Io } from '../terminal-io.js';
import { EXIT, UsageError } from '../../errors.js';
import { databasePath, parseLimit } from '../options.js';
import { clockFromEnv } from '../../util/clock.js';
import { emit, type OutputFlags } from '../output.js';
import { renderAtom, renderJsonFeed } from '../../render/feed.js';
import { VERSION } from '../../version.js';

export interface FeedFlags extends GlobalFlags, Pick<OutputFlags, 'output'> {
  format?: string;
  limit?: string;
  title?: string;
}

export const FEED_FORMATS = ['atom', 'jsonfeed'] as const;

/** `brief feed`: the latest briefs as an Atom or JSON Feed, for any feed reader. */
export async function runFeed(flags: FeedFlags, io: Io): Promise<number> {
  const format = flags.format ?? 'atom';
  if (!(FEED_FORMATS as readonly string[]).includes(format)) throw new UsageError(`invalid --format "${format}": ${FEED_FORMATS.join(' or ')}`);
  const limit = parseLimit(flags.limit, 10);
  const { Store } = await import('../../store/store.js');
  const store = Store.open(databasePath(flags));
  let briefs;
  try {
    briefs = store.recentBriefs(limit).map((r) => r.brief);
  } finally {
    store.close();
  }
  const options = { title: flags.title ?? 'brief', now: clockFromEnv()(), generator: { name: 'brief', version: VERSION } };
  const text = format === 'atom' ? renderAtom(briefs, options) : renderJsonFeed(briefs, options);
  emit(text, flags.output === undefined ? undefined : path.resolve(flags.output), io);
  return EXIT.ok;
}
