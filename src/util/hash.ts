import { createHash } from 'node:crypto';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A short, stable id: the first 16 hex digits of a SHA-256. */
export function shortHash(text: string): string {
  return sha256(text).slice(0, 16);
}
