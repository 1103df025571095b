/**
 * Network faults against brief's HTTP client, one at a time: each ends in one clear line, within
 * its time budget, and with the connection closed — the server sees every socket go while the
 * client is still open, so nothing is left to keep the process alive.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { createHttpClient, type HttpClient } from '../../src/fetch/http-client.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { readFixture } from './corpus.js';

const UA = 'brief-reliability/1';
const FEED = '<rss version="2.0"><channel><title>T</title><item><title>An item</title></item></channel></rss>'.padEnd(2000, ' ');

describe('network faults: one clear line each, and no socket left open', { timeout: 30_000 }, () => {
  let server: FaultServer;
  let http: HttpClient;
  let host: string;
  before(async () => {
    server = await startFaultServer(
      {
        '/silent': { fault: 'silent' },
        '/drip-headers': { fault: 'drip-headers', body: FEED },
        '/drip-body': { fault: 'drip-body', body: FEED },
        '/reset': { fault: 'reset-mid-body', body: FEED },
        '/short': { fault: 'short-body', body: FEED },
        '/chunked-cut': { fault: 'chunked-cut', body: FEED },
        '/not-http': { fault: 'not-http' },
        '/close': { fault: 'close-at-once' },
        '/big': { body: Buffer.alloc(50 * 1024 * 1024, 0x61), chunked: true },
        '/big-declared': { body: Buffer.alloc(50 * 1024 * 1024, 0x61) },
        '/gzip-bomb': { headers: { 'Content-Encoding': 'gzip' }, body: gzipSync(Buffer.alloc(64 * 1024 * 1024)) },
        '/brotli-bomb': { headers: { 'Content-Encoding': 'br' }, body: brotliCompressSync(Buffer.alloc(64 * 1024 * 1024), { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } }) },
        '/feed': { headers: { 'Content-Type': 'application/rss+xml' }, body: FEED },
      },
      { tls: { key: readFixture('tls/self-signed-key.pem'), cert: readFixture('tls/self-signed-cert.pem') } },
    );
    host = new URL(server.origin).host;
    http = createHttpClient({ userAgent: UA, totalTimeoutMs: 1000, maxBytes: 10 * 1024 * 1024 });
  });
  after(async () => {
    await http.close();
    await server.close();
  });

  const cases: Array<[string, string | ((host: string) => string)]> = [
    ['/silent', 'timed out after 1 s'],
    ['/drip-headers', 'timed out after 1 s'],
    ['/drip-body', 'timed out after 1 s'],
    ['/reset', (h) => `connection to ${h} was closed before the response was complete`],
    ['/short', (h) => `connection to ${h} was closed before the response was complete`],
    ['/chunked-cut', (h) => `connection to ${h} was closed before the response was complete`],
    ['/not-http', (h) => `${h} sent an invalid HTTP response (Expected HTTP/, RTSP/ or ICE/)`],
    ['/close', (h) => `connection to ${h} was closed before the response was complete`],
    ['/big', 'body larger than 10 MB'],
    ['/big-declared', 'body larger than 10 MB'],
    ['/gzip-bomb', 'body larger than 10 MB'],
    ['/brotli-bomb', 'body larger than 10 MB'],
  ];
  for (const [path, message] of cases) {
    it(`${path}: ${typeof message === 'string' ? message : message('HOST')}`, async () => {
      await assert.rejects(http.get(server.url(path)), { name: 'FetchError', message: typeof message === 'string' ? message : message(host) });
      // The client is still open: had it kept the socket, this would never resolve (and the test would time out).
      await server.whenNoOpenSockets();
    });
  }

  it('a response larger than the cap by its Content-Length is refused before its body is read', async () => {
    // Its body comes a byte a second: reading it would time out instead.
    server.set('/big-dripping', { fault: 'drip-body', body: Buffer.alloc(50 * 1024 * 1024) });
    await assert.rejects(http.get(server.url('/big-dripping')), { message: 'body larger than 10 MB' });
    await server.whenNoOpenSockets();
  });

  it('TLS: a self-signed certificate, and https:// to a plain HTTP port', async () => {
    const tlsHost = new URL(server.tlsOrigin as string).host;
    await assert.rejects(http.get(`${server.tlsOrigin}/feed`), { message: `TLS error with ${tlsHost}: self-signed certificate` });
    await assert.rejects(http.get(`https://${host}/feed`), { message: `TLS error with ${host}: wrong version number (is it an HTTPS server?)` });
    await server.whenNoOpenSockets();
  });

  it('DNS failure: a name no resolver can look up (a label longer than DNS allows: no query leaves the machine)', async () => {
    const name = `${'a'.repeat(64)}.invalid`;
    await assert.rejects(http.get(`http://${name}/feed`), { message: `could not resolve host ${name}` });
  });

  it('a good feed still comes through on the same client after all of that', async () => {
    const res = await http.get(server.url('/feed'));
    assert.equal(res.kind === 'ok' && res.text, FEED);
  });
});

describe('status codes and redirects', { timeout: 30_000 }, () => {
  let server: FaultServer;
  let http: HttpClient;
  before(async () => {
    server = await startFaultServer({
      '/ok': { body: FEED },
      '/503': { status: 503, headers: { 'Retry-After': '120' } },
      '/503-date': { status: 503, headers: { 'Retry-After': 'Wed, 25 Nov 2026 10:00:00 GMT' } },
      '/503-garbage': { status: 503, headers: { 'Retry-After': '\u009b31mnow or never' } },
      '/500': { status: 500, body: 'oops' },
      '/429': { status: 429, headers: { 'Retry-After': '30' } },
      '/401': { status: 401 },
      '/403': { status: 403 },
      '/404': { status: 404 },
      '/410': { status: 410 },
      '/chain-1': { status: 301, headers: { Location: '/chain-2' } },
      '/chain-2': { status: 302, headers: { Location: '{{origin}}/chain-3' } },
      '/chain-3': { status: 307, headers: { Location: '/chain-4' } },
      '/chain-4': { status: 308, headers: { Location: '/ok' } },
      '/loop': { status: 302, headers: { Location: '/loop' } },
      '/to-javascript': { status: 302, headers: { Location: 'javascript:alert(1)' } },
      '/to-data': { status: 302, headers: { Location: 'data:text/xml,<rss/>' } },
      '/to-file': { status: 302, headers: { Location: 'file:///etc/passwd' } },
      '/no-location': { status: 302 },
      '/bad-location': { status: 302, headers: { Location: 'http://[::1' } },
      '/odd-encoding': { headers: { 'Content-Encoding': 'zstd' }, body: 'x' },
    });
    http = createHttpClient({ userAgent: UA, totalTimeoutMs: 2000 });
  });
  after(async () => {
    await http.close();
    await server.close();
  });

  const failures: Array<[string, string, number?]> = [
    ['/503', 'HTTP 503 Service Unavailable, retry after 120 s', 503],
    ['/503-date', 'HTTP 503 Service Unavailable, retry after Wed, 25 Nov 2026 10:00:00 GMT', 503],
    ['/503-garbage', 'HTTP 503 Service Unavailable', 503],
    ['/500', 'HTTP 500 Internal Server Error', 500],
    ['/429', 'HTTP 429 Too Many Requests, retry after 30 s', 429],
    ['/401', 'HTTP 401 Unauthorized (the feed needs a login)', 401],
    ['/403', 'HTTP 403 Forbidden', 403],
    ['/404', 'HTTP 404 Not Found', 404],
    ['/410', 'HTTP 410 Gone (the feed was removed)', 410],
    ['/loop', 'too many redirects (more than 5)', 302],
    ['/to-javascript', 'redirected to an unsupported scheme (javascript:)', 302],
    ['/to-data', 'redirected to an unsupported scheme (data:)', 302],
    ['/to-file', 'redirected to an unsupported scheme (file:)', 302],
    ['/no-location', 'HTTP 302 redirect without a Location header', 302],
    ['/bad-location', 'HTTP 302 redirect to an invalid URL', 302],
    ['/odd-encoding', 'unsupported Content-Encoding "zstd"'],
  ];
  for (const [path, message, status] of failures) {
    it(`${path}: ${message}`, async () => {
      await assert.rejects(http.get(server.url(path)), { message, status });
    });
  }

  it('a chain of four redirects (301, 302, 307, 308; relative and absolute) arrives, and says where', async () => {
    const res = await http.get(server.url('/chain-1'));
    assert.equal(res.kind, 'ok');
    assert.equal(res.finalUrl, server.url('/ok'));
  });
});

describe('time budget', { timeout: 30_000 }, () => {
  it('with --timeout shorter than the idle timeout, the total decides', async () => {
    const server = await startFaultServer({ '/silent': { fault: 'silent' } });
    const http = createHttpClient({ userAgent: UA, totalTimeoutMs: 300 });
    try {
      await assert.rejects(http.get(server.url('/silent')), { message: 'timed out after 0.3 s' });
    } finally {
      await http.close();
      await server.close();
    }
  });

  it('silence is named as such when the idle timeout comes first', async () => {
    const server = await startFaultServer({ '/silent': { fault: 'silent' }, '/drip': { fault: 'drip-body', body: 'x'.repeat(100) } });
    const http = createHttpClient({ userAgent: UA, idleTimeoutMs: 300, totalTimeoutMs: 10_000 });
    const host = new URL(server.origin).host;
    try {
      await assert.rejects(http.get(server.url('/silent')), { message: `no response from ${host} within 0.3 s` });
      await assert.rejects(http.get(server.url('/drip')), { message: `${host} stopped sending for 0.3 s` });
    } finally {
      await http.close();
      await server.close();
    }
  });

  it('time the event loop spends busy elsewhere (parsing a big feed) is given back, not counted as waiting', async () => {
    const server = await startFaultServer({ '/feed': { body: FEED }, '/slow': { body: FEED, pauseMs: 400 } });
    const http = createHttpClient({ userAgent: UA, totalTimeoutMs: 200 });
    const slowHttp = createHttpClient({ userAgent: UA, totalTimeoutMs: 700 });
    try {
      // Busy through the whole budget: the answer has arrived when the loop is free again.
      const pending = http.get(server.url('/feed'));
      busyFor(1000);
      assert.equal(((await pending) as { text: string }).text, FEED);
      // Busy for most of the budget, free when it runs out: the 400 ms the server takes still fit.
      const slow = slowHttp.get(server.url('/slow'));
      busyFor(600);
      assert.equal(((await slow) as { text: string }).text, FEED);
    } finally {
      await Promise.all([http.close(), slowHttp.close()]);
      await server.close();
    }
  });
});

/** Holds the event loop, as a synchronous parse of a large feed does. */
function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}
