import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { startDemoServer, type DemoServer } from '../../src/demo/server.js';

const NOW = new Date('2025-11-25T12:00:00Z');
const HOUR = 3_600_000;
/** The one demo story published in its feed only: its link answers 404 on purpose. */
const FEED_ONLY = new Set(['/articles/ferry-service-resumes.html']);

interface DemoItem {
  feed: string;
  link: string;
  date: Date;
  /** Full text the feed itself carries (JSON Feed content_html), if any. */
  content?: string;
}

/** Fetches and parses every demo feed, checking each is well-formed in its declared format. */
async function readFeeds(demo: DemoServer): Promise<DemoItem[]> {
  const items: DemoItem[] = [];
  for (const url of demo.feedUrls) {
    const res = await fetch(url);
    assert.equal(res.status, 200, url);
    const text = await res.text();
    assert.ok(!text.includes('{{'), `${url} has an unfilled template`);
    const type = res.headers.get('content-type') ?? '';
    if (url.endsWith('.feed.json')) {
      assert.equal(type, 'application/feed+json; charset=utf-8');
      const feed = JSON.parse(text) as { version: string; items: Array<{ url: string; date_published: string; content_html?: string }> };
      assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
      for (const it of feed.items) {
        assert.match(it.date_published, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        items.push({ feed: url, link: it.url, date: new Date(it.date_published), ...(it.content_html ? { content: it.content_html } : {}) });
      }
      continue;
    }
    const isRss = url.endsWith('.rss.xml');
    assert.equal(type, isRss ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8');
    assert.match(text, isRss ? /<rss version="2\.0"/ : /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
    // rss-parser runs a strict XML parser: malformed XML rejects.
    const feed = await new Parser().parseString(text);
    const rawDates = [...text.matchAll(isRss ? /<pubDate>([^<]*)</g : /<(?:published|updated)>([^<]*)</g)].map((m) => m[1]);
    for (const raw of rawDates) {
      assert.match(raw ?? '', isRss ? /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/ : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    for (const it of feed.items) {
      assert.ok(it.pubDate, `${url}: item without a date`);
      items.push({ feed: url, link: it.link ?? '', date: new Date(it.pubDate) });
    }
  }
  return items;
}

describe('demo server', () => {
  let demo: DemoServer;
  let items: DemoItem[];
  before(async () => {
    demo = await startDemoServer({ now: () => NOW });
    items = await readFeeds(demo);
  });
  after(() => demo.close());

  it('serves three feeds (RSS 2.0, Atom, JSON Feed) on loopback, listed in the OPML', () => {
    assert.match(demo.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(demo.feedUrls.map((u) => u.slice(demo.origin.length)).sort(), [
      '/feeds/harbor-ledger.rss.xml',
      '/feeds/meridian-wire.feed.json',
      '/feeds/northwind-daily.atom.xml',
    ]);
    const xmlUrls = [...demo.opml.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(xmlUrls, demo.feedUrls);
    assert.match(demo.opml, /<opml version="2\.0">/);
    assert.match(demo.opml, /text="The Harbor Ledger"/);
  });

  it('fills dates relative to now: 1 to 12 hours old, and the page date matches the feed date', async () => {
    assert.equal(items.length, 9);
    for (const item of items) {
      const age = NOW.getTime() - item.date.getTime();
      assert.ok(age >= HOUR && age <= 12 * HOUR, `${item.link} is ${age / HOUR} h old`);
    }
    const first = items.find((i) => i.link.endsWith('/articles/vent-field-discovered.html'));
    assert.equal(first?.date.toISOString(), '2025-11-25T10:00:00.000Z'); // {{date:-2h}} in RFC 822
  });

  it('links every item to a real article page on the server, except the feed-only story', async () => {
    for (const item of items) {
      assert.ok(item.link.startsWith(`${demo.origin}/articles/`), item.link);
      const path = item.link.slice(demo.origin.length);
      const res = await fetch(item.link);
      const html = await res.text();
      if (FEED_ONLY.has(path)) {
        assert.equal(res.status, 404);
        assert.ok((item.content ?? '').length > 500, 'the feed-only story carries its text in the feed');
        continue;
      }
      assert.equal(res.status, 200, item.link);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.ok(!html.includes('{{'), `${path} has an unfilled template`);
      assert.match(html, /<html lang="(en|es)">/);
      assert.match(html, /<meta property="og:site_name" content="[^"]+">/);
      assert.match(html, /<article[\s>][\s\S]*<h1>[\s\S]*<p>[\s\S]*<\/article>/);
      const published = /<meta property="article:published_time" content="([^"]+)">/.exec(html)?.[1];
      assert.equal(published && new Date(published).getTime(), item.date.getTime(), path);
    }
  });

  it('pages wrap the story in real-world boilerplate, and one story is in Spanish', async () => {
    const html = await (await fetch(`${demo.origin}/articles/acuerdo-cuenca-rio-alto.html`)).text();
    assert.match(html, /<html lang="es">/);
    for (const part of ['Publicidad', 'cookies', 'Comentarios', 'Noticias relacionadas', 'Suscribirse', '<footer']) {
      assert.ok(html.includes(part), part);
    }
  });

  it('answers 404 outside the feeds and articles, including traversal attempts, and 405 to POST', async () => {
    for (const path of ['/', '/README.md', '/feeds/', '/articles/../README.md', '/articles/..%2fREADME.md', '/feeds/x.rss.xml']) {
      assert.equal((await rawGet(demo.origin, path)).status, 404, path);
    }
    const post = await fetch(demo.feedUrls[0] ?? '', { method: 'POST' });
    assert.equal(post.status, 405);
  });

  it('closes promptly while a client is midway through a request', async () => {
    const server = await startDemoServer();
    // A half-sent request keeps the connection active: close() alone would wait for it.
    const socket = connect(Number(new URL(server.origin).port), '127.0.0.1');
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /feeds/harbor-ledger.rss.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await sleep(50);
    const closed = await Promise.race([server.close().then(() => true), sleep(2000).then(() => false)]);
    socket.destroy();
    assert.ok(closed, 'close() hung');
  });
});

describe('demo server with its own folder', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brief-demo-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('fills hour, minute and combined offsets per file type, and leaves other braces alone', async () => {
    await mkdir(join(dir, 'feeds'), { recursive: true });
    await mkdir(join(dir, 'articles'), { recursive: true });
    const template = '{{origin}}|{{date:-1h}}|{{date:-90m}}|{{date:-1h30m}}|{{title}}';
    await writeFile(join(dir, 'feeds', 'one.rss.xml'), `<title>One</title>${template}`);
    await writeFile(join(dir, 'articles', 'a.html'), template);
    const demo = await startDemoServer({ demoDir: dir, now: () => NOW });
    try {
      const rss = await (await fetch(`${demo.origin}/feeds/one.rss.xml`)).text();
      assert.equal(rss, `<title>One</title>${demo.origin}|Tue, 25 Nov 2025 11:00:00 GMT|Tue, 25 Nov 2025 10:30:00 GMT|Tue, 25 Nov 2025 10:30:00 GMT|{{title}}`);
      const html = await (await fetch(`${demo.origin}/articles/a.html`)).text();
      assert.equal(html, `${demo.origin}|2025-11-25T11:00:00Z|2025-11-25T10:30:00Z|2025-11-25T10:30:00Z|{{title}}`);
      assert.match(demo.opml, /text="One"/);
    } finally {
      await demo.close();
    }
  });

  it('fails with one clear line when the demo folder is missing', async () => {
    await assert.rejects(startDemoServer({ demoDir: join(dir, 'nope') }), /^Error: demo content not found at .*nope/);
  });
});

/** GET without URL normalisation (fetch would resolve `..` before sending). */
function rawGet(origin: string, path: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/`, { path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
