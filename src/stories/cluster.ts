/**
 * Which feed items report the same event: one story per event, whatever the number of sources.
 * Pure and deterministic (items are put in one canonical order first, so any input order gives
 * the same clusters). Its parts: terms.ts reads the words, average-link.ts groups the graph.
 *
 * Method (lexical, with optional embeddings):
 *  1. Each item becomes a TF-IDF vector (IDF over the items being clustered) of word stems
 *     (terms.ts) from its title and the lede of its text (the first LEDE_TERMS content words):
 *     stopwords dropped, a light suffix stemmer ("recalls", "recalled" → "recall"), numbers
 *     read as their value ("84,000" = "84k" = "84 thousand"), times of day dropped, and a small
 *     thesaurus of news paraphrases ("quake"/"tremor", "jailed"/"prison", "steps down"/"resigns"). Title and text are normalised apart and mixed
 *     half and half, so a long teaser cannot drown the headline and an empty one costs nothing.
 *  2. Names (a stem written capitalised mid-sentence more often than in lower case across the
 *     items), acronyms and numbers weigh ENTITY_BOOST×.
 *  3. The similarity of two items (0..1) is their cosine, discounted so that no single shared word
 *     carries a match alone (TOP_TERM_DISCOUNT), then multiplied by:
 *     - the content gate: when the words they share beyond names are few (cosine of the vectors
 *       without names < CONTENT_EVIDENCE), down to CONTENT_GATE_FLOOR: the same company or place
 *       doing something else is not the same event ("Acme recalls laptops" / "Acme profit jumps");
 *     - NAME_CONFLICT when both name someone or somewhere and they share no name (two different
 *       rate decisions, two fires in two towns);
 *     - time: 1 / (1 + hours apart / DECAY_HOURS), and 0 beyond `maxHoursApart`;
 *     - SAME_SOURCE_FACTOR for two items of one source (an outlet rarely runs one event twice).
 *     With embeddings for both items, the mean of that and the rescaled vector cosine is used.
 *  4. Candidate pairs come from an inverted index over the stems, skipping stems common to many
 *     items: only items that share a fairly rare word are compared, so there is no n² pass.
 *  5. Average-link agglomerative clustering (average-link.ts): the two groups with the highest mean pairwise
 *     similarity merge while that mean is ≥ `threshold` and at least half the pairs across them
 *     reach SUPPORT_SHARE_OF_THRESHOLD of it. An item that resembles two events (a round-up)
 *     cannot chain them: the other pairs across the two groups (≈ 0) outweigh and outvote it.
 *  6. Groups naming one storm ("Storm Bertha", "Hurricane Maria") within `maxHoursApart` of each
 *     other join: a named storm is one event, told from many sides that may share no other word.
 *
 * Measured (test/unit/cluster.test.ts, bench/cluster.js): pairwise F1 1.00 on the tuning world A
 * (near misses), 0.82 on tuning world C, 0.71 on world B, 0.81 on world D and 0.56 on world E
 * (D and E written blind; E, with tabloid and explainer headlines, scored 0.53 as delivered),
 * precision 1.0 on all five: the misses are reports that share almost no words, which embeddings
 * can join; 0.94 on the 2,000-item benchmark, in about 0.1–0.2 s.
 */

import { averageLink, type Edge } from './average-link.js';
import { isTitleCase, MONTHS, stormNames, tokenize, type Token } from './terms.js';

export interface ClusterItem {
  id: string;
  sourceUrl: string;
  title: string;
  /** Plain text available before any page is fetched: the feed's description/content, possibly only a teaser; may be empty. */
  text: string;
  publishedAt: string;
}

export interface ClusterOptions {
  /**
   * Mean similarity (0..1, see `similarity`) two groups need to merge. Default
   * DEFAULT_CLUSTER_THRESHOLD. Higher splits more (fewer false merges), lower merges more.
   */
  threshold?: number;
  /** Items further apart in time than this are never the same event. Default DEFAULT_MAX_HOURS_APART. */
  maxHoursApart?: number;
  /**
   * Optional dense vectors by item id (e.g. Ollama /api/embed of `embeddingText(item)`,
   * L2-normalised). A pair with vectors for both items scores the mean of the lexical similarity
   * and the vector cosine rescaled from EMBEDDING_FLOOR..1 to 0..1. Pairs whose vectors are
   * close (cosine ≥ EMBEDDING_CANDIDATE) are compared even when they share no word.
   */
  embeddings?: ReadonlyMap<string, ArrayLike<number>>;
}

/**
 * 0.14. On the tuning worlds (test/fixtures/stories/world-a.json and world-c.json) reports of one
 * event worded differently score about 0.05–0.5 pairwise and near misses (same company, place or
 * topic, another event) up to about 0.25; average linkage lets a group's strong pairs carry its
 * weak ones. 0.14 keeps the near misses of world A apart (pairwise F1 0.95) and holds precision in
 * the 2,000-item benchmark (F1 0.92–0.93, precision 0.88–0.90), at a cost in recall where reports share
 * almost no words: 0.10 would give world C 0.88 instead of 0.82 and the holdout world B 0.80
 * instead of 0.71, but the benchmark 0.82 (precision 0.71). The similarity scale also shifts with
 * the number of items (IDF): the small fixture worlds do best lower, large days higher.
 */
export const DEFAULT_CLUSTER_THRESHOLD = 0.14;
/** A day and a half: a feed dates an item by its first publication; a follow-up days later is a new story. */
export const DEFAULT_MAX_HOURS_APART = 36;

/** The headline's share of an item's vector; the text's is the rest. */
const TITLE_SHARE = 0.5;
/** Content words read from the text: the lede carries the facts; the rest adds noise and time. */
const LEDE_TERMS = 60;
/** Weight of names, acronyms and numbers relative to ordinary words. */
const ENTITY_BOOST = 1.2;
/** Share of the single strongest shared word taken off a pair's cosine. */
const TOP_TERM_DISCOUNT = 0.3;
/** Cosine of the name-free vectors at which shared content counts in full... */
const CONTENT_EVIDENCE = 0.15;
/** ...and the factor a pair sharing no content beyond names keeps. */
const CONTENT_GATE_FLOOR = 0.5;
/** Factor for two items that both name people or places and share none of them. */
const NAME_CONFLICT = 0.5;
/** Hours apart at which a pair's similarity is halved. */
const DECAY_HOURS = 24;
/** Factor for two items of one source. */
const SAME_SOURCE_FACTOR = 0.5;
/** Embedding cosine treated as "no resemblance": unrelated news texts score about this with common models. */
const EMBEDDING_FLOOR = 0.5;
/**
 * Embedding cosine from which a pair is compared even without a shared word. Such a pair scores
 * at most half its rescaled cosine, (0.6 − 0.5) / 0.5 / 2 = 0.1 here: pairs below could not reach
 * a threshold of 0.1 or more through the embedding alone.
 */
const EMBEDDING_CANDIDATE = 0.6;
/** Stems in more than this many items (or this share of them, if more) generate no candidate pairs. */
const CANDIDATE_MAX_DF = 20;
const CANDIDATE_MAX_DF_SHARE = 0.01;

/**
 * Groups of item ids (ids should be unique), one per event. Each group is ordered by publishedAt
 * then id; groups are ordered by their first item.
 */
export function clusterItems(items: readonly ClusterItem[], options: ClusterOptions = {}): string[][] {
  const model = buildModel(items, options);
  const threshold = options.threshold ?? DEFAULT_CLUSTER_THRESHOLD;
  const groups = joinNamedStorms(model, averageLink(model.docs.length, candidateEdges(model), threshold));
  return groups.map((members) => members.map((i) => model.docs[i]!.item.id));
}

/**
 * Pairwise similarity (0..1) as clustering sees it, over a fixed set of items: word weights (IDF,
 * which words are names) come from that set, so pass the whole day's items when you have them.
 */
export function similarityModel(items: readonly ClusterItem[], options: ClusterOptions = {}): (a: string, b: string) => number {
  const model = buildModel(items, options);
  const byId = new Map(model.docs.map((d) => [d.item.id, d]));
  return (a, b) => {
    const da = byId.get(a);
    const db = byId.get(b);
    if (!da || !db) throw new Error(`similarity: unknown item ${da ? b : a}`);
    return pairSimilarity(model, da, db);
  };
}

/**
 * The similarity of two items, with word weights drawn from them and `corpus`. With only the two,
 * every word weighs about the same, which scores lower than clustering over a day's items does: a
 * cautious figure, suited to "is this the same event as one shown before".
 */
export function similarity(a: ClusterItem, b: ClusterItem, corpus: readonly ClusterItem[] = [], options: ClusterOptions = {}): number {
  // Two items under one id (one URL seen twice) are still compared on their words.
  const other = b.id === a.id ? { ...b, id: `${b.id}\u0000` } : b;
  const rest = corpus.filter((c) => c.id !== a.id && c.id !== other.id);
  return similarityModel([a, other, ...rest], options)(a.id, other.id);
}

/**
 * Whether two items report one named storm ("Storm Bertha") within `maxHoursApart` of each other:
 * the rule that joins groups in `clusterItems`, for comparing an item with one shown earlier.
 */
export function sameNamedStorm(a: ClusterItem, b: ClusterItem, options: ClusterOptions = {}): boolean {
  const hours = Math.abs(Date.parse(a.publishedAt) - Date.parse(b.publishedAt)) / 3_600_000;
  if (hours > (options.maxHoursApart ?? DEFAULT_MAX_HOURS_APART)) return false;
  const [textA, textB] = [embeddingText(a), embeddingText(b)];
  const named = new Set([...stormNames(textA), ...stormNames(textB)]);
  const storms = stormNames(textB, named);
  return [...stormNames(textA, named)].some((name) => storms.has(name));
}

/** The text to embed for an item (title and lede), so that embeddings and lexical similarity read the same words. */
export function embeddingText(item: ClusterItem): string {
  const lede = item.text.split(/\s+/).slice(0, 2 * LEDE_TERMS).join(' ').trim();
  return lede ? `${item.title}\n\n${lede}` : item.title;
}

// --- the model: weighted term vectors ------------------------------------------------------

interface Doc {
  item: ClusterItem;
  /** Milliseconds; NaN when the date does not parse (then no time limit or decay applies). */
  time: number;
  /** Term id → weight, unit length. */
  vector: Map<number, number>;
  /** The same without names, unit length. */
  content: Map<number, number>;
  /** Term ids of the names in the item. */
  names: Set<number>;
  /** The item's embedding, unit length, when one was given. */
  dense: Float32Array | undefined;
  /** Named storms its headline or lede reports ("bertha" for "Storm Bertha"), lower case. */
  storms: Set<string>;
}

interface Model {
  docs: Doc[];
  /** Number of items each term occurs in, by term id. */
  df: number[];
  maxHours: number;
}

function buildModel(items: readonly ClusterItem[], options: ClusterOptions): Model {
  const sorted = [...items].sort(compareItems);
  const parsed = sorted.map((item) => ({
    title: tokenize(item.title, isTitleCase(item.title)),
    text: tokenize(item.text, false).slice(0, LEDE_TERMS),
  }));

  // Term ids in order of first appearance (the order is canonical, so the ids are too).
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const df: number[] = [];
  const asEntity: number[] = [];
  const asLower: number[] = [];
  for (const { title, text } of parsed) {
    const seen = new Set<number>();
    for (const t of [...title, ...text]) {
      let id = ids.get(t.term);
      if (id === undefined) {
        id = terms.length;
        ids.set(t.term, id);
        terms.push(t.term);
        df.push(0);
        asEntity.push(0);
        asLower.push(0);
      }
      if (t.entity) asEntity[id]!++;
      if (t.lower) asLower[id]!++;
      if (!seen.has(id)) df[id]!++;
      seen.add(id);
    }
  }

  const n = sorted.length;
  const isEntity = (id: number): boolean => asEntity[id]! > asLower[id]!;
  const isName = (id: number): boolean => isEntity(id) && !/^\d/.test(terms[id]!) && !MONTHS.has(terms[id]!);
  const weight = (id: number): number => (Math.log((1 + n) / (1 + df[id]!)) + 1) * (isEntity(id) ? ENTITY_BOOST : 1);
  // A storm named once ("Storm Greta") is the storm wherever the day's reports write the name alone.
  const ledes = sorted.map(embeddingText);
  const dayStorms = new Set(ledes.flatMap((lede) => [...stormNames(lede)]));
  const docs = sorted.map((item, i): Doc => {
    const { title, text } = parsed[i]!;
    const vector = mix(termVector(title, ids, weight), termVector(text, ids, weight));
    const names = new Set([...vector.keys()].filter(isName));
    const content = unit(new Map([...vector].filter(([id]) => !names.has(id))));
    const embedding = options.embeddings?.get(item.id);
    return {
      item,
      time: Date.parse(item.publishedAt),
      vector,
      content,
      names,
      dense: embedding ? unitDense(embedding) : undefined,
      storms: stormNames(ledes[i]!, dayStorms),
    };
  });
  return { docs, df, maxHours: options.maxHoursApart ?? DEFAULT_MAX_HOURS_APART };
}

/** Canonical order: by date (undated last), then id, then the rest, so that sorting never depends on the input order. */
function compareItems(a: ClusterItem, b: ClusterItem): number {
  const ta = Date.parse(a.publishedAt);
  const tb = Date.parse(b.publishedAt);
  if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb))) {
    if (Number.isNaN(ta)) return 1;
    if (Number.isNaN(tb)) return -1;
    return ta - tb;
  }
  return cmp(a.id, b.id) || cmp(a.sourceUrl, b.sourceUrl) || cmp(a.title, b.title) || cmp(a.text, b.text);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sublinear TF × weight, unit length. */
function termVector(tokens: readonly Token[], ids: ReadonlyMap<string, number>, weight: (id: number) => number): Map<number, number> {
  const tf = new Map<number, number>();
  for (const t of tokens) {
    const id = ids.get(t.term)!;
    tf.set(id, (tf.get(id) ?? 0) + 1);
  }
  const vector = new Map<number, number>();
  for (const [id, count] of tf) vector.set(id, (1 + Math.log(count)) * weight(id));
  return unit(vector);
}

/** TITLE_SHARE of the title and the rest of the text, unit length; either may be empty. */
function mix(title: Map<number, number>, text: Map<number, number>): Map<number, number> {
  if (title.size === 0) return text;
  if (text.size === 0) return title;
  const out = new Map<number, number>();
  for (const [id, w] of title) out.set(id, TITLE_SHARE * w);
  for (const [id, w] of text) out.set(id, (out.get(id) ?? 0) + (1 - TITLE_SHARE) * w);
  return unit(out);
}

function unit(vector: Map<number, number>): Map<number, number> {
  let sum = 0;
  for (const w of vector.values()) sum += w * w;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (const [id, w] of vector) vector.set(id, w / norm);
  return vector;
}

/** Dot product, less `discount` of its largest term. */
function dot(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>, discount = 0): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  let top = 0;
  for (const [id, w] of small) {
    const product = w * (large.get(id) ?? 0);
    sum += product;
    top = Math.max(top, product);
  }
  return Math.min(1, sum - discount * top);
}

function pairSimilarity(model: Model, a: Doc, b: Doc): number {
  const hours = Math.abs(a.time - b.time) / 3_600_000;
  if (hours > model.maxHours) return 0;
  let s = Math.max(0, dot(a.vector, b.vector, TOP_TERM_DISCOUNT));
  if (s > 0) {
    s *= CONTENT_GATE_FLOOR + (1 - CONTENT_GATE_FLOOR) * Math.min(1, dot(a.content, b.content) / CONTENT_EVIDENCE);
    if (a.names.size > 0 && b.names.size > 0 && ![...a.names].some((id) => b.names.has(id))) s *= NAME_CONFLICT;
  }
  if (a.dense && b.dense) s = (s + Math.max(0, (denseDot(a.dense, b.dense) - EMBEDDING_FLOOR) / (1 - EMBEDDING_FLOOR))) / 2;
  if (s <= 0) return 0;
  if (hours > 0) s /= 1 + hours / DECAY_HOURS;
  return a.item.sourceUrl === b.item.sourceUrl ? s * SAME_SOURCE_FACTOR : s;
}

/** The vector as float32, unit length (all zeros stays zeros). */
function unitDense(v: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(v);
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i]! * out[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / norm;
  return out;
}

/** The cosine of two unit vectors (their dot product); vectors of different lengths are compared on the shorter. */
function denseDot(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  // Four running sums: about twice as fast as one in V8 (the all-pairs scan of a large day is the hot loop).
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (; i < n; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}

// --- candidate pairs and named storms -------------------------------------------------------

/** Pairs (a < b) that share at least one not-too-common stem, with their similarity (> 0 only). */
function candidateEdges(model: Model): Edge[] {
  const { docs, df } = model;
  const maxDf = Math.max(CANDIDATE_MAX_DF, Math.floor(docs.length * CANDIDATE_MAX_DF_SHARE));
  const postings = new Map<number, number[]>();
  docs.forEach((doc, i) => {
    for (const id of doc.vector.keys()) {
      if (df[id]! > maxDf) continue;
      const list = postings.get(id);
      if (list) list.push(i);
      else postings.set(id, [i]);
    }
  });
  const neighbours = embeddingNeighbours(model);
  const edges: Edge[] = [];
  docs.forEach((doc, i) => {
    const partners = new Set<number>(neighbours.get(i));
    for (const id of doc.vector.keys()) for (const j of postings.get(id) ?? []) if (j > i) partners.add(j);
    for (const j of [...partners].sort((x, y) => x - y)) {
      const s = pairSimilarity(model, doc, docs[j]!);
      if (s > 0) edges.push({ a: i, b: j, similarity: s });
    }
  });
  return edges;
}

/**
 * With embeddings: for each item, the later items (j > i) within `maxHours` whose vectors are close
 * (cosine ≥ EMBEDDING_CANDIDATE), so reports that share no word are still compared. Docs are in
 * time order, so the scan stops at the first item too far ahead: O(n × items per window).
 */
function embeddingNeighbours(model: Model): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const { docs } = model;
  const limitMs = model.maxHours * 3_600_000;
  docs.forEach((doc, i) => {
    const v = doc.dense;
    if (!v) return;
    const near: number[] = [];
    for (let j = i + 1; j < docs.length; j++) {
      if (docs[j]!.time - doc.time > limitMs) break;
      const w = docs[j]!.dense;
      if (w && denseDot(v, w) >= EMBEDDING_CANDIDATE) near.push(j);
    }
    if (near.length > 0) out.set(i, near);
  });
  return out;
}

/**
 * Groups that report one named storm within `maxHours` of each other become one: a storm is one
 * event however many sides of it the reports tell (winds in one, power cuts in another), and two
 * storms of one name never blow in the same day and a half. Word similarity alone splits such
 * reports when they share little but the name.
 */
function joinNamedStorms(model: Model, groups: number[][]): number[][] {
  /** Storm name → the groups that reported it so far. */
  const reported = new Map<string, number[]>();
  const parent = groups.map((_, g) => g);
  const find = (g: number): number => (parent[g] === g ? g : (parent[g] = find(parent[g]!)));
  const limitMs = model.maxHours * 3_600_000;
  groups.forEach((members, g) => {
    const storms = new Set(members.flatMap((i) => [...model.docs[i]!.storms]));
    for (const storm of storms) {
      const earlier = reported.get(storm) ?? [];
      for (const other of earlier) if (withinMs(model, groups[other]!, members, limitMs)) parent[find(g)] = find(other);
      reported.set(storm, [...earlier, g]);
    }
  });
  const joined = new Map<number, number[]>();
  groups.forEach((members, g) => {
    const root = find(g);
    joined.set(root, [...(joined.get(root) ?? []), ...members]);
  });
  return [...joined.values()].map((m) => m.sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]!);
}

/** Whether some item of `a` and some item of `b` are at most `limitMs` apart (undated items always are). */
function withinMs(model: Model, a: readonly number[], b: readonly number[], limitMs: number): boolean {
  return a.some((i) => b.some((j) => !(Math.abs(model.docs[i]!.time - model.docs[j]!.time) > limitMs)));
}
