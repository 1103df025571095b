import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalUrl, articleUrl } from '../../src/stories/canonical-url.js';

test('tracking parameters, fragment, default port, trailing slash and host case go; the query is sorted', () => {
  assert.equal(canonicalUrl('https://News.example:443/a/b/?utm_source=rss&utm_medium=feed&id=7&fbclid=x#top'), 'https://news.example/a/b?id=7');
  assert.equal(canonicalUrl('http://news.example:80/a?gclid=1&msclkid=2'), 'http://news.example/a');
  assert.equal(canonicalUrl('https://news.example/a?b=2&a=1'), canonicalUrl('https://news.example/a?a=1&b=2'));
});

test('AMP variants become the page they mirror', () => {
  const page = 'https://news.example/world/story-123';
  for (const amp of [
    'https://news.example/world/story-123/amp',
    'https://news.example/world/story-123/amp/',
    'https://news.example/amp/world/story-123',
    'https://news.example/world/story-123.amp',
    'https://news.example/world/story-123?amp',
    'https://news.example/world/story-123?amp=1',
    'https://news.example/world/story-123?outputType=amp',
    'https://amp.news.example/world/story-123',
    'https://news-example.cdn.ampproject.org/c/s/news.example/world/story-123',
    'https://www.google.com/amp/s/news.example/world/story-123/amp?utm_source=twitter',
  ]) {
    assert.equal(canonicalUrl(amp), page, amp);
  }
  assert.equal(canonicalUrl('https://news.example/world/story-123.amp.html'), 'https://news.example/world/story-123.html');
});

test('conservative: different articles keep different canonical URLs', () => {
  const distinct = [
    'https://news.example/a?id=1',
    'https://news.example/a?id=2',
    'https://news.example/a?amp=0',
    'https://news.example:8080/a',
    'https://news.example/ampere/review',
    'https://news.example/reviews/ampere',
    'https://news.example/amp',
    'https://amp.dev/about',
    'https://news.example/A',
  ];
  assert.equal(new Set(distinct.map(canonicalUrl)).size, distinct.length);
  assert.equal(canonicalUrl('not a url'), 'not a url');
});

test("the page's declared canonical URL wins, unless it is unusable", () => {
  assert.equal(articleUrl('https://feed.example/a?utm_source=rss', 'https://news.example/story?utm_medium=x'), 'https://news.example/story');
  assert.equal(articleUrl('https://news.example/2026/a', '/story/a/'), 'https://news.example/story/a');
  // A canonical pointing at the home page would merge every article of the site.
  assert.equal(articleUrl('https://news.example/a/?fbclid=1', 'https://news.example/'), 'https://news.example/a');
  assert.equal(articleUrl('https://news.example/a', 'javascript:void(0)'), 'https://news.example/a');
  assert.equal(articleUrl('https://news.example/a', 'http://[bad'), 'https://news.example/a');
  assert.equal(articleUrl('https://news.example/a'), 'https://news.example/a');
});
