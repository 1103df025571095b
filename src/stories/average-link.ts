/**
 * Average-link agglomerative clustering over a sparse similarity graph, with a support rule so
 * that one item resembling two groups cannot chain them (see cluster.ts). Pure; no imports.
 */

/** A pair of items (a < b) and their similarity (0..1). */
export interface Edge {
  a: number;
  b: number;
  similarity: number;
}

/** A pair supports a merge when its similarity is at least this share of the threshold; a merge needs half the pairs across. */
const SUPPORT_SHARE_OF_THRESHOLD = 0.5;

/**
 * Average-link agglomeration over a sparse similarity graph (absent pairs count as 0). A group is
 * named by its lowest member; ties go to the lowest names, so the result depends only on the graph.
 */
export function averageLink(n: number, edges: readonly Edge[], threshold: number): number[][] {
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  /** Group → neighbouring group → the sum of the pairwise similarities between them, and how many of those pairs support a merge. */
  const links: Map<number, Link>[] = Array.from({ length: n }, () => new Map());
  /** Bumped on every merge, so that queued candidates for a changed group are recognised as stale. */
  const version = new Array<number>(n).fill(0);
  const queue = new MergeQueue();
  const supportAt = threshold * SUPPORT_SHARE_OF_THRESHOLD;
  for (const { a, b, similarity } of edges) {
    const link = { sum: similarity, support: similarity >= supportAt ? 1 : 0 };
    links[a]!.set(b, link);
    links[b]!.set(a, link);
    if (similarity >= threshold) queue.push({ score: similarity, a, b, va: 0, vb: 0 });
  }

  for (let top = queue.pop(); top; top = queue.pop()) {
    const { a, b } = top;
    if (version[a] !== top.va || version[b] !== top.vb) continue;
    // b joins a (a < b): a's links to every neighbour c gain b's.
    members[a] = [...members[a]!, ...members[b]!].sort((x, y) => x - y);
    members[b] = [];
    version[a]!++;
    version[b] = -1;
    links[a]!.delete(b);
    for (const [c, link] of links[b]!) {
      if (c === a) continue;
      const own = links[a]!.get(c);
      links[a]!.set(c, own ? { sum: own.sum + link.sum, support: own.support + link.support } : link);
      links[c]!.delete(b);
    }
    links[b]!.clear();
    for (const [c, link] of links[a]!) {
      links[c]!.set(a, link);
      const pairs = members[a]!.length * members[c]!.length;
      const score = link.sum / pairs;
      if (score < threshold || link.support * 2 < pairs) continue;
      const [x, y] = a < c ? [a, c] : [c, a];
      queue.push({ score, a: x, b: y, va: version[x]!, vb: version[y]! });
    }
  }
  return members.filter((m) => m.length > 0);
}

interface Link {
  sum: number;
  support: number;
}

interface Merge {
  score: number;
  a: number;
  b: number;
  /** Versions of groups a and b when this candidate was queued. */
  va: number;
  vb: number;
}

/** Best first: highest score, then lowest a, then lowest b. */
function before(x: Merge, y: Merge): boolean {
  return x.score !== y.score ? x.score > y.score : x.a !== y.a ? x.a < y.a : x.b < y.b;
}

/** A binary heap of merge candidates. */
class MergeQueue {
  private readonly heap: Merge[] = [];

  push(m: Merge): void {
    const heap = this.heap;
    heap.push(m);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pop(): Merge | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let best = i;
        if (l < heap.length && before(heap[l]!, heap[best]!)) best = l;
        if (l + 1 < heap.length && before(heap[l + 1]!, heap[best]!)) best = l + 1;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best]!, heap[i]!];
        i = best;
      }
    }
    return top;
  }
}
