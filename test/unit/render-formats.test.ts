import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk } from 'chalk';
import { JSDOM } from 'jsdom';
import type { Brief, Story } from '../../src/types.js';
import { renderHtml } from '../../src/render/html.js';
import { renderTerminal, renderText } from '../../src/render/terminal.js';
import { entryId, escapeXml, renderAtom, renderJsonFeed, uuidV5 } from '../../src/render/feed.js';
import { displayWidth } from '../../src/render/text-layout.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { supportsHyperlinks } from '../../src/cli/terminal-io.js';
import { NOW, sampleBrief, sampleStory } from '../helpers/sample-brief.js';

const story = (over: Partial<Story> = {}): Story =>
  sampleStory({
    summary: 'Seven towns agreed a joint plan to protect residents during extreme heat, with cooling centres in public buildings and phone calls to people who live alone.',
    keyPoints: [
      { label: 'What happened', text: 'The plan was approved on Wednesday.' },
      { label: 'Why it matters', text: 'Heat deaths rose last summer.', unverified: true },
      { label: 'What to watch', text: 'Trees will be planted next year.' },
    ],
    url: 'https://news.example/heat/a-very-long-path-that-goes-on-and-on-and-on-well-past-the-edge-of-an-eighty-column-terminal.html',
    topics: [],
    ranking: { score: 3.2, reasons: ['2 sources +1.58'] },
    ...over,
  });
const brief = (stories: Story[], over: Partial<Brief> = {}): Brief => sampleBrief(stories, { overview: ['Towns agreed a heat plan.'], ...over });
const hostile = story({
  headline: '<script>alert(1)</script> "quoted" & <b onmouseover="x()">bold</b>',
  summary: 'Text with \u0007bell and \u001b[31mred\u001b[0m and <img src=https://tracker.example/p.gif>.',
  url: 'javascript:alert(document.cookie)',
  source: 'Evil <i>Source</i>',
  articles: [{ source: 'Other', url: 'data:text/html,<script>alert(1)</script>', title: 'x' }],
});
/** Visible text of terminal output: SGR colours and OSC 8 links removed. */
const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').replace(/\u001b\]8;;[^\u001b]*\u001b\\/g, '');

test('html: only elements and attributes brief writes; web text escaped; only http(s) links', () => {
  const html = renderHtml(brief([hostile, story({ id: 's2' })]), NOW, { explain: true });
  const { document } = new JSDOM(html).window;
  const tags = new Set(['HTML', 'HEAD', 'META', 'TITLE', 'STYLE', 'BODY', 'DIV', 'H1', 'H2', 'P', 'UL', 'LI', 'A', 'STRONG', 'EM', 'SPAN', 'BR']);
  const attributes = new Set(['lang', 'charset', 'name', 'content', 'http-equiv', 'class', 'style', 'href']);
  for (const el of document.querySelectorAll('*')) {
    assert.ok(tags.has(el.tagName), `element <${el.tagName}>`);
    for (const attr of el.attributes) assert.ok(attributes.has(attr.name), `attribute ${attr.name} on <${el.tagName}>`);
  }
  const hrefs = [...document.querySelectorAll('a')].map((a) => a.getAttribute('href'));
  assert.ok(hrefs.length > 0);
  for (const href of hrefs) assert.match(href ?? '', /^https?:\/\//);
  assert.ok(document.body.textContent?.includes('<script>alert(1)</script> "quoted" & <b onmouseover="x()">bold</b>'), 'the hostile headline is shown as text');
  assert.doesNotMatch(html, /[\u0000-\u0008\u000b-\u001f\u007f]/, 'no control characters');
  assert.equal(document.querySelectorAll('script, img, link, iframe, object').length, 0);
});

test('html: self-contained, readable in light and dark mode, the brief whole', () => {
  const html = renderHtml(brief([story()]), NOW);
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  assert.match(html, /<meta name="color-scheme" content="light dark">/);
  assert.match(html, /@media \(prefers-color-scheme: dark\)/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
  assert.doesNotMatch(html, /src=|url\(|@import|<script|<link/i, 'no external resources');
  const { document } = new JSDOM(html).window;
  assert.equal(document.querySelector('h1')?.textContent, 'Brief — Thursday, 26 November 2026');
  const text = document.body.textContent ?? '';
  for (const expected of ['Today in 1 point', '1. Council approves heat plan', 'Northwind Daily · 3h ago · 3 min read', 'What happened', '(unverified)', 'Also: Harbor Ledger']) assert.ok(text.includes(expected), expected);
  // Inline styles on the content, so a mail client that drops <style> still shows colours.
  assert.match(document.querySelector('h2 a')?.getAttribute('style') ?? '', /color:#0b57d0/);
});

test('text: plain, wrapped to 72 columns, no escape codes even from hostile text', () => {
  const out = renderText(brief([hostile, story({ id: 's2' })]), NOW);
  assert.doesNotMatch(out, /[\u001b\u0007\u009b]/);
  for (const line of out.split('\n')) if (!/^ {3}\S+:\/\//.test(line)) assert.ok(displayWidth(line) <= 72, `too wide: ${line}`);
  assert.match(out, /^ {3}https:\/\/news\.example\/heat\/a-very-long-path\S+\.html$/m, 'a URL is never broken across lines');
});

test('terminal: OSC 8 links only when asked, only to http(s) URLs; fits 80 columns', () => {
  const chalk = new Chalk({ level: 1 });
  const linked = renderTerminal(brief([story(), hostile]), { chalk, width: 80, now: NOW, hyperlinks: true });
  assert.ok(linked.includes(`\u001b]8;;${story().url}\u001b\\`), 'the headline links to the story');
  assert.ok(linked.includes('\u001b]8;;https://ledger.example/heat\u001b\\'), 'other sources are linked');
  assert.doesNotMatch(linked, /\u001b\]8;;(?!https?:\/\/|\u001b)/, 'no link to anything but http(s)');
  for (const line of linked.split('\n')) assert.ok(displayWidth(visible(line)) <= 80, `too wide: ${visible(line)}`);
  assert.match(visible(linked), /^ {3}news\.example\/heat\/a-very-long-path.*…$/m, 'a shortened, clickable URL where links work');
  const plain = renderTerminal(brief([story()]), { chalk, width: 80, now: NOW });
  assert.doesNotMatch(plain, /\u001b\]8;;/);
  assert.ok(plain.includes(story().url), 'the whole URL where links do not work');
});

test('hyperlinks: known terminals on a TTY with colour; never with NO_COLOR; FORCE_HYPERLINK decides', () => {
  const tty = { isTTY: true };
  assert.equal(supportsHyperlinks(tty, 1, { TERM_PROGRAM: 'iTerm.app' }), true);
  assert.equal(supportsHyperlinks(tty, 1, { VTE_VERSION: '7200' }), true);
  assert.equal(supportsHyperlinks(tty, 1, { VTE_VERSION: '4600' }), false);
  assert.equal(supportsHyperlinks(tty, 1, { WT_SESSION: 'x' }), true);
  assert.equal(supportsHyperlinks(tty, 1, { TERM: 'xterm-256color' }), false, 'an unknown terminal gets plain URLs');
  assert.equal(supportsHyperlinks({ isTTY: false }, 1, { TERM_PROGRAM: 'iTerm.app' }), false, 'never on a pipe');
  assert.equal(supportsHyperlinks(tty, 0, { TERM_PROGRAM: 'iTerm.app', FORCE_HYPERLINK: '1' }), false, 'colour off (NO_COLOR, --no-color) means no links');
  assert.equal(supportsHyperlinks({ isTTY: false }, 1, { FORCE_HYPERLINK: '1' }), true);
  assert.equal(supportsHyperlinks(tty, 1, { TERM_PROGRAM: 'WezTerm', FORCE_HYPERLINK: '0' }), false);
});

test('feeds: Atom and JSON Feed that brief itself parses back; stable ids; hostile text escaped', async () => {
  const older = brief([story({ id: 'a' })], { date: '2026-11-25', generatedAt: '2026-11-25T07:00:00.000Z' });
  const newer = brief([hostile, story({ id: 'b', headline: 'Bridge ]]> reopens\u0000 \ufffe' })]);
  const options = { title: 'brief', now: NOW, generator: { name: 'brief', version: '1.2.3' } };
  const atom = renderAtom([newer, older], options);
  const parsed = await parseFeed(atom, 'file:///brief.xml', 'https://brief.example/');
  assert.equal(parsed.format, 'atom');
  assert.deepEqual(parsed.items.map((i) => i.title), ['Brief — Thursday, 26 November 2026', 'Brief — Wednesday, 25 November 2026']);
  assert.match(parsed.items[0]?.content ?? '', /Bridge \]\]&#62; reopens/);
  assert.doesNotMatch(atom, /[\u0000\ufffe]/);
  assert.match(atom, /<updated>2026-11-26T12:00:00\.000Z<\/updated>/);
  // The same brief gets the same id whenever the feed is written; different briefs differ.
  assert.equal(entryId(newer), entryId(structuredClone(newer)));
  assert.notEqual(entryId(newer), entryId(older));
  assert.ok(atom.includes(`<id>${entryId(older)}</id>`));
  assert.equal(renderAtom([newer, older], { ...options, now: new Date() }), atom, 'the feed depends on the briefs, not on when it is written');

  const json = JSON.parse(renderJsonFeed([newer, older], options));
  assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
  assert.deepEqual(json.items.map((i: { id: string }) => i.id), [entryId(newer), entryId(older)]);
  const reparsed = await parseFeed(JSON.stringify(json), 'file:///brief.json', 'https://brief.example/');
  assert.equal(reparsed.items.length, 2);
  assert.doesNotMatch(json.items[0].content_html, /<script|javascript:/);
  assert.match(renderAtom([], options), /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">[\s\S]*<updated>2026-11-26T12:00:00\.000Z<\/updated>[\s\S]*<\/feed>/);
});

test('uuidV5 follows RFC 4122 (the Python uuid5 test vector) and escapeXml drops what XML cannot hold', () => {
  // uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org') == 886313e1-3b8a-5372-9b90-0c9aee199e5d
  assert.equal(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
  assert.equal(escapeXml('a<b>&"c"\u0001\ud800\uffff😀'), 'a&lt;b&gt;&amp;&quot;c&quot;😀');
});
