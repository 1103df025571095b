#!/usr/bin/env node
/**
 * Scale (issue #7): the real CLI (`bin/brief.js fetch`: fetch, parse and store, no extraction
 * or model) on loopback worlds of 100, 250 and 500 feeds × 50 items (up to 25,000 items), each
 * in a fresh home and a fresh database, then a second `brief fetch` on the 500-feed database
 * (every feed answers 304 to its ETag). Feeds are spread over HOSTS servers (each port is a host
 * to brief's per-host limit), answering at once, so the time is brief's own. For each run: wall
 * time, items stored (rows in `items`), peak RSS (/usr/bin/time, when present), ms per 1,000 items;
 * and the ratios that show whether time and memory grow linearly: time(500)/time(100) against
 * the 5× items, and the marginal ms and MB per 1,000 items from 100 to 250 feeds and from 250
 * to 500. Each size runs REPEATS times (the second run too); the median run is reported.
 * A run that fails or hangs (killed after RUN_TIMEOUT_MS) is reported as such, with its stderr.
 * Prints a table; writes the figures into bench/results.json under `scale` (keeping the rest).
 * Run by `node bench/scale.js` (after a build) and at the end of `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { saveResults } from './results.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'brief.js');
const TIME = '/usr/bin/time';
const SIZES = [100, 250, 500];
const ITEMS_PER_FEED = 50;
const HOSTS = 20;
const WORDS_PER_DESCRIPTION = 40;
const RUN_TIMEOUT_MS = 120_000;
/** Runs of each size (each in a fresh home); the run with the median wall time is reported. */
const REPEATS = 3;
const VOCABULARY = (
  'council budget minister river harbour school police court market energy water housing election report ' +
  'farmers workers union storm bridge hospital museum festival station airport tariff reform contract vote ' +
  'officials residents region province city village company bank price growth inflation study research'
).split(' ');

/** About 40 words, different for every item. */
function description(feed, item) {
  const words = Array.from({ length: WORDS_PER_DESCRIPTION }, (_, w) => VOCABULARY[(feed * 7919 + item * 104_729 + w * w * 31 + w) % VOCABULARY.length]);
  return `Feed ${feed} item ${item}: ${words.join(' ')}.`;
}

/** `/feed/N.xml` on HOSTS loopback ports: RSS with an ETag, 304 to a match; counts what it answers. */
async function startFeedServers(itemsPerFeed) {
  const now = Date.now();
  const counts = { requests: 0, notModified: 0 };
  const handler = (req, res) => {
    counts.requests++;
    const match = req.url.match(/^\/feed\/(\d+)\.xml$/);
    if (!match) return res.writeHead(404).end();
    const f = Number(match[1]);
    const etag = `"scale-${f}"`;
    if (req.headers['if-none-match'] === etag) {
      counts.notModified++;
      return res.writeHead(304, { etag }).end();
    }
    const items = Array.from({ length: itemsPerFeed }, (_, i) => {
      // Newest first, all within the last day (≤ 24,999 × 3 s ≈ 21 h ago).
      const date = new Date(now - (i * 500 + f + 1) * 3_000).toUTCString();
      return `<item><title>Story ${f}-${i} on the ${VOCABULARY[(f + i) % VOCABULARY.length]}</title><link>http://${req.headers.host}/a/${f}/${i}</link><guid isPermaLink="false">scale-${f}-${i}</guid><pubDate>${date}</pubDate><description>${description(f, i)}</description></item>`;
    });
    res
      .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag })
      .end(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Source ${f}</title><link>http://${req.headers.host}/</link>${items.join('')}</channel></rss>`);
  };
  const servers = [];
  for (let h = 0; h < HOSTS; h++) {
    const server = createServer(handler);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  return {
    counts,
    feeds: (count) => Array.from({ length: count }, (_, f) => `http://127.0.0.1:${servers[f % HOSTS].address().port}/feed/${f}.xml`),
    close: () =>
      Promise.all(
        servers.map((server) => {
          server.closeAllConnections();
          return new Promise((resolve) => server.close(resolve));
        }),
      ),
  };
}

/**
 * Runs `brief fetch` under /usr/bin/time in its own process group (so a hang can be killed
 * whole). Resolves to its wall time, exit, peak RSS and stderr; never rejects.
 */
function runFetch(dir, list, db) {
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, XDG_CACHE_HOME: dir, XDG_STATE_HOME: dir };
  delete env.BRIEF_CONFIG;
  delete env.BRIEF_DB;
  const args = [BIN, 'fetch', '--sources', list, '--db', db];
  const timed = existsSync(TIME);
  const [file, argv] = timed ? [TIME, ['-f', 'maxrss-kb=%M', process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(file, argv, { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const rss = stderr.match(/maxrss-kb=(\d+)/);
      // GNU time reports a child killed by a signal as "Command terminated by signal N".
      const killed = stderr.match(/Command terminated by signal (\d+)/);
      resolve({
        wallMs: performance.now() - started,
        exitCode: killed ? null : code,
        signal: killed ? Number(killed[1]) : signal,
        timedOut,
        peakRssMB: rss ? Math.round(Number(rss[1]) / 102.4) / 10 : null,
        stderr: stderr.replace(/^.*maxrss-kb=\d+.*$/m, '').replace(/Command (exited with non-zero status|terminated by signal) \d+\n?/g, '').trim(),
      });
    });
  });
}

/** Rows in `items`, and the database's size on disk (with its WAL). */
function inspectDb(db) {
  if (!existsSync(db)) return { items: 0, dbMB: 0 };
  const conn = new Database(db, { readonly: true });
  try {
    const items = conn.prepare('SELECT count(*) AS n FROM items').get().n;
    const bytes = ['', '-wal'].map((suffix) => (existsSync(db + suffix) ? statSync(db + suffix).size : 0)).reduce((a, b) => a + b, 0);
    return { items, dbMB: Math.round(bytes / 104_857.6) / 10 };
  } finally {
    conn.close();
  }
}

/** One `brief fetch` on `feeds`, reporting what the servers answered and what was stored. */
async function measureRun(world, feeds, dir, db) {
  const list = path.join(dir, `feeds-${feeds.length}.txt`);
  writeFileSync(list, `${feeds.join('\n')}\n`);
  const before = { ...world.counts };
  const run = await runFetch(dir, list, db);
  const stored = inspectDb(db);
  const { stderr, ...figures } = run;
  return {
    feeds: feeds.length,
    ...figures,
    ok: run.exitCode === 0,
    ...stored,
    msPer1000Items: stored.items > 0 ? (run.wallMs / stored.items) * 1000 : null,
    requests: world.counts.requests - before.requests,
    notModified: world.counts.notModified - before.notModified,
    ...(run.exitCode === 0 && stderr === '' ? {} : { stderrTail: stderr.split('\n').slice(-5).join('\n') }),
  };
}

/** `measure` REPEATS times: the run with the median wall time, with every run's wall time. */
async function medianOf(measure) {
  const all = [];
  for (let i = 0; i < REPEATS; i++) all.push(await measure());
  const median = [...all].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(all.length / 2)];
  return { ...median, ok: all.every((x) => x.ok), wallMsRuns: all.map((x) => Math.round(x.wallMs)) };
}

/** Measures, prints, and stores the figures under `scale` in bench/results.json. */
export async function runScaleBench() {
  const world = await startFeedServers(ITEMS_PER_FEED);
  const dirs = [];
  const fresh = (size) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `brief-bench-scale-${size}-`));
    dirs.push(dir);
    return dir;
  };
  const runs = [];
  let rerun;
  try {
    for (const size of SIZES) {
      runs.push(
        await medianOf(() => {
          const dir = fresh(size);
          return measureRun(world, world.feeds(size), dir, path.join(dir, 'brief.db'));
        }),
      );
    }
    const last = dirs.at(-1);
    rerun = await medianOf(() => measureRun(world, world.feeds(SIZES.at(-1)), last, path.join(last, 'brief.db')));
  } finally {
    await world.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  const r = { date: new Date().toISOString(), itemsPerFeed: ITEMS_PER_FEED, hosts: HOSTS, runs, rerun, linearity: linearity(runs) };
  print(r);
  saveResults('scale', r);
}

/** Largest against smallest run, and the marginal cost of each step up (fixed costs cancel out). */
function linearity(runs) {
  const [small, , large] = runs;
  if (!runs.every((x) => x.ok && x.items > 0)) return null;
  const marginal = (a, b) => ({
    from: a.feeds,
    to: b.feeds,
    ms: ((b.wallMs - a.wallMs) / (b.items - a.items)) * 1000,
    rssMB: a.peakRssMB !== null ? ((b.peakRssMB - a.peakRssMB) / (b.items - a.items)) * 1000 : null,
  });
  return {
    itemsRatio: large.items / small.items,
    timeRatio: large.wallMs / small.wallMs,
    rssGrowthMB: large.peakRssMB !== null ? Math.round((large.peakRssMB - small.peakRssMB) * 10) / 10 : null,
    rssRatio: large.peakRssMB !== null ? large.peakRssMB / small.peakRssMB : null,
    marginalPer1000Items: runs.slice(1).map((x, i) => marginal(runs[i], x)),
  };
}

function print(r) {
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const line = (label, x) =>
    `  ${label.padEnd(22)} ${s(x.wallMs).padStart(8)} (runs ${x.wallMsRuns.map((ms) => s(ms)).join(', ')})  ${String(x.items).padStart(6)} items  ${(x.msPer1000Items?.toFixed(0) ?? '—').padStart(5)} ms/1,000 items  peak RSS ${x.peakRssMB ?? 'n/a'} MB  db ${x.dbMB} MB  ${x.requests} requests${x.notModified ? ` (${x.notModified} × 304)` : ''}` +
    (x.ok ? '' : `\n    FAILED: exit ${x.exitCode}${x.signal ? `, signal ${x.signal}` : ''}${x.timedOut ? `, killed after ${RUN_TIMEOUT_MS / 1000} s` : ''}`) +
    (x.stderrTail ? `\n    stderr: ${x.stderrTail.replace(/\n/g, '\n            ')}` : '');
  console.log(`scale: brief fetch, feeds × ${r.itemsPerFeed} items on ${r.hosts} loopback hosts, fresh home and database each`);
  for (const x of r.runs) console.log(line(`${x.feeds} feeds`, x));
  console.log(line(`${r.rerun.feeds} feeds, second run`, r.rerun));
  const l = r.linearity;
  if (l === null) {
    console.log('  linearity: not computed (a run failed)');
    return;
  }
  console.log(`  time(${r.runs.at(-1).feeds}) / time(${r.runs[0].feeds}) = ${l.timeRatio.toFixed(2)}× for ${l.itemsRatio.toFixed(2)}× the items; peak RSS ${l.rssRatio?.toFixed(2) ?? 'n/a'}× (+${l.rssGrowthMB ?? 'n/a'} MB)`);
  console.log(`  marginal cost per 1,000 items: ${l.marginalPer1000Items.map((m) => `${m.from}→${m.to} feeds ${m.ms.toFixed(0)} ms, ${m.rssMB?.toFixed(2) ?? 'n/a'} MB`).join('; ')}`);
  console.log(`  second run on ${r.rerun.feeds} feeds: ${s(r.rerun.wallMs)} = ${(r.rerun.wallMs / r.runs.at(-1).wallMs).toFixed(2)}× the first`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runScaleBench();
