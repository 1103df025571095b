import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ollama } from 'ollama';
import { defaultReply, startFakeOllama, type FakeChatRequest, type FakeOllama } from '../helpers/fake-ollama.js';

async function withFake(opts: Parameters<typeof startFakeOllama>[0], run: (fake: FakeOllama) => Promise<void>): Promise<void> {
  const fake = await startFakeOllama(opts);
  try {
    await run(fake);
  } finally {
    await fake.close();
  }
}

const post = (fake: FakeOllama, path: string, body: unknown) =>
  fetch(fake.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const chatBody = (extra: object = {}) => ({
  model: 'llama3.2:3b',
  messages: [{ role: 'user', content: '<article>\nBridge opens\n\nThe bridge opened today. Traffic flowed. More to come.\n</article>' }],
  ...extra,
});

test('the fake answers the informational endpoints like Ollama', async () => {
  await withFake({ models: [{ name: 'llama3.2' }, { name: 'qwen3:4b', arch: 'qwen3', contextLength: 40960, capabilities: ['completion', 'thinking'] }] }, async (fake) => {
    assert.equal(await (await fetch(fake.url + '/')).text(), 'Ollama is running');
    assert.match((await (await fetch(fake.url + '/api/version')).json()).version, /^\d+\.\d+\.\d+$/);
    const tags = await (await fetch(fake.url + '/api/tags')).json();
    assert.deepEqual(tags.models.map((m: { name: string }) => m.name), ['llama3.2:latest', 'qwen3:4b']);

    const show = await (await post(fake, '/api/show', { model: 'llama3.2:latest' })).json();
    assert.equal(show.model_info['llama.context_length'], 8192);
    assert.deepEqual(show.capabilities, ['completion', 'tools']);
    const qwen = await (await post(fake, '/api/show', { model: 'qwen3:4b' })).json();
    assert.equal(qwen.model_info['qwen3.context_length'], 40960);

    const missing = await post(fake, '/api/show', { model: 'nope' });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: "model 'nope' not found" });
    assert.equal((await fetch(fake.url + '/api/nothing')).status, 404);
    assert.deepEqual(fake.requests.slice(0, 3).map((r) => r.path), ['/', '/api/version', '/api/tags']);
  });
});

test('chat streams NDJSON by default and ends with a done chunk carrying the stats', async () => {
  await withFake({}, async (fake) => {
    const res = await post(fake, '/api/chat', chatBody());
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.length >= 2);
    assert.ok(lines.slice(0, -1).every((l) => l.done === false));
    const last = lines.at(-1);
    assert.equal(last.done, true);
    assert.equal(last.done_reason, 'stop');
    for (const key of ['total_duration', 'load_duration', 'prompt_eval_count', 'eval_count']) assert.equal(typeof last[key], 'number', key);
    const content = lines.map((l) => l.message.content).join('');
    assert.deepEqual(JSON.parse(content), {
      headline: 'Bridge opens',
      summary: 'The bridge opened today. Traffic flowed.',
      whatHappened: 'The bridge opened today.',
      whatHappenedQuote: 'The bridge opened today.',
      whyItMatters: 'Traffic flowed.',
      whyItMattersQuote: 'Traffic flowed.',
      whatToWatch: 'More to come.',
      whatToWatchQuote: 'More to come.',
    });
  });
});

test('chat answers one JSON object with stream:false, as the ollama client expects', async () => {
  await withFake({ reply: () => ({ content: '{"a":1}', doneReason: 'length' }) }, async (fake) => {
    const client = new Ollama({ host: fake.url });
    const response = await client.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], format: 'json' });
    assert.equal(response.message.content, '{"a":1}');
    assert.equal(response.done_reason, 'length');
    assert.equal(fake.requests.at(-1)!.body.stream, false);
  });
});

test('chat rejects what Ollama rejects, with its statuses and messages', async () => {
  await withFake({ models: [{ name: 'llama3.2:3b' }, { name: 'qwen3:4b', capabilities: ['completion', 'thinking'] }] }, async (fake) => {
    const missing = await post(fake, '/api/chat', chatBody({ model: 'mistral' }));
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: "model 'mistral' not found" });
    assert.equal((await post(fake, '/api/chat', chatBody({ format: 'yaml', stream: false }))).status, 500);
    assert.equal((await post(fake, '/api/chat', chatBody({ format: ['x'], stream: false }))).status, 500);
    assert.equal((await post(fake, '/api/chat', chatBody({ format: { type: 'object' }, stream: false }))).status, 200);
    assert.equal((await post(fake, '/api/chat', chatBody({ think: true, stream: false }))).status, 400);
    assert.equal((await post(fake, '/api/chat', chatBody({ think: false, stream: false }))).status, 200);

    const thinking = await (await post(fake, '/api/chat', chatBody({ model: 'qwen3:4b', stream: false }))).json();
    assert.equal(typeof thinking.message.thinking, 'string');
    const notThinking = await (await post(fake, '/api/chat', chatBody({ model: 'qwen3:4b', think: false, stream: false }))).json();
    assert.equal(notThinking.message.thinking, undefined);
  });
});

test('chat answers 503 to the first busyTimes calls, then works', async () => {
  await withFake({ busyTimes: 2 }, async (fake) => {
    for (let i = 0; i < 2; i++) {
      const res = await post(fake, '/api/chat', chatBody({ stream: false }));
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { error: 'server busy, please try again.  maximum pending requests exceeded' });
    }
    assert.equal((await post(fake, '/api/chat', chatBody({ stream: false }))).status, 200);
  });
});

test('prompt_eval_count is capped at num_ctx (or 4096) like a silently truncated prompt', async () => {
  await withFake({}, async (fake) => {
    const huge = [{ role: 'user', content: 'word '.repeat(20_000) }];
    const capped = await (await post(fake, '/api/chat', { model: 'llama3.2:3b', messages: huge, stream: false, options: { num_ctx: 2048 } })).json();
    assert.equal(capped.prompt_eval_count, 2048);
    const byDefault = await (await post(fake, '/api/chat', { model: 'llama3.2:3b', messages: huge, stream: false })).json();
    assert.equal(byDefault.prompt_eval_count, 4096);
    const small = await (await post(fake, '/api/chat', chatBody({ stream: false }))).json();
    assert.ok(small.prompt_eval_count < 100);
  });
});

test('a prompt longer than num_ctx loses its front silently: the model sees the first tokens and the tail', async () => {
  let seen: FakeChatRequest | undefined;
  await withFake({ reply: (req) => ((seen = req), defaultReply(req)) }, async (fake) => {
    const system = { role: 'system', content: 'SYSTEM: summarize in English.' };
    const article = `<article>\nTitle line\n\nOPENING sentence. ${'Middle words here. '.repeat(3000)}CLOSING sentence.\n</article>\nReply with JSON.`;
    const res = await post(fake, '/api/chat', { model: 'llama3.2:3b', stream: false, options: { num_ctx: 2048 }, messages: [system, { role: 'user', content: article }] });
    const body = await res.json();
    assert.equal(res.status, 200, 'no error: the cut is silent');
    assert.equal(body.prompt_eval_count, 2048);
    assert.equal(seen!.truncated, true);
    assert.ok(!seen!.visiblePrompt.includes('summarize in English'), 'the system prompt is gone');
    assert.ok(!seen!.visiblePrompt.includes('OPENING'), "the article's opening is gone");
    assert.ok(seen!.visiblePrompt.endsWith('CLOSING sentence.\n</article>\nReply with JSON.'), 'the tail is kept');
    assert.equal(seen!.visiblePrompt.length, 2048 * 4);
    assert.notEqual(JSON.parse(body.message.content).headline, 'Title line', 'the answer is about what the model saw');
  });
});

test('a model loads on its first request and when num_ctx changes; load_duration is omitted otherwise', async () => {
  await withFake({}, async (fake) => {
    const call = async (numCtx: number) => (await post(fake, '/api/chat', chatBody({ stream: false, options: { num_ctx: numCtx } }))).json();
    assert.equal((await call(4096)).load_duration, 2_000_000_000);
    assert.equal('load_duration' in (await call(4096)), false);
    assert.equal(typeof (await call(8192)).load_duration, 'number', 'a new num_ctx reloads the model');
    assert.equal(fake.loads, 2);
  });
});

test('thinkInContent: a reasoning model leaks a <think> block into the content', async () => {
  await withFake({ thinkInContent: true }, async (fake) => {
    const body = await (await post(fake, '/api/chat', chatBody({ stream: false, think: false }))).json();
    assert.match(body.message.content, /^<think>\n[\s\S]*\n<\/think>\n\{/);
  });
});

test('the default reply follows the schema it is given: its summary fields, or overview points', async () => {
  await withFake({}, async (fake) => {
    const schema = { type: 'object', properties: { headline: { type: 'string' }, whatToWatch: { type: 'string' } } };
    const summary = await (await post(fake, '/api/chat', chatBody({ stream: false, format: schema }))).json();
    assert.deepEqual(JSON.parse(summary.message.content), { headline: 'Bridge opens', whatToWatch: 'More to come.' });
    const stories = '<stories>\n[1] Bridge\nThe bridge opened. Traffic flowed.\n\n[2] Rain\nRain fell.\n</stories>';
    const overview = await (
      await post(fake, '/api/chat', { model: 'llama3.2:3b', stream: false, format: { type: 'object', properties: { points: { type: 'array' } } }, messages: [{ role: 'user', content: stories }] })
    ).json();
    assert.deepEqual(JSON.parse(overview.message.content).points, [
      { text: 'The bridge opened.', story: 1 },
      { text: 'Rain fell.', story: 2 },
      { text: 'Traffic flowed.', story: 1 },
    ]);
  });
});

test('close() ends a stalled chat instead of waiting for it', async () => {
  const fake = await startFakeOllama({ stallMs: 60_000 });
  const pending = post(fake, '/api/chat', chatBody({ stream: false })).then(
    () => 'answered',
    () => 'failed',
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await fake.close();
  assert.equal(await pending, 'failed');
  assert.ok(Date.now() - started < 2_000);
});
