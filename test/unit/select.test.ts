import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankCandidates, type Candidate } from '../../src/stories/select.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

function candidate(source: string, id: string, publishedAt: string | undefined, firstSeenAt = hoursAgo(1), url = `https://${source}.example/${id}`): Candidate {
  return { sourceUrl: `https://${source}.example/feed`, sourceName: source, item: { id, url, title: `${source} ${id}`, publishedAt, firstSeenAt, sourceUrl: `https://${source}.example/feed` } };
}

test('keeps only the time window, newest first', () => {
  const ranked = rankCandidates([candidate('a', '1', hoursAgo(30)), candidate('b', '2', hoursAgo(2)), candidate('c', '3', hoursAgo(5))], { now: NOW, sinceMs: 24 * 3_600_000, limit: 10 });
  assert.deepEqual(ranked.map((r) => r.item.id), ['2', '3']);
});

test('no single source fills the brief', () => {
  const prolific = Array.from({ length: 8 }, (_, i) => candidate('busy', `b${i}`, hoursAgo(0.1 * (i + 1))));
  const others = [candidate('x', 'x1', hoursAgo(3)), candidate('y', 'y1', hoursAgo(4)), candidate('z', 'z1', hoursAgo(5))];
  const top5 = rankCandidates([...prolific, ...others], { now: NOW, sinceMs: 86_400_000, limit: 5 }).slice(0, 5);
  const fromBusy = top5.filter((r) => r.sourceName === 'busy').length;
  assert.ok(fromBusy <= 2, `busy source has ${fromBusy} of the top 5`);
  assert.deepEqual(new Set(top5.map((r) => r.sourceName)), new Set(['busy', 'x', 'y', 'z']));
});

test('future and missing dates fall back to first-seen time', () => {
  const future = candidate('a', 'f', new Date(NOW.getTime() + 5 * 86_400_000).toISOString(), hoursAgo(2));
  const undated = candidate('b', 'u', undefined, hoursAgo(3));
  const ranked = rankCandidates([future, undated], { now: NOW, sinceMs: 86_400_000, limit: 5 });
  assert.deepEqual(ranked.map((r) => [r.item.id, r.effectiveAt]), [['f', hoursAgo(2)], ['u', hoursAgo(3)]]);
});

test('the same URL from two feeds is one story', () => {
  const ranked = rankCandidates([candidate('a', '1', hoursAgo(1), undefined, 'https://same.example/x'), candidate('b', '2', hoursAgo(2), undefined, 'https://same.example/x')], { now: NOW, sinceMs: 86_400_000, limit: 5 });
  assert.equal(ranked.length, 1);
});

test('ranking is deterministic', () => {
  const items = [candidate('a', '1', hoursAgo(1)), candidate('b', '2', hoursAgo(1)), candidate('c', '3', hoursAgo(1))];
  const one = rankCandidates(items, { now: NOW, sinceMs: 86_400_000, limit: 3 }).map((r) => r.item.id);
  const two = rankCandidates([...items].reverse(), { now: NOW, sinceMs: 86_400_000, limit: 3 }).map((r) => r.item.id);
  assert.deepEqual(one, two);
});

test('canonical URLs: tracking parameters, fragments and trailing slashes do not make a new article', async () => {
  const { canonicalUrl } = await import('../../src/stories/canonical-url.js');
  assert.equal(canonicalUrl('https://News.example:443/a/b/?utm_source=rss&utm_medium=feed&id=7&fbclid=x#top'), 'https://news.example/a/b?id=7');
  assert.equal(canonicalUrl('https://news.example/a?b=2&a=1'), canonicalUrl('https://news.example/a?a=1&b=2'));
  assert.notEqual(canonicalUrl('https://news.example/a?id=1'), canonicalUrl('https://news.example/a?id=2'));
  const ranked = rankCandidates(
    [candidate('a', '1', hoursAgo(1), undefined, 'https://same.example/x?utm_source=a'), candidate('b', '2', hoursAgo(2), undefined, 'https://same.example/x/')],
    { now: NOW, sinceMs: 86_400_000, limit: 5 },
  );
  assert.equal(ranked.length, 1);
});
