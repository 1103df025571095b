/**
 * What every command needs before anything else, without reading the config file (so the
 * commands that only read the database — show, history, search, feed, prune — start fast
 * and still work while the config is being fixed).
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { defaultPaths } from '../config/paths.js';

/** Options every command accepts. */
export interface GlobalFlags {
  config?: string;
  db?: string;
  color: boolean;
  quiet?: boolean;
}

/** The database: `--db`, then BRIEF_DB, then the platform's data folder. */
export function databasePath(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flags.db ?? env.BRIEF_DB ?? defaultPaths().dbFile);
}

export function parseLimit(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new UsageError(`invalid --limit "${text}": a whole number from 1 to 200`);
  return n;
}
