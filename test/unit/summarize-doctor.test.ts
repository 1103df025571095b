import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diagnoseModel, hostCheck, isLoopback } from '../../src/summarize/doctor.js';
import { startFakeOllama } from '../helpers/fake-ollama.js';

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const byCheck = (checks: Awaited<ReturnType<typeof diagnoseModel>>) => Object.fromEntries(checks.map((c) => [c.check, c]));

test('doctor on a working local Ollama: version, model, context and a local host', async () => {
  const fake = await startFakeOllama({ models: [{ name: 'llama3.2:3b', contextLength: 131072 }, { name: 'qwen3:4b', capabilities: ['completion', 'thinking'], contextLength: null }] });
  try {
    const checks = await diagnoseModel({ provider: 'ollama', host: fake.url, model: 'llama3.2:3b' });
    assert.deepEqual(checks.map((c) => [c.check, c.ok]), [['server', true], ['model', true], ['context', true], ['host', true]]);
    const { server, model, context, host } = byCheck(checks);
    assert.equal(server!.detail, `Ollama 0.12.6 at ${fake.url}`);
    assert.equal(model!.detail, 'llama3.2:3b is installed');
    assert.equal(context!.detail, '131072 tokens; brief uses 8192 per request');
    assert.match(host!.detail, /^local \(127\.0\.0\.1:\d+\): article text stays on this machine$/);

    const thinking = byCheck(await diagnoseModel({ provider: 'ollama', host: fake.url, model: 'qwen3:4b' }));
    assert.match(thinking.model!.detail, /thinking model/);
    assert.equal(thinking.context!.ok, 'warn');
    assert.match(thinking.context!.detail, /not reported; brief plans for 4096 tokens/);
  } finally {
    await fake.close();
  }
});

test('doctor names the exact ollama pull for a missing model, and says when the server is not there', async () => {
  const fake = await startFakeOllama();
  try {
    const checks = byCheck(await diagnoseModel({ provider: 'ollama', host: fake.url, model: 'mistral:7b' }));
    assert.equal(checks.server!.ok, true);
    assert.deepEqual(checks.model, { check: 'model', ok: false, detail: 'mistral:7b is not installed; run: ollama pull mistral:7b' });
    assert.equal(checks.context!.ok, false);
  } finally {
    await fake.close();
  }
  const down = await diagnoseModel({ provider: 'ollama', host: await closedPortUrl(), model: 'llama3.2:3b' });
  assert.deepEqual(down.map((c) => c.ok), [false, false, false, true]);
  assert.match(down[0]!.detail, /^cannot reach Ollama at http:\/\/127\.0\.0\.1:\d+ \(connection refused\); is it running\?$/);
});

test('doctor on an OpenAI-compatible server: listed model, its context, or the models it lists', async () => {
  const server = createHttpServer((req, res) => {
    if (req.url !== '/v1/models') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'Qwen/Qwen2.5-7B-Instruct', max_model_len: 32768 }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const ok = await diagnoseModel({ provider: 'openai', host: url, model: 'Qwen/Qwen2.5-7B-Instruct' });
    assert.deepEqual(ok.map((c) => [c.check, c.ok, c.detail]), [
      ['server', true, `an OpenAI-compatible server at ${url}/v1`],
      ['model', true, 'Qwen/Qwen2.5-7B-Instruct is served'],
      ['context', true, '32768 tokens; brief uses 8192 per request'],
      ['host', true, `local (${new URL(url).host}): article text stays on this machine`],
    ]);
    const missing = byCheck(await diagnoseModel({ provider: 'openai', host: url, model: 'llama' }));
    assert.equal(missing.server!.ok, true);
    assert.match(missing.model!.detail, /model "llama" is not served .*it lists: Qwen\/Qwen2\.5-7B-Instruct/);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('the host check warns when article text would go to a remote host over plain HTTP', () => {
  assert.deepEqual(hostCheck('http://192.168.1.20:11434'), {
    check: 'host',
    ok: 'warn',
    detail: 'remote (192.168.1.20:11434) over plain HTTP: article text would cross the network unencrypted; use https:// or a server on this machine',
  });
  assert.deepEqual(hostCheck('https://ollama.example.com'), { check: 'host', ok: true, detail: 'remote (ollama.example.com): article text is sent there over HTTPS' });
  assert.equal(hostCheck('http://[::1]:11434').ok, true);
  assert.equal(hostCheck('not a url').ok, false);
});

test('isLoopback: localhost, 127.0.0.0/8 and ::1 only', () => {
  for (const host of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) assert.equal(isLoopback(host), true, host);
  for (const host of ['192.168.1.10', 'ollama.example.com', '10.0.0.2', '0.0.0.0', '127.example.com']) assert.equal(isLoopback(host), false, host);
});
