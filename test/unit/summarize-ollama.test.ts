import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { KEY_POINT_LABELS } from '../../src/types.js';
import { createOllamaSummarizer, DEFAULT_MODEL, probeOllama } from '../../src/summarize/ollama.js';
import { SummarizerError } from '../../src/summarize/summarizer.js';
import { SUMMARY_SCHEMA } from '../../src/summarize/prompts.js';
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from '../helpers/fake-ollama.js';

const VALID = {
  headline: 'Council approves bridge',
  summary: 'The council approved a bridge. It will cost 40 million dollars.',
  whatHappened: 'The council voted for the bridge.',
  whyItMatters: 'The old bridge is unsafe.',
  whatToWatch: 'Construction starts next spring.',
};

const ARTICLE = {
  title: 'Council approves new bridge',
  text: 'The city council approved a new bridge on Tuesday.\n\nIt will cost 40 million dollars. Work starts next spring.',
};

async function withFake(opts: FakeOllamaOptions, run: (fake: FakeOllama) => Promise<void>): Promise<void> {
  const fake = await startFakeOllama(opts);
  try {
    await run(fake);
  } finally {
    await fake.close();
  }
}

const chats = (fake: FakeOllama) => fake.requests.filter((r) => r.path === '/api/chat').map((r) => r.body);

/** A summarizer error of the given kind. */
const kind = (expected: SummarizerError['kind']) => (err: unknown) => {
  assert.ok(err instanceof SummarizerError, `not a SummarizerError: ${String(err)}`);
  assert.equal(err.kind, expected, err.message);
  assert.ok(!err.message.includes('\n'));
  return true;
};

/** A URL where nothing listens. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

test('a valid answer becomes a Summary with method ollama and the three labels', async () => {
  await withFake({ reply: () => JSON.stringify(VALID) }, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: DEFAULT_MODEL });
    assert.equal(summarizer.method, 'ollama');
    assert.equal(summarizer.model, 'llama3.2:3b');
    const summary = await summarizer.summarize(ARTICLE);
    assert.deepEqual(summary, {
      headline: VALID.headline,
      summary: VALID.summary,
      keyPoints: [
        { label: KEY_POINT_LABELS[0], text: VALID.whatHappened },
        { label: KEY_POINT_LABELS[1], text: VALID.whyItMatters },
        { label: KEY_POINT_LABELS[2], text: VALID.whatToWatch },
      ],
      method: 'ollama',
      model: 'llama3.2:3b',
      language: 'en',
    });
  });
});

test('the chat request is non-streaming, schema-constrained, seeded, with the article delimited and instructions after it', async () => {
  await withFake({}, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: DEFAULT_MODEL });
    await summarizer.summarize({ ...ARTICLE, lang: 'en-US' });
    const [body] = chats(fake);
    assert.equal(body.stream, false);
    assert.deepEqual(body.format, JSON.parse(JSON.stringify(SUMMARY_SCHEMA)));
    assert.deepEqual(body.format.required, ['headline', 'summary', 'whatHappened', 'whyItMatters', 'whatToWatch']);
    assert.equal(body.format.additionalProperties, false);
    assert.equal(body.options.temperature, 0.2);
    assert.equal(body.options.seed, 42);
    assert.equal(body.options.num_ctx, 8192);
    assert.equal(body.keep_alive, '10m');
    assert.equal('think' in body, false, 'think is omitted for a model that cannot think');
    assert.equal(body.messages[0].role, 'system');
    const user: string = body.messages[1].content;
    const start = user.indexOf('<article>');
    const end = user.indexOf('</article>');
    assert.ok(start >= 0 && end > start);
    assert.ok(user.slice(start).startsWith(`<article>\n${ARTICLE.title}\n`), 'title first');
    assert.ok(user.slice(end).includes('JSON'), 'instructions repeated after the article');
  });
});

test('num_ctx is min(model context, 8192), 4096 when unknown, or the given value', async () => {
  const models = [
    { name: 'big', contextLength: 131072 },
    { name: 'small', contextLength: 2048 },
    { name: 'odd', contextLength: null },
  ];
  await withFake({ models }, async (fake) => {
    for (const [model, numCtx, expected] of [['big', undefined, 8192], ['small', undefined, 2048], ['odd', undefined, 4096], ['big', 16384, 16384]] as const) {
      const summarizer = await createOllamaSummarizer({ host: fake.url, model, numCtx });
      await summarizer.summarize(ARTICLE);
      assert.equal(chats(fake).at(-1).options.num_ctx, expected, model);
    }
  });
});

test('a thinking model gets think:false on every request', async () => {
  await withFake({ models: [{ name: 'qwen3:4b', arch: 'qwen3', capabilities: ['completion', 'tools', 'thinking'] }] }, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: 'qwen3:4b' });
    await summarizer.summarize(ARTICLE);
    assert.equal(chats(fake)[0].think, false);
  });
});

test('a <think> block before the JSON is ignored', async () => {
  await withFake({ reply: () => `<think>\nThe user wants {"headline": 1}.\n</think>\n${JSON.stringify(VALID)}` }, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: DEFAULT_MODEL });
    assert.equal((await summarizer.summarize(ARTICLE)).headline, VALID.headline);
  });
});

test('invalid JSON is asked again once at temperature 0', async () => {
  const replies = ['{"headline": "cut', JSON.stringify(VALID)];
  await withFake({ reply: () => replies.shift()! }, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: DEFAULT_MODEL });
    assert.equal((await summarizer.summarize(ARTICLE)).summary, VALID.summary);
    assert.deepEqual(chats(fake).map((b) => b.options.temperature), [0.2, 0]);
  });
});

test('an answer missing a field or invalid twice is a bad-output error', async () => {
  const { whatToWatch: _, ...missingField } = VALID;
  await withFake({ reply: () => JSON.stringify({ ...missingField, whyItMatters: '  ' }) }, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: DEFAULT_MODEL });
    await assert.rejects(summarizer.summarize(ARTICLE), kind('bad-output'));
    assert.equal(chats(fake).length, 2);
  });
});

test('a missing model is model-missing, at creation and mid-run', async () => {
  await withFake({}, async (fake) => {
    await assert.rejects(createOllamaSummarizer({ host: fake.url, model: 'mistral' }), kind('model-missing'));
    const trusting = await createOllamaSummarizer({ host: fake.url, model: 'mistral', capabilities: ['completion'], contextLength: 8192 });
    await assert.rejects(trusting.summarize(ARTICLE), kind('model-missing'));
  });
});

test('a refused connection is unreachable', async () => {
  const url = await closedPortUrl();
  await assert.rejects(createOllamaSummarizer({ host: url, model: DEFAULT_MODEL }), kind('unreachable'));
});

test('503 is retried with backoff, then succeeds; persistent 503 is a server error', async () => {
  await withFake({ busyTimes: 2 }, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: DEFAULT_MODEL, retryDelayMs: 5 });
    await summarizer.summarize(ARTICLE);
    assert.equal(chats(fake).length, 3);
  });
  await withFake({ busyTimes: 3 }, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: DEFAULT_MODEL, retryDelayMs: 5 });
    await assert.rejects(summarizer.summarize(ARTICLE), kind('server'));
  });
});

test('a request slower than timeoutMs is a timeout', async () => {
  await withFake({ stallMs: 10_000 }, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: DEFAULT_MODEL, timeoutMs: 200 });
    const started = Date.now();
    await assert.rejects(summarizer.summarize(ARTICLE), kind('timeout'));
    assert.ok(Date.now() - started < 3_000);
  });
});

/** Twenty distinct paragraphs of about 420 characters. */
const LONG_TEXT = Array.from({ length: 20 }, (_, i) =>
  `Paragraph ${i + 1} marker-${i + 1}. ` + 'The committee discussed the budget for the coming year in great detail. '.repeat(6),
).join('\n\n');

test('a long article is summarized in parts and combined, every paragraph sent, one num_ctx', async () => {
  await withFake({}, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: DEFAULT_MODEL, numCtx: 2048 });
    const summary = await summarizer.summarize({ title: 'Budget talks', text: LONG_TEXT });
    const bodies = chats(fake);
    assert.ok(bodies.length >= 4, `only ${bodies.length} requests`);
    assert.ok(bodies.every((b) => b.options.num_ctx === 2048));
    const users: string[] = bodies.map((b) => b.messages[1].content);
    for (let i = 1; i <= 20; i++) {
      const parts = users.filter((u) => /part \d+ of \d+/.test(u) && u.includes(`marker-${i}.`));
      assert.equal(parts.length, 1, `paragraph ${i} is in exactly one part`);
    }
    assert.match(users[0]!, /part 1 of \d+/);
    assert.match(users.at(-1)!, /notes on consecutive parts/);
    for (const u of users) assert.ok(u.length / 4 < 2048 - 1024, 'each prompt leaves room for the answer');
    assert.equal(summary.headline, 'Budget talks');
    assert.equal(summary.method, 'ollama');
  });
});

test('a prompt the server truncated is redone in smaller parts', async () => {
  // The server counts far more tokens than our estimate: the first, whole-article prompt fills the window.
  await withFake({ charsPerToken: 1.5 }, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: DEFAULT_MODEL });
    const text = Array.from({ length: 40 }, (_, i) => `Section ${i}. ` + 'Officials reviewed the plan again. '.repeat(14)).join('\n\n');
    await summarizer.summarize({ title: 'Plan review', text });
    const users: string[] = chats(fake).map((b) => b.messages[1].content);
    assert.ok(!users[0]!.includes('part 1 of'), 'first try: the whole article');
    assert.ok(users.length > 2 && users[1]!.includes('part 1 of'), 'then parts');
  });
  await withFake({ charsPerToken: 0.1 }, async (fake) => {
    const summarizer = await createOllamaSummarizer({ host: fake.url, model: DEFAULT_MODEL });
    await assert.rejects(summarizer.summarize(ARTICLE), kind('bad-output'));
  });
});

test('probeOllama reports the version, context length and capabilities', async () => {
  await withFake({ models: [{ name: 'qwen3:4b', arch: 'qwen3', contextLength: 40960, capabilities: ['completion', 'thinking'] }, { name: 'odd', contextLength: null }] }, async (fake) => {
    assert.deepEqual(await probeOllama({ host: fake.url, model: 'qwen3:4b' }), {
      ok: true,
      version: '0.12.6',
      contextLength: 40960,
      capabilities: ['completion', 'thinking'],
    });
    assert.equal((await probeOllama({ host: fake.url, model: 'odd' })).contextLength, null);
    assert.deepEqual(fake.requests.slice(0, 2).map((r) => r.path), ['/api/version', '/api/show']);
    await assert.rejects(probeOllama({ host: fake.url, model: 'llama3.2' }), kind('model-missing'));
  });
});

test('probeOllama: refused, silent and non-Ollama servers', async () => {
  await assert.rejects(probeOllama({ host: await closedPortUrl(), model: DEFAULT_MODEL }), kind('unreachable'));

  const sockets = new Set<import('node:net').Socket>();
  const silent: Server = createServer((socket) => sockets.add(socket)); // accepts, never answers
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const started = Date.now();
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    await assert.rejects(probeOllama({ host: url, model: DEFAULT_MODEL, timeoutMs: 200 }), kind('unreachable'));
    assert.ok(Date.now() - started < 3_000);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }

  const { createServer: createHttpServer } = await import('node:http');
  const other = createHttpServer((_req, res) => res.writeHead(404).end('not here'));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    await assert.rejects(probeOllama({ host: url, model: DEFAULT_MODEL }), kind('server'));
  } finally {
    other.closeAllConnections();
    await new Promise<void>((resolve) => other.close(() => resolve()));
  }
});
