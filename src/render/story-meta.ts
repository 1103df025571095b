import type { Story } from '../types.js';

/** "just now", "5 min ago", "3h ago", "2 days ago". */
export function relativeAge(iso: string | null, now: Date): string | undefined {
  if (!iso) return undefined;
  const ms = now.getTime() - Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 2) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function readTime(minutes: number): string {
  return minutes > 0 ? `${minutes} min read` : '';
}

/** Source · age · read time, skipping what is unknown. */
export function metaParts(story: Story, now: Date): string[] {
  const parts = [story.source, relativeAge(story.publishedAt, now), readTime(story.readMinutes)];
  if (story.textOrigin === 'feed') parts.push('from the feed');
  return parts.filter((p): p is string => !!p);
}
