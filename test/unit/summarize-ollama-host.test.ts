import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OLLAMA_HOST, normalizeOllamaHost } from '../../src/summarize/ollama-host.js';

test('normalizeOllamaHost reads the forms OLLAMA_HOST accepts', () => {
  const cases: Array<[string, string]> = [
    ['', DEFAULT_OLLAMA_HOST],
    ['  ', DEFAULT_OLLAMA_HOST],
    ['localhost', 'http://localhost:11434'],
    ['example.com:8080', 'http://example.com:8080'],
    [':8080', 'http://127.0.0.1:8080'],
    ['"127.0.0.1:11434"', 'http://127.0.0.1:11434'],
    ['http://Example.COM:11434/', 'http://example.com:11434'],
    ['https://ollama.example.com/proxy/ollama/', 'https://ollama.example.com/proxy/ollama'],
    ['[::1]:5000', 'http://[::1]:5000'],
    ['::1', 'http://[::1]:11434'],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeOllamaHost(input), expected, input);
});

test('an explicit scheme without a port uses the scheme port, as Ollama does', () => {
  assert.equal(normalizeOllamaHost('http://example.com'), 'http://example.com');
  assert.equal(normalizeOllamaHost('https://example.com'), 'https://example.com');
});

test('a wildcard bind address means this machine', () => {
  assert.equal(normalizeOllamaHost('0.0.0.0'), 'http://127.0.0.1:11434');
  assert.equal(normalizeOllamaHost('0.0.0.0:1234'), 'http://127.0.0.1:1234');
  assert.equal(normalizeOllamaHost('[::]:11434'), 'http://[::1]:11434');
});

test('normalizeOllamaHost rejects unusable hosts with one clear line', () => {
  for (const bad of ['ftp://example.com', 'host:', 'host:abc', 'host:0', 'host:99999', 'a b', 'http://h:1/?x=1']) {
    assert.throws(() => normalizeOllamaHost(bad), { message: `invalid Ollama host "${bad}"` }, bad);
  }
});
