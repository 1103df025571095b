import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseOpml, toOpml } from '../../src/sources/opml.js';
import { parseUrlList } from '../../src/sources/url-list.js';
import { readSourcesFile } from '../../src/sources/read-sources-file.js';
import { loadConfigFile, saveSources, configuredSources } from '../../src/config/config.js';
import { DEFAULT_SOURCES } from '../../src/sources/defaults.js';

test('OPML: feeds with names, nested categories become tags, entities decoded', () => {
  const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
    <outline text="Tech &amp; Science">
      <outline type="rss" text="Ars" title="Ars Technica" xmlUrl="https://feeds.example/ars?a=1&amp;b=2"/>
      <outline text="AI"><outline type="rss" text="ML News" xmlUrl="https://ml.example/feed"/></outline>
    </outline>
    <outline type="rss" text="World" xmlUrl="https://world.example/rss" category="world,europe"/>
    <outline type="rss" text="Bad" xmlUrl="ftp://nope.example/feed"/>
  </body></opml>`;
  const { sources, skipped } = parseOpml(opml);
  assert.deepEqual(
    sources.map((s) => [s.url, s.name, s.tags]),
    [
      ['https://feeds.example/ars?a=1&b=2', 'Ars Technica', ['tech & science']],
      ['https://ml.example/feed', 'ML News', ['tech & science', 'ai']],
      ['https://world.example/rss', 'World', ['world', 'europe']],
    ],
  );
  assert.equal(skipped.length, 1);
});

test('OPML round trip keeps URLs, names and tags', () => {
  const sources = [{ url: 'https://a.example/feed?x=1&y=2', name: 'A "quoted" <name>', tags: ['t1', 't2'] }];
  assert.deepEqual(parseOpml(toOpml(sources)).sources, sources);
});

test('URL list: comments, newsboat tags and ~names, bad lines skipped with line numbers', () => {
  const text = ['# my feeds', '', 'https://a.example/rss', 'https://b.example/atom tech "space news" "~B Daily"', 'not-a-url', 'query:Unread:unread = "yes"', 'https://c.example/feed.json  # trailing comment'].join('\n');
  const { sources, skipped } = parseUrlList(text);
  assert.deepEqual(
    sources.map((s) => [s.url, s.name, s.tags]),
    [
      ['https://a.example/rss', undefined, []],
      ['https://b.example/atom', 'B Daily', ['tech', 'space news']],
      ['https://c.example/feed.json', undefined, []],
    ],
  );
  assert.equal(skipped.length, 2);
  assert.match(skipped[0]!, /^line 5:/);
});

test('a sources file is OPML or a URL list by content; an empty one is a usage error', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-src-'));
  const list = path.join(dir, 'feeds.txt');
  writeFileSync(list, 'https://a.example/rss\nhttps://a.example/rss\n');
  assert.equal(readSourcesFile(list).sources.length, 1, 'duplicates removed');
  const opml = path.join(dir, 'feeds.xml');
  writeFileSync(opml, toOpml([{ url: 'https://o.example/rss', tags: [] }]));
  assert.equal(readSourcesFile(opml).sources[0]?.url, 'https://o.example/rss');
  const empty = path.join(dir, 'empty.txt');
  writeFileSync(empty, '# nothing\n');
  assert.throws(() => readSourcesFile(empty), (err: Error & { exitCode?: number }) => err.exitCode === 2 && /no feed URLs found/.test(err.message));
  assert.throws(() => readSourcesFile(path.join(dir, 'missing.txt')), /cannot read sources file/);
});

test('config: defaults until sources are saved; saving keeps the user\'s comments and other settings', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-cfg-'));
  const file = path.join(dir, 'sub', 'config.yaml');
  const fresh = loadConfigFile(file);
  assert.equal(fresh.exists, false);
  assert.equal(configuredSources(fresh).sources.length, DEFAULT_SOURCES.length);
  saveSources(file, [{ url: 'https://a.example/rss', name: 'A', tags: ['x'] }]);
  writeFileSync(file, `# my settings\nollama:\n  model: qwen3:4b # small and good\n${readFileSync(file, 'utf8')}`);
  saveSources(file, [{ url: 'https://b.example/rss', tags: [] }]);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /# my settings/);
  assert.match(text, /# small and good/);
  const loaded = loadConfigFile(file);
  assert.equal(loaded.config.ollama?.model, 'qwen3:4b');
  assert.deepEqual(loaded.config.sources, [{ url: 'https://b.example/rss', name: undefined, tags: [] }]);
});

test('config: invalid settings are one clear usage error naming the file and the key', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-cfg-'));
  const file = path.join(dir, 'config.yaml');
  const bad = (yaml: string, pattern: RegExp) => {
    writeFileSync(file, yaml);
    assert.throws(() => loadConfigFile(file), (err: Error & { exitCode?: number }) => err.exitCode === 2 && pattern.test(err.message) && err.message.includes(file));
  };
  bad('sources:\n  - url: ftp://x.example/\n', /sources\[0\]\.url: .* not an http\(s\) URL/);
  bad('brief:\n  limit: -3\n', /brief\.limit/);
  bad('brief:\n  since: tomorrow\n', /brief\.since/);
  bad('colour: true\n', /unknown setting "colour"/);
  bad('sources: [unclosed\n', /not valid YAML/);
});

test('config: brief.keep is a duration and brief.since may be last-run', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-cfg-'));
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, 'brief:\n  since: last-run\n  keep: 90d\n');
  assert.deepEqual(loadConfigFile(file).config.brief, { limit: undefined, since: 'last-run', lang: undefined, keep: '90d' });
  writeFileSync(file, 'brief:\n  keep: forever\n');
  assert.throws(() => loadConfigFile(file), /brief\.keep/);
});
