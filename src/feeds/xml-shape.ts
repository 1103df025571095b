import { scanXml } from './xml-scan.js';
import { entryTime } from './dates.js';

/**
 * Reshapes feed XML (already through prepareXml) so that a strict parser can read
 * what is good in it, in bounded time and memory:
 * - text before the root element (a PHP warning, say) is dropped;
 * - entries are cut to the newest `maxItems` before parsing, so a feed of 100,000
 *   items costs no more to parse than one of `maxItems`;
 * - entries nested deeper than `maxDepth`, or with a tag longer than `maxTagLength`, are
 *   dropped (deep nesting is an attack on recursive code, and the parser reads attributes a
 *   character at a time: neither is news);
 * - Atom's XHTML text (`type="xhtml"`) is wrapped in CDATA, so its markup reaches brief as
 *   HTML in document order (the parser would split text from elements);
 * - a document cut off in transfer keeps its complete entries: the text is cut back to
 *   the end of the last one and the open elements around it are closed;
 * - an RSS document without `<channel>` gets one (rss-parser needs it).
 * `repairAt` drops the entry that holds a parse error, so one broken entry never
 * loses the feed. Everything here works from one linear scan (see scanXml).
 */

export interface ShapeOptions {
  /** The element that holds one entry: "item" (RSS) or "entry" (Atom, maybe with a prefix). */
  itemName: string;
  maxItems: number;
  maxDepth: number;
  maxTagLength: number;
}

export type Shaped =
  | { kind: 'xml'; xml: string }
  /** A self-closing root, as in `<rss version="2.0"/>`: a feed with nothing in it. */
  | { kind: 'empty' }
  | { kind: 'cut-off' };

interface ItemSpan {
  start: number;
  /** Just past `</item>`; undefined when the item never closes. */
  end?: number;
  /** How deep elements nest inside the item. */
  depth: number;
  /** Its longest tag, in characters. */
  longestTag: number;
}

interface Outline {
  /** Where the root starts, where its start tag ends and where its end tag starts (undefined when cut off). */
  root?: { name: string; start: number; openEnd: number; empty: boolean; closeStart?: number };
  items: ItemSpan[];
  /** The elements open where the first item starts, outermost first (e.g. rss, channel). */
  itemParents: string[];
  /** Whether the root has a `<channel>` child (RSS). */
  hasChannel: boolean;
  /** The content of `type="xhtml"` elements (between their tags). */
  xhtml: Array<{ start: number; end: number }>;
}

/** Atom's text constructs, which may be `type="xhtml"`. */
const TEXT_CONSTRUCTS = new Set(['title', 'subtitle', 'summary', 'content', 'rights']);

interface Edit {
  start: number;
  end: number;
  insert?: string;
}

/** How far back a close tag is matched against the open elements (a bound for broken documents). */
const CLOSE_TAG_LOOKBACK = 64;

export function shapeFeedXml(text: string, options: ShapeOptions): Shaped {
  const outline = outlineXml(text, options.itemName);
  const root = outline.root;
  if (!root) return { kind: 'xml', xml: text };
  if (root.empty) return { kind: 'empty' };
  const edits: Edit[] = [];
  if (/\S/.test(text.slice(0, root.start))) edits.push({ start: 0, end: root.start });

  const complete = outline.items.filter((item) => item.end !== undefined);
  let end = text.length;
  let closers = '';
  if (root.closeStart === undefined) {
    const last = complete.at(-1);
    if (!last) return { kind: 'cut-off' };
    end = last.end as number;
    closers = closingTags(outline.itemParents);
  }
  const keep = complete.filter((item) => (item.end as number) <= end && item.depth <= options.maxDepth && item.longestTag <= options.maxTagLength);
  const kept = new Set(newest(text, keep, options).map((item) => item.start));
  for (const [i, item] of outline.items.entries()) {
    if (item.start >= end || kept.has(item.start)) continue;
    // An item that never closes runs up to the next one.
    edits.push({ start: item.start, end: item.end ?? outline.items[i + 1]?.start ?? end });
  }
  if (!outline.hasChannel && root.name === 'rss') {
    // RSS 0.9x/2.0 keep their items in the channel: wrap the root's content in one.
    const close = root.closeStart ?? end;
    edits.push({ start: root.openEnd, end: root.openEnd, insert: '<channel>' }, { start: close, end: close, insert: '</channel>' });
  } else if (!outline.hasChannel && /(^|:)rdf$/i.test(root.name)) {
    // RSS 1.0's items are the channel's siblings: an empty one will do.
    edits.push({ start: root.openEnd, end: root.openEnd, insert: '<channel></channel>' });
  }
  for (const span of outline.xhtml) {
    if (span.end <= end) edits.push({ ...span, insert: `<![CDATA[${text.slice(span.start, span.end).replaceAll(']]>', ']]]]><![CDATA[>')}]]>` });
  }
  edits.push({ start: end, end: text.length, insert: closers });
  return { kind: 'xml', xml: applyEdits(text, edits) };
}

/**
 * After the parser failed at `offset`: the text without the entry that holds the error
 * (or cut back to the last complete entry when the error lies after it), or undefined
 * when the error is before the first entry and nothing can be saved.
 */
export function repairAt(text: string, itemName: string, offset: number): string | undefined {
  const outline = outlineXml(text, itemName);
  const broken = outline.items.findIndex((item) => item.start <= offset && (item.end === undefined || offset <= item.end));
  const closers = closingTags(outline.itemParents);
  if (broken >= 0) {
    const item = outline.items[broken] as ItemSpan;
    const next = outline.items[broken + 1]?.start;
    if (item.end === undefined && next === undefined) return text.slice(0, item.start) + closers;
    return applyEdits(text, [{ start: item.start, end: item.end ?? (next as number) }]);
  }
  const last = outline.items.filter((item) => item.end !== undefined).at(-1);
  if (!last || offset < (last.end as number)) return undefined;
  return text.slice(0, last.end) + closers;
}

function outlineXml(text: string, itemName: string): Outline {
  const outline: Outline = { items: [], itemParents: [], hasChannel: false, xhtml: [] };
  const stack: string[] = [];
  let item: ItemSpan | undefined;
  let itemBase = 0;
  let xhtml: { start: number; level: number } | undefined;
  for (const token of scanXml(text)) {
    if (token.kind !== 'open' && token.kind !== 'empty' && token.kind !== 'close') continue;
    const name = token.name as string;
    if (item) item.longestTag = Math.max(item.longestTag, token.end - token.start);
    if (token.kind === 'close') {
      if (item && name === itemName) {
        item.end = token.end;
        item = undefined;
        stack.length = itemBase;
      } else {
        popTo(stack, name);
      }
      if (xhtml && stack.length <= xhtml.level) {
        outline.xhtml.push({ start: xhtml.start, end: token.start });
        xhtml = undefined;
      }
      if (outline.root && stack.length === 0 && name === outline.root.name) outline.root.closeStart ??= token.start;
      continue;
    }
    if (!xhtml && token.kind === 'open' && TEXT_CONSTRUCTS.has(name.slice(name.indexOf(':') + 1)) && /\stype\s*=\s*["']xhtml["']/.test(text.slice(token.start, token.end))) {
      xhtml = { start: token.end, level: stack.length };
    }
    if (!outline.root) {
      outline.root = { name, start: token.start, openEnd: token.end, empty: token.kind === 'empty' };
      if (token.kind === 'empty') break;
    } else if (stack.length === 1 && name === 'channel') {
      outline.hasChannel = true;
    }
    if (name === itemName && stack.length > 0) {
      if (item) stack.length = itemBase; // the previous item never closed
      if (outline.items.length === 0) outline.itemParents = [...stack];
      item = { start: token.start, depth: 0, longestTag: token.end - token.start };
      itemBase = stack.length;
      outline.items.push(item);
      if (token.kind === 'empty') {
        item.end = token.end;
        item = undefined;
      }
    }
    if (token.kind === 'open' && !token.cut) {
      stack.push(name);
      if (item) item.depth = Math.max(item.depth, stack.length - itemBase - 1);
    }
  }
  return outline;
}

/** Closes `name` and anything opened inside it; a close tag that matches nothing is ignored. */
function popTo(stack: string[], name: string): void {
  for (let i = stack.length - 1; i >= Math.max(0, stack.length - CLOSE_TAG_LOOKBACK); i--) {
    if (stack[i] === name) {
      stack.length = i;
      return;
    }
  }
}

/** The `maxItems` newest items, in the order parseFeed will sort them (dated newest first, then undated in feed order). */
function newest(text: string, items: ItemSpan[], options: ShapeOptions): ItemSpan[] {
  if (items.length <= options.maxItems) return items;
  const prefix = options.itemName.includes(':') ? options.itemName.slice(0, options.itemName.indexOf(':') + 1) : '';
  return items
    .map((item, index) => {
      const block = text.slice(item.start, item.end);
      const time = entryTime((name) => elementText(block, prefix && !name.includes(':') ? prefix + name : name));
      return { item, index, time: time ?? -Infinity };
    })
    .sort((a, b) => b.time - a.time || a.index - b.index)
    .slice(0, options.maxItems)
    .map(({ item }) => item);
}

/** The text of the first `<name>` element in `block` that holds only text (enough for a date). */
function elementText(block: string, name: string): string | undefined {
  const open = `<${name}`;
  for (let at = block.indexOf(open); at >= 0; at = block.indexOf(open, at + open.length)) {
    const next = block.charAt(at + open.length);
    if (next !== '>' && next !== ' ' && next !== '\t' && next !== '\n' && next !== '\r') continue;
    const gt = block.indexOf('>', at);
    const lt = gt < 0 ? -1 : block.indexOf('<', gt);
    return lt < 0 ? undefined : block.slice(gt + 1, Math.min(lt, gt + 1 + 200));
  }
  return undefined;
}

function closingTags(names: string[]): string {
  return names
    .slice()
    .reverse()
    .map((name) => `</${name}>`)
    .join('');
}

function applyEdits(text: string, edits: Edit[]): string {
  const out: string[] = [];
  let pos = 0;
  for (const edit of edits.slice().sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (edit.start < pos) continue; // overlaps an earlier edit
    out.push(text.slice(pos, edit.start), edit.insert ?? '');
    pos = edit.end;
  }
  out.push(text.slice(pos));
  return out.join('');
}
