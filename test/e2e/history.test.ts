import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startWorld, type World } from '../helpers/world.js';
import { tempHome, type TempHome } from '../helpers/cli.js';

/**
 * Three runs over two days on one database: a brief, a `--since last-run` brief that holds
 * exactly the story published in between, and the next day's brief; then history, show,
 * search and prune on what they stored.
 */
const DAY1 = '2026-11-20T07:00:00.000Z';
const LATER = '2026-11-20T09:00:00.000Z';
const DAY2 = '2026-11-21T07:00:00.000Z';
let world: World;
let home: TempHome;
let db: string;
let list: string;
const at = (now: string) => ({ BRIEF_NOW: now, TZ: 'UTC' });

interface JsonBrief {
  stories: Array<{ url: string; headline: string }>;
}

before(async () => {
  home = tempHome();
  world = await startWorld({ dir: home.dir, now: new Date(DAY1) });
  db = path.join(home.dir, 'history.db');
  // The world's feeds, and one more that is empty until a story is published in it between two runs.
  world.server.set('/late/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: '<rss version="2.0"><channel><title>Late Edition</title></channel></rss>' });
  list = path.join(home.dir, 'feeds.txt');
  writeFileSync(list, [...world.feedPaths, '/late/feed.xml'].map((p) => world.server.url(p)).join('\n'));
});
after(async () => {
  await world.close();
});

const today = async (now: string, extra: string[] = []) => {
  const run = await home.run(['today', '--sources', list, '--db', db, '--no-llm', '--limit', '3', '--format', 'json', ...extra], { env: at(now) });
  return { ...run, brief: run.code === 0 ? (JSON.parse(run.stdout) as JsonBrief) : undefined };
};

test('--since last-run: nothing new is exit 1; then exactly the stories published or first listed since the previous brief', async () => {
  const first = await today(DAY1);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.brief?.stories.length, 3);

  const nothing = await today(LATER, ['--since', 'last-run']);
  assert.equal(nothing.code, 1, nothing.stderr);
  assert.equal(nothing.stderr, `error: no new stories since the last brief (${DAY1}) from ${world.feedPaths.length + 1} sources\n`);

  const page = `<html lang="en"><head><title>Lighthouse keepers return</title></head><body><article><h1>Lighthouse keepers return to Skerry Point</h1>${'<p>The lighthouse on Skerry Point will be staffed again from next spring, the maritime authority said on Friday, after automation failed to cope with winter storms that cut the power twice.</p>'.repeat(5)}</article></body></html>`;
  world.server.set('/late/lighthouse.html', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: page });
  const published = new Date(Date.parse(DAY1) + 3_600_000).toUTCString();
  // Listed late: dated an hour before the first brief, but in the feed only after it.
  const datedBefore = new Date(Date.parse(DAY1) - 3_600_000).toUTCString();
  world.server.set('/late/ferry.html', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: page.replace(/Lighthouse keepers return to Skerry Point/g, 'Island ferry timetable doubles').replace(/The lighthouse on Skerry Point will be staffed again from next spring, the maritime authority said on Friday, after automation failed to cope with winter storms that cut the power twice\./g, 'Ferries to the northern islands will sail twice a day from December, the operator said, after a new quay opened at the harbour.') });
  world.server.set('/late/feed.xml', {
    headers: { 'content-type': 'application/rss+xml' },
    body: `<rss version="2.0"><channel><title>Late Edition</title><item><title>Lighthouse keepers return</title><link>{{origin}}/late/lighthouse.html</link><guid>lighthouse</guid><pubDate>${published}</pubDate></item><item><title>Island ferry timetable doubles</title><link>{{origin}}/late/ferry.html</link><guid>ferry</guid><pubDate>${datedBefore}</pubDate></item></channel></rss>`,
  });
  const since = await today(LATER, ['--since', 'last-run']);
  assert.equal(since.code, 0, since.stderr);
  assert.deepEqual(new Set(since.brief?.stories.map((s) => s.url)), new Set([world.server.url('/late/lighthouse.html'), world.server.url('/late/ferry.html')]), 'the story published since, and the one listed late');

  const next = await today(DAY2, ['--since', '3d']);
  assert.equal(next.code, 0, next.stderr);
  const shownBefore = new Set([...(first.brief?.stories ?? []), ...(since.brief?.stories ?? [])].map((s) => s.url));
  assert.ok(next.brief?.stories.every((s) => !shownBefore.has(s.url)), 'the next day leaves out what was shown');
});

test('history lists every brief, newest first; show DATE prints one in any format', async () => {
  const history = await home.run(['history', '--db', db], { env: at(DAY2) });
  assert.equal(history.code, 0, history.stderr);
  const lines = history.stdout.trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^2026-11-21 07:00 {2}3 stories {3}extractive {5}\S/);
  assert.match(lines[1]!, /^2026-11-20 09:00 {2}2 stories {3}extractive {5}(?:Lighthouse keepers return|Island ferry timetable doubles)/);
  assert.match(lines[2]!, /^2026-11-20 07:00 {2}3 stories/);
  const json = JSON.parse((await home.run(['history', '--db', db, '--json', '--limit', '2'], { env: at(DAY2) })).stdout);
  assert.equal(json.schemaVersion, 1);
  assert.deepEqual(json.briefs.map((b: { date: string; stories: number }) => [b.date, b.stories]), [['2026-11-21', 3], ['2026-11-20', 2]]);

  const yesterday = await home.run(['show', 'yesterday', '--db', db, '--format', 'markdown'], { env: at(DAY2) });
  assert.equal(yesterday.code, 0, yesterday.stderr);
  assert.match(yesterday.stdout, /^# Brief — Friday, 20 November 2026\n[\s\S]*## 1\. Lighthouse keepers return/);
  const none = await home.run(['show', '2026-11-01', '--db', db], { env: at(DAY2) });
  assert.equal(none.code, 1);
  assert.equal(none.stderr, 'error: no brief stored for 2026-11-01\n');
});

test('search: every article and story stored, ranked, with snippets; --since; --json; nothing found is exit 1', async () => {
  const found = await home.run(['search', 'lighthouse', 'storms', '--db', db], { env: at(DAY2) });
  assert.equal(found.code, 0, found.stderr);
  assert.match(found.stdout, /^1\. Lighthouse keepers return/);
  assert.match(found.stdout, /in the brief of 2026-11-20/);
  assert.match(found.stdout, /winter storms/);

  // Each story of the last brief is found by a sentence only its article has.
  const last = JSON.parse((await home.run(['show', '--db', db, '--format', 'json'], { env: at(DAY2) })).stdout) as JsonBrief;
  for (const story of last.stories) {
    const slug = /\/articles\/(.+)\.html/.exec(new URL(story.url).pathname)?.[1] ?? '';
    const marker = world.articleMarkers[slug];
    assert.ok(marker, story.url);
    const hits = JSON.parse((await home.run(['search', '--json', '--db', db, `"${marker.replace(/"/g, '')}"`], { env: at(DAY2) })).stdout);
    const page = (url: string) => url.split('?')[0];
    assert.ok(hits.hits.some((h: { url: string }) => page(h.url) === page(story.url)), `${marker} → ${story.url}`);
  }
  const json = JSON.parse((await home.run(['search', '--json', '--db', db, '"automation failed to cope"'], { env: at(DAY2) })).stdout);
  assert.equal(json.schemaVersion, 1);
  assert.deepEqual(json.hits.map((h: { url: string }) => h.url), [world.server.url('/late/lighthouse.html')]);
  assert.match(json.hits[0].snippet, /automation failed to cope/);
  assert.doesNotMatch(json.hits[0].snippet, /[\ue000\ue001]/);

  const recent = await home.run(['search', 'lighthouse', '--since', '12h', '--db', db], { env: at(DAY2) });
  assert.equal(recent.code, 1, 'fetched and shown more than 12 hours ago');
  assert.equal(recent.stdout, 'nothing found for "lighthouse" in the last 12h\n');
  assert.equal((await home.run(['search', '--db', db, '*', '()'], { env: at(DAY2) })).code, 2, 'nothing searchable is a usage error');
});

test('prune --older-than deletes old briefs, articles and their index entries, and compacts the file', async () => {
  const run = await home.run(['prune', '--older-than', '12h', '--db', db], { env: at(DAY2) });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^deleted what is older than 12h \(before 2026-11-20T19:00:00\.000Z\): 2 briefs, \d+ articles, \d+ summaries, /);
  assert.match(run.stdout, /history\.db: [\d.]+ [KM]?B → [\d.]+ [KM]?B\n$/);
  const history = JSON.parse((await home.run(['history', '--db', db, '--json'], { env: at(DAY2) })).stdout);
  assert.deepEqual(history.briefs.map((b: { date: string }) => b.date), ['2026-11-21']);
  assert.equal((await home.run(['search', 'lighthouse', '--db', db], { env: at(DAY2) })).code, 1, 'pruned articles are gone from the index');
  const doctor = await home.run(['doctor', '--db', db, '--json', '--no-llm'], { env: at(DAY2) });
  const database = JSON.parse(doctor.stdout).checks.find((c: { check: string }) => c.check === 'database');
  assert.match(database.detail, /integrity ok/);
  assert.equal((await home.run(['prune', '--db', db], { env: at(DAY2) })).code, 2, '--older-than is needed');
});
