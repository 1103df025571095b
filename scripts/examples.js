#!/usr/bin/env node
/**
 * Regenerates docs/examples/: the same brief in every format brief writes, made by the real
 * CLI (bin/brief.js, built) from the demo news served on loopback, with a fixed clock
 * (BRIEF_NOW), UTC and --no-llm, so the files change only when brief's output does.
 * The loopback origin becomes http://news.example in every file, and each story's id (a hash
 * of its articles' URLs, so of the loopback port) a hash of its placeholder URL.
 *
 * Also writes docs/terminal.png, the README's screenshot of the terminal format in colour,
 * when a Chromium is installed (headless --screenshot); else it says so and keeps the old one.
 *
 * Run by `npm run docs:examples` (which builds first).
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { terminalPage } from './ansi-html.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'brief.js');
const OUT = path.join(ROOT, 'docs', 'examples');
const SCREENSHOT = path.join(ROOT, 'docs', 'terminal.png');
const NOW = '2026-11-26T07:00:00.000Z';
const PLACEHOLDER_ORIGIN = 'http://news.example';
/** Lines of the terminal output the screenshot shows (the header, the overview, the first story). */
const SCREENSHOT_LINES = 44;

const { startDemoServer } = await import(path.join(ROOT, 'dist', 'demo', 'server.js'));
const server = await startDemoServer({ now: () => new Date(NOW) });
const home = mkdtempSync(path.join(os.tmpdir(), 'brief-examples-'));
const db = path.join(home, 'brief.db');
const env = {
  PATH: process.env.PATH,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, 'config'),
  XDG_DATA_HOME: path.join(home, 'data'),
  OLLAMA_HOST: 'http://127.0.0.1:2',
  BRIEF_NOW: NOW,
  TZ: 'UTC',
  LANG: 'C.UTF-8',
};

/** Runs brief on the examples' database; the event loop keeps turning, so the demo server answers. */
async function brief(args, extraEnv = {}) {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...args, '--db', db], { env: { ...env, ...extraEnv }, maxBuffer: 16 * 1024 * 1024 });
  return stdout.replaceAll(server.origin, PLACEHOLDER_ORIGIN);
}

try {
  const opml = path.join(home, 'demo.opml');
  writeFileSync(opml, server.opml);
  await brief(['today', '--sources', opml, '--no-llm', '--limit', '5', '--format', 'json']);

  const files = {
    'terminal.txt': await brief(['show', '--format', 'terminal']),
    'brief.md': await brief(['show', '--format', 'markdown']),
    'brief.json': stableIds(await brief(['show', '--format', 'json'])),
    'brief.html': await brief(['show', '--format', 'html']),
    'brief.txt': await brief(['show', '--format', 'text']),
    'feed.xml': await brief(['feed', '--format', 'atom']),
    'feed.json': await brief(['feed', '--format', 'jsonfeed']),
    'history.txt': await brief(['history']),
    'search.txt': await brief(['search', 'heat', 'plan']),
  };
  const coloured = await brief(['show', '--format', 'terminal'], { FORCE_COLOR: '1' });
  const top = ['$ brief today', ...coloured.split('\n').slice(0, SCREENSHOT_LINES)].join('\n');
  files['terminal.html'] = terminalPage(top, { title: 'brief today — 80 columns', columns: 80 });

  mkdirSync(OUT, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(OUT, name), text);
  console.log(`wrote ${Object.keys(files).length} files to ${path.relative(ROOT, OUT)}/`);
  screenshot(path.join(OUT, 'terminal.html'), SCREENSHOT_LINES + 1);
} finally {
  await server.close();
  rmSync(home, { recursive: true, force: true });
}

/** The JSON brief with each story id replaced by a hash of its (placeholder) URL, the same on every run. */
function stableIds(json) {
  const brief = JSON.parse(json);
  for (const story of brief.stories) story.id = createHash('sha256').update(story.url).digest('hex').slice(0, 16);
  return `${JSON.stringify(brief, null, 2)}\n`;
}

/** docs/terminal.png from the terminal page, with headless Chromium when there is one. */
function screenshot(page, lines) {
  const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((name) => {
    try {
      execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!chromium) {
    console.log('no chromium found: docs/terminal.png not updated (docs/examples/terminal.html shows the same)');
    return;
  }
  const profile = mkdtempSync(path.join(os.tmpdir(), 'brief-chromium-'));
  try {
    const height = Math.ceil(lines * 14 * 1.45) + 96;
    execFileSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        `--window-size=760,${height}`,
        `--screenshot=${SCREENSHOT}`,
        `file://${page}`,
      ],
      { stdio: 'ignore', timeout: 60_000 },
    );
    console.log(`wrote ${path.relative(ROOT, SCREENSHOT)} (${Math.round(statSync(SCREENSHOT).size / 1024)} KB)`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
