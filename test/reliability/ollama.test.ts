import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startWorld, type World } from '../helpers/world.js';
import { defaultReply, startFakeOllama, type FakeOllamaOptions } from '../helpers/fake-ollama.js';
import { tempHome, type TempHome } from '../helpers/cli.js';

let world: World;
let home: TempHome;
before(async () => {
  home = tempHome();
  world = await startWorld({ dir: home.dir });
});
after(async () => {
  await world.close();
});

interface Story {
  method: string;
  fallbackReason?: string;
}

/** One brief of 4 stories against a fake Ollama misbehaving as told; returns the stories, stderr and the wall time. */
async function briefWith(fault: FakeOllamaOptions, name: string) {
  const ollama = await startFakeOllama({ ...fault });
  try {
    const started = Date.now();
    const run = await home.run([
      'today', '--sources', world.opmlPath, '--db', path.join(home.dir, `${name}.db`), '--ollama-host', ollama.url,
      '--model', 'llama3.2:3b', '--format', 'json', '--limit', '4', '--model-timeout', '2s', '--no-log',
    ]);
    assert.equal(run.code, 0, `${name}: ${run.stderr}`);
    const stories = JSON.parse(run.stdout).stories as Story[];
    assert.equal(stories.length, 4, name);
    return { stories, stderr: run.stderr, seconds: (Date.now() - started) / 1000 };
  } finally {
    await ollama.close();
  }
}

test('each Ollama fault costs only the article it hits; the brief always comes out', async () => {
  const cases: Array<[string, FakeOllamaOptions]> = [
    ['runner 500 on the first call', { chatFault: (n) => (n === 1 ? 'runner-error' : undefined) }],
    ['connection reset mid-answer', { chatFault: (n) => (n === 1 ? 'reset' : undefined) }],
    ['a stalled answer', { chatFault: (n) => (n === 1 ? 'stall' : undefined) }],
    ['invalid JSON twice', { reply: (req) => (calls++ < 2 ? 'not json {' : defaultReply(req)) }],
    ['busy (503) then fine', { busyTimes: 2 }],
  ];
  let calls = 0;
  for (const [name, fault] of cases) {
    calls = 0;
    const { stories, seconds } = await briefWith(fault, name.replace(/\W+/g, '-'));
    const fallbacks = stories.filter((s) => s.method === 'extractive');
    console.log(`${name}: ${stories.length - fallbacks.length} model summaries, ${fallbacks.length} extractive (${fallbacks.map((s) => s.fallbackReason).join('; ') || 'none'}), ${seconds.toFixed(1)} s`);
    if (name.startsWith('busy')) assert.equal(fallbacks.length, 0, 'a busy server is retried, not given up on');
    else assert.equal(fallbacks.length, 1, `${name}: exactly the article that hit the fault falls back`);
  }
});

test('a model that answers every request with a schema-breaking object: every story falls back, with the reason', async () => {
  const { stories, stderr } = await briefWith({ reply: () => JSON.stringify({ headline: 'only a headline' }) }, 'schema');
  assert.ok(stories.every((s) => s.method === 'extractive' && /invalid|schema|JSON/i.test(s.fallbackReason ?? '')), JSON.stringify(stories.map((s) => s.fallbackReason)));
  assert.equal(stderr, '', 'per-article fallbacks are in the brief, not warnings');
});

test('Ollama going away mid-run: one warning, the rest extractive', async () => {
  const ollama = await startFakeOllama({ chatFault: (n) => (n >= 2 ? 'runner-error' : undefined) });
  const run = await home.run(['today', '--sources', world.opmlPath, '--db', path.join(home.dir, 'away.db'), '--ollama-host', ollama.url, '--format', 'json', '--limit', '3', '--no-log']);
  await ollama.close();
  assert.equal(run.code, 0, run.stderr);
  const stories = JSON.parse(run.stdout).stories as Story[];
  assert.equal(stories[0]!.method, 'ollama');
  assert.ok(stories.slice(1).every((s) => s.method === 'extractive'));
});

