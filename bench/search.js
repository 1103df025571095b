#!/usr/bin/env node
/**
 * `brief search` on a big database. Builds one through the Store API (the same code path a
 * year of `brief today` takes): 5,000 synthetic articles of about 700 words over 180 days,
 * and 180 briefs of 10 stories. Then times the same queries two ways, in the same run:
 *   fts       Store.search (FTS5, bm25-ranked, with snippets), in process
 *   baseline  the scan a search without an index would do: every word as LIKE '%word%'
 *             over the stored articles, newest first
 * and `brief search --json` end to end (a new process each time, node's start-up included).
 * Prints the medians and the ratio; writes them into bench/results.json under `search`.
 * Run by `npm run bench:search` (after a build) and at the end of `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { random } from './random.js';
import { saveResults } from './results.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'brief.js');
const ARTICLES = 5_000;
const BRIEFS = 180;
const WORDS_PER_ARTICLE = 700;
const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-11-26T07:00:00Z');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const since = (start) => Number(process.hrtime.bigint() - start) / 1e6;


/**
 * A vocabulary of made-up words with a Zipf-like frequency (word i is drawn ~1/i as often
 * as the first), like the words of real news: a few everywhere, most rare.
 */
function vocabulary(rand, size) {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'sa', 'tor', 'vel', 'an', 'dru', 'el', 'fin', 'gar', 'hol', 'is', 'jun', 'mar', 'nor', 'os', 'pel', 'quin', 'ro', 'sel', 'tan', 'ul', 'ver', 'wen', 'yor', 'zan'];
  const words = new Set();
  while (words.size < size) {
    const n = 2 + Math.floor(rand() * 3);
    words.add(Array.from({ length: n }, () => syllables[Math.floor(rand() * syllables.length)]).join(''));
  }
  const list = [...words];
  const weights = list.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  const pick = () => {
    const r = rand();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return list[lo];
  };
  return { list, pick };
}

function sentence(words, n) {
  const text = Array.from({ length: n }, () => words.pick()).join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** Builds the database through the Store API; returns how long that took. */
async function build(file, words, rand) {
  const { Store } = await import(pathToFileURL(path.join(ROOT, 'dist', 'store', 'store.js')).href);
  const store = Store.open(file);
  const start = process.hrtime.bigint();
  for (let i = 0; i < ARTICLES; i++) {
    const paragraphs = Array.from({ length: 7 }, () => Array.from({ length: 6 }, () => sentence(words, 15 + Math.floor(rand() * 5))).join(' '));
    const text = paragraphs.join('\n\n');
    const at = new Date(NOW - Math.floor((i / ARTICLES) * 180 * DAY_MS)).toISOString();
    store.saveArticle(
      { url: `https://news${i % 40}.example/articles/${i}`, title: sentence(words, 9).slice(0, -1), text, wordCount: WORDS_PER_ARTICLE, readMinutes: 3, origin: 'page', siteName: `Outlet ${i % 40}` },
      at,
    );
  }
  for (let b = 0; b < BRIEFS; b++) {
    const generatedAt = new Date(NOW - b * DAY_MS).toISOString();
    const stories = Array.from({ length: 10 }, (_, s) => {
      const i = (b * 10 + s) % ARTICLES;
      return {
        id: `s${b}-${s}`,
        headline: sentence(words, 9).slice(0, -1),
        summary: Array.from({ length: 3 }, () => sentence(words, 18)).join(' '),
        keyPoints: ['What happened', 'Why it matters', 'What to watch'].map((label) => ({ label, text: sentence(words, 20) })),
        url: `https://news${i % 40}.example/articles/${i}`,
        title: 'x',
        source: `Outlet ${i % 40}`,
        sourceUrl: `https://news${i % 40}.example/rss`,
        publishedAt: generatedAt,
        readMinutes: 3,
        method: 'extractive',
        model: null,
        language: 'en',
        textOrigin: 'page',
        articles: [],
        update: false,
        topics: [],
        ranking: { score: 1, reasons: [] },
      };
    });
    store.saveBrief({ date: generatedAt.slice(0, 10), generatedAt, stories, errors: [], summarizer: { method: 'extractive', model: null } });
  }
  const ms = since(start);
  store.close();
  return { ms, Store };
}

/** The queries: three words each, from the common to the rare end of the vocabulary, and a phrase. */
function queries(words, rand) {
  const at = (from, to) => words.list[from + Math.floor(rand() * (to - from))];
  const list = [];
  for (let i = 0; i < 6; i++) list.push([at(0, 30), at(30, 300), at(300, 3000)]);
  for (let i = 0; i < 6; i++) list.push([at(100, 1000), at(100, 1000), at(1000, 3000)]);
  list.push([at(0, 10), at(0, 10), at(0, 10)]);
  return list;
}

function timeAll(run, list, rounds) {
  const times = [];
  for (let r = 0; r < rounds; r++) for (const q of list) {
    const start = process.hrtime.bigint();
    run(q);
    times.push(since(start));
  }
  return { median: median(times), p95: [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.95)] };
}

export async function measureSearch() {
  const rand = random(20261126);
  const words = vocabulary(rand, 3000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-bench-search-'));
  const file = path.join(dir, 'search.db');
  try {
    const built = await build(file, words, rand);
    const list = queries(words, rand);
    const store = built.Store.open(file);
    const fts = timeAll((q) => store.search(q.join(' '), { limit: 20, marks: ['[', ']'] }), list, 5);
    const ftsSince = timeAll((q) => store.search(q.join(' '), { limit: 20, sinceIso: new Date(NOW - 30 * DAY_MS).toISOString() }), list, 5);
    const hitCounts = list.map((q) => store.search(q.join(' '), { limit: 20 }).length);
    store.close();

    const db = new Database(file, { readonly: true });
    const like = (q) =>
      db
        .prepare(`SELECT url, json_extract(article_json, '$.title') AS title FROM articles WHERE ${q.map(() => "article_json LIKE ?").join(' AND ')} ORDER BY extracted_at DESC LIMIT 20`)
        .all(...q.map((w) => `%${w}%`));
    const baseline = timeAll(like, list, 2);
    db.close();

    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir };
    const cli = [];
    const node = [];
    for (let i = 0; i < 7; i++) {
      for (const q of list.slice(0, 3)) {
        let start = process.hrtime.bigint();
        execFileSync(process.execPath, [BIN, 'search', '--db', file, '--json', ...q], { env, stdio: ['ignore', 'pipe', 'ignore'] });
        cli.push(since(start));
        start = process.hrtime.bigint();
        execFileSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
        node.push(since(start));
      }
    }
    return {
      date: new Date().toISOString(),
      articles: ARTICLES,
      briefs: BRIEFS,
      stories: BRIEFS * 10,
      databaseMB: Math.round((statSync(file).size / 1024 / 1024) * 10) / 10,
      buildSeconds: Math.round(built.ms / 100) / 10,
      queries: list.length,
      medianHits: median(hitCounts),
      ftsMs: fts.median,
      ftsP95Ms: fts.p95,
      ftsSince30dMs: ftsSince.median,
      likeScanMs: baseline.median,
      ratio: fts.median / baseline.median,
      cliMs: median(cli),
      nodeStartMs: median(node),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Measures, prints, and stores the figures under `search` in bench/results.json (keeping the rest). */
export async function runSearchBench() {
  const r = await measureSearch();
  console.log(`search: ${r.articles} articles + ${r.stories} stories (${r.databaseMB} MB, built in ${r.buildSeconds} s through the Store API), ${r.queries} three-word queries`);
  console.log(`  fts (Store.search, ranked, snippets)  median ${r.ftsMs.toFixed(2)} ms, p95 ${r.ftsP95Ms.toFixed(2)} ms; --since 30d ${r.ftsSince30dMs.toFixed(2)} ms`);
  console.log(`  baseline (LIKE scan)                  median ${r.likeScanMs.toFixed(1)} ms`);
  console.log(`  ratio fts / baseline                  ${r.ratio.toFixed(4)}× (${(1 / r.ratio).toFixed(0)} times faster)`);
  console.log(`  brief search --json, end to end       median ${r.cliMs.toFixed(0)} ms (node -e 0: ${r.nodeStartMs.toFixed(0)} ms)`);
  console.log(`  under 100 ms: ${r.ftsMs < 100 ? 'yes' : 'NO'} in process, ${r.cliMs - r.nodeStartMs < 100 ? 'yes' : 'NO'} end to end beyond node's start-up`);
  saveResults('search', r);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runSearchBench();
