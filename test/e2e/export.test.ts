import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startWorld, type World } from '../helpers/world.js';
import { tempHome, type TempHome } from '../helpers/cli.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { displayWidth } from '../../src/render/text-layout.js';

const NOW = '2026-11-20T07:00:00.000Z';
let world: World;
let home: TempHome;
let db: string;
/** A fixed clock and time zone, so file names and dates are known. */
const env = { BRIEF_NOW: NOW, TZ: 'UTC' };

before(async () => {
  home = tempHome();
  world = await startWorld({ dir: home.dir, now: new Date(NOW) });
  db = path.join(home.dir, 'export.db');
});
after(async () => {
  await world.close();
});

test('--output-dir writes brief-YYYY-MM-DD.md and prints nothing; --output names the format by its extension', async () => {
  const dir = path.join(home.dir, 'briefs');
  const run = await home.run(['today', '--sources', world.opmlPath, '--db', db, '--no-llm', '--limit', '3', '--output-dir', dir], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, '');
  assert.deepEqual(readdirSync(dir), ['brief-2026-11-20.md'], 'one file, no temporary file left behind');
  const md = readFileSync(path.join(dir, 'brief-2026-11-20.md'), 'utf8');
  assert.match(md, /^# Brief — Friday, 20 November 2026\n/);
  assert.equal((md.match(/^## \d+\. /gm) ?? []).length, 3);

  const html = await home.run(['show', '--db', db, '--output', path.join(dir, 'today.html')], { env });
  assert.equal(html.code, 0, html.stderr);
  assert.equal(html.stdout, '');
  assert.match(readFileSync(path.join(dir, 'today.html'), 'utf8'), /^<!doctype html>[\s\S]*<h1[^>]*>Brief — Friday, 20 November 2026<\/h1>/);
  const json = await home.run(['show', '--db', db, '--output', path.join(dir, 'today.json')], { env });
  assert.equal(json.code, 0, json.stderr);
  assert.equal(JSON.parse(readFileSync(path.join(dir, 'today.json'), 'utf8')).schemaVersion, 1);
  const asText = await home.run(['show', '2026-11-20', '--db', db, '--format', 'html', '--output-dir', dir], { env });
  assert.equal(asText.code, 0, asText.stderr);
  assert.ok(existsSync(path.join(dir, 'brief-2026-11-20.html')), 'the format names the extension');
});

test('every format from one stored brief: text is plain and wrapped, json is versioned, terminal honours FORCE_COLOR', async () => {
  const text = await home.run(['show', '--db', db, '--format', 'text'], { env });
  assert.equal(text.code, 0, text.stderr);
  assert.doesNotMatch(text.stdout, /\u001b/);
  for (const line of text.stdout.split('\n')) if (!/^ {3}https?:\/\//.test(line)) assert.ok(displayWidth(line) <= 72, `too wide: ${line}`);

  const piped = await home.run(['show', '--db', db], { env });
  assert.match(piped.stdout, /^# Brief/, 'Markdown on a pipe');
  const forced = await home.run(['show', '--db', db, '--format', 'terminal'], { env: { ...env, FORCE_COLOR: '1' } });
  assert.match(forced.stdout, /\u001b\[1m/);
  const noColor = await home.run(['show', '--db', db, '--format', 'terminal'], { env: { ...env, FORCE_COLOR: '1', NO_COLOR: '1' } });
  assert.doesNotMatch(noColor.stdout, /\u001b/);
  const flag = await home.run(['--no-color', 'show', '--db', db, '--format', 'terminal'], { env: { ...env, FORCE_COLOR: '1' } });
  assert.doesNotMatch(flag.stdout, /\u001b/);
  assert.doesNotMatch(forced.stdout, /\u001b\]8;;/, 'no hyperlinks on a pipe, even with FORCE_COLOR');

  const json = JSON.parse((await home.run(['show', '--db', db, '--format', 'json'], { env })).stdout);
  assert.equal(json.schemaVersion, 1);
  assert.equal(json.stories.length, 3);
});

test('brief feed: the stored briefs as Atom and JSON Feed that a feed reader (brief itself) parses', async () => {
  const file = path.join(home.dir, 'feed.xml');
  const atom = await home.run(['feed', '--db', db, '--output', file], { env });
  assert.equal(atom.code, 0, atom.stderr);
  const parsed = await parseFeed(readFileSync(file, 'utf8'), 'file:///feed.xml', 'https://brief.example/');
  assert.equal(parsed.format, 'atom');
  assert.deepEqual(parsed.items.map((i) => i.title), ['Brief — Friday, 20 November 2026']);
  const again = await home.run(['feed', '--db', db], { env: { ...env, BRIEF_NOW: '2026-11-21T07:00:00Z' } });
  assert.equal(again.stdout, readFileSync(file, 'utf8'), 'the same briefs give the same feed, ids included');
  const json = await home.run(['feed', '--db', db, '--format', 'jsonfeed'], { env });
  assert.equal(JSON.parse(json.stdout).items.length, 1);
  assert.equal((await home.run(['feed', '--db', db, '--format', 'rss'], { env })).code, 2);
});

test('an output file that cannot be written: exit 1, one error line, and the brief is not stored', async () => {
  const blocker = path.join(home.dir, 'not-a-folder');
  writeFileSync(blocker, 'x');
  const otherDb = path.join(home.dir, 'unwritable.db');
  const run = await home.run(['today', '--sources', world.opmlPath, '--db', otherDb, '--no-llm', '--limit', '2', '--output', path.join(blocker, 'brief.md')], { env });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^error: cannot write .*not-a-folder\/brief\.md: E[A-Z]+:[^\n]*\n$/);
  assert.equal(run.stdout, '');
  const history = await home.run(['history', '--db', otherDb, '--json'], { env });
  assert.deepEqual(JSON.parse(history.stdout).briefs, [], 'the next --since last-run still covers this news');

  const both = await home.run(['show', '--db', db, '--output', 'a.md', '--output-dir', home.dir], { env });
  assert.equal(both.code, 2);
  assert.equal(both.stderr, 'error: --output and --output-dir cannot be used together\n');
});
