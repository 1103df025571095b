import { UsageError } from '../errors.js';

export type Clock = () => Date;

/**
 * The clock brief runs on. `BRIEF_NOW` (ISO 8601) replaces the system time, a
 * testing aid that makes "tomorrow's run" reproducible.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const fixed = env.BRIEF_NOW?.trim();
  if (!fixed) return () => new Date();
  const at = Date.parse(fixed);
  if (Number.isNaN(at)) throw new UsageError(`BRIEF_NOW "${fixed}" is not an ISO 8601 date-time`);
  return () => new Date(at);
}

/** The calendar date (YYYY-MM-DD) of `date` in the local time zone: a brief belongs to the user's day. */
export function localDate(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
