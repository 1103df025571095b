import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateEta, formatDuration, progressLine, runSummaryLine } from '../../src/render/progress.js';
import { ProgressTracker } from '../../src/cli/progress.js';
import type { RunStats } from '../../src/pipeline/run-brief.js';

test('the status line: each stage as it is reached, tokens per second, ETA', () => {
  assert.equal(progressLine({ feeds: { done: 3, total: 12 } }), 'feeds fetched 3/12');
  assert.equal(
    progressLine({ feeds: { done: 12, total: 12 }, articles: { done: 4, total: 10 }, summaries: { done: 2, total: 10 }, tokensPerSecond: 31.4, etaMs: 40_000 }),
    'feeds fetched 12/12 · articles extracted 4/10 · stories summarized 2/10 · 31 tokens/s · ETA 40s',
  );
});

test('the closing summary line: fetched, unchanged, failed, cached, summarized, time', () => {
  const stats: RunStats = {
    feeds: { total: 12, fetched: 9, unchanged: 1, failed: 1, late: 1, newItems: 40 },
    articles: { fetched: 7, cached: 3, fromFeed: 1 },
    summaries: { made: 4, cached: 6, fallback: 0 },
    stories: { candidates: 30, alreadyShown: 2, updates: 0 },
  };
  assert.equal(runSummaryLine(stats, 8_140), '12 feeds: 9 fetched, 1 unchanged, 1 failed, 1 late (cached items used) · 10 articles: 7 read, 3 cached, 1 from the feed · 10 summaries: 4 new, 6 cached · 8.1s');
  const warm: RunStats = { ...stats, feeds: { total: 1, fetched: 0, unchanged: 1, failed: 0, late: 0, newItems: 0 }, articles: { fetched: 0, cached: 2, fromFeed: 0 }, summaries: { made: 0, cached: 2, fallback: 0 } };
  assert.equal(runSummaryLine(warm, 400), '1 feed: 0 fetched, 1 unchanged · 2 articles: 0 read, 2 cached · 2 summaries: 0 new, 2 cached · 0.4s');
});

test('durations and the ETA', () => {
  assert.deepEqual([450, 8_140, 42_400, 185_000].map(formatDuration), ['0.5s', '8.1s', '42s', '3m 05s']);
  assert.equal(estimateEta(20_000, 2, 10), 80_000);
  assert.equal(estimateEta(20_000, 0, 10), undefined);
  assert.equal(estimateEta(20_000, 10, 10), undefined);
});

test('the tracker: ETA at the pace since the feeds were in; tokens/s from the model calls', () => {
  let t = 0;
  const lines: string[] = [];
  const p = new ProgressTracker((line) => lines.push(line), () => t);
  p.onProgress('feeds', 1, 2);
  t = 5_000;
  p.onProgress('feeds', 2, 2);
  t = 9_000;
  p.onProgress('articles', 1, 4);
  p.onModelCall({ provider: 'ollama', model: 'm', promptVersion: '1', purpose: 'summary', durationMs: 4_000, completionTokens: 120, outcome: 'ok' });
  t = 15_000;
  p.onProgress('summaries', 1, 4);
  assert.equal(lines.at(-1), 'feeds fetched 2/2 · articles extracted 1/4 · stories summarized 1/4 · 30 tokens/s · ETA 30s');
  t = 25_000;
  p.onProgress('summaries', 4, 4);
  assert.equal(lines.at(-1), 'feeds fetched 2/2 · articles extracted 1/4 · stories summarized 4/4 · 30 tokens/s');
});
