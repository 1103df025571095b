import { test } from 'node:test';
import assert from 'node:assert/strict';
import { articleMessages, parseSummaryFields } from '../../src/summarize/prompts.js';
import { estimateTokens, splitToFit } from '../../src/summarize/budget.js';

const FIELDS = { headline: 'H', summary: 'S.', whatHappened: 'A.', whyItMatters: 'B.', whatToWatch: 'C.' };

test('parseSummaryFields accepts the JSON, after a think block or inside a code fence', () => {
  assert.deepEqual(parseSummaryFields(JSON.stringify(FIELDS)), FIELDS);
  assert.deepEqual(parseSummaryFields(`<think>reasoning {"x":1}</think>\n${JSON.stringify(FIELDS)}`), FIELDS);
  assert.deepEqual(parseSummaryFields('```json\n' + JSON.stringify(FIELDS) + '\n```'), FIELDS);
  assert.deepEqual(parseSummaryFields(JSON.stringify({ ...FIELDS, headline: '  H  ', extra: 1 })), FIELDS);
});

test('parseSummaryFields rejects anything but five non-empty strings', () => {
  for (const bad of [
    '',
    'not json',
    '{"headline": "cut',
    '[]',
    'null',
    JSON.stringify({ ...FIELDS, summary: '' }),
    JSON.stringify({ ...FIELDS, whatToWatch: 3 }),
    JSON.stringify({ headline: 'H', summary: 'S.' }),
  ]) {
    assert.equal(parseSummaryFields(bad), null, bad);
  }
});

test('the article prompt puts the title first inside the tags and the reminder last', () => {
  const [system, user] = articleMessages('Title here', 'Body text.');
  assert.equal(system!.role, 'system');
  assert.match(system!.content, /same language as the article/);
  assert.match(user!.content, /<article>\nTitle here\n\nBody text\.\n<\/article>\n\nReply with the JSON object only/);
});

test('estimateTokens is conservative for CJK and other scripts', () => {
  assert.equal(estimateTokens('a'.repeat(35)), 10);
  assert.equal(estimateTokens('中文字'), 3);
  assert.equal(estimateTokens('привет'), 3);
});

test('splitToFit keeps every word, in order, in parts within the budget', () => {
  const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} starts here. ` + `Sentence ${i} goes on and on. `.repeat(8).trim());
  const longSentence = 'word '.repeat(400).trim() + '.';
  const text = [...paragraphs, longSentence].join('\n\n');
  const parts = splitToFit(text, 120);
  assert.ok(parts.length > 5);
  for (const part of parts) assert.ok(estimateTokens(part) <= 120, `part too big: ${estimateTokens(part)}`);
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  assert.deepEqual(words(parts.join(' ')), words(text));
  assert.deepEqual(splitToFit('Short text.', 120), ['Short text.']);
});
