#!/usr/bin/env node
/**
 * The whole pipeline on loopback (issue #7): a feed + article server (configurable feeds, items,
 * per-request latency; several feeds carry the same event under similar titles) and a fake
 * Ollama whose answers take token-proportional time (prompt and generation speeds, one model
 * load, `slots` requests served at once, the rest queued), logging every request with its
 * service time. The real CLI (`bin/brief.js today`) runs against them; figures, all measured in
 * the same run:
 *   overhead     wall time / ideal model time (Σ service ÷ slots + load), --parallel 1 and 4
 *   vs naive     a sequential script (fetch each feed, extract each page, one chat per item):
 *                wall time and prompt tokens sent, against brief on the same world and model
 *   first story  when the terminal layout's first story reaches stdout, against the whole run
 *   warm rerun   a second `brief today` on 50 feeds, everything cached
 *   memory       peak RSS of each brief run (/usr/bin/time, when present)
 * Prints a table; writes the figures into bench/results.json under `pipeline` (keeping the rest).
 * Run by `node bench/pipeline.js` (after a build) and at the end of `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { extractPage } from '../dist/extract/readability.js';
import { articleMessages, SUMMARY_SCHEMA } from '../dist/summarize/prompts.js';
import { random } from './random.js';
import { saveResults } from './results.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'brief.js');
const TIME = '/usr/bin/time';
const MODEL = 'llama3.2:3b';
const CHARS_PER_TOKEN = 4;
const MULTI_SOURCE_SHARE = 0.4;
const SOURCES_PER_SHARED_STORY = 3;
const FEED_LATENCY_MS = 20;
/** A small GPU: what the overhead runs use. */
const REALISTIC = { promptTps: 2_000, genTps: 100, loadMs: 500 };
/** 40× faster, so the naive script's 600 requests fit the bench's few minutes. */
const FAST = { promptTps: 80_000, genTps: 4_000, loadMs: 12.5 };

const since = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const tokensOf = (text) => Math.ceil(text.length / CHARS_PER_TOKEN);


// --- the world: events, feeds, pages ---------------------------------------

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sa', 'tor', 'vel', 'an', 'dru', 'el', 'fin', 'gar', 'hol', 'is', 'jun', 'mar', 'nor', 'os', 'pel', 'quin', 'ro', 'sel', 'tan', 'ul', 'ver', 'wen'];
const ACTIONS = ['approves', 'rejects', 'delays', 'expands', 'investigates', 'announces', 'cuts', 'launches'];
const THINGS = ['rail plan', 'water budget', 'school reform', 'port deal', 'energy tariff', 'housing scheme', 'health levy', 'bridge contract'];

/** One news event: a made-up place and actor (so events differ in their words) and its facts. */
function makeEvent(id, rand) {
  const word = () => {
    const w = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join('');
    return w[0].toUpperCase() + w.slice(1);
  };
  const place = word();
  const actor = `${word()} ${word()}`;
  const thing = THINGS[Math.floor(rand() * THINGS.length)];
  const action = ACTIONS[Math.floor(rand() * ACTIONS.length)];
  const amount = 10 + Math.floor(rand() * 900);
  return { id, place, actor, thing, action, amount, title: `${place} council ${action} ${amount} million ${thing}` };
}

/**
 * Events spread over feeds: 40% of events are carried by 3 feeds, the rest by one, each event
 * placed on the feeds with the most room left, until every feed has `itemsPerFeed` items.
 */
function planWorld(feedCount, itemsPerFeed) {
  const rand = random(7);
  const feeds = Array.from({ length: feedCount }, () => []);
  const events = [];
  for (let id = 0; feeds.some((f) => f.length < itemsPerFeed); id++) {
    const event = makeEvent(id, rand);
    const wanted = id % 10 < MULTI_SOURCE_SHARE * 10 ? SOURCES_PER_SHARED_STORY : 1;
    const open = feeds.map((items, f) => ({ f, room: itemsPerFeed - items.length })).filter((x) => x.room > 0);
    const turn = (f) => (f - id + feedCount * id) % feedCount; // ties go round the feeds
    open.sort((a, b) => b.room - a.room || turn(a.f) - turn(b.f));
    const chosen = open.slice(0, wanted).map((x) => x.f);
    for (const f of chosen) feeds[f].push(event);
    events.push({ event, sources: chosen.length });
  }
  const shared = events.filter((e) => e.sources > 1).length;
  return { feeds, stories: events.length, sharedShare: shared / events.length };
}

/** A source's variant of an event's title: same words, its own framing. */
function titleFor(event, feed) {
  const forms = [(t) => t, (t) => `${t}, officials say`, (t) => `Update: ${t}`, (t) => `${t} after long debate`];
  return forms[feed % forms.length](event.title);
}

/** About 400 words: the event's facts (shared by its sources) and this source's own filler. */
function articleText(event, feed) {
  const e = event;
  const facts = [
    `The ${e.place} council ${e.action} the ${e.amount} million ${e.thing} on Tuesday after a vote of its members.`,
    `${e.actor}, who leads the council, said the decision would shape the region for a decade.`,
    `Residents of ${e.place} have argued about the ${e.thing} since it was first proposed two years ago.`,
    `Critics said the cost of ${e.amount} million was too high for a town of its size.`,
    `Supporters answered that the ${e.thing} would bring jobs and lower bills within five years.`,
    `A final review of the ${e.thing} is due before the end of next month.`,
  ];
  const filler = (n) =>
    `Reporter ${feed} notes in paragraph ${n} that local businesses near ${e.place} followed the debate closely, that several meetings ran late into the evening, and that the council published its documents online for anyone to read.`;
  const paragraphs = [];
  for (let p = 0; p < 9; p++) paragraphs.push(`${facts[p % facts.length]} ${filler(p)}`);
  return paragraphs;
}

/**
 * The feed + article server: `/feed/N.xml` (RSS with an ETag, answering 304 to a match) and
 * `/a/N/I` (an HTML page), each answered after `latencyMs`. Counts requests.
 */
async function startNewsServer({ feedCount, itemsPerFeed, latencyMs }) {
  const plan = planWorld(feedCount, itemsPerFeed);
  const now = Date.now();
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    setTimeout(() => answer(req, res), latencyMs);
  });
  function answer(req, res) {
    const feed = req.url.match(/^\/feed\/(\d+)\.xml$/);
    if (feed) {
      const f = Number(feed[1]);
      const etag = `"f${f}"`;
      if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
      const items = plan.feeds[f].map((event, i) => {
        const date = new Date(now - (i * 23 + f * 2 + 5) * 60_000).toUTCString();
        return `<item><title>${titleFor(event, f)}</title><link>http://${req.headers.host}/a/${f}/${i}</link><guid>s-${f}-${i}</guid><pubDate>${date}</pubDate><description>${event.title}.</description></item>`;
      });
      return res
        .writeHead(200, { 'content-type': 'application/rss+xml', etag })
        .end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Source ${f}</title><link>http://${req.headers.host}/</link>${items.join('')}</channel></rss>`);
    }
    const page = req.url.match(/^\/a\/(\d+)\/(\d+)$/);
    const event = page && plan.feeds[Number(page[1])]?.[Number(page[2])];
    if (event) {
      const f = Number(page[1]);
      const body = articleText(event, f).map((p) => `<p>${p}</p>`).join('');
      return res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><html lang="en"><head><title>${titleFor(event, f)}</title></head><body><nav><a href="/">Home</a> <a href="/x">Local</a></nav><article><h1>${titleFor(event, f)}</h1>${body}</article><footer>© Source ${f}</footer></body></html>`);
    }
    res.writeHead(404).end();
  }
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    feeds: Array.from({ length: feedCount }, (_, i) => `${origin}/feed/${i}.xml`),
    stories: plan.stories,
    sharedShare: plan.sharedShare,
    get requests() {
      return requests;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

// --- the fake Ollama ---------------------------------------------------------

/**
 * An Ollama that takes time: a chat request's service time is its prompt tokens at `promptTps`
 * plus its answer's tokens at `genTps`; the model loads once (`loadMs`), on the first chat or on a
 * load request (POST /api/generate without a prompt), and requests wait for it; `slots` requests
 * are served at once, the rest wait in order. Every chat request is logged with its tokens, service
 * and queueing time. Endpoints and shapes as test/helpers/fake-ollama.ts (non-streaming chat).
 */
async function startSlowOllama({ promptTps, genTps, loadMs, slots }) {
  const log = [];
  const loads = [];
  const waiting = [];
  let busy = 0;
  const server = createServer(async (req, res) => {
    const parts = [];
    for await (const part of req) parts.push(part);
    const raw = Buffer.concat(parts).toString('utf8');
    const body = raw ? JSON.parse(raw) : {};
    const route = `${req.method} ${new URL(req.url, 'http://x').pathname}`;
    if (route === 'GET /api/version') return sendJson(res, { version: '0.12.6' });
    if (route === 'GET /' || route === 'HEAD /') return res.writeHead(200).end('Ollama is running');
    if (route === 'POST /api/show') return sendJson(res, showAnswer());
    if (route === 'POST /api/chat') return chat(body, res);
    if (route === 'POST /api/generate' && !body.prompt) return loadRequest(body, res);
    res.writeHead(404).end('404 page not found');
  });

  /** The model loads once, on the first request that needs it; requests meanwhile wait for it. */
  let loading;
  function load() {
    if (!loading) {
      loading = new Promise((resolve) => setTimeout(resolve, loadMs));
      loads.push({ at: performance.now(), loadMs });
    }
    return loading;
  }
  async function loadRequest(body, res) {
    await load();
    sendJson(res, { model: body.model, created_at: new Date().toISOString(), response: '', done: true, done_reason: 'load' });
  }

  async function chat(body, res) {
    const prompt = (body.messages ?? []).map((m) => String(m.content ?? '')).join('\n');
    const content = replyTo(prompt, body.format);
    const promptTokens = tokensOf(prompt);
    const evalTokens = tokensOf(content);
    const arrived = performance.now();
    const loadedBefore = loads.length > 0;
    await load();
    await takeSlot();
    const serviceMs = (promptTokens / promptTps + evalTokens / genTps) * 1000;
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, serviceMs));
    log.push({ arrived, promptTokens, evalTokens, serviceMs, queuedMs: started - arrived, overview: Boolean(body.format?.properties?.points) });
    releaseSlot();
    sendJson(res, {
      model: body.model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content },
      done: true,
      done_reason: 'stop',
      total_duration: Math.round(serviceMs * 1e6),
      ...(loadedBefore ? {} : { load_duration: Math.round(loadMs * 1e6) }),
      prompt_eval_count: promptTokens,
      prompt_eval_duration: Math.round((promptTokens / promptTps) * 1e9),
      eval_count: evalTokens,
      eval_duration: Math.round((evalTokens / genTps) * 1e9),
    });
  }
  function takeSlot() {
    if (busy < slots) {
      busy++;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  }
  function releaseSlot() {
    const next = waiting.shift();
    if (next) next();
    else busy--;
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    /** Σ service ÷ slots + the load: the wall time a perfect pipeline would need for these requests. */
    loads,
    idealMs: () => log.reduce((sum, r) => sum + r.serviceMs, 0) / slots + loads.reduce((sum, l) => sum + l.loadMs, 0),
    /**
     * The least model time when the overview must wait for every summary: the load, the
     * summaries packed on the slots longest first, then the overview.
     */
    criticalPathMs: () => {
      const ends = Array(slots).fill(0);
      for (const r of log.filter((x) => !x.overview).sort((a, b) => b.serviceMs - a.serviceMs)) ends[ends.indexOf(Math.min(...ends))] += r.serviceMs;
      const overview = log.filter((x) => x.overview).reduce((sum, r) => sum + r.serviceMs, 0);
      return loads.reduce((sum, l) => sum + l.loadMs, 0) + Math.max(...ends) + overview;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

function showAnswer() {
  return {
    modelfile: `FROM ${MODEL}`,
    parameters: '',
    template: '{{ .Prompt }}',
    details: { format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
    model_info: { 'general.architecture': 'llama', 'llama.context_length': 8192 },
    capabilities: ['completion', 'tools'],
  };
}

/**
 * A valid answer: for the overview schema (`points`), 3 points on stories 1–3; otherwise the
 * summary fields, the quotes being the first sentences of the text between the article tags.
 */
function replyTo(prompt, format) {
  if (format?.properties?.points) {
    return JSON.stringify({ points: [1, 2, 3].map((story) => ({ text: `Point on story ${story}.`, story })) });
  }
  const open = prompt.lastIndexOf('<article>');
  const start = open >= 0 ? open + '<article>'.length : 0;
  const end = prompt.indexOf('</article>', start);
  const block = prompt.slice(start, end >= 0 ? end : undefined).trim();
  const [title = 'News', ...rest] = block.split('\n');
  const sentences = rest.join(' ').split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter(Boolean);
  const at = (i) => sentences[Math.min(i, sentences.length - 1)] ?? title;
  return JSON.stringify({
    headline: title.trim(),
    summary: `${at(0)} ${at(1)}`,
    whatHappened: at(0),
    whatHappenedQuote: at(0),
    whyItMatters: at(1),
    whyItMattersQuote: at(1),
    whatToWatch: at(2),
    whatToWatchQuote: at(2),
  });
}

function sendJson(res, value) {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
}

// --- runs ----------------------------------------------------------------------

/**
 * Runs `brief today` in the terminal layout (async: the servers live in this process) and returns
 * its wall time, when its first story reached stdout, its story count and peak RSS.
 */
async function runBrief({ feeds, ollama, dir, db, parallel, limit = 10 }) {
  const list = path.join(dir, 'feeds.txt');
  writeFileSync(list, feeds.join('\n'));
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, XDG_CACHE_HOME: dir };
  const args = [BIN, 'today', '--sources', list, '--db', path.join(dir, db), '--ollama-host', ollama.url, '--model', MODEL, '--format', 'terminal', '--limit', String(limit), '--parallel', String(parallel)];
  const timed = existsSync(TIME);
  const [file, argv] = timed ? [TIME, ['-f', 'maxrss-kb=%M', process.execPath, ...args]] : [process.execPath, args];
  const startedAt = performance.now();
  const child = spawn(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let firstStoryMs = null;
  child.stdout.setEncoding('utf8').on('data', (d) => {
    stdout += d;
    if (firstStoryMs === null && /^1\.\s/m.test(stdout)) firstStoryMs = performance.now() - startedAt;
  });
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const code = await new Promise((resolve, reject) => child.on('error', reject).on('close', resolve));
  const wallMs = performance.now() - startedAt;
  if (code !== 0) throw new Error(`brief today exited ${code}: ${stderr.trim()}`);
  const rss = stderr.match(/maxrss-kb=(\d+)/);
  return { startedAt, wallMs, firstStoryMs, peakRssMB: rss ? Math.round(Number(rss[1]) / 102.4) / 10 : null, stories: (stdout.match(/^\d+\.\s/gm) ?? []).length };
}

/** The simple script: fetch each feed, fetch and extract each page, summarize each item, one at a time. */
async function runNaive(feeds, ollamaUrl) {
  const start = process.hrtime.bigint();
  let summaries = 0;
  for (const feedUrl of feeds) {
    const xml = await (await fetch(feedUrl)).text();
    const links = [...xml.matchAll(/<link>(http[^<]+\/a\/[^<]+)<\/link>/g)].map((m) => m[1]);
    for (const link of links) {
      const page = await extractPage(await (await fetch(link)).text(), link);
      if (!page) continue;
      const messages = articleMessages(page.title ?? '', page.text, { target: 'en', article: 'en' });
      const res = await fetch(`${ollamaUrl}/api/chat`, {
        method: 'POST',
        body: JSON.stringify({ model: MODEL, messages, format: SUMMARY_SCHEMA, stream: false, options: { temperature: 0 } }),
      });
      JSON.parse((await res.json()).message.content);
      summaries++;
    }
  }
  return { wallMs: since(start), summaries };
}

const sumTokens = (log) => log.reduce((sum, r) => sum + r.promptTokens, 0);

/** wall / ideal model time for one cold `brief today` at realistic model speed. */
async function measureOverhead(world, parallel) {
  const ollama = await startSlowOllama({ ...REALISTIC, slots: parallel });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-bench-pipe-'));
  try {
    const { startedAt, ...run } = await runBrief({ feeds: world.feeds, ollama, dir, db: 'b.db', parallel });
    const idealMs = ollama.idealMs();
    const criticalPathMs = ollama.criticalPathMs();
    return {
      parallel,
      slots: parallel,
      ...run,
      modelRequests: ollama.log.length,
      idealMs,
      ratio: run.wallMs / idealMs,
      criticalPathMs,
      ratioToCriticalPath: run.wallMs / criticalPathMs,
      firstModelRequestMs: Math.min(...ollama.log.map((r) => r.arrived)) - startedAt,
      modelLoadStartedMs: ollama.loads.length > 0 ? ollama.loads[0].at - startedAt : null,
      firstStoryShare: run.firstStoryMs === null ? null : run.firstStoryMs / run.wallMs,
      maxQueuedMs: Math.max(0, ...ollama.log.map((r) => r.queuedMs)),
    };
  } finally {
    await ollama.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** brief (--parallel 1) and the naive script on the same world and the same one-slot fast model. */
async function measureNaive(world) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-bench-naive-'));
  const briefModel = await startSlowOllama({ ...FAST, slots: 1 });
  const naiveModel = await startSlowOllama({ ...FAST, slots: 1 });
  try {
    const brief = await runBrief({ feeds: world.feeds, ollama: briefModel, dir, db: 'b.db', parallel: 1 });
    const naive = await runNaive(world.feeds, naiveModel.url);
    const briefTokens = sumTokens(briefModel.log);
    const naiveTokens = sumTokens(naiveModel.log);
    return {
      model: FAST,
      brief: { wallMs: brief.wallMs, requests: briefModel.log.length, promptTokens: briefTokens, stories: brief.stories },
      naive: { wallMs: naive.wallMs, requests: naiveModel.log.length, promptTokens: naiveTokens, summaries: naive.summaries },
      wallRatio: naive.wallMs / brief.wallMs,
      tokenRatio: naiveTokens / briefTokens,
    };
  } finally {
    await Promise.all([briefModel.close(), naiveModel.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A cold then a warm `brief today` on 50 feeds (fast model, 4 slots). */
async function measureWarmRerun(itemsPerFeed) {
  const world = await startNewsServer({ feedCount: 50, itemsPerFeed, latencyMs: FEED_LATENCY_MS });
  const ollama = await startSlowOllama({ ...FAST, slots: 4 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-bench-warm-'));
  try {
    const cold = await runBrief({ feeds: world.feeds, ollama, dir, db: 'w.db', parallel: 4 });
    const before = { requests: world.requests, chats: ollama.log.length };
    const warm = await runBrief({ feeds: world.feeds, ollama, dir, db: 'w.db', parallel: 4 });
    return {
      feeds: 50,
      itemsPerFeed,
      coldMs: cold.wallMs,
      warmMs: warm.wallMs,
      ratio: warm.wallMs / cold.wallMs,
      httpRequestsOnRerun: world.requests - before.requests,
      modelRequestsOnRerun: ollama.log.length - before.chats,
      peakRssMB: Math.max(cold.peakRssMB ?? 0, warm.peakRssMB ?? 0) || null,
    };
  } finally {
    await Promise.all([world.close(), ollama.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Measures, prints, and stores the figures under `pipeline` in bench/results.json (keeping the rest). */
export async function runPipelineBench() {
  const world = await startNewsServer({ feedCount: 20, itemsPerFeed: 30, latencyMs: FEED_LATENCY_MS });
  let r;
  try {
    const overhead = [await measureOverhead(world, 1), await measureOverhead(world, 4)];
    const naive = await measureNaive(world);
    r = {
      date: new Date().toISOString(),
      world: { feeds: 20, itemsPerFeed: 30, stories: world.stories, multiSourceShare: world.sharedShare, feedLatencyMs: FEED_LATENCY_MS },
      overhead: { model: REALISTIC, runs: overhead },
      naive,
      warmRerun: await measureWarmRerun(30),
    };
  } finally {
    await world.close();
  }
  r.peakRssMB = Math.max(...r.overhead.runs.map((o) => o.peakRssMB ?? 0), r.warmRerun.peakRssMB ?? 0) || null;
  print(r);
  saveResults('pipeline', r);
}

function print(r) {
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const w = r.world;
  console.log(`pipeline: ${w.feeds} feeds × ${w.itemsPerFeed} items, ${w.stories} stories (${(w.multiSourceShare * 100).toFixed(0)}% from more than one source), feed server ${w.feedLatencyMs} ms/request`);
  const m = r.overhead.model;
  console.log(`  model (overhead runs): prompt ${m.promptTps} tok/s, generation ${m.genTps} tok/s, load ${m.loadMs} ms`);
  for (const o of r.overhead.runs) {
    console.log(`  overhead --parallel ${o.parallel} (${o.slots} slot${o.slots > 1 ? 's' : ''})   wall ${s(o.wallMs)} / ideal ${s(o.idealMs)} = ${o.ratio.toFixed(2)}× (target ≤ 1.10: ${o.ratio <= 1.1 ? 'met' : 'NOT met'}); ${o.modelRequests} model requests, ${o.stories} stories, peak RSS ${o.peakRssMB} MB`);
    console.log(`    model load asked for after ${s(o.modelLoadStartedMs)}, first summary request after ${s(o.firstModelRequestMs)}; overview-after-summaries bound ${s(o.criticalPathMs)} → wall / bound ${o.ratioToCriticalPath.toFixed(2)}×`);
    console.log(`    time to first story (terminal layout): ${s(o.firstStoryMs)} of ${s(o.wallMs)} = ${(o.firstStoryShare * 100).toFixed(0)}% of the run`);
  }
  const n = r.naive;
  console.log(`  vs naive (model ${n.model.promptTps} / ${n.model.genTps} tok/s, load ${n.model.loadMs} ms, 1 slot; brief --parallel 1):`);
  console.log(`    brief  ${s(n.brief.wallMs)}, ${n.brief.requests} requests, ${n.brief.promptTokens} prompt tokens`);
  console.log(`    naive  ${s(n.naive.wallMs)}, ${n.naive.requests} requests, ${n.naive.promptTokens} prompt tokens`);
  console.log(`    ratio naive / brief: wall ${n.wallRatio.toFixed(2)}×, tokens ${n.tokenRatio.toFixed(2)}× (target ≥ 5×: wall ${n.wallRatio >= 5 ? 'met' : 'NOT met'}, tokens ${n.tokenRatio >= 5 ? 'met' : 'NOT met'})`);
  const x = r.warmRerun;
  console.log(`  warm rerun ${x.feeds} feeds × ${x.itemsPerFeed}: ${s(x.warmMs)} vs cold ${s(x.coldMs)} = ${x.ratio.toFixed(2)}×; ${x.httpRequestsOnRerun} HTTP and ${x.modelRequestsOnRerun} model requests on the rerun`);
  console.log(`  peak RSS of any brief run: ${r.peakRssMB ?? 'n/a'} MB`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runPipelineBench();
