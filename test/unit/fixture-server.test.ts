import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import Parser from 'rss-parser';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { startWorld, type World } from '../helpers/world.js';

describe('fixture server', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer({
      '/feed.xml': {
        headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' },
        body: '<rss><link>{{origin}}/a.html</link></rss>',
        etag: '"v1"',
        lastModified: 'Tue, 25 Nov 2025 10:00:00 GMT',
      },
      '/big.html': { body: 'news '.repeat(500), gzip: true, brotli: true },
      '/gz.html': { body: 'gzip only '.repeat(100), gzip: true },
      '/redirect': { status: 301, headers: { location: '{{origin}}/feed.xml' }, body: '' },
    });
  });
  after(() => server.close());

  it('serves a route with its headers, replacing {{origin}}, and records the request', async () => {
    const res = await fetch(server.url('/feed.xml'), { headers: { 'x-probe': 'one' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/rss+xml; charset=utf-8');
    assert.equal(res.headers.get('etag'), '"v1"');
    assert.equal(res.headers.get('last-modified'), 'Tue, 25 Nov 2025 10:00:00 GMT');
    assert.equal(await res.text(), `<rss><link>${server.origin}/a.html</link></rss>`);
    const logged = server.requests.at(-1);
    assert.equal(logged?.method, 'GET');
    assert.equal(logged?.path, '/feed.xml');
    assert.equal(logged?.headers['x-probe'], 'one');
  });

  it('answers 404 for unknown paths and falls back to the path without its query', async () => {
    assert.equal((await fetch(server.url('/missing'))).status, 404);
    assert.equal((await fetch(server.url('/feed.xml?utm_source=rss'))).status, 200);
    assert.equal(server.requests.at(-1)?.path, '/feed.xml?utm_source=rss');
  });

  it('fills {{origin}} in header values', async () => {
    const res = await fetch(server.url('/redirect'), { redirect: 'manual' });
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), `${server.origin}/feed.xml`);
  });

  it('answers 304 without a body to a matching If-None-Match (strong, weak or in a list)', async () => {
    for (const tag of ['"v1"', 'W/"v1"', '"v0", "v1"', '*']) {
      const res = await rawGet(server.url('/feed.xml'), { 'if-none-match': tag });
      assert.equal(res.status, 304, tag);
      assert.equal(res.body.length, 0);
      assert.equal(res.headers.etag, '"v1"');
    }
    assert.equal((await rawGet(server.url('/feed.xml'), { 'if-none-match': '"v2"' })).status, 200);
  });

  it('answers 304 to an equal If-Modified-Since, unless an If-None-Match does not match', async () => {
    const since = 'Tue, 25 Nov 2025 10:00:00 GMT';
    assert.equal((await rawGet(server.url('/feed.xml'), { 'if-modified-since': since })).status, 304);
    assert.equal((await rawGet(server.url('/feed.xml'), { 'if-modified-since': 'Mon, 24 Nov 2025 10:00:00 GMT' })).status, 200);
    assert.equal((await rawGet(server.url('/feed.xml'), { 'if-modified-since': since, 'if-none-match': '"v2"' })).status, 200);
  });

  it('compresses only when the request accepts it, preferring brotli', async () => {
    const plain = await rawGet(server.url('/big.html'), {});
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), 'news '.repeat(500));

    const gz = await rawGet(server.url('/gz.html'), { 'accept-encoding': 'gzip, deflate' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(Number(gz.headers['content-length']), gz.body.length);
    assert.equal(gunzipSync(gz.body).toString(), 'gzip only '.repeat(100));

    const br = await rawGet(server.url('/big.html'), { 'accept-encoding': 'gzip, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.body).toString(), 'news '.repeat(500));

    const refused = await rawGet(server.url('/gz.html'), { 'accept-encoding': 'gzip;q=0, identity' });
    assert.equal(refused.headers['content-encoding'], undefined);

    // fetch sends Accept-Encoding and decodes transparently.
    const viaFetch = await fetch(server.url('/gz.html'));
    assert.equal(viaFetch.headers.get('content-encoding'), 'gzip');
    assert.equal(await viaFetch.text(), 'gzip only '.repeat(100));
  });

  it('passes the request to function bodies, and set() adds or replaces routes', async () => {
    server.set('/echo', { body: (req) => `you asked for ${req.url} from {{origin}}` });
    assert.equal(await (await fetch(server.url('/echo?x=1'))).text(), `you asked for /echo?x=1 from ${server.origin}`);
    server.set('/echo', { status: 503, body: 'down' });
    assert.equal((await fetch(server.url('/echo'))).status, 503);
  });

  it('answers 500 with the message when a function body throws', async () => {
    server.set('/broken', {
      body: () => {
        throw new Error('boom');
      },
    });
    const res = await fetch(server.url('/broken'));
    assert.equal(res.status, 500);
    assert.match(await res.text(), /boom/);
  });

  it('delays a route, and closing does not wait for the delay', async () => {
    const slow = await startFixtureServer({ '/slow': { body: 'late', delayMs: 150 } });
    const started = Date.now();
    assert.equal(await (await fetch(slow.url('/slow'))).text(), 'late');
    assert.ok(Date.now() - started >= 140);

    slow.set('/slow', { body: 'never', delayMs: 60_000 });
    const pending = fetch(slow.url('/slow')).catch(() => 'aborted');
    await waitFor(() => slow.requests.length === 2);
    const closed = await Promise.race([slow.close().then(() => true), sleep(2000).then(() => false)]);
    assert.ok(closed, 'close() waited for the delayed route');
    assert.equal(await pending, 'aborted');
  });
});

describe('fixture world', () => {
  const NOW = new Date('2025-11-25T12:00:00Z');
  let dir: string;
  let world: World;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brief-world-'));
    world = await startWorld({ dir, now: NOW });
  });
  after(async () => {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves 12 feeds in every format, each with 2-3 recent items linking to served article pages', async () => {
    const formats: string[] = [];
    for (const path of world.feedPaths) {
      const res = await fetch(world.server.url(path));
      assert.equal(res.status, 200, path);
      const text = decodeFeed(Buffer.from(await res.arrayBuffer()));
      const { format, items } = await parseAnyFeed(text);
      formats.push(format);
      assert.ok(items.length >= 2 && items.length <= 3, `${path} has ${items.length} items`);
      for (const item of items) {
        const age = NOW.getTime() - item.date.getTime();
        assert.ok(age > 0 && age <= 20 * 3_600_000, `${path}: ${item.link} is ${age / 3_600_000} h old`);
        const articlePath = new URL(item.link).pathname;
        assert.ok(item.link.startsWith(world.server.origin) && world.articlePaths.includes(articlePath), item.link);
      }
    }
    const count = (f: string): number => formats.filter((x) => x === f).length;
    assert.equal(world.feedPaths.length, 12);
    assert.ok(count('rss 2.0') >= 4);
    assert.deepEqual([count('rss 1.0'), count('rss 0.91'), count('atom'), count('json feed 1.1')], [1, 1, 3, 3]);
  });

  it('serves each article page with its marker in the body and boilerplate around it', async () => {
    assert.equal(world.articlePaths.length, Object.keys(world.articleMarkers).length);
    const seenBoilerplate = new Set<string>();
    for (const path of world.articlePaths) {
      const res = await fetch(world.server.url(path));
      assert.equal(res.status, 200, path);
      const type = res.headers.get('content-type') ?? '';
      const bytes = Buffer.from(await res.arrayBuffer());
      // One page is windows-1252, named only in its <meta>, as old sites do.
      const html = type.includes('utf-8') ? bytes.toString('utf8') : iconv.decode(bytes, 'win1252');
      const slug = path.replace(/^\/articles\/|\.html$/g, '');
      const marker = world.articleMarkers[slug] ?? '';
      assert.ok(marker && html.includes(marker), `${path} lacks its marker`);
      assert.match(html, /<html lang="en"/i);
      assert.match(html, /property="article:published_time" content="2025-11-2\dT/);
      assert.ok(!html.includes('{{'), `${path} has an unfilled template`);
      for (const m of world.boilerplateMarkers) if (html.includes(m)) seenBoilerplate.add(m);
    }
    assert.deepEqual([...seenBoilerplate].sort(), [...world.boilerplateMarkers].sort());
  });

  it('keeps article markers out of every feed, so page text and feed text can be told apart', async () => {
    for (const path of world.feedPaths) {
      const text = decodeFeed(Buffer.from(await (await fetch(world.server.url(path))).arrayBuffer()));
      for (const marker of Object.values(world.articleMarkers)) assert.ok(!text.includes(marker), `${path} leaks "${marker}"`);
    }
  });

  it('answers a second, conditional fetch of every feed with 304', async () => {
    for (const path of world.feedPaths) {
      const first = await fetch(world.server.url(path));
      await first.arrayBuffer();
      const etag = first.headers.get('etag');
      assert.ok(etag, `${path} has no ETag`);
      const second = await fetch(world.server.url(path), { headers: { 'if-none-match': etag } });
      assert.equal(second.status, 304, path);
    }
  });

  it('writes an OPML 2.0 file listing all 12 feeds, some nested in categories', async () => {
    const opml = await readFile(world.opmlPath, 'utf8');
    const { JSDOM } = await import('jsdom');
    // XML mode: malformed XML throws.
    const doc = new JSDOM(opml, { contentType: 'text/xml' }).window.document;
    assert.equal(doc.documentElement.getAttribute('version'), '2.0');
    const feeds = [...doc.querySelectorAll('outline[type="rss"]')];
    assert.deepEqual(feeds.map((o) => o.getAttribute('xmlUrl')).sort(), world.feedPaths.map((p) => world.server.url(p)).sort());
    assert.ok(feeds.every((o) => o.getAttribute('text')));
    const nested = feeds.filter((o) => o.parentElement?.tagName === 'outline');
    assert.ok(nested.length > 0 && nested.length < feeds.length);
  });

  it('dates feeds relative to the given now', async () => {
    const later = await startWorld({ dir, now: new Date(NOW.getTime() + 86_400_000) });
    try {
      const text = await (await fetch(later.server.url('/valley/top.rss'))).text();
      assert.match(text, /<pubDate>Wed, 26 Nov 2025 10:00:00 GMT<\/pubDate>/); // 2 h before the later now
    } finally {
      await later.close();
    }
  });
});

interface ParsedItem {
  link: string;
  date: Date;
}

/** Decodes a feed by its XML prolog's encoding (the world has one windows-1252 feed). */
function decodeFeed(bytes: Buffer): string {
  const prolog = /^<\?xml[^>]*encoding="([^"]+)"/.exec(bytes.subarray(0, 100).toString('latin1'));
  return prolog?.[1]?.toLowerCase() === 'windows-1252' ? iconv.decode(bytes, 'win1252') : bytes.toString('utf8');
}

/** Identifies a feed's format from its content and parses it with a strict parser. */
async function parseAnyFeed(text: string): Promise<{ format: string; items: ParsedItem[] }> {
  if (text.trimStart().startsWith('{')) {
    const feed = JSON.parse(text) as { version: string; items: Array<{ url: string; date_published: string }> };
    const format = feed.version === 'https://jsonfeed.org/version/1.1' ? 'json feed 1.1' : `json ${feed.version}`;
    return { format, items: feed.items.map((i) => ({ link: i.url, date: new Date(i.date_published) })) };
  }
  const format = /<rdf:RDF/.test(text)
    ? 'rss 1.0'
    : /<rss version="0\.91"/.test(text)
      ? 'rss 0.91'
      : /<rss version="2\.0"/.test(text)
        ? 'rss 2.0'
        : /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/.test(text)
          ? 'atom'
          : 'unknown';
  const feed = await new Parser({ customFields: { item: ['dc:date'] } }).parseString(text);
  const items = feed.items.map((i) => {
    const raw = i.pubDate ?? (i as { 'dc:date'?: string })['dc:date'] ?? i.isoDate ?? '';
    return { link: i.link ?? '', date: new Date(raw) };
  });
  return { format, items };
}

function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(5);
  assert.ok(condition(), 'condition never became true');
}
