import { shortHash } from '../util/hash.js';

/**
 * An entry's stable identity within its feed: its GUID when it has one, else its
 * URL, else its title and content — so an edited title does not make an old entry new.
 */
export function itemIdentity(sourceUrl: string, entry: { guid?: string; url?: string; title?: string; content?: string }): string {
  const key = entry.guid?.trim() ? `guid:${entry.guid.trim()}` : entry.url?.trim() ? `url:${entry.url.trim()}` : `text:${entry.title ?? ''}\n${entry.content ?? ''}`;
  return shortHash(`${sourceUrl}\n${key}`);
}
