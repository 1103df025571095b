import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { createHttpClient } from '../../src/fetch/http-client.js';
import { startFixtureServer } from '../helpers/fixture-server.js';

const UA = 'brief-test/1';

test('sends a User-Agent naming brief, follows redirects and reports the final URL', async () => {
  const server = await startFixtureServer({
    '/old': { status: 301, headers: { location: '/new' }, body: '' },
    '/new': { headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'hello' },
  });
  const http = createHttpClient({ userAgent: UA });
  try {
    const res = await http.get(server.url('/old'));
    assert.equal(res.kind, 'ok');
    assert.equal(res.kind === 'ok' && res.text, 'hello');
    assert.equal(res.finalUrl, server.url('/new'));
    assert.equal(server.requests[0]?.headers['user-agent'], UA);
    assert.match(String(server.requests[0]?.headers['accept-encoding']), /gzip.*br|br.*gzip/);
  } finally {
    await http.close();
    await server.close();
  }
});

test('conditional GET: stored validators are sent and a 304 comes back as not-modified', async () => {
  const server = await startFixtureServer({ '/feed': { etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT', body: '<rss/>' } });
  const http = createHttpClient({ userAgent: UA });
  try {
    const first = await http.get(server.url('/feed'));
    assert.equal(first.kind, 'ok');
    assert.deepEqual(first.validators, { etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT' });
    const second = await http.get(server.url('/feed'), { validators: first.validators });
    assert.equal(second.kind, 'not-modified');
    assert.equal(server.requests[1]?.headers['if-none-match'], '"v1"');
  } finally {
    await http.close();
    await server.close();
  }
});

test('gzip and brotli bodies are decompressed; the charset header is honoured', async () => {
  const server = await startFixtureServer({
    '/gz': { gzip: true, headers: { 'content-type': 'text/plain' }, body: 'gzipped text '.repeat(100) },
    '/br': { brotli: true, headers: { 'content-type': 'text/plain' }, body: 'brotli text' },
    '/latin': { headers: { 'content-type': 'text/plain; charset=windows-1252' }, body: iconv.encode('“smart” – €', 'windows-1252') },
  });
  const http = createHttpClient({ userAgent: UA });
  try {
    const gz = await http.get(server.url('/gz'));
    assert.equal(gz.kind === 'ok' && gz.text, 'gzipped text '.repeat(100));
    const br = await http.get(server.url('/br'));
    assert.equal(br.kind === 'ok' && br.text, 'brotli text');
    const latin = await http.get(server.url('/latin'));
    assert.equal(latin.kind === 'ok' && latin.text, '“smart” – €');
  } finally {
    await http.close();
    await server.close();
  }
});

test('the size cap counts decompressed bytes (a gzip bomb stops at the cap)', async () => {
  const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x61));
  const server = await startFixtureServer({
    '/bomb': { headers: { 'content-encoding': 'gzip' }, body: bomb },
    '/big': { body: Buffer.alloc(3 * 1024 * 1024, 0x61) },
  });
  const http = createHttpClient({ userAgent: UA, maxBytes: 1024 * 1024 });
  try {
    assert.ok(bomb.length < 1024 * 1024, 'the compressed bomb itself is under the cap');
    await assert.rejects(http.get(server.url('/bomb')), /body larger than 1 MB/);
    await assert.rejects(http.get(server.url('/big')), /body larger than 1 MB/);
  } finally {
    await http.close();
    await server.close();
  }
});

test('HTTP errors, redirect loops and non-HTTP redirects are one clear line each', async () => {
  const server = await startFixtureServer({
    '/gone': { status: 410, body: 'gone' },
    '/busy': { status: 503, headers: { 'retry-after': '120' }, body: '' },
    '/loop': { status: 302, headers: { location: '/loop' }, body: '' },
    '/ftp': { status: 302, headers: { location: 'ftp://files.example/x' }, body: '' },
  });
  const http = createHttpClient({ userAgent: UA, maxRedirects: 3 });
  try {
    await assert.rejects(http.get(server.url('/gone')), { message: 'HTTP 410 Gone (the feed was removed)' });
    await assert.rejects(http.get(server.url('/busy')), { message: 'HTTP 503 Service Unavailable, retry after 120 s' });
    await assert.rejects(http.get(server.url('/missing')), { message: 'HTTP 404 Not Found' });
    await assert.rejects(http.get(server.url('/loop')), { message: 'too many redirects (more than 3)' });
    await assert.rejects(http.get(server.url('/ftp')), { message: 'redirected to an unsupported scheme (ftp:)' });
    await assert.rejects(http.get('file:///etc/passwd'), /not an http\(s\) URL/);
  } finally {
    await http.close();
    await server.close();
  }
});

test('a server that never answers times out, and connection refused is named', async () => {
  const silent = createServer(() => {
    /* accept and never answer */
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as AddressInfo).port;
  const http = createHttpClient({ userAgent: UA, totalTimeoutMs: 300 });
  try {
    const started = Date.now();
    await assert.rejects(http.get(`http://127.0.0.1:${port}/`), { message: 'timed out after 0.3 s' });
    assert.ok(Date.now() - started < 5000);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    await assert.rejects(http.get(`http://127.0.0.1:${port}/`), /connection refused by 127\.0\.0\.1/);
  } finally {
    await http.close();
  }
});

test('per-host limit: no more than perHost requests to one host at once', async () => {
  let active = 0;
  let peak = 0;
  const server = createServer((_req, res) => {
    active++;
    peak = Math.max(peak, active);
    setTimeout(() => {
      active--;
      res.end('ok');
    }, 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = createHttpClient({ userAgent: UA, perHost: 2, concurrency: 8 });
  try {
    await Promise.all(Array.from({ length: 8 }, (_, i) => http.get(`${origin}/${i}`)));
    assert.equal(peak, 2);
  } finally {
    await http.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
