import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { BriefError, EXIT } from '../errors.js';

/**
 * One writing run per database at a time. cron may start `brief today` while the
 * previous one is still running; the second run then stops at once with a clear
 * message instead of fetching everything twice. A lock left by a run that died
 * (kill -9, power loss) is noticed by its dead process id and taken over.
 */
export function acquireRunLock(dbPath: string): () => void {
  if (dbPath === ':memory:') return () => undefined;
  const lockPath = `${dbPath}.lock`;
  try {
    mkdirSync(path.dirname(dbPath), { recursive: true });
  } catch {
    // the database open that follows reports an unusable folder
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return () => undefined; // a read-only folder: the database will say so
      const holder = Number(readLock(lockPath));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new BriefError(`another brief run is using ${dbPath} (process ${holder}); this run stopped without changing anything`, EXIT.nothing);
      }
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new BriefError(`cannot lock ${dbPath}: ${lockPath} keeps reappearing`, EXIT.nothing);
}

function readLock(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
