/**
 * Feed content at the parser level, where the corpus's report cannot look: item URLs, content,
 * what a repair keeps, and hostile input that must cost bounded time (a test's timeout is the
 * hang guard: the quadratic versions of these take hours). Fixtures: test/fixtures/feeds/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedFeed } from '../../src/types.js';
import { MAX_ITEMS_PER_FEED, parseFeed } from '../../src/feeds/parse-feed.js';
import { prepareXml } from '../../src/feeds/xml-safety.js';
import { findFeedLinks, sniffBody } from '../../src/feeds/sniff.js';
import { parseFeedDate } from '../../src/feeds/dates.js';
import { readFixture } from './corpus.js';

const BASE = 'https://feeds.example/feed.xml';

function fixture(path: string): string {
  return readFixture(path).toString('utf8');
}

function byTitle(feed: ParsedFeed): Record<string, string> {
  return Object.fromEntries(feed.items.map((i) => [i.title, i.url]));
}

function rss(items: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;
}

describe('links', () => {
  it('javascript:, data:, vbscript: and file: links are dropped, never kept as the item URL', async () => {
    const feed = await parseFeed(fixture('hostile/javascript-links.xml'), BASE);
    assert.deepEqual(byTitle(feed), {
      'javascript: link': '',
      'data: link': '',
      'Obfuscated javascript: link': '',
      'vbscript: link': '',
      'file: link': '',
      'javascript: guid': '',
      'Safe link': 'https://safe.example/1',
    });
    assert.equal(feed.siteUrl, BASE, 'a javascript: channel link is no site URL');
  });

  it('JSON Feed: a javascript: url falls back to a safe external_url', async () => {
    const feed = await parseFeed(fixture('hostile/control-chars.json'), BASE);
    assert.deepEqual(feed.items.map((i) => i.url).sort(), ['', 'https://json-ctl.example/2']);
  });

  it('xml:base on the feed, an entry and a link resolve relative links, each against its own base', async () => {
    const feed = await parseFeed(fixture('content/xml-base.xml'), 'https://feeds.example/atom.xml');
    assert.deepEqual(byTitle(feed), {
      'Relative to the entry base': 'https://base.example/news/2026/story-one.html',
      'Relative to the link base': 'https://base.example/archive/story-two.html',
      'Relative to the feed base': 'https://base.example/story-three.html',
    });
    assert.equal(feed.siteUrl, 'https://base.example/news/');
  });

  it('relative links resolve against the URL the feed came from (after redirects)', async () => {
    const feed = await parseFeed(fixture('content/relative-links.xml'), 'https://old.example/rss', 'https://new.example/blog/rss');
    assert.deepEqual(byTitle(feed), {
      'Path-relative link': 'https://new.example/posts/one',
      'Protocol-relative link': 'https://cdn.example/posts/two',
      'Dot-relative link': 'https://new.example/blog/posts/three',
    });
  });

  it('Atom: <link> as text, links without rel, and rel="alternate" before enclosures', async () => {
    const quirks = byTitle(await parseFeed(fixture('content/atom-quirks.xml'), BASE));
    assert.equal(quirks['Link as text, not an attribute'], 'https://quirks.example/1');
    assert.equal(quirks['Links without rel or type'], 'https://quirks.example/4');
    const atom = byTitle(await parseFeed(fixture('formats/atom-10.xml'), BASE));
    assert.equal(atom['Chip plant breaks ground'], 'https://ledger.example/chip-plant');
  });

  it('an HTML page names the feed it links (http and https only)', async () => {
    await assert.rejects(parseFeed(fixture('content/html-with-atom-link.html'), 'https://blog.example/home'), {
      message: 'returned an HTML page, not a feed (the page links to a feed: https://blog.example/atom.xml?lang=en&v=2)',
    });
    assert.deepEqual(findFeedLinks('<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">', BASE), []);
  });
});

describe('formats and content', () => {
  it('Atom 0.3: issued/modified/created dates, escaped content', async () => {
    const feed = await parseFeed(fixture('formats/atom-03.xml'), BASE);
    assert.equal(feed.format, 'atom');
    assert.deepEqual(
      feed.items.map((i) => [i.title, i.publishedAt]),
      [
        ['Moving the blog to a new host', '2026-11-24T09:00:00.000Z'],
        ['Notes from the autumn meetup', '2026-10-30T18:00:00.000Z'],
      ],
    );
    assert.equal(feed.items[0]?.content, '<p>After ten years the blog moves.</p>');
  });

  it('Atom XHTML titles and content keep their text in document order', async () => {
    const quirks = await parseFeed(fixture('content/atom-quirks.xml'), BASE);
    assert.equal(quirks.title, 'Quirky Atom');
    assert.ok(quirks.items.some((i) => i.title === 'An XHTML title'));
    const atom = await parseFeed(fixture('formats/atom-10.xml'), BASE);
    assert.match(atom.items.find((i) => i.title === 'Chip plant breaks ground')?.content ?? '', /<p>Construction begins in spring\.<\/p>/);
  });

  it('unparseable dates lose only the date, in RSS, Atom and JSON Feed', async () => {
    const rssFeed = await parseFeed(fixture('content/bad-dates-rss.xml'), BASE);
    assert.equal(rssFeed.items.length, 6);
    assert.equal(rssFeed.items.find((i) => i.title === 'Tues weekday')?.publishedAt, '2026-11-24T07:00:00.000Z');
    assert.equal(rssFeed.items.find((i) => i.title === 'Garbage date')?.publishedAt, undefined);
    assert.equal(rssFeed.items.find((i) => i.title === 'Date with attributes')?.publishedAt, '2026-11-20T00:00:00.000Z');
    const atom = await parseFeed(fixture('content/bad-dates-atom.xml'), BASE);
    assert.deepEqual(atom.items.map((i) => i.publishedAt), ['2026-11-24T08:00:00.000Z', undefined, undefined]);
    const json = await parseFeed(fixture('content/bad-dates.json'), BASE);
    assert.equal(json.items.length, 3);
  });

  it('CDATA and entities come out as text', async () => {
    const feed = await parseFeed(fixture('content/cdata.xml'), BASE);
    assert.equal(feed.title, 'CDATA & Friends');
    assert.match(feed.items.find((i) => i.title === 'Fish & chips shop wins award')?.content ?? '', /stray \]\] and <!\[CDATA\[ looking/);
    assert.equal(prepareXml('<t>AT&T&nbsp;caf&eacute; &amp; &#233; &#60; &lt; &#x1F600;</t>'), '<t>AT&amp;T\u00a0café &amp; é &#60; &lt; 😀</t>');
  });

  it('a feed with 100,000 items keeps the newest 200, sorted, whatever their order', async () => {
    const order = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_000); // a permutation
    const items = order.map((i) => `<item><title>Item ${i}</title><pubDate>${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString()}</pubDate></item>`);
    const feed = await parseFeed(rss(items.join('')), BASE);
    assert.equal(feed.items.length, MAX_ITEMS_PER_FEED);
    assert.equal(feed.items[0]?.title, 'Item 99999');
    assert.equal(feed.items.at(-1)?.title, 'Item 99800');
  });

  it('undated items in a long feed: the first 200 in feed order', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => `<item><title>Undated ${i}</title></item>`);
    const feed = await parseFeed(rss(items.join('')), BASE);
    assert.deepEqual([feed.items[0]?.title, feed.items.at(-1)?.title], ['Undated 0', 'Undated 199']);
  });
});

describe('truncated and broken XML', () => {
  const full = fixture('formats/rss-20.xml');

  it('cut inside an item: the complete items are kept', async () => {
    const feed = await parseFeed(full.slice(0, full.indexOf('Harvest festival')), BASE);
    assert.deepEqual(feed.items.map((i) => i.title), ['Council approves new cycle lanes', 'Library extends opening hours']);
  });

  it('cut inside a tag or a comment; cut inside the first item is an error', async () => {
    const inTag = full.slice(0, full.indexOf('<pubDate>Sun') + 4);
    assert.equal((await parseFeed(inTag, BASE)).items.length, 2);
    const second = full.indexOf('</item>', full.indexOf('Library')) + '</item>'.length;
    assert.equal((await parseFeed(`${full.slice(0, second)}<!-- generated by`, BASE)).items.length, 2);
    await assert.rejects(parseFeed(full.slice(0, full.indexOf('<![CDATA[') + 12), BASE), { message: 'the RSS document is cut off before its first complete entry' });
  });

  it('the channel closed but not the root, or a stray close tag after the items', async () => {
    assert.equal((await parseFeed(full.replace('</rss>', ''), BASE)).items.length, 3);
    assert.equal((await parseFeed(full.replace('</channel>', '</chanel></channel>'), BASE)).items.length, 3);
  });

  it('broken items are dropped, the good ones kept; when nothing good is left, the error says why', async () => {
    const feed = await parseFeed(fixture('content/broken-item.xml'), BASE);
    assert.deepEqual(feed.items.map((i) => i.title), ['Fine item one', 'Fine item three', 'Fine item five']);
    await assert.rejects(parseFeed(rss('<item><title>a < b</title></item><item><title>c < d</title></item>'), BASE), { message: /^invalid RSS XML: / });
  });

  it('a JSON Feed cut off is an error: JSON cannot be read in part', async () => {
    const json = fixture('formats/jsonfeed-11.json');
    await assert.rejects(parseFeed(json.slice(0, 300), BASE), { message: /^invalid JSON Feed \(cut off or malformed\): / });
  });
});

describe("rss-parser's weak spots", () => {
  it('one failed parse leaves nothing behind for the next one', async () => {
    const good = fixture('formats/rss-20.xml');
    const first = await parseFeed(good, BASE);
    await assert.rejects(parseFeed('<rss version="2.0"><channel><title>x</title></channel><rss>', BASE));
    await assert.rejects(parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</entry></feed>', BASE));
    assert.deepEqual(await parseFeed(good, BASE), first);
  });

  it('shapes it would throw on: no version, no channel, an empty root, a prefixed Atom, an element named _', async () => {
    assert.equal((await parseFeed(fixture('content/rss-no-version.xml'), BASE)).items.length, 1);
    assert.equal((await parseFeed(fixture('content/rss-no-channel.xml'), BASE)).items.length, 1);
    assert.equal((await parseFeed('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item><title>a</title></item></rdf:RDF>', BASE)).items.length, 1);
    assert.deepEqual((await parseFeed('<rss version="2.0"/>', BASE)).items, []);
    assert.equal((await parseFeed(fixture('content/atom-prefixed.xml'), BASE)).items[0]?.url, 'https://prefixed.example/1');
    assert.equal((await parseFeed(rss('<item><title><_>u</_></title></item>'), BASE)).items.length, 1);
  });

  it('the format is told by content: OPML is not HTML, a PHP warning does not hide RSS, a late JSON Feed version still counts', async () => {
    assert.equal(sniffBody(fixture('content/opml.xml')), 'xml');
    assert.equal(sniffBody(fixture('content/php-warning.xml')), 'rss');
    const items = Array.from({ length: 100 }, (_, i) => ({ id: String(i), title: `Item ${i}`, content_text: 'x'.repeat(100) }));
    const late = JSON.stringify({ items, version: 'https://jsonfeed.org/version/1.1' });
    assert.equal(sniffBody(late), 'json');
    assert.equal((await parseFeed(late, BASE)).items.length, 100);
  });
});

describe('hostile content', { timeout: 60_000 }, () => {
  it('XXE: external entities, parameter entities and external DTDs are never resolved', async () => {
    for (const file of ['hostile/xxe-file.xml', 'hostile/xxe-parameter.xml', 'hostile/xxe-external-dtd.xml']) {
      const feed = await parseFeed(fixture(file).replaceAll('{{origin}}', 'http://127.0.0.1:9'), BASE);
      assert.equal(feed.items.length, 1, file);
      assert.doesNotMatch(JSON.stringify(feed), /root:|daemon:|ENTITY/, file);
    }
  });

  it('billion laughs and quadratic blowup expand nothing', async () => {
    const lol = await parseFeed(fixture('hostile/billion-laughs.xml'), BASE);
    assert.equal(lol.items[0]?.title, 'Laughs: &lol9;');
    const blowup = `<!DOCTYPE rss [<!ENTITY a "${'x'.repeat(100_000)}">]>${rss(`<item><title>B ${'&a;'.repeat(50_000)}</title></item>`)}`;
    const feed = await parseFeed(blowup, BASE);
    assert.ok((feed.items[0]?.title.length ?? 0) <= 1000);
  });

  it('escape sequences and control characters are removed whole from titles and authors', async () => {
    const ansi = await parseFeed(fixture('hostile/ansi.xml'), BASE);
    assert.deepEqual(ansi.items.map((i) => i.title).sort(), ['Cursor up and erase', 'Red alert title']);
    assert.equal(ansi.items.find((i) => i.title === 'Red alert title')?.author, 'blink@ansi.example (Eve)');
    assert.equal(ansi.title, 'ANSI Feed');
    const osc = await parseFeed(fixture('hostile/osc8.xml'), BASE);
    assert.deepEqual(osc.items.map((i) => i.title).sort(), ['Click here for news', 'Retitle the window']);
    const json = await parseFeed(fixture('hostile/control-chars.json'), BASE);
    assert.equal(json.title, 'Controls JSON');
    assert.equal(json.items.find((i) => i.title === 'JSON link text')?.author, 'Bold Name');
  });

  it('a 2 MB title is cut to 1,000 characters; a 9 MB attribute or 100,000-deep nesting drops only its item', async () => {
    const long = await parseFeed(rss(`<item><title>${'x'.repeat(2 * 1024 * 1024)}</title></item>`), BASE);
    assert.equal(long.items[0]?.title.length, 1000);
    assert.ok(long.items[0]?.title.endsWith('…'));
    const huge = await parseFeed(rss(`<item><title>Huge</title><enclosure url="${'a'.repeat(9 * 1024 * 1024)}"/></item><item><title>Small</title></item>`), BASE);
    assert.deepEqual(huge.items.map((i) => i.title), ['Small']);
    const deep = await parseFeed(rss(`<item><title>Deep</title><description>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</description></item><item><title>Shallow</title></item>`), BASE);
    assert.deepEqual(deep.items.map((i) => i.title), ['Shallow']);
  });

  // 300,000 repetitions: milliseconds for a linear scan, hours where a lazy regular expression
  // scans to the end once per occurrence.
  const n = 300_000;
  const floods: Array<[string, () => Promise<unknown>]> = [
    ['unterminated CDATA sections', () => parseFeed(rss(`<item><title>A</title></item><item><title>${'<![CDATA['.repeat(n)}`), BASE)],
    ['unterminated comments', () => parseFeed(rss(`<item><title>A</title></item>${'<!--'.repeat(n)}`), BASE)],
    ['unterminated DOCTYPEs', () => parseFeed(`${'<!DOCTYPE x ['.repeat(n)}<rss/>`, BASE).catch(() => undefined)],
    ['unclosed <link tags in an HTML page', () => parseFeed(`<html><head>${'<link'.repeat(n)}`, BASE).catch(() => undefined)],
    ['a title of unterminated OSC sequences', () => parseFeed(rss(`<item><title>T ${'\u001b]'.repeat(n)}</title></item>`), BASE)],
    ['a title of unclosed tags', () => parseFeed(rss(`<item><title>${'&lt;'.repeat(n)}</title></item>`), BASE)],
    ["rss-parser's snippet of a description", () => parseFeed(rss(`<item><title>S</title><description>${'a&lt;p'.repeat(n)}</description></item>`), BASE)],
    ['a date of parentheses', async () => assert.equal(parseFeedDate('('.repeat(n)), undefined)],
  ];
  for (const [name, run] of floods) {
    it(`linear time on a flood: ${name}`, async () => {
      await run();
    });
  }
});
