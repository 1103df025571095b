#!/usr/bin/env node
/**
 * Extraction benchmark: brief's extractor (dist/extract/readability.js) against plain
 * Readability (`textContent` on jsdom), both measured in this run on the development
 * pages in ../shared/data/extraction, scored with that benchmark's metric (multiset
 * 4-gram shingles of \w+ tokens; precision and recall averaged over pages; F1 of the
 * two means). Prints precision, recall, F1 and ms/page for both, the time ratio, and
 * the pages where brief loses most to plain Readability; writes the figures under
 * `extraction` in bench/results.json. Skips cleanly when the pages are absent.
 *
 *   npm run build && node bench/extract.js
 *
 * bench/run.js calls `measureExtraction()` for its extraction row.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { setImmediate as turn } from 'node:timers/promises';
import { saveResults } from './results.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = path.join(ROOT, '..', 'shared', 'data', 'extraction');
/** Pages extracted by both before timing starts, so neither pays for loading and JIT warm-up. */
const WARM_UP_PAGES = 3;
/** How many of the pages where brief loses to plain Readability are listed. */
const WORST_PAGES = 5;

/**
 * Scores and times both extractors on every development page. Resolves to
 * `{ skipped }` when the pages are absent, else to the figures (see README of the data).
 */
export async function measureExtraction() {
  const pages = loadDevelopmentPages();
  if (pages === null) return { skipped: `no development pages at ${DATA}` };
  const { JSDOM, VirtualConsole } = await import('jsdom');
  const { Readability } = await import('@mozilla/readability');
  const { extractPage } = await import('../dist/extract/readability.js');

  /** Readability.js alone, as the data's baseline figure was measured (styles removed so jsdom's CSS parser can't throw). */
  const plain = async (html, url) => {
    const dom = new JSDOM(html.replace(/<style[\s\S]*?<\/style>/gi, ''), { url, virtualConsole: new VirtualConsole() });
    try {
      return new Readability(dom.window.document).parse()?.textContent ?? '';
    } finally {
      dom.window.close();
      await turn();
    }
  };
  /** brief's extractor; `quality` collects the pages it does not take for whole articles. */
  const quality = new Map();
  const brief = async (html, url, id) => {
    const page = await extractPage(html, url);
    if (page && page.quality !== 'full' && id) quality.set(id, { quality: page.quality, reason: page.qualityReason });
    return page?.text ?? '';
  };

  for (const page of pages.slice(0, WARM_UP_PAGES)) {
    await plain(page.html, page.url);
    await brief(page.html, page.url);
  }
  const time = { plain: 0, brief: 0 };
  const rows = [];
  for (const [i, page] of pages.entries()) {
    // Alternate which runs first, so neither always meets the other's garbage.
    const order = i % 2 === 0 ? ['plain', 'brief'] : ['brief', 'plain'];
    const text = {};
    for (const name of order) {
      const start = process.hrtime.bigint();
      text[name] = await (name === 'plain' ? plain : brief)(page.html, page.url, page.id);
      time[name] += Number(process.hrtime.bigint() - start) / 1e6;
    }
    rows.push({ id: page.id, url: page.url, truth: page.articleBody, plain: score(text.plain, page.articleBody), brief: score(text.brief, page.articleBody), text });
  }
  const worst = rows
    .map((row) => ({ ...row, loss: f1(row.plain) - f1(row.brief) }))
    .filter((row) => row.loss > 0)
    .sort((a, b) => b.loss - a.loss)
    .slice(0, WORST_PAGES)
    .map((row) => ({
      id: row.id,
      host: new URL(row.url).host,
      brief: rounded(row.brief),
      plainReadability: rounded(row.plain),
      lostText: lostText(row.text.plain, row.text.brief, row.truth),
      extraText: lostText(row.text.brief, row.text.plain, row.truth, { inTruth: false }),
    }));
  return {
    date: new Date().toISOString(),
    pages: pages.length,
    plainReadability: { ...mean(rows.map((row) => row.plain)), msPerPage: time.plain / pages.length },
    brief: { ...mean(rows.map((row) => row.brief)), msPerPage: time.brief / pages.length },
    timeRatio: time.brief / time.plain,
    worstPages: worst,
    notFull: [...quality].map(([id, q]) => ({ id, ...q })),
  };
}

/**
 * The development pages that have ground truth, in file-name order, each as
 * `{ id, file, html, url, articleBody }`; null when the pages are absent.
 * bench/extract-pool.js uses them too.
 */
export function loadDevelopmentPages() {
  const truthFile = path.join(DATA, 'ground-truth.json');
  if (!existsSync(truthFile)) return null;
  const truth = JSON.parse(readFileSync(truthFile, 'utf8'));
  return readdirSync(path.join(DATA, 'html'))
    .filter((file) => file.endsWith('.html.gz'))
    .map((file) => ({ id: file.replace('.html.gz', ''), file }))
    .filter((page) => truth[page.id])
    .map((page) => ({ ...page, html: gunzipSync(readFileSync(path.join(DATA, 'html', page.file))).toString('utf8'), ...truth[page.id] }));
}

/** Prints the figures of `measureExtraction()`. */
function printExtraction(e) {
  if (e.skipped) {
    console.log(`extraction: skipped (${e.skipped})`);
    return;
  }
  const line = (name, s) => `${name.padEnd(20)} P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  ${s.msPerPage.toFixed(0)} ms/page`;
  console.log(`extraction on ${e.pages} development pages`);
  console.log(line('brief', e.brief));
  console.log(line('plain Readability', e.plainReadability));
  console.log(`time ratio           ${e.timeRatio.toFixed(2)}× plain Readability`);
  console.log(`flagged not full     ${e.notFull.length} of ${e.pages}${e.notFull.map((f) => `\n  ${f.id.slice(0, 12)} ${f.quality}: ${f.reason}`).join('')}`);
  if (e.worstPages.length === 0) console.log('brief scores at least as well as plain Readability on every page');
  else console.log(`pages where brief loses most to plain Readability (F1):`);
  for (const page of e.worstPages) {
    console.log(`  ${page.id.slice(0, 12)} ${page.host}: brief P ${page.brief.precision} R ${page.brief.recall} vs P ${page.plainReadability.precision} R ${page.plainReadability.recall}`);
    if (page.lostText) console.log(`      dropped: "${page.lostText}"`);
    if (page.extraText) console.log(`      kept extra: "${page.extraText}"`);
  }
}

// --- the metric ----------------------------------------------------------------

/** Multiset of 4-gram shingles of \w+ tokens (a text of fewer than 4 tokens is one shorter shingle). */
function shingles(text) {
  const tokens = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  const n = Math.min(4, tokens.length);
  const counts = new Map();
  if (n === 0) return counts;
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** One page's precision and recall (undefined where the denominator is 0). */
function score(extracted, expected) {
  const got = shingles(extracted);
  const want = shingles(expected);
  let tp = 0;
  let fp = 0;
  for (const [key, count] of got) {
    const matched = Math.min(count, want.get(key) ?? 0);
    tp += matched;
    fp += count - matched;
  }
  let total = 0;
  for (const count of want.values()) total += count;
  return { precision: tp + fp > 0 ? tp / (tp + fp) : undefined, recall: total > 0 ? tp / total : undefined };
}

/** Precision and recall averaged over the pages that have them, and the F1 of the two means. */
function mean(scores) {
  const average = (values) => {
    const defined = values.filter((v) => v !== undefined);
    return defined.reduce((sum, v) => sum + v, 0) / Math.max(defined.length, 1);
  };
  const precision = average(scores.map((s) => s.precision));
  const recall = average(scores.map((s) => s.recall));
  return { precision, recall, f1: f1({ precision, recall }) };
}

function f1({ precision = 0, recall = 0 }) {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function rounded(s) {
  return { precision: Number((s.precision ?? 0).toFixed(3)), recall: Number((s.recall ?? 0).toFixed(3)) };
}

/**
 * The longest line of `from` that `other` lacks and that is (inTruth) or is not in the
 * ground truth, cut to 100 characters: what brief dropped, or kept, that decided a page.
 */
function lostText(from, other, truth, { inTruth = true } = {}) {
  const otherShingles = shingles(other);
  const truthShingles = shingles(truth);
  let best = '';
  for (const line of from.split(/\n+/)) {
    // Lines of fewer than 4 tokens make shorter shingles that never match: nothing to tell.
    if ((line.match(/[\p{L}\p{N}_]+/gu) ?? []).length < 4) continue;
    const lineShingles = [...shingles(line).keys()];
    const missing = lineShingles.filter((s) => !otherShingles.has(s));
    const inTruthShare = lineShingles.filter((s) => truthShingles.has(s)).length / lineShingles.length;
    if (missing.length / lineShingles.length > 0.5 && (inTruth ? inTruthShare > 0.5 : inTruthShare < 0.5) && line.length > best.length) best = line.trim();
  }
  return best.length > 100 ? `${best.slice(0, 100)}…` : best;
}

// --- run as a script -------------------------------------------------------------

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const extraction = await measureExtraction();
  printExtraction(extraction);
  saveResults('extraction', extraction);
}
