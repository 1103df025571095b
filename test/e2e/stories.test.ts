import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { tempHome } from '../helpers/cli.js';
import { startFakeOllama } from '../helpers/fake-ollama.js';

interface WorldFile {
  date: string;
  sources: Record<string, { name: string; url: string }>;
  items: Array<{ event: string; source: string; time: string; title: string; text: string }>;
}
type Item = WorldFile['items'][number] & { date?: string };

const WORLD = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/stories/world-a.json', import.meta.url)), 'utf8')) as WorldFile;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Serves the world as one RSS feed per source; article pages are 404, so each item's own text is what brief reads. */
async function serveWorld(items: Item[], server?: FixtureServer, version = 1): Promise<{ server: FixtureServer; list: string[]; urlEvent: Map<string, string> }> {
  const s = server ?? (await startFixtureServer());
  const urlEvent = new Map<string, string>();
  const list: string[] = [];
  for (const key of Object.keys(WORLD.sources)) {
    const own = items.filter((i) => i.source === key);
    const entries = own.map((item) => {
      const n = items.indexOf(item);
      urlEvent.set(s.url(`/a/${key}/${n}`), item.event);
      return `<item><title>${escape(item.title)}</title><link>{{origin}}/a/${key}/${n}</link><guid>${key}-${n}</guid><pubDate>${new Date(`${item.date ?? WORLD.date}T${item.time}:00Z`).toUTCString()}</pubDate><description>${escape(item.text)}</description></item>`;
    });
    s.set(`/feed/${key}.xml`, {
      etag: `"${key}-${version}"`,
      headers: { 'content-type': 'application/rss+xml' },
      body: `<rss version="2.0"><channel><title>${escape(WORLD.sources[key]!.name)}</title>${entries.join('')}</channel></rss>`,
    });
    list.push(s.url(`/feed/${key}.xml`));
  }
  return { server: s, list, urlEvent };
}

interface JsonStory {
  headline: string;
  update: boolean;
  articles: Array<{ source: string; url: string; title: string }>;
  ranking: { score: number; reasons: string[] };
}

/** Pairwise and B-cubed precision/recall/F1 of predicted clusters against the true events. */
function clusteringScores(clusters: string[][], truth: Map<string, string>) {
  const items = clusters.flat();
  const clusterOf = new Map<string, number>();
  clusters.forEach((c, i) => c.forEach((u) => clusterOf.set(u, i)));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let bp = 0;
  let br = 0;
  for (const a of items) {
    let sameBoth = 0;
    let sameCluster = 0;
    let sameEvent = 0;
    for (const b of items) {
      const c = clusterOf.get(a) === clusterOf.get(b);
      const e = truth.get(a) === truth.get(b);
      if (c) sameCluster++;
      if (e) sameEvent++;
      if (c && e) sameBoth++;
      if (a < b) {
        if (c && e) tp++;
        else if (c) fp++;
        else if (e) fn++;
      }
    }
    bp += sameBoth / sameCluster;
    br += sameBoth / sameEvent;
  }
  const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
  const pp = tp / (tp + fp || 1);
  const pr = tp / (tp + fn || 1);
  return { pairwise: { p: pp, r: pr, f1: f1(pp, pr) }, bcubed: { p: bp / items.length, r: br / items.length, f1: f1(bp / items.length, br / items.length) } };
}

test('stories across 12 sources: one entry per event with its covering sources; then memory across days', async () => {
  const home = tempHome();
  const { server, list, urlEvent } = await serveWorld(WORLD.items);
  try {
    const listFile = path.join(home.dir, 'feeds.txt');
    writeFileSync(listFile, list.join('\n'));
    const db = path.join(home.dir, 'stories.db');
    const args = ['today', '--sources', listFile, '--db', db, '--no-llm', '--format', 'json', '--limit', '100'];
    const day1 = await home.run(args, { env: { BRIEF_NOW: `${WORLD.date}T23:30:00Z` } });
    assert.equal(day1.code, 0, day1.stderr);
    const stories = JSON.parse(day1.stdout).stories as JsonStory[];
    const events = new Set(WORLD.items.map((i) => i.event));
    const clusters = stories.map((s) => [...new Set(s.articles.map((a) => a.url))]);
    const scores = clusteringScores(clusters, urlEvent);
    console.log(
      `world-a: ${Object.keys(WORLD.sources).length} sources, ${WORLD.items.length} items, ${events.size} events → ${stories.length} stories; ` +
        `pairwise P ${scores.pairwise.p.toFixed(3)} R ${scores.pairwise.r.toFixed(3)} F1 ${scores.pairwise.f1.toFixed(3)}; ` +
        `B-cubed P ${scores.bcubed.p.toFixed(3)} R ${scores.bcubed.r.toFixed(3)} F1 ${scores.bcubed.f1.toFixed(3)}`,
    );
    assert.equal(clusters.flat().length, WORLD.items.length, 'every item is in exactly one story');
    assert.equal(stories.length, events.size, 'one entry per event');
    assert.ok(scores.bcubed.f1 >= 0.95, `B-cubed F1 ${scores.bcubed.f1}`);
    assert.ok(scores.pairwise.f1 >= 0.95, `pairwise F1 ${scores.pairwise.f1}`);
    // Each story lists every source that covered it.
    for (const s of stories) {
      const event = urlEvent.get(s.articles[0]!.url)!;
      const expected = new Set(WORLD.items.filter((i) => i.event === event).map((i) => WORLD.sources[i.source]!.name));
      assert.ok(s.articles.every((a) => expected.has(a.source)), `${s.headline}: a source from another event`);
    }

    // The next morning, nothing new: every story was shown yesterday.
    const day2 = await home.run(args, { env: { BRIEF_NOW: `${nextDay(WORLD.date)}T09:00:00Z` } });
    assert.equal(day2.code, 1, day2.stdout);
    assert.match(day2.stderr, /^error: no new stories in the last 24h from 12 sources \(\d+ already shown in earlier briefs, with nothing new\)\n$/);
    console.log(`next day, nothing new: exit ${day2.code}, ${day2.stderr.trim()}`);

    // A new article on a known story: that story comes back once, as an update, told from the new article only.
    const known = WORLD.items.find((i) => WORLD.items.filter((j) => j.event === i.event).length === 2)!;
    const coveringSources = new Set(WORLD.items.filter((i) => i.event === known.event).map((i) => i.source));
    const newSource = Object.keys(WORLD.sources).find((k) => !coveringSources.has(k))!;
    const fresh: Item = { ...known, source: newSource, date: nextDay(WORLD.date), time: '08:30', title: `Latest: ${known.title}` };
    const served = await serveWorld([...WORLD.items, fresh], server, 2);
    const day2b = await home.run(args, { env: { BRIEF_NOW: `${nextDay(WORLD.date)}T09:10:00Z` } });
    assert.equal(day2b.code, 0, day2b.stderr);
    const again = JSON.parse(day2b.stdout).stories as JsonStory[];
    assert.equal(again.length, 1, again.map((s) => s.headline).join(' | '));
    assert.equal(again[0]!.update, true);
    assert.deepEqual(again[0]!.articles.map((a) => served.urlEvent.get(a.url)), [known.event]);
    console.log(`next day, one new article on "${known.title}": ${again.length} story, "${again[0]!.headline}", update: ${again[0]!.update}`);
  } finally {
    await server.close();
  }
});

test('with an embedding model (Ollama /api/embed), stories are grouped by meaning too; vectors are cached; a missing model is one warning', async () => {
  const home = tempHome();
  const { server, list, urlEvent } = await serveWorld(WORLD.items);
  // A stand-in for a good embedding model: every report of one event gets the same direction, so
  // this tests the plumbing (requests, candidates, blending, cache), not any model's quality.
  const events = [...new Set(WORLD.items.map((i) => i.event))];
  const eventOfTitle = new Map(WORLD.items.map((i) => [i.title, i.event]));
  const ollama = await startFakeOllama({
    models: [{ name: 'llama3.2:3b' }, { name: 'nomic-embed-text' }],
    embed: (text) => {
      const event = eventOfTitle.get(text.split('\n')[0]!);
      return events.map((e) => (e === event ? 1 : 0));
    },
  });
  try {
    const listFile = path.join(home.dir, 'feeds.txt');
    writeFileSync(listFile, list.join('\n'));
    const args = (embedModel: string) => ['today', '--sources', listFile, '--db', path.join(home.dir, 'e.db'), '--ollama-host', ollama.url, '--embed-model', embedModel, '--format', 'json', '--limit', '100'];
    const env = { BRIEF_NOW: `${WORLD.date}T23:30:00Z` };
    const run = await home.run(args('nomic-embed-text'), { env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const stories = JSON.parse(run.stdout).stories as JsonStory[];
    const scores = clusteringScores(stories.map((st) => [...new Set(st.articles.map((a) => a.url))]), urlEvent);
    console.log(`world-a with event-true embeddings: ${events.length} events → ${stories.length} stories; pairwise F1 ${scores.pairwise.f1.toFixed(3)}`);
    assert.equal(stories.length, events.length, 'one story per event');
    assert.equal(scores.pairwise.f1, 1);
    const embedCalls = () => ollama.requests.filter((r) => r.path === '/api/embed');
    assert.ok(embedCalls().length >= 1);
    assert.equal(new Set(embedCalls().flatMap((r) => r.body.input)).size, WORLD.items.length, 'every item embedded once');

    const before = embedCalls().length;
    const again = await home.run(args('nomic-embed-text'), { env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(embedCalls().length, before, 'a rerun embeds nothing: the vectors are cached');

    const missing = await home.run([...args('no-such-embedder'), '--db', path.join(home.dir, 'm.db')], { env });
    assert.equal(missing.code, 0, missing.stderr);
    assert.match(missing.stderr, /^warning: embeddings unavailable \(model "no-such-embedder" is not available on Ollama at http:\/\/127\.0\.0\.1:\d+; pull it with: ollama pull no-such-embedder\); stories are grouped by their words only\n$/);
    assert.ok(JSON.parse(missing.stdout).stories.length > 0);
  } finally {
    await ollama.close();
    await server.close();
  }
});

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

test('--topic keeps the stories of one topic: a source tag or a configured topic\'s words', async () => {
  const home = tempHome();
  const { server, list, urlEvent } = await serveWorld(WORLD.items);
  try {
    const sportsFeed = list.find((u) => u.endsWith('/feed/sports.xml'))!;
    const listFile = path.join(home.dir, 'feeds.txt');
    // newsboat format: tags after the URL.
    writeFileSync(listFile, list.map((u) => (u === sportsFeed ? `${u} sports` : u)).join('\n'));
    const env = { BRIEF_NOW: `${WORLD.date}T23:30:00Z` };
    const run = await home.run(['today', '--sources', listFile, '--db', path.join(home.dir, 't.db'), '--no-llm', '--format', 'json', '--limit', '100', '--topic', 'sports'], { env });
    assert.equal(run.code, 0, run.stderr);
    const stories = JSON.parse(run.stdout).stories as Array<JsonStory & { topics: string[] }>;
    const sportsEvents = new Set(WORLD.items.filter((i) => i.source === 'sports').map((i) => i.event));
    assert.ok(stories.length > 0);
    for (const s of stories) {
      assert.ok(s.topics.includes('sports'));
      assert.ok(s.articles.some((a) => sportsEvents.has(urlEvent.get(a.url)!)), `${s.headline} is not a sports story`);
    }
  } finally {
    await server.close();
  }
});

test('--group-by topic prints the brief in sections, each story under its lead source\'s first tag', async () => {
  const home = tempHome();
  const { server, list } = await serveWorld(WORLD.items);
  try {
    const listFile = path.join(home.dir, 'feeds.txt');
    writeFileSync(listFile, list.map((u) => (u.endsWith('/feed/sports.xml') ? `${u} sports` : u.endsWith('/feed/markets.xml') ? `${u} business` : u)).join('\n'));
    const env = { BRIEF_NOW: `${WORLD.date}T23:30:00Z` };
    const run = await home.run(['today', '--sources', listFile, '--db', path.join(home.dir, 'g.db'), '--no-llm', '--format', 'markdown', '--limit', '100', '--group-by', 'topic'], { env });
    assert.equal(run.code, 0, run.stderr);
    const headings = run.stdout.split('\n').filter((l) => /^# [A-Z]/.test(l) && !l.startsWith('# Brief'));
    assert.deepEqual(new Set(headings), new Set(['# Sports', '# Business', '# Other']));
    assert.equal(headings.at(-1), '# Other', 'stories without a topic come last');
    assert.equal(headings.length, 3, 'each section once');
  } finally {
    await server.close();
  }
});

test("two links to one article (its pages name the same canonical URL, their texts begin alike) make one story; pages sharing only a front-page canonical stay apart", async () => {
  const home = tempHome();
  const server = await startFixtureServer();
  const page = (title: string, canonical: string, body: string) => ({
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><title>${title}</title><link rel="canonical" href="${canonical}"></head><body><article><h1>${title}</h1>${`<p>${body}</p>`.repeat(6)}</article></body></html>`,
  });
  const council = 'The regional council approved the new water budget after a long night of debate, with members split over the cost of the reservoir and the pipes that feed the valley towns.';
  server.set('/story/budget', page('Council approves water budget', '/news/water-budget', council));
  server.set('/amp/budget', page('Council approves water budget', '/news/water-budget', council));
  // Two different articles on a site that names its front page as every page's canonical.
  server.set('/a/chess', page('Lindqvist keeps the chess crown', '/', 'Erik Lindqvist beat his challenger in rapid tiebreaks to keep the world title for a third time in a row, after a classical match that ended level.'));
  server.set('/a/ferry', page('Ferry service to the islands resumes', '/', 'Boats to the outer islands sail again from Monday after the harbour repairs were finished two weeks early, the operator said in a short statement.'));
  const feed = (name: string, items: Array<[string, string]>) => ({
    headers: { 'content-type': 'application/rss+xml' },
    body: `<rss version="2.0"><channel><title>${name}</title>${items
      .map(([title, link], i) => `<item><title>${title}</title><link>${server.url(link)}</link><guid>${name}-${i}</guid><pubDate>${new Date('2026-11-26T08:00:00Z').toUTCString()}</pubDate></item>`)
      .join('')}</channel></rss>`,
  });
  // Headlines that share no word, so only the pages can tell that the first two are one article.
  server.set('/feed/one.xml', feed('Valley Post', [['Council approves water budget', '/story/budget'], ['Lindqvist keeps the chess crown', '/a/chess']]));
  server.set('/feed/two.xml', feed('Morning Wire', [['What the reservoir vote means for your bills', '/amp/budget'], ['Ferry service to the islands resumes', '/a/ferry']]));
  try {
    const listFile = path.join(home.dir, 'feeds.txt');
    writeFileSync(listFile, [server.url('/feed/one.xml'), server.url('/feed/two.xml')].join('\n'));
    const run = await home.run(['today', '--sources', listFile, '--db', path.join(home.dir, 'c.db'), '--no-llm', '--format', 'json', '--limit', '10'], {
      env: { BRIEF_NOW: '2026-11-26T12:00:00Z' },
    });
    assert.equal(run.code, 0, run.stderr);
    const stories = JSON.parse(run.stdout).stories as JsonStory[];
    assert.equal(stories.length, 3, stories.map((s) => s.headline).join(' | '));
    const budget = stories.find((s) => s.articles.some((a) => a.url.endsWith('/story/budget')))!;
    assert.deepEqual(budget.articles.map((a) => a.source).sort(), ['Morning Wire', 'Valley Post']);
  } finally {
    await server.close();
  }
});
