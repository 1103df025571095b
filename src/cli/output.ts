/**
 * Where a command's output goes: stdout, `--output FILE`, or `--output-dir DIR` (a file
 * named by the date, for cron). Files are written atomically: a reader (a mail job, a
 * web server, a sync tool) sees the old file or the new one, never half of one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Io } from './terminal-io.js';
import { BriefError, EXIT, UsageError, errorLine } from '../errors.js';

export interface OutputFlags {
  output?: string;
  outputDir?: string;
}

/** Rejects --output together with --output-dir, before any work is done. */
export function checkOutputFlags(flags: OutputFlags): void {
  if (flags.output !== undefined && flags.outputDir !== undefined) throw new UsageError('--output and --output-dir cannot be used together');
  if (flags.output === '' || flags.outputDir === '') throw new UsageError('--output and --output-dir need a file or folder name');
}

/** The file to write, if any: `--output FILE`, or `DIR/brief-YYYY-MM-DD.EXT` for `--output-dir DIR`. */
export function outputFile(flags: OutputFlags, date: string, extension: string): string | undefined {
  checkOutputFlags(flags);
  if (flags.output !== undefined) return path.resolve(flags.output);
  if (flags.outputDir !== undefined) return path.resolve(flags.outputDir, `brief-${date}.${extension}`);
  return undefined;
}

/** Writes `text` to a temporary file beside `file`, flushes it to disk, then renames it over `file`. */
export function writeAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    removeQuietly(tmp);
    throw new BriefError(`cannot write ${file}: ${errorLine(err)}`, EXIT.nothing);
  }
}

/** Removes a leftover temporary file; when there is none (or its folder is unusable) there is nothing to do. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // the write failed before the file could exist
  }
}

/** Prints `text`, or writes it to `file` and says so on a terminal. */
export function emit(text: string, file: string | undefined, io: Io): void {
  if (file === undefined) {
    io.stdout.write(text);
    return;
  }
  writeAtomic(file, text);
  io.notice(`wrote ${file}`);
}
