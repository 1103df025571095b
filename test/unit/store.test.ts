import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Store } from '../../src/store/store.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import type { Article, Brief, FeedItem, Summary } from '../../src/types.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'brief-store-'));
const item = (id: string, title = `T ${id}`): FeedItem => ({ id, url: `https://x.example/${id}`, title, publishedAt: '2026-11-25T10:00:00.000Z' });

test('a blank database gets the whole schema, in WAL mode', () => {
  const file = path.join(tmp(), 'nested', 'brief.db');
  const store = Store.open(file);
  assert.equal(store.schemaVersion(), MIGRATIONS[MIGRATIONS.length - 1]!.version);
  store.close();
  const db = new Database(file);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
  assert.deepEqual(tables, ['articles', 'briefs', 'items', 'model_calls', 'schema_migrations', 'shown_articles', 'sources', 'summaries']);
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
