/**
 * Which feed items report the same event: one story per event, whatever the number of sources.
 * Pure and deterministic (the items are put in one canonical order first, so any input order
 * gives the same clusters); no imports.
 *
 * Method (lexical; see `similarityModel`):
 *  1. Each item becomes a TF-IDF vector over word stems of its title and the lede of its text
 *     (the first LEDE_TERMS content words): stopwords dropped, a light suffix stemmer so that
 *     "recalls", "recalled" and "recall" meet, number words and "1.2m"/"$3bn" normalised to
 *     digits + unit. Title and text are normalised apart and mixed TITLE_SHARE : 1 − TITLE_SHARE,
 *     so a long teaser cannot drown the headline, and an empty one costs nothing.
 *  2. Names and numbers are strong evidence: a stem written capitalised mid-sentence more often
 *     than in lower case across the items (a name), an acronym, or a number weighs ENTITY_BOOST×.
 *  3. Similarity is the cosine of the two vectors (0 = no content word in common, 1 = the same
 *     words in the same proportions), times SAME_SOURCE_FACTOR when both come from one source
 *     (an outlet rarely runs one event twice; a repeat under a second URL still joins when it is
 *     near-identical), and 0 when the items are more than `maxHoursApart` apart.
 *     With embeddings, the cosine of the vectors (rescaled from EMBEDDING_FLOOR..1 to 0..1) is
 *     averaged with the lexical figure.
 *  4. Candidate pairs come from an inverted index over the stems (very common stems skipped),
 *     so only items sharing a fairly rare word are compared: no n² pass.
 *  5. Average-link agglomerative clustering: the two groups with the highest mean pairwise
 *     similarity merge while that mean is ≥ `threshold`. One item that resembles two events
 *     cannot chain them: it is outweighed by the pairs across the two groups, which are ≈ 0.
 */

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
   * Optional dense vectors by item id (e.g. Ollama /api/embed, L2-normalised; embed
   * `embeddingText(item)`). A pair with vectors for both items scores the mean of the lexical
   * similarity and the rescaled vector cosine; candidate pairs still come from the lexical index.
   */
  embeddings?: ReadonlyMap<string, readonly number[]>;
}

/**
 * 0.3: on the tuning world (test/fixtures/stories/world-a.json), pairs reporting the same
 * event with different wording score from about 0.2 to 0.8, and near misses (same company,
 * place or topic, another event) from about 0.05 to 0.3; average linkage lifts a group's
 * weaker pairs by its stronger ones. The figures per pair are in the test output.
 */
export const DEFAULT_CLUSTER_THRESHOLD = 0.3;
/** A day and a half: a feed's dates are the first publication; follow-ups days later are new stories. */
export const DEFAULT_MAX_HOURS_APART = 36;

/** The headline's share of an item's vector; the text's is the rest. */
const TITLE_SHARE = 0.55;
/** How many content words of the text are read: the lede carries the facts; the rest adds noise and time. */
const LEDE_TERMS = 60;
/** Weight of names, acronyms and numbers relative to ordinary words. */
const ENTITY_BOOST = 1.8;
/** Two items of one source are rarely the same event. */
const SAME_SOURCE_FACTOR = 0.5;
/** Embedding cosine treated as "no resemblance": unrelated texts score about this with common models. */
const EMBEDDING_FLOOR = 0.5;
/** Stems in more than this share of the items generate no candidate pairs (they still count in the similarity). */
const COMMON_STEM_SHARE = 0.05;

/**
 * Groups of item ids, one per event. Each group is ordered by publishedAt then id; groups are
 * ordered by their first item.
 */
export function clusterItems(items: readonly ClusterItem[], options: ClusterOptions = {}): string[][] {
  const model = buildModel(items, options);
  const threshold = options.threshold ?? DEFAULT_CLUSTER_THRESHOLD;
  const groups = averageLink(model.docs.length, candidateEdges(model), threshold);
  return groups.map((members) => members.map((i) => model.docs[i]!.item.id));
}

/**
 * A pairwise similarity (0..1) as clustering sees it, over a fixed set of items: word weights
 * (IDF, which words are names) come from that set, so pass the whole day's items when you have them.
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
 * The similarity of two items, with word weights drawn from `corpus` (default: just the two).
 * With only the two items every word weighs about the same, which scores lower than clustering
 * over a day's items does: a cautious figure, suited to "is this the same event as one shown before".
 */
export function similarity(a: ClusterItem, b: ClusterItem, corpus: readonly ClusterItem[] = [], options: ClusterOptions = {}): number {
  const others = corpus.filter((c) => c.id !== a.id && c.id !== b.id);
  return similarityModel([a, b, ...others], options)(a.id, b.id);
}

/** The text to embed for an item (title and lede), so that embeddings and lexical similarity read the same words. */
export function embeddingText(item: ClusterItem): string {
  const lede = item.text.split(/\s+/).slice(0, 2 * LEDE_TERMS).join(' ');
  return lede ? `${item.title}\n\n${lede}` : item.title;
}

// --- the model: one weighted term vector per item ------------------------------------------

interface Doc {
  item: ClusterItem;
  /** Milliseconds, NaN when the date does not parse (then no time limit applies). */
  time: number;
  /** Term id → weight; unit length. */
  vector: Map<number, number>;
}

interface Model {
  docs: Doc[];
  /** Number of items each term occurs in, by term id. */
  df: number[];
  maxMs: number;
  embeddings: ReadonlyMap<string, readonly number[]> | undefined;
}

interface Token {
  term: string;
  /** Written as a name (capitalised mid-sentence), an acronym, or a number. */
  entity: boolean;
  /** Written in lower case. */
  lower: boolean;
}

function buildModel(items: readonly ClusterItem[], options: ClusterOptions): Model {
  const sorted = [...items].sort(compareItems);
  const parsed = sorted.map((item) => ({ title: tokenize(item.title, isTitleCase(item.title)), text: lede(tokenize(item.text, false)) }));

  // Term ids in order of first appearance (the order is canonical, so the ids are too).
  const ids = new Map<string, number>();
  const df: number[] = [];
  const asName: number[] = [];
  const asLower: number[] = [];
  for (const { title, text } of parsed) {
    const seen = new Set<number>();
    for (const t of [...title, ...text]) {
      let id = ids.get(t.term);
      if (id === undefined) {
        id = ids.size;
        ids.set(t.term, id);
        df.push(0);
        asName.push(0);
        asLower.push(0);
      }
      if (t.entity) asName[id]!++;
      if (t.lower) asLower[id]!++;
      if (!seen.has(id)) df[id]!++;
      seen.add(id);
    }
  }

  const n = sorted.length;
  const weight = (id: number): number => {
    const idf = Math.log((1 + n) / (1 + df[id]!)) + 1;
    return asName[id]! > asLower[id]! ? idf * ENTITY_BOOST : idf;
  };
  const docs = sorted.map((item, i) => {
    const { title, text } = parsed[i]!;
    const vector = mix(termVector(title, ids, weight), termVector(text, ids, weight));
    return { item, time: Date.parse(item.publishedAt), vector };
  });
  return { docs, df, maxMs: (options.maxHoursApart ?? DEFAULT_MAX_HOURS_APART) * 3_600_000, embeddings: options.embeddings };
}

/** Canonical order: by date (undated last), then id, then the rest, so that sorting never depends on the input order. */
function compareItems(a: ClusterItem, b: ClusterItem): number {
  const ta = Date.parse(a.publishedAt);
  const tb = Date.parse(b.publishedAt);
  if (ta !== tb) {
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

function dot(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [id, w] of small) sum += w * (large.get(id) ?? 0);
  return sum;
}

function pairSimilarity(model: Model, a: Doc, b: Doc): number {
  if (Math.abs(a.time - b.time) > model.maxMs) return 0;
  let s = Math.min(1, dot(a.vector, b.vector));
  const ea = model.embeddings?.get(a.item.id);
  const eb = model.embeddings?.get(b.item.id);
  if (ea && eb) s = (s + Math.max(0, (denseCosine(ea, eb) - EMBEDDING_FLOOR) / (1 - EMBEDDING_FLOOR))) / 2;
  return a.item.sourceUrl === b.item.sourceUrl ? s * SAME_SOURCE_FACTOR : s;
}

function denseCosine(a: readonly number[], b: readonly number[]): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

// --- tokens ---------------------------------------------------------------------------------

const STOPWORDS = new Set(
  (
    'a about above across after again against ago all almost along already also although am among an and another any are ' +
    'around as at back be became because become been before being below between both but by came can cannot could did do does ' +
    'doing done dont down during each early either else even ever every few for from further get gets got had has have having he ' +
    'her here hers herself him himself his how however i if in into is it its itself just last late later least less like made ' +
    'make many may me might more most much must my near nearly new news next no nor not now of off on once one only onto or other ' +
    'our ours out over own per percent cent said same say says she should since so some still such take than that the their theirs ' +
    'them themselves then there these they this those though through to told too toward under until up upon us very via was we ' +
    'were what when where whether which while who whom whose why will with within without would year years yet you your ' +
    'monday tuesday wednesday thursday friday saturday sunday today tonight yesterday tomorrow week weeks day days morning ' +
    'evening night month months according amid mr mrs ms dr st live update updates latest breaking watch video photos read'
  ).split(' '),
);

const NUMBER_WORDS: Record<string, string> = {
  two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', dozen: '12', twenty: '20', hundred: '100',
};

/** Number suffixes that are a unit word: "1.2m", "$3bn". */
const UNIT_SUFFIX: Record<string, string> = { k: 'thousand', m: 'million', mn: 'million', bn: 'billion', b: 'billion', tn: 'trillion' };

/** Scripts written without spaces between words: read as character pairs. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** A number (with its suffix letters), a word, or punctuation that ends a sentence or a headline's lead-in. */
const TOKEN = /(\d+(?:[.,]\d+)*)(\p{L}*)|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|[.!?:;|–—]/gu;

/**
 * Content tokens of a text. `titleCase`: the text capitalises every word (a headline style),
 * so capitals there say nothing about names.
 */
function tokenize(text: string, titleCase: boolean): Token[] {
  const out: Token[] = [];
  let sentenceStart = true;
  for (const m of text.normalize('NFKC').matchAll(TOKEN)) {
    const [raw, digits, suffix] = m;
    if (digits !== undefined) {
      out.push({ term: normaliseNumber(digits), entity: true, lower: false });
      const unit = UNIT_SUFFIX[(suffix ?? '').toLowerCase()];
      if (unit) out.push({ term: unit, entity: false, lower: true });
      sentenceStart = false;
    } else if (/^[.!?:;|–—]$/.test(raw)) {
      sentenceStart = true;
    } else {
      pushWord(out, raw, sentenceStart, titleCase);
      sentenceStart = false;
    }
  }
  return out;
}

function pushWord(out: Token[], raw: string, sentenceStart: boolean, titleCase: boolean): void {
  const word = raw.replace(/['’]s$/iu, '').replace(/['’]/g, '');
  if (UNSPACED.test(word)) {
    for (let i = 0; i + 1 < word.length || i === 0; i++) out.push({ term: word.slice(i, i + 2), entity: false, lower: false });
    return;
  }
  const lower = word.toLowerCase();
  const acronym = word.length >= 2 && word.length <= 6 && word === word.toUpperCase() && word !== lower && !titleCase;
  if (lower.length < 2 || (STOPWORDS.has(lower) && !acronym)) return;
  const number = NUMBER_WORDS[lower];
  if (number) {
    out.push({ term: number, entity: true, lower: false });
    return;
  }
  const capitalised = word[0] !== word[0]!.toLowerCase();
  out.push({
    term: stem(lower),
    entity: acronym || (capitalised && !sentenceStart && !titleCase),
    lower: !capitalised,
  });
}

/** "1,800" → "1800"; decimals kept. */
function normaliseNumber(digits: string): string {
  return /^\d{1,3}(,\d{3})+$/.test(digits) ? digits.replace(/,/g, '') : digits.replace(',', '.');
}

/** A headline In Which Most Words Are Capitalised. */
function isTitleCase(title: string): boolean {
  const words = title.match(/\p{L}{4,}/gu) ?? [];
  const capitalised = words.filter((w) => w[0] !== w[0]!.toLowerCase()).length;
  return words.length >= 3 && capitalised / words.length >= 0.6;
}

/** The first LEDE_TERMS content words of a text. */
function lede(tokens: Token[]): Token[] {
  return tokens.slice(0, LEDE_TERMS);
}

/**
 * A light English suffix stripper: plural, -ed, -ing, -ly and a final e, so that inflections
 * of one word meet ("recalls", "recalled", "recalling" → "recall"; "rates", "rated" → "rat").
 * Not linguistics: only consistency matters.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:[sxz]|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const suffix = /^(.{3,}?)(?:ing|ed)$/.exec(w);
  if (suffix && /[aeiouy]/.test(suffix[1]!)) {
    w = suffix[1]!;
    if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
  } else if (w.endsWith('ly') && w.length > 5) {
    w = w.slice(0, -2);
  }
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

// --- candidates and average-link clustering ------------------------------------------------

interface Edge {
  a: number;
  b: number;
  similarity: number;
}

/** Pairs that share at least one not-too-common stem, with their similarity (> 0 only). */
function candidateEdges(model: Model): Edge[] {
  const { docs, df } = model;
  const maxDf = Math.max(2, Math.floor(docs.length * COMMON_STEM_SHARE));
  const postings = new Map<number, number[]>();
  docs.forEach((doc, i) => {
    for (const id of doc.vector.keys()) {
      if (df[id]! > maxDf) continue;
      const list = postings.get(id);
      if (list) list.push(i);
      else postings.set(id, [i]);
    }
  });
  const edges: Edge[] = [];
  docs.forEach((doc, i) => {
    const partners = new Set<number>();
    for (const id of doc.vector.keys()) for (const j of postings.get(id) ?? []) if (j > i) partners.add(j);
    for (const j of [...partners].sort((x, y) => x - y)) {
      const s = pairSimilarity(model, doc, docs[j]!);
      if (s > 0) edges.push({ a: i, b: j, similarity: s });
    }
  });
  return edges;
}

/**
 * Average-link agglomeration over a sparse similarity graph (absent pairs count as 0).
 * Groups are named by their lowest member index; ties go to the lowest names, so the result
 * depends only on the graph.
 */
function averageLink(n: number, edges: readonly Edge[], threshold: number): number[][] {
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  /** Group → neighbouring group → sum of pairwise similarities between them. */
  const links: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const version = new Array<number>(n).fill(0);
  const heap = new MergeHeap();
  for (const { a, b, similarity } of edges) {
    links[a]!.set(b, similarity);
    links[b]!.set(a, similarity);
    heap.push({ score: similarity, a, b, va: 0, vb: 0 });
  }

  for (let top = heap.pop(); top; top = heap.pop()) {
    if (top.score < threshold) break;
    const { a, b } = top;
    if (version[a] !== top.va || version[b] !== top.vb) continue; // stale: one side has changed since
    // Merge b into a (a < b).
    members[a] = [...members[a]!, ...members[b]!].sort((x, y) => x - y);
    members[b] = [];
    version[a]!++;
    version[b] = -1;
    links[a]!.delete(b);
    for (const [c, sum] of links[b]!) {
      if (c === a) continue;
      const merged = (links[a]!.get(c) ?? 0) + sum;
      links[a]!.set(c, merged);
      links[c]!.delete(b);
    }
    links[b]!.clear();
    for (const [c, sum] of links[a]!) {
      links[c]!.set(a, sum);
      const score = sum / (members[a]!.length * members[c]!.length);
      if (score >= threshold) {
        const [x, y] = a < c ? [a, c] : [c, a];
        heap.push({ score, a: x, b: y, va: version[x]!, vb: version[y]! });
      }
    }
  }
  return members.filter((m) => m.length > 0);
}

interface Merge {
  score: number;
  a: number;
  b: number;
  /** Versions of a and b when this entry was made. */
  va: number;
  vb: number;
}

/** Best first: highest score, then lowest a, then lowest b. */
function better(x: Merge, y: Merge): boolean {
  return x.score !== y.score ? x.score > y.score : x.a !== y.a ? x.a < y.a : x.b < y.b;
}

/** A binary heap of merge candidates. */
class MergeHeap {
  private readonly items: Merge[] = [];

  push(m: Merge): void {
    const items = this.items;
    items.push(m);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!better(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Merge | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < items.length && better(items[l]!, items[best]!)) best = l;
        if (r < items.length && better(items[r]!, items[best]!)) best = r;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }
}
