import { existsSync, statSync } from 'node:fs';

/** The database's size on disk: the file and its write-ahead log. */
export function databaseBytes(dbPath: string): number {
  return ['', '-wal'].map((suffix) => (existsSync(dbPath + suffix) ? statSync(dbPath + suffix).size : 0)).reduce((a, b) => a + b, 0);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
