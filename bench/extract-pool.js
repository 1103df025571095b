#!/usr/bin/env node
/**
 * Extraction throughput and memory of the worker extractor (issue #7), on the real news pages
 * in ../shared/data/extraction (skipped when absent). All measured in the same run:
 *   memory       RSS of the whole process (worker threads included) through the one-worker
 *                extractor brief uses (`createWorkerExtractor`), pages cycled to 500: after a
 *                warm-up of 50 pages, after 500, the peak (sampled every 20 ms), and the trend.
 *                Target: growth < 50 MB.
 *   throughput   pages/s over the same passes of every page, in the same order (after one
 *                untimed warm-up pass each), through
 *                  in-process   extractPage on the main thread (the reference)
 *                  one worker   `createWorkerExtractor`, always a request queued behind the one in hand
 *                  pool of 2    two threads of the same extract-worker.js, each always busy
 *                with the process's CPU use (all threads) and the main thread's event-loop
 *                utilization. Passes alternate between the three, so a busy moment of the
 *                machine hits them alike. Target: pool / one worker ≥ 1.7× on 2 cores.
 * Prints a table; writes the figures into bench/results.json under `extractionPool` (keeping the rest).
 * Run by `node bench/extract-pool.js` (after a build) and at the end of `npm run bench`.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadDevelopmentPages } from './extract.js';
import { saveResults } from './results.js';

const WORKER_URL = new URL('../dist/extract/extract-worker.js', import.meta.url);
const PASSES = 3;
const MEMORY_PAGES = 500;
const MEMORY_WARM_UP_PAGES = 50;
const MEMORY_SAMPLE_MS = 20;
const POOL_SIZE = 2;
/** Requests kept outstanding per worker: one in hand, one waiting, so it never idles. */
const QUEUE_PER_WORKER = 2;
const POOL_TARGET = 1.7;
const GROWTH_TARGET_MB = 50;

const mb = (bytes) => Math.round(bytes / 104_857.6) / 10;

/**
 * Extracts `pages` in order through `extract`, keeping `inFlight` requests outstanding;
 * calls `onDone` after each page. Resolves to the number of pages nothing was extracted from.
 */
async function drive(pages, extract, inFlight, onDone = () => {}) {
  let next = 0;
  let unreadable = 0;
  const lane = async () => {
    while (next < pages.length) {
      const page = pages[next++];
      if ((await extract(page.html, page.url)) === null) unreadable++;
      onDone();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return unreadable;
}

/** `count` pages, going round `pages` as many times as needed. */
const cycle = (pages, count) => Array.from({ length: count }, (_, i) => pages[i % pages.length]);

// --- a pool of extract-worker.js threads (the protocol of src/extract/extract-worker.ts) ---

/** One extract-worker.js thread; resolves once it has loaded jsdom and said "ready". */
function startWorker() {
  const worker = new Worker(WORKER_URL);
  const pending = new Map();
  let nextId = 0;
  const fail = (error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`extract worker exited with code ${code}`)));
  const api = {
    get pending() {
      return pending.size;
    },
    extract: (html, url) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, html, url });
      }),
    close: () => worker.terminate(),
  };
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message) => {
      if (message.type === 'ready') return resolve(api);
      const request = pending.get(message.id);
      pending.delete(message.id);
      request?.resolve(message.page);
    });
  });
}

/** `size` worker threads; each page goes to the thread with the fewest pages waiting. */
async function startPool(size) {
  const workers = await Promise.all(Array.from({ length: size }, startWorker));
  return {
    extract: (html, url) => workers.reduce((a, b) => (b.pending < a.pending ? b : a)).extract(html, url),
    close: () => Promise.all(workers.map((w) => w.close())),
  };
}

// --- measurements -------------------------------------------------------------------

/**
 * RSS through the one-worker extractor over MEMORY_PAGES pages (run first, in a fresh process):
 * before the worker starts (the pages already loaded), after the warm-up, after the last page,
 * the peak, and the least-squares slope of RSS over the pages after the warm-up — a leak shows
 * there as a steady climb, where single samples swing by 100 MB or more with the garbage collector.
 */
async function measureMemory(pages, createWorkerExtractor) {
  const baseline = process.memoryUsage.rss();
  const extractor = createWorkerExtractor();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), MEMORY_SAMPLE_MS);
  const samples = [];
  try {
    const unreadable = await drive(cycle(pages, MEMORY_PAGES), (html, url) => extractor.extract(html, url), QUEUE_PER_WORKER, () => {
      const rss = process.memoryUsage.rss();
      peak = Math.max(peak, rss);
      samples.push(rss);
    });
    const at = (n) => mb(samples[n - 1]);
    const growth = at(MEMORY_PAGES) - at(MEMORY_WARM_UP_PAGES);
    return {
      pages: MEMORY_PAGES,
      warmUpPages: MEMORY_WARM_UP_PAGES,
      unreadable,
      baselineMB: mb(baseline),
      afterWarmUpMB: at(MEMORY_WARM_UP_PAGES),
      afterMB: at(MEMORY_PAGES),
      peakMB: mb(peak),
      growthMB: Math.round(growth * 10) / 10,
      slopeMBPer100Pages: Math.round(slope(samples.slice(MEMORY_WARM_UP_PAGES - 1).map(mb)) * 1000) / 10,
      trajectory: [MEMORY_WARM_UP_PAGES, 100, 200, 300, 400, 500].filter((n) => n <= MEMORY_PAGES).map((n) => ({ pages: n, rssMB: at(n) })),
    };
  } finally {
    clearInterval(sampler);
    await extractor.close();
  }
}

/** The least-squares slope of `ys` against 0, 1, 2, … */
function slope(ys) {
  const n = ys.length;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

/** One timed pass of every page through `mode`, with CPU and main-thread event-loop use. */
async function timedPass(pages, mode) {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  const unreadable = await drive(pages, mode.extract, mode.inFlight);
  const ms = performance.now() - start;
  const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu));
  return { ms, cpuMs, mainThreadBusy: performance.eventLoopUtilization(elu).utilization, unreadable };
}

async function measureThroughput(pages, extractPage, createWorkerExtractor) {
  const oneWorker = createWorkerExtractor();
  const pool = await startPool(POOL_SIZE);
  const modes = [
    { name: 'inProcess', label: 'in-process (main thread)', extract: extractPage, inFlight: 1 },
    { name: 'oneWorker', label: 'one worker (brief)', extract: (html, url) => oneWorker.extract(html, url), inFlight: QUEUE_PER_WORKER },
    { name: 'pool', label: `pool of ${POOL_SIZE} workers`, extract: pool.extract, inFlight: POOL_SIZE * QUEUE_PER_WORKER },
  ];
  try {
    // An untimed pass each first: a first pass runs ≈ 20–35% slower (module loading, JIT, heap sizing).
    for (const mode of modes) await drive(pages, mode.extract, mode.inFlight);
    const passes = Object.fromEntries(modes.map((m) => [m.name, []]));
    for (let pass = 0; pass < PASSES; pass++) {
      for (const mode of modes) passes[mode.name].push(await timedPass(pages, mode));
    }
    const figures = Object.fromEntries(modes.map((m) => [m.name, summarize(m.label, pages.length, passes[m.name])]));
    const ratio = figures.pool.pagesPerSecond / figures.oneWorker.pagesPerSecond;
    return {
      passes: PASSES,
      pagesPerPass: pages.length,
      ...figures,
      poolVsOneWorker: ratio,
      target: POOL_TARGET,
      met: ratio >= POOL_TARGET,
      oneWorkerVsInProcess: figures.oneWorker.pagesPerSecond / figures.inProcess.pagesPerSecond,
    };
  } finally {
    await Promise.all([oneWorker.close(), pool.close()]);
  }
}

/** A mode's passes as pages/s over all of them, the slowest and fastest pass, CPU cores busy. */
function summarize(label, pagesPerPass, passes) {
  const ms = passes.reduce((sum, p) => sum + p.ms, 0);
  const rates = passes.map((p) => (pagesPerPass * 1000) / p.ms);
  return {
    label,
    pagesPerSecond: (pagesPerPass * passes.length * 1000) / ms,
    passPagesPerSecond: rates,
    msPerPage: ms / (pagesPerPass * passes.length),
    coresBusy: passes.reduce((sum, p) => sum + p.cpuMs, 0) / ms,
    mainThreadBusy: passes.reduce((sum, p) => sum + p.mainThreadBusy * p.ms, 0) / ms,
    unreadablePerPass: passes[0].unreadable,
  };
}

/** Measures, prints, and stores the figures under `extractionPool` in bench/results.json. */
export async function runExtractionPoolBench() {
  const pages = loadDevelopmentPages();
  let r;
  if (pages === null) {
    r = { skipped: 'no development pages in ../shared/data/extraction' };
  } else {
    // Without it createWorkerExtractor would quietly extract in-process.
    if (!existsSync(WORKER_URL)) throw new Error('dist/extract/extract-worker.js is missing: run `npx tsc -p tsconfig.json` first');
    const { extractPage } = await import('../dist/extract/readability.js');
    const { createWorkerExtractor } = await import('../dist/extract/worker-extractor.js');
    const memory = await measureMemory(pages, createWorkerExtractor);
    r = { date: new Date().toISOString(), cpus: os.cpus().length, memory: { ...memory, target: GROWTH_TARGET_MB, met: memory.growthMB < GROWTH_TARGET_MB }, throughput: await measureThroughput(pages, extractPage, createWorkerExtractor) };
  }
  print(r);
  saveResults('extractionPool', r);
}

function print(r) {
  if (r.skipped) {
    console.log(`extraction pool: skipped (${r.skipped})`);
    return;
  }
  const t = r.throughput;
  console.log(`extraction throughput: ${t.passes} passes × ${t.pagesPerPass} real pages, ${r.cpus} CPUs`);
  console.log(`  ${'mode'.padEnd(26)} ${'pages/s'.padStart(7)}  ${'per pass'.padEnd(17)} ${'ms/page'.padStart(7)}  cores busy  main thread busy`);
  for (const m of [t.inProcess, t.oneWorker, t.pool]) {
    console.log(`  ${m.label.padEnd(26)} ${m.pagesPerSecond.toFixed(2).padStart(7)}  ${m.passPagesPerSecond.map((x) => x.toFixed(2)).join(' ').padEnd(17)} ${m.msPerPage.toFixed(0).padStart(7)}  ${m.coresBusy.toFixed(2).padStart(10)}  ${(m.mainThreadBusy * 100).toFixed(0).padStart(15)}%`);
  }
  console.log(`  pool / one worker ${t.poolVsOneWorker.toFixed(2)}× (target ≥ ${t.target}×: ${t.met ? 'met' : 'NOT met'}); one worker / in-process ${t.oneWorkerVsInProcess.toFixed(2)}×`);
  const m = r.memory;
  console.log(`memory through the one-worker extractor, ${m.pages} pages (${m.unreadable} unreadable): RSS ${m.baselineMB} MB before the worker, ${m.afterWarmUpMB} MB after ${m.warmUpPages} pages → ${m.afterMB} MB after ${m.pages}, peak ${m.peakMB} MB`);
  console.log(`  growth ${m.growthMB} MB (target < ${m.target} MB: ${m.met ? 'met' : 'NOT met'}); trend after the warm-up ${m.slopeMBPer100Pages} MB per 100 pages; RSS by pages: ${m.trajectory.map((x) => `${x.pages}: ${x.rssMB}`).join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runExtractionPoolBench();
