import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk } from 'chalk';
import type { Brief, Story } from '../../src/types.js';
import { renderTerminal } from '../../src/render/terminal.js';
import { renderMarkdown, escapeMarkdown } from '../../src/render/markdown.js';
import { renderJson } from '../../src/render/json.js';
import { wrap, displayWidth } from '../../src/render/text-layout.js';
import { NOW, sampleBrief, sampleStory } from '../helpers/sample-brief.js';

const story = sampleStory;
const brief = (stories: Story[]): Brief => sampleBrief(stories);

test('terminal: headline, source · age · read time, link, summary and the three labelled points, wrapped', () => {
  const out = renderTerminal(brief([story()]), { chalk: new Chalk({ level: 0 }), width: 60, now: NOW });
  assert.match(out, /^brief · Thursday, 26 November 2026\n\n1\. Council approves heat plan$/m, 'the date, then the first story');
  assert.match(out, /\n1 story from 2 sources\nextractive summaries: key sentences from each article, no\nlanguage model\n$/, 'the counts (every covering source: Northwind Daily and Harbor Ledger) and who summarized close the brief');
  assert.match(out, /Northwind Daily · 3h ago · 3 min read/);
  for (const label of ['What happened', 'Why it matters', 'What to watch']) assert.match(out, new RegExp(label));
  for (const line of out.split('\n')) assert.ok(displayWidth(line) <= 60, `too wide: ${line}`);
  assert.doesNotMatch(out, /\u001b/, 'no escape codes without colour');
});

test('terminal: story 10 and later keep a space after their number, and still fit the width', () => {
  const many = Array.from({ length: 11 }, (_, i) => story({ id: `s${i}`, headline: `Headline number ${i + 1} of a long day of news in the valley towns` }));
  const out = renderTerminal(brief(many), { chalk: new Chalk({ level: 0 }), width: 60, now: NOW });
  assert.match(out, /^9\. Headline number 9 /m);
  assert.match(out, /^10\. Headline number 10 /m);
  assert.match(out, /^11\. Headline number 11 /m);
  for (const line of out.split('\n')) assert.ok(displayWidth(line) <= 60, `too wide: ${line}`);
});

test('terminal: hostile escape sequences from the web are removed; colour only when asked', () => {
  const evil = story({ headline: 'Hi\u001b]8;;https://evil.example\u0007there\u001b]8;;\u0007\u001b[2J', source: 'Src\u009b31m' });
  const plain = renderTerminal(brief([evil]), { chalk: new Chalk({ level: 0 }), width: 80, now: NOW });
  assert.doesNotMatch(plain, /[\u001b\u009b\u0007]/);
  const coloured = renderTerminal(brief([story()]), { chalk: new Chalk({ level: 1 }), width: 80, now: NOW });
  assert.match(coloured, /\u001b\[1m/);
});

test('markdown: web text cannot inject structure; only http(s) links are linked', () => {
  const md = renderMarkdown(brief([story({ headline: '# [click](javascript:alert(1)) <img src=x>', url: 'javascript:alert(1)' })]), NOW);
  assert.match(md, /^## 1\. \\# \\\[click\\\]\\\(javascript:alert\\\(1\\\)\\\) \\<img src=x\\>$/m);
  assert.doesNotMatch(md, /\]\(javascript:/);
  const ok = renderMarkdown(brief([story()]), NOW);
  assert.match(ok, /\[link\]\(https:\/\/news\.example\/heat\)/);
  assert.match(ok, /- \*\*What happened:\*\* The plan was approved on Wednesday\./);
  assert.equal(escapeMarkdown('1. not a list'), '1\\. not a list');
});

test('json: the documented fields, a schema version, no control characters', () => {
  const parsed = JSON.parse(renderJson(brief([story({ summary: 'a\u0007b' })])));
  assert.equal(parsed.schemaVersion, 1);
  assert.deepEqual(Object.keys(parsed).sort(), ['date', 'errors', 'generatedAt', 'schemaVersion', 'stories', 'summarizer']);
  const s = parsed.stories[0];
  for (const key of ['headline', 'summary', 'keyPoints', 'url', 'source', 'publishedAt', 'readMinutes', 'method', 'model']) assert.ok(key in s, key);
  assert.equal(s.summary, 'ab');
});

test('wrap: words never split unless longer than a line; CJK counts double width', () => {
  assert.deepEqual(wrap('aa bb cc dd', 5), ['aa bb', 'cc dd']);
  assert.deepEqual(wrap('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  const cjk = wrap('东京的天气今天很好明天会下雨', 10);
  for (const line of cjk) assert.ok(displayWidth(line) <= 10);
  assert.equal(cjk.join(''), '东京的天气今天很好明天会下雨');
});

test('terminal and markdown: other sources, updates, unverified points, the overview and --explain', () => {
  const b: Brief = {
    ...brief([
      story({ update: true, keyPoints: [{ label: 'What happened', text: 'x', unverified: true }, { label: 'Why it matters', text: 'y' }, { label: 'What to watch', text: 'z' }] }),
    ]),
    overview: ['Towns agreed a heat plan.', 'A bridge reopened.', 'Rates held.'],
    summarizer: { method: 'ollama', model: 'llama3.2:3b' },
    grounding: { points: 3, grounded: 2 },
  };
  const term = renderTerminal(b, { chalk: new Chalk({ level: 0 }), width: 80, now: NOW, explain: true });
  assert.match(term, /summarized locally by llama3\.2:3b · 2 of 3 key points grounded in their articles/);
  assert.match(term, /^Today in 3 points\n • Towns agreed a heat plan\.\n • A bridge reopened\.\n • Rates held\.$/m);
  assert.ok(term.indexOf('Today in 3 points') > term.indexOf('What to watch'), 'in a terminal the overview follows the stories (it is made from them, last)');
  assert.match(term, /^1\. Update: Council approves heat plan$/m);
  assert.match(term, /^ {3}Also: Harbor Ledger$/m);
  assert.match(term, /^ {3}What happened \(unverified\)$/m);
  assert.match(term, /^ {3}Ranked by: 2 sources \+1\.58 · 3h old \+1\.17 = 3\.20$/m);
  assert.doesNotMatch(renderTerminal(b, { chalk: new Chalk({ level: 0 }), width: 80, now: NOW }), /Ranked by/);
  const md = renderMarkdown(b, NOW, { explain: true });
  assert.match(md, /^## Today in 3 points\n\n- Towns agreed a heat plan\.$/m);
  assert.match(md, /^## 1\. Update: Council approves heat plan$/m);
  assert.match(md, /^Also: \[Harbor Ledger\]\(https:\/\/ledger\.example\/heat\)$/m);
  assert.match(md, /^- \*\*What happened:\*\* x _\(unverified\)_$/m);
});

test('points the summarizer could not fill are left out of the reading formats, kept in JSON', async () => {
  const { NOT_STATED } = await import('../../src/summarize/extractive.js');
  const teaser = story({ keyPoints: [{ label: 'What happened', text: 'x happened.' }, { label: 'Why it matters', text: NOT_STATED }, { label: 'What to watch', text: NOT_STATED }] });
  const term = renderTerminal(brief([teaser]), { chalk: new Chalk({ level: 0 }), width: 80, now: NOW });
  assert.match(term, /What happened/);
  assert.doesNotMatch(term, /Why it matters|What to watch|Not stated/);
  assert.doesNotMatch(renderMarkdown(brief([teaser]), NOW), /Why it matters|Not stated/);
  assert.equal(JSON.parse(renderJson(brief([teaser]))).stories[0].keyPoints.length, 3);
});
