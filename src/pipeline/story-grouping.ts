import type { ShownArticle } from '../store/store.js';
import type { StoryGroup } from '../stories/rank.js';
import type { WindowArticle } from '../stories/window.js';
import { clusterItems, embeddingText, sameNamedStorm, similarity, DEFAULT_CLUSTER_THRESHOLD, type ClusterItem, type ClusterOptions } from '../stories/cluster.js';
import { htmlToText } from '../extract/html-text.js';
import { storyKey } from '../stories/memory.js';

/** What clustering reads of an article before any page is fetched: the feed's own text, first part. */
export function clusterText(a: WindowArticle): string {
  return htmlToText(a.item.content ?? '').slice(0, 1500);
}

function toClusterItem(a: WindowArticle): ClusterItem {
  return { id: a.canonical, sourceUrl: a.sourceUrl, title: a.item.title, text: clusterText(a), publishedAt: a.effectiveAt };
}

/** What to embed for each article of the window, under the id clustering knows it by. */
export function embeddingInputs(window: readonly WindowArticle[]): Array<{ id: string; text: string }> {
  return window.map((a) => {
    const item = toClusterItem(a);
    return { id: item.id, text: embeddingText(item) };
  });
}

/** The window's articles grouped into stories, one per event; each story's articles newest first. */
export function groupIntoStories(window: readonly WindowArticle[], options: ClusterOptions = {}): StoryGroup[] {
  const byId = new Map(window.map((a) => [a.canonical, a]));
  return clusterItems(window.map(toClusterItem), options).map((ids) => {
    const articles = ids.map((id) => byId.get(id)!).sort((a, b) => Date.parse(b.effectiveAt) - Date.parse(a.effectiveAt) || a.canonical.localeCompare(b.canonical));
    return { key: storyKey(articles), articles };
  });
}

/** Whether an article tells the same event as one an earlier brief showed (the clustering's own test). */
export function sameEventAsShown(options: ClusterOptions = {}): (article: WindowArticle, shown: ShownArticle) => boolean {
  return (article, shown) => {
    const past: ClusterItem = { id: shown.canonicalUrl, sourceUrl: shown.sourceUrl, title: shown.title, text: shown.text, publishedAt: shown.firstShownAt };
    const item = toClusterItem(article);
    return similarity(item, past, [], options) >= (options.threshold ?? DEFAULT_CLUSTER_THRESHOLD) || sameNamedStorm(item, past, options);
  };
}
