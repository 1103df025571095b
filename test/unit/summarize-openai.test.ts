import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAiSummarizer, openAiApiRoot, probeOpenAi } from '../../src/summarize/openai.js';
import { SummarizerError, type ModelCall } from '../../src/summarize/summarizer.js';
import { SUMMARY_SCHEMA } from '../../src/summarize/prompts.js';
import { defaultReply, type FakeChatRequest } from '../helpers/fake-ollama.js';

/**
 * A small OpenAI-compatible server, as llama.cpp's llama-server answers: /v1/models with the
 * context in `meta`, /v1/chat/completions with `usage`, `{"error":{…}}` bodies, 400 for a prompt
 * longer than the context, 503 while busy. The answer follows the request's json_schema.
 */
async function startFakeOpenAi(opts: { models?: string[]; contextLength?: number; busyTimes?: number; apiKey?: string; reply?: (body: any) => string } = {}) {
  const requests: Array<{ path: string; body: any; authorization?: string }> = [];
  const contextLength = opts.contextLength ?? 8192;
  let busy = opts.busyTimes ?? 0;
  const send = (res: ServerResponse, status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  const error = (res: ServerResponse, status: number, message: string) => send(res, status, { error: { code: status, message, type: 'error' } });
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    requests.push({ path: req.url ?? '', body, authorization: req.headers.authorization });
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) return error(res, 401, 'invalid api key');
    if (req.url === '/v1/models') {
      return send(res, 200, { object: 'list', data: (opts.models ?? ['qwen2.5-7b-instruct']).map((id) => ({ id, object: 'model', owned_by: 'llamacpp', meta: { n_ctx_train: contextLength } })) });
    }
    if (req.url !== '/v1/chat/completions' || req.method !== 'POST') return error(res, 404, 'File Not Found');
    if (busy-- > 0) return error(res, 503, 'Loading model');
    const prompt: string = body.messages.map((m: { content: string }) => m.content).join('\n');
    const promptTokens = Math.ceil(prompt.length / 4);
    if (promptTokens > contextLength) return error(res, 400, 'the request exceeds the available context size, try increasing it');
    const request = { messages: body.messages, format: body.response_format?.json_schema?.schema, visiblePrompt: prompt } as FakeChatRequest;
    const content = (opts.reply ?? defaultReply)(request);
    send(res, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: Math.ceil(content.length / 4), total_tokens: promptTokens + Math.ceil(content.length / 4) },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const ARTICLE = {
  title: 'Council approves new bridge',
  text: 'The city council approved a new bridge on Tuesday.\n\nIt will cost 40 million dollars. Work starts next spring.',
};

const kind = (expected: SummarizerError['kind']) => (err: unknown) => {
  assert.ok(err instanceof SummarizerError, `not a SummarizerError: ${String(err)}`);
  assert.equal(err.kind, expected, err.message);
  return true;
};

test('openAiApiRoot accepts the server root or its /v1', () => {
  assert.equal(openAiApiRoot('http://127.0.0.1:8080'), 'http://127.0.0.1:8080/v1');
  assert.equal(openAiApiRoot('http://127.0.0.1:8080/v1/'), 'http://127.0.0.1:8080/v1');
  assert.equal(openAiApiRoot('https://lm.example/api/v1'), 'https://lm.example/api/v1');
  assert.throws(() => openAiApiRoot('ftp://x'), /invalid base URL/);
});

test('probeOpenAi lists the models and reads the context length; a model not listed is missing', async () => {
  const fake = await startFakeOpenAi({ models: ['qwen2.5-7b-instruct', 'llama-3.2-3b'], contextLength: 32768 });
  try {
    assert.deepEqual(await probeOpenAi({ baseUrl: fake.url, model: 'llama-3.2-3b' }), { ok: true, models: ['qwen2.5-7b-instruct', 'llama-3.2-3b'], contextLength: 32768 });
    await assert.rejects(probeOpenAi({ baseUrl: fake.url, model: 'gpt-4o' }), (err: unknown) => kind('model-missing')(err) && /it lists: qwen2\.5-7b-instruct, llama-3\.2-3b/.test((err as Error).message));
  } finally {
    await fake.close();
  }
  await assert.rejects(probeOpenAi({ baseUrl: fake.url, model: 'x' }), kind('unreachable'));
});

test('the chat request: strict json_schema, seed, low temperature, capped answer, API key; the summary is grounded', async () => {
  const fake = await startFakeOpenAi({ apiKey: 'sk-local' });
  try {
    const calls: ModelCall[] = [];
    const summarizer = await createOpenAiSummarizer({ baseUrl: fake.url, model: 'qwen2.5-7b-instruct', apiKey: 'sk-local', onCall: (c) => calls.push(c) });
    const summary = await summarizer.summarize(ARTICLE);
    const chat = fake.requests.find((r) => r.path === '/v1/chat/completions')!;
    assert.equal(chat.authorization, 'Bearer sk-local');
    assert.deepEqual(chat.body.response_format, { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema: JSON.parse(JSON.stringify(SUMMARY_SCHEMA)) } });
    assert.equal(chat.body.temperature, 0.2);
    assert.equal(chat.body.seed, 42);
    assert.equal(chat.body.max_tokens, 1024);
    assert.equal(chat.body.stream, false);
    assert.equal(summary.headline, ARTICLE.title);
    assert.equal(summary.model, 'qwen2.5-7b-instruct');
    assert.ok(summary.keyPoints.every((p) => p.evidence && !p.unverified));
    assert.deepEqual(calls.map((c) => [c.provider, c.purpose, c.outcome, c.numCtx]), [['openai', 'summary', 'ok', 8192]]);
    assert.ok(calls[0]!.promptTokens! > 0 && calls[0]!.completionTokens! > 0);
  } finally {
    await fake.close();
  }
});

test('a wrong API key is one clear line', async () => {
  const fake = await startFakeOpenAi({ apiKey: 'sk-local' });
  try {
    await assert.rejects(createOpenAiSummarizer({ baseUrl: fake.url, model: 'qwen2.5-7b-instruct', apiKey: 'wrong' }), /refused the API key \(HTTP 401\)/);
  } finally {
    await fake.close();
  }
});

test('busy (503) is retried; a prompt the server refuses as too long is redone in parts', async () => {
  const fake = await startFakeOpenAi({ busyTimes: 1, contextLength: 4096 });
  try {
    const calls: ModelCall[] = [];
    // The server reports a context of 4096 but we plan for more: it refuses the first prompt.
    const summarizer = await createOpenAiSummarizer({ baseUrl: fake.url, model: 'qwen2.5-7b-instruct', numCtx: 8192, retryDelayMs: 1, onCall: (c) => calls.push(c) });
    const text = Array.from({ length: 30 }, (_, i) => `Section ${i}. ` + 'The council reviewed the bridge plan again. '.repeat(12)).join('\n\n');
    const summary = await summarizer.summarize({ title: 'Bridge plan', text });
    assert.deepEqual(calls.slice(0, 2).map((c) => c.outcome), ['error', 'truncated']);
    assert.match(calls[1]!.error!, /exceeds the available context size/);
    assert.ok(calls.slice(2).every((c) => c.outcome === 'ok' && ['chunk', 'combine'].includes(c.purpose)));
    assert.equal(summary.headline, 'Bridge plan');
  } finally {
    await fake.close();
  }
});

test('an unusable answer is retried once, then the article fails with bad-output', async () => {
  const fake = await startFakeOpenAi({ reply: () => 'Sure! Here is the summary.' });
  try {
    const summarizer = await createOpenAiSummarizer({ baseUrl: fake.url, model: 'qwen2.5-7b-instruct' });
    await assert.rejects(summarizer.summarize(ARTICLE), kind('bad-output'));
    assert.deepEqual(fake.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body.temperature), [0.2, 0]);
  } finally {
    await fake.close();
  }
});
