#!/usr/bin/env node
/**
 * brief's benchmark. Every figure is a ratio against a baseline measured in the
 * same run, on the same machine, so results compare across machines:
 *   startup     `brief --help` vs `node -e 0`
 *   extraction  brief's extractor (Readability + text shaping) vs plain Readability
 *               on the development pages in ../shared/data/extraction (skipped when absent),
 *               with the benchmark's shingle F1 for both
 *   warm rerun  a second `brief today` (304s, everything cached) vs the first, on a
 *               loopback world of generated feeds and pages
 * Prints a table and writes bench/results.json. Never part of `npm test`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { setImmediate as turn } from 'node:timers/promises';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'brief.js');
const DATA = path.join(ROOT, '..', 'shared', 'data', 'extraction');
const results = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`, date: new Date().toISOString() };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
function timeRun(args, env = process.env) {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: 'ignore', env });
  return ms(start);
}
/** For runs that talk to a server in this process: the event loop must keep turning. */
async function timeRunAsync(args, env) {
  const start = process.hrtime.bigint();
  await promisify(execFile)(process.execPath, args, { env, maxBuffer: 64 * 1024 * 1024 });
  return ms(start);
}

// --- startup ---------------------------------------------------------------
{
  const base = [];
  const help = [];
  for (let i = 0; i < 15; i++) {
    base.push(timeRun(['-e', '0']));
    help.push(timeRun([BIN, '--help']));
  }
  results.startup = { nodeMs: median(base), helpMs: median(help), ratio: median(help) / median(base) };
}

// --- extraction quality and cost ------------------------------------------
if (existsSync(path.join(DATA, 'ground-truth.json'))) {
  const { JSDOM, VirtualConsole } = await import('jsdom');
  const { Readability } = await import('@mozilla/readability');
  const { extractPage } = await import('../dist/extract/readability.js');
  const truth = JSON.parse(readFileSync(path.join(DATA, 'ground-truth.json'), 'utf8'));
  const plain = async (html, url) => {
    const dom = new JSDOM(html.replace(/<style[\s\S]*?<\/style>/gi, ''), { url, virtualConsole: new VirtualConsole() });
    try {
      return new Readability(dom.window.document).parse()?.textContent ?? '';
    } finally {
      dom.window.close();
      await turn();
    }
  };
  const ours = async (html, url) => (await extractPage(html, url))?.text ?? '';
  const score = { plain: newScore(), brief: newScore() };
  const time = { plain: 0, brief: 0 };
  const files = readdirSync(path.join(DATA, 'html')).filter((f) => f.endsWith('.html.gz'));
  for (const file of files) {
    const id = file.replace('.html.gz', '');
    const expected = truth[id];
    if (!expected) continue;
    const html = gunzipSync(readFileSync(path.join(DATA, 'html', file))).toString('utf8');
    for (const [name, fn] of [['plain', plain], ['brief', ours]]) {
      const start = process.hrtime.bigint();
      const text = await fn(html, expected.url);
      time[name] += ms(start);
      addScore(score[name], text, expected.articleBody);
    }
  }
  results.extraction = {
    pages: files.length,
    plainReadability: { ...finish(score.plain), msPerPage: time.plain / files.length },
    brief: { ...finish(score.brief), msPerPage: time.brief / files.length },
    timeRatio: time.brief / time.plain,
  };
} else {
  results.extraction = { skipped: `no development pages at ${DATA}` };
}

// --- warm rerun ------------------------------------------------------------
{
  const world = await startWorld(30, 10);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-bench-'));
  const list = path.join(dir, 'feeds.txt');
  writeFileSync(list, world.feeds.join('\n'));
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, OLLAMA_HOST: 'http://127.0.0.1:9' };
  const args = [BIN, 'today', '--sources', list, '--db', path.join(dir, 'b.db'), '--no-llm', '--format', 'json', '--limit', '20'];
  const cold = await timeRunAsync(args, env);
  const before = { all: world.requests, conditional: world.conditional };
  const warm = await timeRunAsync(args, env);
  results.warmRerun = {
    feeds: world.feeds.length,
    coldMs: cold,
    warmMs: warm,
    ratio: warm / cold,
    requestsOnRerun: world.requests - before.all,
    conditionalOnRerun: world.conditional - before.conditional,
  };
  await world.close();
  rmSync(dir, { recursive: true, force: true });
}

// --- report ----------------------------------------------------------------
const rows = [
  ['startup', `brief --help ${results.startup.helpMs.toFixed(0)} ms vs node -e 0 ${results.startup.nodeMs.toFixed(0)} ms`, `${results.startup.ratio.toFixed(2)}×`],
];
if (results.extraction.brief) {
  const e = results.extraction;
  rows.push(['extraction F1', `brief ${e.brief.f1.toFixed(3)} (P ${e.brief.precision.toFixed(3)}, R ${e.brief.recall.toFixed(3)}) vs Readability ${e.plainReadability.f1.toFixed(3)} (P ${e.plainReadability.precision.toFixed(3)}, R ${e.plainReadability.recall.toFixed(3)}), ${e.pages} pages`, '']);
  rows.push(['extraction time', `brief ${e.brief.msPerPage.toFixed(0)} ms/page vs Readability ${e.plainReadability.msPerPage.toFixed(0)} ms/page`, `${e.timeRatio.toFixed(2)}×`]);
} else {
  rows.push(['extraction', results.extraction.skipped, '']);
}
const w = results.warmRerun;
rows.push(['warm rerun', `${w.feeds} feeds: second run ${w.warmMs.toFixed(0)} ms vs first ${w.coldMs.toFixed(0)} ms, ${w.requestsOnRerun} requests on the rerun, ${w.conditionalOnRerun} of them conditional`, `${w.ratio.toFixed(2)}×`]);
console.log(`brief benchmark — ${results.machine}`);
for (const [name, detail, ratio] of rows) console.log(`${name.padEnd(16)} ${ratio.padStart(6)}  ${detail}`);
writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('written to bench/results.json');

// --- helpers ---------------------------------------------------------------

/** The extraction benchmark's metric: multiset 4-gram shingles of \w+ tokens; P and R averaged over pages. */
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
function newScore() {
  return { precision: [], recall: [] };
}
function addScore(score, extracted, expected) {
  const a = shingles(extracted);
  const b = shingles(expected);
  let tp = 0;
  let fp = 0;
  for (const [k, v] of a) {
    const m = Math.min(v, b.get(k) ?? 0);
    tp += m;
    fp += v - m;
  }
  let total = 0;
  for (const v of b.values()) total += v;
  const fn = total - tp;
  if (tp + fp > 0) score.precision.push(tp / (tp + fp));
  if (tp + fn > 0) score.recall.push(tp / (tp + fn));
}
function finish(score) {
  const mean = (xs) => xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1);
  const precision = mean(score.precision);
  const recall = mean(score.recall);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
}

/** A loopback world of generated RSS feeds with ETags, each item linking to an article page. */
async function startWorld(feedCount, itemsPerFeed) {
  const now = Date.now();
  const paragraph = (f, i, p) =>
    `<p>Report ${f}-${i}, paragraph ${p}: officials in district ${f} said on Tuesday that the programme number ${i} had reached its goals ahead of schedule, and that a review would follow next month.</p>`;
  let requests = 0;
  let conditional = 0;
  const server = createServer((req, res) => {
    requests++;
    if (req.headers['if-none-match'] || req.headers['if-modified-since']) conditional++;
    const feed = req.url.match(/^\/feed\/(\d+)\.xml$/);
    if (feed) {
      const etag = `"f${feed[1]}"`;
      if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
      const items = Array.from({ length: itemsPerFeed }, (_, i) => {
        const date = new Date(now - (i * 37 + Number(feed[1]) * 3) * 60_000).toUTCString();
        return `<item><title>Story ${feed[1]}-${i}</title><link>http://${req.headers.host}/a/${feed[1]}/${i}</link><guid>s-${feed[1]}-${i}</guid><pubDate>${date}</pubDate><description>Teaser ${feed[1]}-${i}.</description></item>`;
      }).join('');
      return res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${feed[1]}</title>${items}</channel></rss>`);
    }
    const page = req.url.match(/^\/a\/(\d+)\/(\d+)$/);
    if (page) {
      const body = Array.from({ length: 8 }, (_, p) => paragraph(page[1], page[2], p)).join('');
      return res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><html lang="en"><head><title>Story</title></head><body><nav><a href="/">Home</a> <a href="/x">World</a></nav><article><h1>Story ${page[1]}-${page[2]}</h1>${body}</article><footer>© Bench</footer></body></html>`);
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    feeds: Array.from({ length: feedCount }, (_, i) => `${origin}/feed/${i}.xml`),
    get requests() {
      return requests;
    },
    get conditional() {
      return conditional;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
