import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorld, type World } from '../helpers/world.js';
import { BIN } from '../helpers/cli.js';
import { localDate } from '../../src/util/clock.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** The README's crontab: its `NAME=value` lines and the command of its schedule line, exactly as written. */
function readmeCrontab(): { env: Record<string, string>; command: string } {
  const block = /```crontab\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'))?.[1];
  assert.ok(block, 'the README has a ```crontab block');
  const lines = block.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const env = Object.fromEntries(lines.flatMap((l) => (/^[A-Z_]+=/.test(l) ? [[l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]] : [])));
  const schedule = lines.filter((l) => !/^[A-Z_]+=/.test(l));
  assert.equal(schedule.length, 1, 'one schedule line');
  const command = /^(?:\S+\s+){5}(.+)$/.exec(schedule[0]!)?.[1];
  assert.ok(command, `a schedule line: ${schedule[0]}`);
  return { env, command };
}

let world: World;
let home: string;

before(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'brief-cron-'));
  world = await startWorld({ dir: home });
  // What the user set up beforehand: a config (in cron's HOME) naming their feeds, and a model
  // server address (a closed port here: no Ollama is a warning, which --quiet silences).
  const config = path.join(home, '.config', 'brief', 'config.yaml');
  mkdirSync(path.dirname(config), { recursive: true });
  writeFileSync(config, `sources:\n${world.feedPaths.map((p) => `  - url: ${world.server.url(p)}\n`).join('')}ollama:\n  host: http://127.0.0.1:2\n`);
});
after(async () => {
  await world.close();
});

/** Runs a command the way cron does: /bin/sh -c, a minimal environment (HOME, LOGNAME, SHELL, the crontab's variables). */
function cronRun(command: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // `brief` as npm installs it (a link to bin/brief.js) in a bin folder beside node, put first on the crontab's PATH.
  const bin = path.join(home, 'npm-bin');
  mkdirSync(bin, { recursive: true });
  try {
    symlinkSync(BIN, path.join(bin, 'brief'));
  } catch {
    // linked by an earlier run
  }
  const PATH = [bin, path.dirname(process.execPath), env.PATH ?? '/usr/bin:/bin'].join(':');
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { env: { HOME: home, LOGNAME: 'brief', SHELL: '/bin/sh', ...env, PATH }, cwd: home });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test("the README's crontab line, run as cron runs it, writes the day's Markdown file and prints nothing", async () => {
  const { env, command } = readmeCrontab();
  assert.match(command, /^brief today\b.*--output-dir ~\/briefs/);
  const run = await cronRun(command, env);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '', 'cron mails anything on stderr');
  assert.equal(run.stdout, '', 'cron mails anything on stdout');
  const file = `brief-${localDate(new Date())}.md`;
  assert.deepEqual(readdirSync(path.join(home, 'briefs')), [file]);
  const md = readFileSync(path.join(home, 'briefs', file), 'utf8');
  assert.match(md, /^# Brief — /);
  assert.ok((md.match(/^## \d+\. /gm) ?? []).length >= 3);

  // The next run of the day replaces the file whole and is just as quiet.
  const again = await cronRun(command, env);
  assert.deepEqual([again.code, again.stdout, again.stderr], [0, '', '']);
  assert.deepEqual(readdirSync(path.join(home, 'briefs')), [file]);
});
