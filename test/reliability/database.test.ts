import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { BIN, tempHome } from '../helpers/cli.js';

/** Distinct subjects, so that every item is its own story (clustering never merges them). */
const SUBJECTS = [
  ['bridge', 'Harwick', 'engineers reopened the steel bridge after repairs to its deck'],
  ['hospital', 'Orrin', 'the new children\'s hospital admitted its first patients'],
  ['election', 'Tessaly', 'voters chose a new mayor in a tight runoff'],
  ['vaccine', 'Marlow', 'clinics began a measles vaccination drive for schoolchildren'],
  ['satellite', 'Calloway', 'a weather satellite reached orbit on a reusable rocket'],
  ['wildfire', 'Kestrel', 'firefighters contained a wildfire near the valley farms'],
  ['museum', 'Sandmere', 'the museum returned medieval manuscripts to the abbey'],
  ['tariff', 'Port Alder', 'importers paid a new tariff on steel coil'],
  ['earthquake', 'Brannock', 'a moderate earthquake shook buildings but caused no injuries'],
  ['marathon', 'Eastfield', 'a local teacher won the city marathon in record time'],
  ['reservoir', 'Ashby', 'reservoir levels rose after a week of heavy rain'],
  ['chipmaker', 'Lindqvist', 'a chipmaker recalled faulty memory modules'],
] as const;

/** Feeds whose article pages answer slowly, so a run can be caught in the middle. */
async function slowWorld(feeds: number, itemsPerFeed: number, pageDelayMs: number): Promise<{ server: FixtureServer; list: string; pages: number }> {
  const server = await startFixtureServer();
  const now = Date.now();
  const urls: string[] = [];
  for (let f = 0; f < feeds; f++) {
    const items = Array.from({ length: itemsPerFeed }, (_, i) => {
      const page = `/p/${f}/${i}`;
      const [subject, place, event] = SUBJECTS[(f * itemsPerFeed + i) % SUBJECTS.length]!;
      const title = `In ${place}, ${event}`;
      const para = `<p>In ${place} on Monday, ${event}. Officials said the ${subject} news was welcome and that more details would follow later in the week.</p>`;
      server.set(page, { delayMs: pageDelayMs, headers: { 'content-type': 'text/html' }, body: `<html><body><article><h1>${title}</h1>${para.repeat(6)}</article></body></html>` });
      return `<item><title>${title}</title><link>{{origin}}${page}</link><guid>${f}-${i}</guid><pubDate>${new Date(now - (f * itemsPerFeed + i) * 60_000).toUTCString()}</pubDate><description>${event}.</description></item>`;
    });
    server.set(`/feed/${f}.xml`, { etag: `"f${f}"`, headers: { 'content-type': 'application/rss+xml' }, body: `<rss version="2.0"><channel><title>Feed ${f}</title>${items.join('')}</channel></rss>` });
    urls.push(server.url(`/feed/${f}.xml`));
  }
  return { server, list: urls.join('\n'), pages: feeds * itemsPerFeed };
}

const isPage = (p: string) => p.startsWith('/p/');

test('two runs at once: the second stops at once with a clear message, the first finishes', async () => {
  const home = tempHome();
  const world = await slowWorld(2, 2, 700);
  try {
    const list = path.join(home.dir, 'feeds.txt');
    writeFileSync(list, world.list);
    const args = ['today', '--sources', list, '--db', path.join(home.dir, 'b.db'), '--no-llm', '--format', 'json'];
    const first = home.run(args);
    await new Promise((r) => setTimeout(r, 400));
    const second = await home.run(args);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /^error: another brief run is using .*b\.db \(process \d+\); this run stopped without changing anything\n$/);
    const done = await first;
    assert.equal(done.code, 0, done.stderr);
    const third = await home.run(args);
    assert.equal(third.code, 0, 'the lock is released when a run ends');
  } finally {
    await world.server.close();
  }
});

test('kill -9 in the middle of a run: the next run finishes and reuses what was cached', async () => {
  const home = tempHome();
  const world = await slowWorld(3, 4, 300);
  try {
    const list = path.join(home.dir, 'feeds.txt');
    const db = path.join(home.dir, 'k.db');
    writeFileSync(list, world.list);
    const args = [BIN, 'today', '--sources', list, '--db', db, '--no-llm', '--format', 'json', '--limit', '12'];
    const child = spawn(process.execPath, args, { env: home.env, stdio: 'ignore' });
    // Wait until some pages have been served (or the run ended early: the checks below then say so), then kill without warning.
    let exited = false;
    child.on('exit', () => (exited = true));
    while (!exited && world.server.requests.filter((r) => isPage(r.path)).length < 5) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 350));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const pagesBefore = world.server.requests.filter((r) => isPage(r.path)).length;
    const cached = new Database(db, { readonly: true });
    const articlesCached = (cached.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
    const itemsCached = (cached.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n;
    cached.close();
    assert.equal(itemsCached, 12, 'the feeds were stored before the kill');
    assert.ok(articlesCached >= 1 && articlesCached < 12, `${articlesCached} articles cached before the kill`);

    const rerun = await home.run(args.slice(1));
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.equal(JSON.parse(rerun.stdout).stories.length, 12);
    const pagesAfter = world.server.requests.filter((r) => isPage(r.path)).length - pagesBefore;
    assert.equal(pagesAfter, 12 - articlesCached, 'only the articles not cached before the kill are fetched again');
    console.log(`kill -9: ${itemsCached} items and ${articlesCached} articles survived; the rerun fetched ${pagesAfter} pages, not 12`);
  } finally {
    await world.server.close();
  }
});

test('a lock left by a dead process is taken over', async () => {
  const home = tempHome();
  const world = await slowWorld(1, 1, 0);
  try {
    const list = path.join(home.dir, 'feeds.txt');
    const db = path.join(home.dir, 's.db');
    writeFileSync(list, world.list);
    writeFileSync(`${db}.lock`, '999999999');
    const run = await home.run(['fetch', '--sources', list, '--db', db]);
    assert.equal(run.code, 0, run.stderr);
  } finally {
    await world.server.close();
  }
});

test('a corrupt or unusable database is one clear error line', async () => {
  const home = tempHome();
  const corrupt = path.join(home.dir, 'corrupt.db');
  writeFileSync(corrupt, 'definitely not sqlite\n'.repeat(200));
  const run = await home.run(['show', '--db', corrupt]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, `error: cannot open database ${corrupt}: the file is not a brief database or is corrupt\n`);
  const file = path.join(home.dir, 'plain-file');
  writeFileSync(file, 'x');
  const under = await home.run(['show', '--db', path.join(file, 'brief.db')]);
  assert.equal(under.code, 1);
  assert.match(under.stderr, /^error: cannot open database .*plain-file\/brief\.db: .+\n$/);
  assert.doesNotMatch(under.stderr, /\n\s+at /, 'no stack trace');
});
