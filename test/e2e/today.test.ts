import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startWorld, type World } from '../helpers/world.js';
import { startFakeOllama } from '../helpers/fake-ollama.js';
import { tempHome, type TempHome } from '../helpers/cli.js';

let world: World;
let home: TempHome;

before(async () => {
  home = tempHome();
  world = await startWorld({ dir: home.dir });
});
after(async () => {
  await world.close();
});

interface JsonBrief {
  schemaVersion: number;
  date: string;
  generatedAt: string;
  stories: Array<{
    headline: string;
    summary: string;
    keyPoints: Array<{ label: string; text: string }>;
    url: string;
    source: string;
    publishedAt: string | null;
    readMinutes: number;
    method: string;
    model: string | null;
    textOrigin: string;
  }>;
  errors: Array<{ source: string; error: string }>;
}

const storyText = (s: JsonBrief['stories'][number]) => [s.headline, s.summary, ...s.keyPoints.map((k) => k.text)].join('\n');

test('brief today on a 12-feed OPML: stories from the article pages; a second run is conditional and fetches no page', async () => {
  const db = path.join(home.dir, 'x.db');
  const args = ['today', '--sources', world.opmlPath, '--db', db, '--no-llm', '--format', 'json'];
  const first = await home.run(args);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stderr, '', 'no warnings when every source works');
  const brief = JSON.parse(first.stdout) as JsonBrief;
  assert.ok(brief.stories.length >= 5, `only ${brief.stories.length} stories`);
  assert.deepEqual(brief.errors, []);
  for (const story of brief.stories) {
    assert.equal(story.method, 'extractive');
    assert.deepEqual(story.keyPoints.map((k) => k.label), ['What happened', 'Why it matters', 'What to watch']);
    assert.equal(story.textOrigin, 'page', `${story.url} fell back to the feed`);
    for (const marker of world.boilerplateMarkers) assert.ok(!storyText(story).includes(marker), `boilerplate "${marker}" in ${story.url}`);
  }
  // The summaries are made of the articles' own sentences.
  const allText = brief.stories.map(storyText).join('\n');
  const markersFound = Object.values(world.articleMarkers).filter((m) => allText.includes(m)).length;
  assert.ok(markersFound >= 1, 'no article-only sentence in any summary');
  // One story per article URL, even when several feeds list it (one with utm_ parameters).
  assert.equal(new Set(brief.stories.map((s) => s.url.replace(/[?#].*$/, ''))).size, brief.stories.length);

  const before = world.server.requests.length;
  const second = await home.run(args);
  assert.equal(second.code, 0, second.stderr);
  const again = world.server.requests.slice(before);
  const feedPaths = new Set(world.feedPaths);
  const pageRequests = again.filter((r) => !feedPaths.has(r.path.split('?')[0] ?? r.path));
  assert.deepEqual(pageRequests.map((r) => r.path), [], 'the second run fetched article pages');
  assert.equal(again.length, world.feedPaths.length, 'each feed requested once');
  for (const r of again) assert.ok(r.headers['if-none-match'] || r.headers['if-modified-since'], `unconditional request for ${r.path}`);
  const secondBrief = JSON.parse(second.stdout) as JsonBrief;
  assert.deepEqual(secondBrief.stories.map((s) => s.headline), brief.stories.map((s) => s.headline), 'same brief from the cache');
});

test('with a fake Ollama: stories are summarized by the model, with schema format on every request', async () => {
  const ollama = await startFakeOllama();
  try {
    const db = path.join(home.dir, 'ollama.db');
    const run = await home.run(['today', '--sources', world.opmlPath, '--db', db, '--ollama-host', ollama.url, '--model', 'llama3.2:3b', '--format', 'json', '--limit', '5']);
    assert.equal(run.code, 0, run.stderr);
    const brief = JSON.parse(run.stdout) as JsonBrief;
    assert.equal(brief.stories.length, 5);
    for (const s of brief.stories) {
      assert.equal(s.method, 'ollama');
      assert.equal(s.model, 'llama3.2:3b');
      assert.deepEqual(s.keyPoints.map((k) => k.label), ['What happened', 'Why it matters', 'What to watch']);
    }
    const chats = ollama.requests.filter((r) => r.path === '/api/chat');
    assert.ok(chats.length >= 5);
    for (const c of chats) assert.equal(typeof c.body.format, 'object', 'a JSON schema format');
    assert.equal(new Set(chats.map((c) => c.body.options?.num_ctx)).size, 1, 'one num_ctx for the run');

    // Nothing is summarized twice: a rerun makes no chat calls.
    const calls = chats.length;
    const rerun = await home.run(['today', '--sources', world.opmlPath, '--db', db, '--ollama-host', ollama.url, '--model', 'llama3.2:3b', '--format', 'json', '--limit', '5']);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.equal(ollama.requests.filter((r) => r.path === '/api/chat').length, calls);
  } finally {
    await ollama.close();
  }
});

test('Ollama not running: an extractive brief and one warning line; --require-llm exits 3', async () => {
  const db = path.join(home.dir, 'down.db');
  const run = await home.run(['today', '--sources', world.opmlPath, '--db', db, '--format', 'json', '--limit', '3']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).stories[0].method, 'extractive');
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, /^warning: Ollama is not reachable at http:\/\/127\.0\.0\.1:2;.*ollama pull llama3\.2:3b/);

  const strict = await home.run(['today', '--sources', world.opmlPath, '--db', db, '--format', 'json', '--require-llm']);
  assert.equal(strict.code, 3);
  assert.equal(strict.stdout, '');
  assert.match(strict.stderr, /^error: Ollama is not reachable/);
});

test('a model that is not installed: the warning names the exact ollama pull', async () => {
  const ollama = await startFakeOllama();
  try {
    const run = await home.run(['today', '--sources', world.opmlPath, '--db', path.join(home.dir, 'nomodel.db'), '--ollama-host', ollama.url, '--model', 'qwen3:8b', '--limit', '2', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /model qwen3:8b is not installed .*`ollama pull qwen3:8b`/);
  } finally {
    await ollama.close();
  }
});

test('piped output is Markdown without escape codes; show re-prints the stored brief offline', async () => {
  const db = path.join(home.dir, 'md.db');
  const run = await home.run(['today', '--sources', world.opmlPath, '--db', db, '--no-llm', '--limit', '4']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^# Brief — /);
  assert.match(run.stdout, /^## 1\. /m);
  assert.match(run.stdout, /^- \*\*What happened:\*\* /m);
  assert.doesNotMatch(run.stdout, /\u001b/);

  await world.close().catch(() => undefined); // no network from here on
  const shown = await home.run(['show', '--db', db]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(shown.stdout, run.stdout);
  const missing = await home.run(['show', '2001-01-01', '--db', db]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'error: no brief stored for 2001-01-01\n');
  world = await startWorld({ dir: home.dir });
});

test('the run does not wait for the slowest feed: its cached items stand in, and its fetch goes on into the cache', async () => {
  const own = tempHome();
  const w = await startWorld({ dir: own.dir });
  try {
    const slowPath = '/slow/feed.xml';
    const stories = [
      ['Glacier survey finds faster melt', 'The Tscharner glacier lost more ice this summer than in any year on record, the institute said.'],
      ['Mountain railway orders hydrogen trains', 'The Albula line will replace its diesel engines with six hydrogen trains from 2029, its operator announced.'],
    ];
    const slowItem = (n: number) =>
      `<item><title>${stories[n - 1]![0]}</title><link>{{origin}}/slow/${n}</link><guid>slow-${n}</guid><pubDate>${new Date(Date.now() - n * 60_000).toUTCString()}</pubDate><description>${stories[n - 1]![1]}</description></item>`;
    const feed = (items: string) => ({ headers: { 'content-type': 'application/rss+xml' }, body: `<rss version="2.0"><channel><title>Slow Alpine</title>${items}</channel></rss>` });
    w.server.set(slowPath, feed(slowItem(1)));
    const list = path.join(own.dir, 'feeds.txt');
    (await import('node:fs')).writeFileSync(list, [...w.feedPaths, slowPath].map((p) => w.server.url(p)).join('\n'));
    const db = path.join(own.dir, 'slow.db');
    const args = ['today', '--sources', list, '--db', db, '--no-llm', '--format', 'json', '--limit', '30'];
    const first = await own.run(args);
    assert.equal(first.code, 0, first.stderr);

    // Now the feed has a new item but answers only after 10 s (under the 15 s of silence brief
    // allows); the 12 others answer at once, so the run goes on without it after about 2 s.
    w.server.set(slowPath, { ...feed(slowItem(2) + slowItem(1)), delayMs: 10_000 });
    const second = await own.run(args);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stderr, '');
    const urls = (JSON.parse(second.stdout) as { stories: Array<{ articles: Array<{ url: string }> }> }).stories.flatMap((s) => s.articles.map((a) => a.url));
    assert.ok(urls.includes(w.server.url('/slow/1')), 'the late feed stands in with its cached item');
    assert.ok(!urls.includes(w.server.url('/slow/2')), 'its new item was not waited for');
    const Database = (await import('better-sqlite3')).default;
    const sqlite = new Database(db, { readonly: true });
    const stored = sqlite.prepare("SELECT count(*) AS n FROM items WHERE url LIKE '%/slow/2'").get() as { n: number };
    sqlite.close();
    assert.equal(stored.n, 1, 'the late fetch went on and stored the new item before the process ended');
  } finally {
    await w.close();
  }
});

test('a feed that fails keeps its cached items in the brief, with one warning line', async () => {
  const own = tempHome();
  const w = await startWorld({ dir: own.dir });
  try {
    const list = path.join(own.dir, 'feeds.txt');
    (await import('node:fs')).writeFileSync(list, w.feedPaths.map((p) => w.server.url(p)).join('\n'));
    const args = ['today', '--sources', list, '--db', path.join(own.dir, 'f.db'), '--no-llm', '--format', 'json', '--limit', '30'];
    const articleUrls = (stdout: string) => (JSON.parse(stdout) as { stories: Array<{ articles: Array<{ url: string; source: string }> }> }).stories.flatMap((s) => s.articles);
    const first = await own.run(args);
    assert.equal(first.code, 0, first.stderr);
    const failing = w.feedPaths[0]!;
    const feedTitle = /<title>([^<]+)<\/title>/.exec(await (await fetch(w.server.url(failing))).text())![1]!;
    const itsArticles = articleUrls(first.stdout).filter((a) => a.source === feedTitle);
    const before = new Set(articleUrls(first.stdout).map((a) => a.url));
    w.server.set(failing, { status: 500, body: 'oops' });
    const second = await own.run(args);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`^warning: feed ${w.server.url(failing).replace(/[.?]/g, '\\$&')}: HTTP 500`));
    assert.equal(second.stderr.trim().split('\n').length, 1);
    assert.deepEqual(new Set(articleUrls(second.stdout).map((a) => a.url)), before, 'the same articles, the failed feed\'s included');
    assert.ok(itsArticles.length > 0, `the failing feed (${feedTitle}) had stories in the first brief`);
  } finally {
    await w.close();
  }
});
