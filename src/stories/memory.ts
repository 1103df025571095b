import type { StoryGroup } from './rank.js';
import type { WindowArticle } from './window.js';
import type { ShownArticle } from '../store/store.js';
import { shortHash } from '../util/hash.js';

/** A story to tell: new, or an update of one an earlier brief showed (with only its new articles). */
export interface RememberedGroup extends StoryGroup {
  update: boolean;
}

/**
 * Cross-day memory. A group is a story an earlier brief showed when one of its
 * articles was shown (same canonical URL) or is about the same event as a shown
 * article (`sameEvent`, the clustering's own test). Such a story is left out —
 * unless it has articles no brief has shown: then it comes back as an update,
 * told from those new articles only. New stories get a key from their articles.
 */
export function applyMemory(
  groups: readonly StoryGroup[],
  shown: readonly ShownArticle[],
  sameEvent: (article: WindowArticle, shown: ShownArticle) => boolean,
): RememberedGroup[] {
  const byUrl = new Map(shown.map((s) => [s.canonicalUrl, s]));
  const result: RememberedGroup[] = [];
  for (const group of groups) {
    const fresh = group.articles.filter((a) => !byUrl.has(a.canonical));
    const known =
      group.articles.map((a) => byUrl.get(a.canonical)).find((s) => s !== undefined) ??
      shown.find((s) => fresh.some((a) => sameEvent(a, s)));
    if (!known) {
      result.push({ key: storyKey(group.articles), articles: group.articles, update: false });
    } else if (fresh.length > 0) {
      result.push({ key: known.storyKey, articles: fresh, update: true });
    }
  }
  return result;
}

/** A stable key for a new story: from its articles' canonical URLs, whatever their order. */
export function storyKey(articles: readonly WindowArticle[]): string {
  return shortHash(articles.map((a) => a.canonical).sort()[0] ?? '');
}
