import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { prepareXml } from '../../src/feeds/xml-safety.js';
import { sniffBody } from '../../src/feeds/sniff.js';

const BASE = 'https://news.example/feed.xml';

test('RSS 2.0: items with absolute URLs, dates, authors and the fullest content', async () => {
  const xml = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Example &amp; News</title><link>https://news.example/</link>
    <item><title>First</title><link>/a/1</link><guid isPermaLink="false">id-1</guid><pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate><dc:creator>Ana Ruiz</dc:creator>
      <description>Short teaser.</description><content:encoded><![CDATA[<p>The full text of the first story.</p>]]></content:encoded></item>
    <item><title>Second</title><link>https://news.example/a/2</link><pubDate>Wed, 25 Nov 2026 12:00:00 +0000</pubDate></item>
  </channel></rss>`;
  const feed = await parseFeed(xml, BASE);
  assert.equal(feed.format, 'rss');
  assert.equal(feed.title, 'Example & News');
  assert.deepEqual(feed.items.map((i) => i.title), ['Second', 'First'], 'newest first');
  const first = feed.items[1]!;
  assert.equal(first.url, 'https://news.example/a/1');
  assert.equal(first.publishedAt, '2026-11-25T10:00:00.000Z');
  assert.equal(first.author, 'Ana Ruiz');
  assert.match(first.content ?? '', /full text of the first story/);
});

test('item ids are stable across fetches and differ between feeds', async () => {
  const xml = `<rss version="2.0"><channel><item><title>A</title><guid>g1</guid><link>https://x.example/1</link></item></channel></rss>`;
  const a = await parseFeed(xml, BASE);
  const b = await parseFeed(xml.replace('<title>A</title>', '<title>A (updated)</title>'), BASE);
  const c = await parseFeed(xml, 'https://other.example/feed');
  assert.equal(a.items[0]!.id, b.items[0]!.id, 'an edited title keeps the GUID identity');
  assert.notEqual(a.items[0]!.id, c.items[0]!.id);
});

test('RSS 1.0 (RDF) and RSS 0.91', async () => {
  const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel rdf:about="https://r.example/"><title>RDF</title><link>https://r.example/</link></channel>
    <item rdf:about="https://r.example/1"><title>RDF item</title><link>https://r.example/1</link><dc:date>2026-11-25T08:00:00Z</dc:date></item></rdf:RDF>`;
  const f1 = await parseFeed(rdf, BASE);
  assert.equal(f1.format, 'rdf');
  assert.equal(f1.items[0]?.title, 'RDF item');
  assert.equal(f1.items[0]?.publishedAt, '2026-11-25T08:00:00.000Z');
  const rss091 = `<rss version="0.91"><channel><title>Old</title><item><title>Old item</title><link>https://o.example/1</link><description>d</description></item></channel></rss>`;
  const f2 = await parseFeed(rss091, BASE);
  assert.equal(f2.items[0]?.url, 'https://o.example/1');
});

test('Atom: relative links resolve, and an unparseable date loses only that date', async () => {
  const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
    <entry><title>Good</title><id>tag:1</id><link rel="alternate" href="/posts/1"/><published>2026-11-25T09:00:00Z</published><content type="html">&lt;p&gt;Body&lt;/p&gt;</content><author><name>Kim</name></author></entry>
    <entry><title>Bad date</title><id>tag:2</id><link href="https://a.example/2"/><updated>yesterday-ish</updated><summary>S</summary></entry></feed>`;
  const feed = await parseFeed(atom, 'https://a.example/feed.atom');
  assert.equal(feed.format, 'atom');
  assert.equal(feed.items.length, 2);
  const good = feed.items.find((i) => i.title === 'Good')!;
  assert.equal(good.url, 'https://a.example/posts/1');
  assert.equal(good.publishedAt, '2026-11-25T09:00:00.000Z');
  assert.equal(feed.items.find((i) => i.title === 'Bad date')?.publishedAt, undefined);
});

test('JSON Feed 1.1 and 1.0', async () => {
  const jf = JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'JF',
    home_page_url: 'https://j.example/',
    items: [
      { id: 1, url: '/p/1', title: 'One', content_html: '<p>Hi</p>', date_published: '2026-11-25T07:00:00Z', authors: [{ name: 'Lee' }] },
      { id: '2', external_url: 'https://elsewhere.example/2', content_text: 'No title here' },
      'not an item',
    ],
  });
  const feed = await parseFeed(jf, 'https://j.example/feed.json');
  assert.equal(feed.format, 'jsonfeed');
  assert.equal(feed.items.length, 2);
  assert.equal(feed.items[0]?.url, 'https://j.example/p/1');
  assert.equal(feed.items[0]?.author, 'Lee');
  const v10 = JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'Old', items: [{ id: 'a', url: 'https://j.example/a', title: 'A', author: { name: 'Old Author' } }] });
  assert.equal((await parseFeed(v10, BASE)).items[0]?.author, 'Old Author');
});

test('HTML served as a feed says so, and names the feed the page links to', async () => {
  const html = '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body>Hi</body></html>';
  await assert.rejects(parseFeed(html, 'https://h.example/news'), /returned an HTML page, not a feed \(the page links to a feed: https:\/\/h\.example\/rss\)/);
  await assert.rejects(parseFeed('<html><body>x</body></html>', BASE), /^FeedFormatError: returned an HTML page, not a feed$/);
});

test('XXE and billion laughs: entities are never declared, so never expanded', async () => {
  const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>t</title><item><title>A &xxe; B</title><link>https://x.example/1</link></item></channel></rss>`;
  const feed = await parseFeed(xxe, BASE);
  assert.equal(feed.items[0]?.title, 'A &xxe; B');
  assert.doesNotMatch(JSON.stringify(feed), /root:/);
  const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><rss version="2.0"><channel><title>&lol9;</title><item><title>x</title><link>https://x.example/1</link></item></channel></rss>`;
  const parsed = await parseFeed(lol, BASE);
  assert.ok((parsed.title ?? '').length < 20, 'no expansion');
});

test('HTML named entities and bare ampersands do not break strict XML parsing', async () => {
  assert.equal(prepareXml('<t>AT&T&nbsp;caf&eacute; &amp; &#233; &#38;</t>'), '<t>AT&amp;T\u00a0café &amp; é &#38;</t>');
  assert.equal(prepareXml('<![CDATA[a &nbsp; b]]>'), '<![CDATA[a &nbsp; b]]>', 'CDATA untouched');
  const xml = `<rss version="2.0"><channel><title>T</title><item><title>Q&amp;A: R&D at AT&T&nbsp;&mdash; today</title><link>https://x.example/1</link></item></channel></rss>`;
  assert.equal((await parseFeed(xml, BASE)).items[0]?.title, 'Q&A: R&D at AT&T — today');
});

test('sniffing goes by content, not by name', () => {
  assert.equal(sniffBody('\uFEFF<?xml version="1.0"?>\n<!-- c --><rss version="2.0">'), 'rss');
  assert.equal(sniffBody('<feed xmlns="http://www.w3.org/2005/Atom">'), 'atom');
  assert.equal(sniffBody('{"version":"https://jsonfeed.org/version/1.1","items":[]}'), 'jsonfeed');
  assert.equal(sniffBody('{"hello":1}'), 'json');
  assert.equal(sniffBody('<!doctype html><html>'), 'html');
  assert.equal(sniffBody('plain text'), 'unknown');
});
