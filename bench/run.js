#!/usr/bin/env node
/**
 * brief's benchmark. Every figure is a ratio against a baseline measured in the
 * same run, on the same machine, so results compare across machines:
 *   startup     `brief --help` vs `node -e 0`
 *   extraction  brief's extractor vs plain Readability on the development pages in
 *               ../shared/data/extraction (skipped when absent), with the benchmark's
 *               shingle F1 for both (bench/extract.js)
 *   warm rerun  a second `brief today` (304s, everything cached) vs the first, on a
 *               loopback world of generated feeds and pages
 * then the other benches in turn: summaries.js, cluster.js, search.js, pipeline.js,
 * extract-pool.js and scale.js (each can also run alone: `npm run bench:<name>`).
 * Prints a table and writes bench/results.json. Never part of `npm test`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureExtraction } from './extract.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'brief.js');
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

// --- extraction quality and cost (bench/extract.js) ----------------------
results.extraction = await measureExtraction();

// --- warm rerun ------------------------------------------------------------
{
  const world = await startWorld(30, 10);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-bench-'));
  const list = path.join(dir, 'feeds.txt');
  writeFileSync(list, world.feeds.join('\n'));
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, OLLAMA_HOST: 'http://127.0.0.1:2' };
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
(await import('./summaries.js')).runSummariesBench();
await import('./cluster.js'); // story grouping of a 2,000-item day: prints and saves on import
await (await import('./search.js')).runSearchBench();
await (await import('./pipeline.js')).runPipelineBench();
await (await import('./extract-pool.js')).runExtractionPoolBench();
await (await import('./scale.js')).runScaleBench();
