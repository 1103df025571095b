import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Store, ftsQuery } from '../../src/store/store.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import type { Article, Brief, FeedItem, Story, Summary } from '../../src/types.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'brief-store-'));
const item = (id: string, title = `T ${id}`): FeedItem => ({ id, url: `https://x.example/${id}`, title, publishedAt: '2026-11-25T10:00:00.000Z' });

test('a blank database gets the whole schema, in WAL mode', () => {
  const file = path.join(tmp(), 'nested', 'brief.db');
  const store = Store.open(file);
  assert.equal(store.schemaVersion(), MIGRATIONS[MIGRATIONS.length - 1]!.version);
  store.close();
  const db = new Database(file);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '%search_%' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
  assert.deepEqual(tables, ['articles', 'articles_search', 'brief_stories', 'briefs', 'embeddings', 'items', 'model_calls', 'schema_migrations', 'shown_articles', 'sources', 'stories_search', 'summaries']);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
});

test('reopening applies nothing twice and keeps the data', () => {
  const file = path.join(tmp(), 'brief.db');
  const a = Store.open(file);
  a.recordFeed('https://f.example/rss', { status: 200, validators: { etag: '"1"' }, at: '2026-11-25T10:00:00Z' }, [item('1')]);
  a.close();
  const b = Store.open(file);
  assert.equal(b.counts().items, 1);
  assert.equal(b.sourceState('https://f.example/rss').validators.etag, '"1"');
  b.close();
});

test('recordFeed reports only new items; a 304 keeps validators; errors are stored per source', () => {
  const store = Store.open(':memory:');
  const src = 'https://f.example/rss';
  assert.deepEqual(store.recordFeed(src, { status: 200, title: 'F', validators: { etag: '"1"' }, at: '2026-11-25T10:00:00Z' }, [item('1'), item('2')]), ['1', '2']);
  assert.deepEqual(store.recordFeed(src, { status: 200, validators: { etag: '"2"' }, at: '2026-11-25T11:00:00Z' }, [item('2', 'edited'), item('3')]), ['3']);
  assert.equal(store.itemsOfSource(src).find((i) => i.id === '2')?.title, 'edited');
  assert.equal(store.itemsOfSource(src).find((i) => i.id === '2')?.firstSeenAt, '2026-11-25T10:00:00Z', 'first-seen time is kept');
  store.recordNotModified(src, {}, '2026-11-25T12:00:00Z');
  assert.deepEqual(store.sourceState(src).validators, { etag: '"2"', lastModified: undefined });
  assert.equal(store.sourceState(src).title, 'F');
  store.recordFetchError(src, 'HTTP 500 Internal Server Error', 500, '2026-11-25T13:00:00Z');
  assert.equal(store.itemsOfSource(src).length, 3, 'a failed fetch loses nothing cached');
  store.close();
});

test('articles, summaries and briefs round-trip', () => {
  const store = Store.open(':memory:');
  const article: Article = { url: 'https://x.example/1', title: 'T', text: 'Body', wordCount: 1, readMinutes: 1, origin: 'feed', originReason: 'page unreachable: HTTP 404 Not Found' };
  store.saveArticle(article, '2026-11-25T10:00:00Z');
  assert.deepEqual(store.article(article.url), article);
  const summary: Summary = { headline: 'H', summary: 'S', keyPoints: [{ label: 'What happened', text: 'x' }], method: 'extractive', model: null, language: 'en' };
  store.saveSummary('k', { contentHash: 'h', model: 'extractive', promptVersion: '1' }, summary, '2026-11-25T10:00:00Z');
  assert.deepEqual(store.summary('k'), summary);
  const brief = (generatedAt: string): Brief => ({ date: '2026-11-25', generatedAt, stories: [], errors: [], summarizer: { method: 'extractive', model: null } });
  store.saveBrief(brief('2026-11-25T08:00:00Z'));
  store.saveBrief(brief('2026-11-25T09:00:00Z'));
  assert.equal(store.latestBrief('2026-11-25')?.generatedAt, '2026-11-25T09:00:00Z');
  assert.equal(store.latestBrief('2026-11-24'), undefined);
  store.close();
});

test('a file that is not a database is a clear error, not a stack trace', () => {
  const file = path.join(tmp(), 'not.db');
  writeFileSync(file, 'this is not sqlite '.repeat(100));
  assert.throws(() => Store.open(file), (err: Error) => /^cannot open database .*not\.db: the file is not a brief database or is corrupt$/.test(err.message));
});

// --- search, history, retention ------------------------------------------------

const article = (url: string, title: string, text: string): Article => ({ url, title, text, wordCount: text.split(' ').length, readMinutes: 1, origin: 'page', siteName: 'Northwind Daily' });
const storyOf = (url: string, headline: string, summary: string): Story => ({
  id: url,
  headline,
  summary,
  keyPoints: [{ label: 'What happened', text: 'Engineers replaced corroded plates.' }],
  url,
  title: headline,
  source: 'Harbor Ledger',
  sourceUrl: 'https://ledger.example/rss',
  publishedAt: null,
  readMinutes: 2,
  method: 'extractive',
  model: null,
  language: 'en',
  textOrigin: 'page',
  articles: [],
  update: false,
  topics: [],
  ranking: { score: 1, reasons: [] },
});
const briefOf = (date: string, generatedAt: string, stories: Story[]): Brief => ({ date, generatedAt, stories, errors: [], summarizer: { method: 'extractive', model: null } });

test('search: ranked, with snippets; a title match beats a passing mention; an updated article is re-indexed', () => {
  const store = Store.open(':memory:');
  store.saveArticle(article('https://x.example/mention', 'Budget talks resume', 'The council met again. Someone mentioned the heatwave in passing, among many other topics of the day.'), '2026-11-20T10:00:00Z');
  store.saveArticle(article('https://x.example/heat', 'Heatwave plan adopted by seven towns', 'Seven towns adopted a plan for the next heatwave, with cooling centres and phone calls.'), '2026-11-20T10:00:00Z');
  store.saveArticle(article('https://x.example/other', 'Rovers win the title', 'A late goal settled it.'), '2026-11-20T10:00:00Z');
  const hits = store.search('heatwave', { marks: ['[', ']'] });
  assert.deepEqual(hits.map((h) => h.url), ['https://x.example/heat', 'https://x.example/mention']);
  assert.equal(hits[0]!.title, 'Heatwave plan adopted by seven towns');
  assert.equal(hits[0]!.source, 'Northwind Daily');
  assert.match(hits[1]!.snippet, /\[heatwave\]/);
  // Diacritics and case do not matter; every word must match.
  assert.equal(store.search('HEATWÄVE cooling').length, 1);
  assert.equal(store.search('heatwave goal').length, 0);
  // The source's name is searched; the URL's words (hosts, paths) are not.
  assert.equal(store.search('northwind heatwave').length, 2);
  assert.equal(store.search('example').length, 0);
  assert.match(hits[0]!.snippet, /^Seven towns adopted/, 'the snippet comes from the text, not the title');
  // Re-saving an article replaces its indexed text.
  store.saveArticle(article('https://x.example/heat', 'Cold snap plan', 'Seven towns prepared for frost.'), '2026-11-21T10:00:00Z');
  assert.deepEqual(store.search('heatwave').map((h) => h.url), ['https://x.example/mention']);
  assert.deepEqual(store.search('frost').map((h) => h.url), ['https://x.example/heat']);
  assert.equal(store.integrity(), 'ok', 'the index holds no stale entries');
  store.close();
});

test('search: stories of stored briefs, one hit per URL with the brief date; --since; FTS syntax is just text', () => {
  const store = Store.open(':memory:');
  store.saveArticle(article('https://x.example/bridge', 'Harbour Bridge reopens', 'The bridge reopened after eight months of repairs.'), '2026-10-01T10:00:00Z');
  store.saveBrief(briefOf('2026-10-01', '2026-10-01T07:00:00Z', [storyOf('https://x.example/bridge?utm_source=rss', 'Harbour Bridge reopens to traffic', 'The bridge reopened on Monday.')]));
  store.saveBrief(briefOf('2026-11-20', '2026-11-20T07:00:00Z', [storyOf('https://y.example/plates', 'Steel plates recycled', 'Old plates from the bridge become benches.')]));
  const hits = store.search('bridge');
  assert.deepEqual(hits.map((h) => h.url.replace(/\?.*/, '')).sort(), ['https://x.example/bridge', 'https://y.example/plates'], 'a story and its article (tracking parameters aside) are one hit');
  assert.equal(hits.find((h) => h.url.startsWith('https://x.example/bridge'))?.briefDate, '2026-10-01');
  assert.equal(store.search('corroded').length, 2, 'key points are searched');
  assert.deepEqual(store.search('bridge', { sinceIso: '2026-11-01T00:00:00Z' }).map((h) => h.url), ['https://y.example/plates']);
  for (const hostile of ['bridge -"', 'NEAR(bridge', 'url:bridge', 'bridge AND OR', '"unclosed phrase']) assert.doesNotThrow(() => store.search(hostile), hostile);
  assert.throws(() => store.search(' -- '), /nothing to search for/);
  store.close();
});

test('ftsQuery: words, "phrases", prefix* and OR, every term quoted', () => {
  assert.equal(ftsQuery('heat plan'), '"heat" "plan"');
  assert.equal(ftsQuery('"heat plan" towns'), '"heat plan" "towns"');
  assert.equal(ftsQuery('clim* OR weather'), '"clim"* OR "weather"');
  assert.equal(ftsQuery('OR heat OR'), '"heat"');
  assert.equal(ftsQuery('say "hi'), '"say" "hi"');
  assert.equal(ftsQuery('a"b'), '"a""b"');
  assert.equal(ftsQuery('- * ()'), '');
});

test('a database from before search gets its articles and briefs indexed on open', () => {
  const file = path.join(tmp(), 'old.db');
  const db = new Database(file);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of MIGRATIONS.filter((m) => m.version <= 3)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01T00:00:00Z');
  }
  db.prepare('INSERT INTO articles VALUES (?, ?, ?, ?, ?)').run('https://x.example/old', 'page', 5, JSON.stringify(article('https://x.example/old', 'Lighthouse restored', 'The old lighthouse shines again.')), '2026-01-02T00:00:00Z');
  db.prepare('INSERT INTO briefs (date, generated_at, brief_json) VALUES (?, ?, ?)').run('2026-01-02', '2026-01-02T07:00:00Z', JSON.stringify(briefOf('2026-01-02', '2026-01-02T07:00:00Z', [storyOf('https://x.example/ferry', 'Ferry service returns', 'Boats run again.')])));
  db.close();
  const store = Store.open(file);
  assert.deepEqual(store.search('lighthouse').map((h) => h.url), ['https://x.example/old']);
  assert.deepEqual(store.search('ferry').map((h) => [h.url, h.briefDate]), [['https://x.example/ferry', '2026-01-02']]);
  assert.deepEqual(store.search('corroded').map((h) => h.url), ['https://x.example/ferry'], 'key points of old briefs are indexed');
  assert.equal(store.integrity(), 'ok');
  store.close();
});

test('history lists briefs newest first; prune deletes what is older, from the index too; vacuum shrinks the file', () => {
  const file = path.join(tmp(), 'prune.db');
  const store = Store.open(file);
  const text = 'Words about the harbour and its cranes. '.repeat(400);
  for (let i = 0; i < 200; i++) store.saveArticle(article(`https://x.example/old/${i}`, `Old harbour story ${i}`, text), '2026-01-01T00:00:00Z');
  store.saveArticle(article('https://x.example/new', 'New harbour story', 'Cranes arrive at the harbour.'), '2026-11-20T00:00:00Z');
  store.saveBrief(briefOf('2026-01-01', '2026-01-01T07:00:00Z', [storyOf('https://x.example/old/1', 'Old harbour story', 'Cranes.')]));
  store.saveBrief(briefOf('2026-11-20', '2026-11-20T07:00:00Z', [storyOf('https://x.example/new', 'New harbour story', 'Cranes arrive.'), storyOf('https://x.example/b', 'B', 'b')]));
  store.recordFeed('https://f.example/rss', { status: 200, validators: {}, at: '2026-01-01T00:00:00Z' }, [item('gone')]);
  store.recordFeed('https://g.example/rss', { status: 200, validators: { etag: '"1"' }, at: '2026-01-01T00:00:00Z' }, [item('still-listed')]);
  store.recordNotModified('https://g.example/rss', { etag: '"1"' }, '2026-11-20T00:00:00Z');

  const listed = store.listBriefs(10);
  assert.deepEqual(listed.map((b) => [b.date, b.stories, b.lead]), [['2026-11-20', 2, 'New harbour story'], ['2026-01-01', 1, 'Old harbour story']]);
  assert.deepEqual(store.recentBriefs(1).map((b) => b.date), ['2026-11-20']);

  const counts = store.prune('2026-06-01T00:00:00Z');
  assert.deepEqual(counts, { briefs: 1, articles: 200, summaries: 0, items: 1, shownArticles: 0, modelCalls: 0, embeddings: 0 });
  assert.deepEqual(store.search('harbour').map((h) => h.url), ['https://x.example/new']);
  assert.deepEqual(store.listBriefs(10).map((b) => b.date), ['2026-11-20']);
  assert.deepEqual(store.itemsOfSource('https://g.example/rss').map((i) => i.id), ['still-listed'], 'a 304 vouches for its items');
  const size = () => ['', '-wal'].reduce((n, suffix) => n + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);
  const before = size();
  assert.ok(store.freeRatio() > 0 || before > 0);
  store.vacuum();
  assert.ok(size() < before / 2, `${size()} bytes after VACUUM, ${before} before`);
  assert.equal(store.integrity(), 'ok');
  store.close();
});

test('a database from an older version is migrated on open, keeping its data', () => {
  const file = path.join(tmp(), 'old.db');
  const old = new Database(file);
  // What the first release created: migration 1 only.
  old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  old.exec(MIGRATIONS[0]!.sql);
  old.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(MIGRATIONS[0]!.name, '2026-01-01T00:00:00Z');
  old.prepare("INSERT INTO items (id, source_url, url, title, first_seen_at, last_seen_at) VALUES ('i1', 'https://f.example/rss', 'https://f.example/1', 'Kept', 'x', 'x')").run();
  old.close();
  const store = Store.open(file);
  assert.equal(store.schemaVersion(), MIGRATIONS[MIGRATIONS.length - 1]!.version);
  assert.equal(store.itemsOfSource('https://f.example/rss')[0]?.title, 'Kept');
  store.close();
});

test('embeddings round-trip as float32 vectors under their key; prune drops old ones', () => {
  const store = Store.open(path.join(tmp(), 'e.db'));
  const vector = Float32Array.from([0.6, -0.8, 1e-7]);
  store.saveEmbeddings([{ key: 'k1', model: 'nomic-embed-text', vector }], '2026-11-20T00:00:00Z');
  const found = store.embeddings(['k1', 'absent']);
  assert.deepEqual([...found.keys()], ['k1']);
  assert.deepEqual([...found.get('k1')!], [...vector]);
  assert.equal(store.prune('2026-11-21T00:00:00Z').embeddings, 1);
  assert.equal(store.embeddings(['k1']).size, 0);
  store.close();
});
