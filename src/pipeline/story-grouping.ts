import type { ShownArticle } from '../store/store.js';
import type { StoryGroup } from '../stories/rank.js';
import type { WindowArticle } from '../stories/window.js';
import { clusterItems, similarity, DEFAULT_CLUSTER_THRESHOLD, type ClusterItem } from '../stories/cluster.js';
import { htmlToText } from '../extract/html-text.js';
import { storyKey } from '../stories/memory.js';

/** What clustering reads of an article before any page is fetched: the feed's own text, first part. */
export function clusterText(a: WindowArticle): string {
  return htmlToText(a.item.content ?? '').slice(0, 1500);
}

function toClusterItem(a: WindowArticle): ClusterItem {
  return { id: a.canonical, sourceUrl: a.sourceUrl, title: a.item.title, text: clusterText(a), publishedAt: a.effectiveAt };
}

/** The window's articles grouped into stories, one per event; each story's articles newest first. */
export function groupIntoStories(window: readonly WindowArticle[]): StoryGroup[] {
  const byId = new Map(window.map((a) => [a.canonical, a]));
  return clusterItems(window.map(toClusterItem)).map((ids) => {
    const articles = ids.map((id) => byId.get(id)!).sort((a, b) => Date.parse(b.effectiveAt) - Date.parse(a.effectiveAt) || a.canonical.localeCompare(b.canonical));
    return { key: storyKey(articles), articles };
  });
}

/** Whether an article tells the same event as one an earlier brief showed. */
export function sameEventAsShown(article: WindowArticle, shown: ShownArticle): boolean {
  const past: ClusterItem = { id: shown.canonicalUrl, sourceUrl: shown.sourceUrl, title: shown.title, text: shown.text, publishedAt: shown.firstShownAt };
  return similarity(toClusterItem(article), past) >= DEFAULT_CLUSTER_THRESHOLD;
}
