/**
 * The whole corpus (test/fixtures/feeds/cases.json) through the real CLI, once: `brief fetch --json`
 * over every case must exit by itself, with a report that shows each case as expected — the
 * good feeds with their items, each bad source with its one-line error — and no control
 * character in any title or error. Prints the tally.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { tempHome } from '../helpers/cli.js';
import { loadCases, readFixture, routeFor, type CaseSpec } from './corpus.js';

interface SourceReport {
  url: string;
  name: string;
  ok: boolean;
  status: number | null;
  items: number;
  titles: string[];
  error: string | null;
}

/** Per request: short, so the cases that never answer cost little (`{{timeout}}` in cases.json). */
const TIMEOUT_S = 3;
/** Servers (so hosts, for brief's limit of 2 requests per host) the cases are spread over. */
const SERVERS = 4;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('the corpus: brief fetch --json reports every case as expected, and exits by itself', { timeout: 120_000 }, async () => {
  const cases = loadCases();
  const tls = { key: readFixture('tls/self-signed-key.pem'), cert: readFixture('tls/self-signed-cert.pem') };
  const servers = await Promise.all(Array.from({ length: SERVERS }, () => startFaultServer({}, { tls })));
  const closedPort = await freePort();
  const home = tempHome();
  try {
    const serverOf = new Map(cases.map((c, i) => [c.id, servers[i % SERVERS] as FaultServer]));
    const urls = new Map(cases.map((c) => [c.id, urlOf(c, serverOf.get(c.id) as FaultServer, closedPort)]));
    // Every server serves every case, so that a redirect chain finds its next hop wherever it starts.
    for (const c of cases) {
      const route = routeFor(c, (serverOf.get(c.id) as FaultServer).origin);
      for (const server of servers) server.set(`/c/${c.id}`, route);
    }
    const sourcesFile = path.join(home.dir, 'corpus.txt');
    writeFileSync(sourcesFile, cases.map((c) => `${urls.get(c.id)} "~${c.id}"\n`).join(''));

    const started = Date.now();
    const result = await home.run(['fetch', '--json', '--sources', sourcesFile, '--timeout', `${TIMEOUT_S}s`], { timeoutMs: 100_000 });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(result.code, 0, result.stderr);
    const reports = new Map((JSON.parse(result.stdout) as { sources: SourceReport[] }).sources.map((r) => [r.name, r]));

    const problems: string[] = [];
    const tally = { ok: 0, errors: 0 };
    const byCategory = new Map<string, number>();
    for (const c of cases) {
      const report = reports.get(c.id);
      const found = report ? mismatches(c, report, urls.get(c.id) as string) : ['no report'];
      problems.push(...found.map((p) => `${c.id}: ${p}`));
      if (found.length === 0) tally[c.expect.error === undefined ? 'ok' : 'errors']++;
      byCategory.set(c.category, (byCategory.get(c.category) ?? 0) + 1);
    }
    const evil = servers.flatMap((server) => server.requests).filter((p) => p.startsWith('/evil/'));
    if (evil.length > 0) problems.push(`the XXE cases made brief request ${evil.join(', ')}`);

    const categories = [...byCategory].map(([name, n]) => `${name} ${n}`).join(', ');
    console.log(
      `corpus: ${cases.length} cases (${categories}): ${tally.ok} ok as expected, ${tally.errors} errors as expected, ` +
        `${cases.length - tally.ok - tally.errors} not as expected; one run of brief fetch took ${seconds.toFixed(1)} s`,
    );
    assert.deepEqual(problems, []);
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
});

function urlOf(c: CaseSpec, server: FaultServer, closedPort: number): string {
  switch (c.target) {
    case 'refused':
      return `http://127.0.0.1:${closedPort}/c/${c.id}`;
    case 'dns':
      // A 64-character label is longer than DNS allows: the lookup fails on this machine, no query is sent.
      return `http://${'a'.repeat(64)}.invalid/c/${c.id}`;
    case 'tls':
      return `${server.tlsOrigin}/c/${c.id}`;
    case 'tls-to-plain':
      return `${server.origin.replace('http:', 'https:')}/c/${c.id}`;
    default:
      return server.url(`/c/${c.id}`);
  }
}

/** What in the report differs from the case's expectation (nothing, when it is as expected). */
function mismatches(c: CaseSpec, r: SourceReport, url: string): string[] {
  const out: string[] = [];
  const e = c.expect;
  const titles = r.titles.filter((t) => CONTROL.test(t));
  if (titles.length > 0) out.push(`control characters in titles ${JSON.stringify(titles)}`);
  if (r.error !== null && (CONTROL.test(r.error) || r.error.includes('\n'))) out.push(`error is not one clean line: ${JSON.stringify(r.error)}`);
  if (e.error !== undefined) {
    const wanted = e.error
      .replaceAll('{{host}}', new URL(url).host)
      .replaceAll('{{origin}}', new URL(url).origin)
      .replaceAll('{{timeout}}', `${TIMEOUT_S} s`);
    if (r.ok || r.error !== wanted) out.push(`expected error ${JSON.stringify(wanted)}, got ${r.ok ? `ok with ${r.items} items` : JSON.stringify(r.error)}`);
    if (e.status !== undefined && r.status !== e.status) out.push(`expected status ${e.status}, got ${r.status}`);
    return out;
  }
  if (!r.ok) return [...out, `expected ok, got ${JSON.stringify(r.error)}`];
  if (e.items !== undefined && r.items !== e.items) out.push(`expected ${e.items} items, got ${r.items}`);
  if (e.titles && JSON.stringify([...r.titles].sort()) !== JSON.stringify([...e.titles].sort())) {
    out.push(`expected titles ${JSON.stringify(e.titles)}, got ${JSON.stringify(r.titles)}`);
  }
  for (const t of e.include ?? []) if (!r.titles.includes(t)) out.push(`missing title ${JSON.stringify(t)}`);
  for (const t of e.exclude ?? []) if (r.titles.includes(t)) out.push(`unexpected title ${JSON.stringify(t)}`);
  for (const m of e.matches ?? []) if (!r.titles.some((t) => new RegExp(m, 'u').test(t))) out.push(`no title matches /${m}/: ${JSON.stringify(r.titles.map((t) => t.slice(0, 60)))}`);
  return out;
}

/** A port nothing listens on: one the system just handed out and took back. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
