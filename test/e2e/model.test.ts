import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWorld } from '../helpers/world.js';
import { startFakeOllama } from '../helpers/fake-ollama.js';
import { tempHome } from '../helpers/cli.js';

test('model summaries carry evidence from the article, the brief an overview and a grounding count; calls are logged', async () => {
  const home = tempHome();
  const world = await startWorld({ dir: home.dir });
  const ollama = await startFakeOllama();
  try {
    const db = path.join(home.dir, 'm.db');
    const run = await home.run(['today', '--sources', world.opmlPath, '--db', db, '--ollama-host', ollama.url, '--model', 'llama3.2:3b', '--format', 'json', '--limit', '4']);
    assert.equal(run.code, 0, run.stderr);
    const brief = JSON.parse(run.stdout);
    assert.ok(brief.overview.length >= 3 && brief.overview.length <= 5, `overview: ${JSON.stringify(brief.overview)}`);
    assert.equal(brief.grounding.points, 12);
    for (const story of brief.stories) {
      assert.equal(story.method, 'ollama');
      for (const point of story.keyPoints) assert.ok(typeof point.evidence === 'string' && point.evidence.length > 20, `${story.headline}: ${point.label} has no evidence`);
    }
    const chats = ollama.requests.filter((r) => r.path === '/api/chat');
    assert.equal(new Set(chats.map((c) => c.body.options?.num_ctx)).size, 1);
    // The model is loaded ahead of the first summary (POST /api/generate, no prompt) with the
    // chats' num_ctx: one load in all, so the first chat did not load it again.
    const loadAt = ollama.requests.findIndex((r) => r.path === '/api/generate');
    assert.ok(loadAt >= 0 && loadAt < ollama.requests.findIndex((r) => r.path === '/api/chat'), 'the load request comes before the first chat');
    assert.equal(ollama.requests[loadAt]!.body.prompt ?? '', '');
    assert.equal(ollama.requests[loadAt]!.body.options?.num_ctx, chats[0]!.body.options?.num_ctx);
    assert.equal(ollama.loads, 1);
    assert.ok(chats.every((c) => typeof c.body.format === 'object'));
    console.log(`fake Ollama: ${chats.length} chat requests (4 stories + overview), num_ctx ${chats[0]?.body.options?.num_ctx}; ${brief.grounding.grounded} of ${brief.grounding.points} points grounded`);

    const doctor = await home.run(['doctor', '--db', db, '--ollama-host', ollama.url, '--model', 'llama3.2:3b']);
    assert.equal(doctor.code, 0, doctor.stdout);
    assert.match(doctor.stdout, /^✓ model calls +last 7 days: 5 \(5 ok\)/m);
    console.log(`doctor, Ollama with the model:\n${doctor.stdout}`);
  } finally {
    await ollama.close();
    await world.close();
  }
});

test('the model starts loading as soon as one feed brings news, while other feeds are still loading', async () => {
  const home = tempHome();
  const world = await startWorld({ dir: home.dir });
  let loadAskedFor: () => void = () => {};
  const loadRequest = new Promise<void>((resolve) => (loadAskedFor = resolve));
  const ollama = await startFakeOllama({ onRequest: (p) => p === '/api/generate' && loadAskedFor() });
  try {
    // This feed answers only once the model load is asked for (at most 10 s): if brief asked only
    // after all feeds were in, it would go on without this one after about 2 s (the other 12
    // answer at once) and its story would be missing.
    const item = `<item><title>Glacier survey finds record melt</title><link>{{origin}}/held/glacier.html</link><guid>glacier</guid><pubDate>${new Date(Date.now() - 600_000).toUTCString()}</pubDate><description>The Tscharner glacier lost more ice this summer than in any year since records began in 1890, the federal institute said on Tuesday. Its tongue retreated 84 metres.</description></item>`;
    const tenSeconds = sleep(10_000, undefined, { ref: false });
    world.server.set('/held/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: `<rss version="2.0"><channel><title>Held Alpine</title>${item}</channel></rss>`, until: Promise.race([loadRequest, tenSeconds]) });
    const list = path.join(home.dir, 'feeds.txt');
    writeFileSync(list, [...world.feedPaths, '/held/feed.xml'].map((p) => world.server.url(p)).join('\n'));
    const run = await home.run(['today', '--sources', list, '--db', path.join(home.dir, 'w.db'), '--ollama-host', ollama.url, '--model', 'llama3.2:3b', '--format', 'json', '--limit', '30']);
    assert.equal(run.code, 0, run.stderr);
    const urls = (JSON.parse(run.stdout) as { stories: Array<{ articles: Array<{ url: string }> }> }).stories.flatMap((s) => s.articles.map((a) => a.url));
    assert.ok(urls.includes(world.server.url('/held/glacier.html')), 'the feed held until the model load was asked for made the brief');
    assert.equal(ollama.loads, 1);
  } finally {
    await ollama.close();
    await world.close();
  }
});

test('brief doctor: no Ollama, Ollama without the model, Ollama with the model', async () => {
  const home = tempHome();
  const none = await home.run(['doctor']);
  assert.equal(none.code, 1);
  assert.match(none.stdout, /^✗ server +cannot reach Ollama at http:\/\/127\.0\.0\.1:2 \(connection refused\); is it running\?$/m);
  assert.match(none.stdout, /^! database +.* not created yet/m);
  console.log(`doctor, no Ollama:\n${none.stdout}`);

  const ollama = await startFakeOllama();
  try {
    const missing = await home.run(['doctor', '--ollama-host', ollama.url, '--model', 'qwen3:8b']);
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /^✓ server +Ollama 0\.12\.6 at /m);
    assert.match(missing.stdout, /^✗ model +qwen3:8b is not installed; run: ollama pull qwen3:8b$/m);
    console.log(`doctor, Ollama without the model:\n${missing.stdout}`);

    const ok = await home.run(['doctor', '--ollama-host', ollama.url, '--model', 'llama3.2:3b']);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /^✓ context +8192 tokens; brief uses 8192 per request$/m);
    assert.match(ok.stdout, /^✓ host +local \(127\.0\.0\.1:\d+\): article text stays on this machine$/m);
  } finally {
    await ollama.close();
  }
});

test('in the terminal layout each story is printed as soon as it is ready, in rank order, the overview last', async () => {
  const home = tempHome();
  const world = await startWorld({ dir: home.dir });
  let storyOneFirst = false;
  let sawStoryOne: () => void = () => {};
  const storyOneShown = new Promise<void>((resolve) => (sawStoryOne = resolve));
  // The overview, asked for once every story is summarized, is held until story 1 is on
  // stdout (or 20 s pass): a brief printed only at the end would show nothing before it.
  const ollama = await startFakeOllama({
    holdChat: (_call, body) =>
      body.format?.properties?.points ? Promise.race([storyOneShown.then(() => (storyOneFirst = true)), new Promise((r) => setTimeout(r, 20_000))]) : undefined,
  });
  try {
    const run = await home.run(
      ['today', '--sources', world.opmlPath, '--db', path.join(home.dir, 's.db'), '--ollama-host', ollama.url, '--model', 'llama3.2:3b', '--format', 'terminal', '--limit', '3'],
      { onStdout: (soFar) => /^1\. /m.test(soFar) && sawStoryOne() },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(storyOneFirst, 'story 1 was on stdout before the overview was made');
    const at = (re: RegExp) => run.stdout.search(re);
    assert.ok(at(/^1\. /m) < at(/^2\. /m) && at(/^2\. /m) < at(/^3\. /m) && at(/^3\. /m) < at(/^Today in \d points$/m), run.stdout);
    assert.match(run.stdout, /^3 stories from \d+ sources?\nsummarized locally by llama3\.2:3b · \d+ of 9 key points grounded in their articles\n$/m);
  } finally {
    await ollama.close();
    await world.close();
  }
});
