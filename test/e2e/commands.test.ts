import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorld } from '../helpers/world.js';
import { startFixtureServer } from '../helpers/fixture-server.js';
import { tempHome } from '../helpers/cli.js';

const PAGES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url));

test('--help lists every command and the exit codes; bad usage exits 2 with one line', async () => {
  const home = tempHome();
  const help = await home.run(['--help']);
  assert.equal(help.code, 0);
  for (const cmd of ['today', 'fetch', 'show', 'sources', 'extract', 'summarize', 'demo']) assert.match(help.stdout, new RegExp(`\\n  ${cmd}\\b`));
  assert.match(help.stdout, /Exit codes:\n {2}0 {2}a brief was produced/);
  const bad = await home.run(['today', '--since', 'yesterday']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'error: invalid --since "yesterday": use a number and a unit, e.g. 30m, 24h, 7d\n');
  const unknown = await home.run(['today', '--frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option '--frobnicate'/);
  const badFormat = await home.run(['today', '--format', 'pdf']);
  assert.equal(badFormat.code, 2);
  const missingFile = await home.run(['today', '--sources', path.join(home.dir, 'nope.opml')]);
  assert.equal(missingFile.code, 2);
  assert.match(missingFile.stderr, /^error: cannot read sources file .*nope\.opml: ENOENT/);
});

test('sources: defaults, add with name and tags, remove, import OPML, export OPML', async () => {
  const home = tempHome();
  const listed = await home.run(['sources', 'list', '--json']);
  assert.equal(listed.code, 0);
  const defaults = JSON.parse(listed.stdout);
  assert.equal(defaults.origin, 'defaults');
  assert.ok(defaults.sources.length >= 5);

  const added = await home.run(['sources', 'add', 'https://mine.example/feed.xml', '--name', 'Mine', '--tag', 'tech', '--tag', 'ai']);
  assert.equal(added.code, 0, added.stderr);
  const configFile = path.join(home.dir, 'config', 'brief', 'config.yaml');
  assert.match(readFileSync(configFile, 'utf8'), /url: https:\/\/mine\.example\/feed\.xml\n\s+name: Mine\n\s+tags: \[ tech, ai \]/);
  const after = JSON.parse((await home.run(['sources', 'list', '--json'])).stdout);
  assert.equal(after.sources.length, defaults.sources.length + 1);
  assert.deepEqual(after.sources.at(-1), { url: 'https://mine.example/feed.xml', name: 'Mine', tags: ['tech', 'ai'] });

  const badUrl = await home.run(['sources', 'add', 'not a url']);
  assert.equal(badUrl.code, 2);
  const removed = await home.run(['sources', 'remove', 'https://mine.example/feed.xml']);
  assert.equal(removed.code, 0);
  assert.equal(JSON.parse((await home.run(['sources', 'list', '--json'])).stdout).sources.length, defaults.sources.length);
  assert.equal((await home.run(['sources', 'remove', 'https://never.example/'])).code, 2);

  const opml = path.join(home.dir, 'in.opml');
  writeFileSync(opml, '<opml version="2.0"><body><outline text="News"><outline type="rss" text="X" xmlUrl="https://x.example/rss"/></outline></body></opml>');
  const imported = await home.run(['sources', 'import', opml]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /imported 1 new sources/);
  const exported = await home.run(['sources', 'export']);
  assert.match(exported.stdout, /<outline type="rss" text="X" title="X" xmlUrl="https:\/\/x\.example\/rss" category="news"\/>/);

  // BRIEF_CONFIG and --config point elsewhere
  const other = path.join(home.dir, 'other.yaml');
  writeFileSync(other, 'sources:\n  - url: https://only.example/rss\n');
  const viaEnv = JSON.parse((await home.run(['sources', 'list', '--json'], { env: { BRIEF_CONFIG: other } })).stdout);
  assert.deepEqual(viaEnv.sources.map((s: { url: string }) => s.url), ['https://only.example/rss']);
  const viaFlag = JSON.parse((await home.run(['--config', other, 'sources', 'list', '--json'])).stdout);
  assert.equal(viaFlag.sources.length, 1);
});

test('fetch --json reports per source; a broken source is one line and does not stop the others', async () => {
  const home = tempHome();
  const world = await startWorld({ dir: home.dir });
  const bad = await startFixtureServer({ '/html': { headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/real.xml"></head><body>hi</body></html>' } });
  try {
    const list = path.join(home.dir, 'list.txt');
    const feeds = world.feedPaths.slice(0, 3).map((p) => world.server.url(p));
    writeFileSync(list, [...feeds, bad.url('/html'), bad.url('/missing')].join('\n'));
    const run = await home.run(['fetch', '--json', '--sources', list, '--db', path.join(home.dir, 'f.db')]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { sources: Array<{ url: string; name: string; ok: boolean; status: number | null; items: number; new: number; titles: string[]; error: string | null }> };
    assert.equal(report.sources.length, 5);
    for (const s of report.sources.slice(0, 3)) {
      assert.equal(s.ok, true);
      assert.equal(s.status, 200);
      assert.ok(s.items > 0 && s.new === s.items && s.titles.length === s.items);
    }
    assert.deepEqual(report.sources[3], {
      url: bad.url('/html'),
      name: new URL(bad.origin).host,
      ok: false,
      status: 200,
      items: 0,
      new: 0,
      titles: [],
      error: `returned an HTML page, not a feed (the page links to a feed: ${bad.url('/real.xml')})`,
    });
    assert.equal(report.sources[4]?.error, 'HTTP 404 Not Found');
    assert.equal(report.sources[4]?.status, 404);

    const again = JSON.parse((await home.run(['fetch', '--json', '--sources', list, '--db', path.join(home.dir, 'f.db')])).stdout);
    assert.equal(again.sources[0].status, 304);
    assert.equal(again.sources[0].new, 0);
    assert.equal(again.sources[0].items, report.sources[0]?.items, 'a 304 still reports the cached items');
  } finally {
    await world.close();
    await bad.close();
  }
});

test('every source failing: exit 1, a warning per source and one error line', async () => {
  const home = tempHome();
  const list = path.join(home.dir, 'dead.txt');
  writeFileSync(list, 'http://127.0.0.1:9/a.xml\nhttp://127.0.0.1:9/b.xml\n');
  const run = await home.run(['today', '--sources', list, '--no-llm']);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  assert.deepEqual(run.stderr.trim().split('\n'), [
    'warning: feed http://127.0.0.1:9/a.xml: connection refused by 127.0.0.1:9',
    'warning: feed http://127.0.0.1:9/b.xml: connection refused by 127.0.0.1:9',
    'error: no source could be fetched (2 failed)',
  ]);
});

test('extract and summarize one article from a file', async () => {
  const home = tempHome();
  const { readdirSync } = await import('node:fs');
  const page = path.join(PAGES, readdirSync(PAGES).find((f) => f.endsWith('.html')) as string);
  const extracted = await home.run(['extract', page, '--url', 'https://news.example/story', '--json']);
  assert.equal(extracted.code, 0, extracted.stderr);
  const article = JSON.parse(extracted.stdout);
  assert.deepEqual(Object.keys(article).sort(), ['byline', 'candidate', 'candidateReason', 'canonicalUrl', 'excerpt', 'lang', 'publishedTime', 'quality', 'qualityReason', 'readMinutes', 'siteName', 'text', 'title', 'wordCount']);
  assert.ok(article.wordCount > 100);

  const summary = await home.run(['summarize', page, '--no-llm', '--json']);
  assert.equal(summary.code, 0, summary.stderr);
  const s = JSON.parse(summary.stdout);
  assert.equal(s.method, 'extractive');
  assert.deepEqual(s.keyPoints.map((k: { label: string }) => k.label), ['What happened', 'Why it matters', 'What to watch']);

  const text = 'Harbour Bridge reopens after repairs\n\nThe Harbour Bridge reopened to traffic on Monday after eight months of repairs to its steel deck. Officials said the work cost 40 million dollars. Engineers replaced more than 300 corroded plates. The city expects traffic to return to normal by next week. A second phase of work is planned for 2028.';
  const fromStdin = await home.run(['summarize', '-', '--no-llm', '--json'], { input: text });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.equal(JSON.parse(fromStdin.stdout).headline, 'Harbour Bridge reopens after repairs');
  const missing = await home.run(['extract', path.join(home.dir, 'none.html')]);
  assert.equal(missing.code, 2);
});

test('brief demo prints a real brief offline: at least 5 stories with the three key points', async () => {
  const home = tempHome();
  const run = await home.run(['demo', '--no-llm', '--format', 'json']);
  assert.equal(run.code, 0, run.stderr);
  const brief = JSON.parse(run.stdout);
  assert.ok(brief.stories.length >= 5);
  for (const s of brief.stories) {
    assert.ok(s.headline && s.summary);
    assert.deepEqual(s.keyPoints.map((k: { label: string }) => k.label), ['What happened', 'Why it matters', 'What to watch']);
    for (const k of s.keyPoints) assert.ok(k.text.length > 0);
  }
  // The demo's feed-only story: its page is a 404, so the feed's text is summarized, and the brief says why.
  const feedOnly = brief.stories.filter((s: { textOrigin: string }) => s.textOrigin === 'feed');
  assert.equal(feedOnly.length, 1);
  assert.equal(feedOnly[0].textOriginReason, 'page unreachable: HTTP 404 Not Found');
  const md = await home.run(['demo', '--no-llm']);
  assert.equal(md.code, 0);
  assert.match(md.stdout, /^# Brief/);
});
