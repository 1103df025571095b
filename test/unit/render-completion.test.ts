import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProgram } from '../../src/cli/main.js';
import { describeCommand } from '../../src/cli/commands/completion.js';
import { completionScript, type Shell } from '../../src/render/completion.js';

const program = describeCommand(buildProgram(() => undefined), true);
const dir = mkdtempSync(path.join(os.tmpdir(), 'brief-completion-'));
const scriptFile = (shell: Shell) => {
  const file = path.join(dir, `brief.${shell}`);
  writeFileSync(file, completionScript(shell, program));
  return file;
};
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

/** What bash offers after `line` (a trailing space means a new word). */
function bashComplete(line: string): string[] {
  const words = line.split(' ');
  const script = `source ${scriptFile('bash')}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _brief; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const run = spawnSync('bash', ['--norc', '-c', script], { encoding: 'utf8', cwd: dir });
  assert.equal(run.stderr, '');
  return run.stdout.split('\n').filter(Boolean).sort();
}

test('the tree comes from the real commands: every command, subcommand, option and choice', () => {
  const names = program.commands.map((c) => c.name);
  for (const cmd of ['today', 'show', 'history', 'search', 'feed', 'prune', 'init', 'config', 'completion', 'sources']) assert.ok(names.includes(cmd), cmd);
  const today = program.commands.find((c) => c.name === 'today')!;
  assert.deepEqual(today.options.find((o) => o.long === '--format')?.choices, ['terminal', 'markdown', 'json', 'html', 'text']);
  assert.equal(today.options.find((o) => o.long === '--output-dir')?.files, true);
  assert.deepEqual(program.commands.find((c) => c.name === 'completion')?.args[0]?.choices, ['bash', 'zsh', 'fish']);
  assert.ok(program.options.some((o) => o.long === '--quiet' && o.short === '-q'));
});

test('bash: commands, subcommands, options, option values and argument choices', () => {
  assert.ok(bashComplete('brief ').includes('today'));
  assert.deepEqual(bashComplete('brief s'), ['search', 'show', 'sources', 'summarize']);
  assert.deepEqual(bashComplete('brief sources '), ['add', 'export', 'import', 'list', 'remove']);
  assert.deepEqual(bashComplete('brief today --format '), ['html', 'json', 'markdown', 'terminal', 'text']);
  assert.deepEqual(bashComplete('brief feed --format '), ['atom', 'jsonfeed']);
  assert.deepEqual(bashComplete('brief today --output-'), ['--output-dir']);
  assert.ok(bashComplete('brief today --').includes('--quiet'), 'global options everywhere');
  assert.deepEqual(bashComplete('brief completion '), ['bash', 'fish', 'zsh']);
  // The value after --db is not taken for a command; "config show" is not the show command.
  assert.deepEqual(bashComplete('brief --db show sources a'), ['add']);
  assert.deepEqual(bashComplete('brief config '), ['edit', 'path', 'show']);
  assert.deepEqual(bashComplete('brief config show --f'), [], 'config show has no --format');
  writeFileSync(path.join(dir, 'feeds.opml'), '');
  assert.ok(bashComplete('brief today --sources fee').includes('feeds.opml'), 'file names for a file option');
});

test('zsh: valid zsh that offers commands, subcommands and option values', { skip: !has('zsh') && 'zsh is not installed' }, () => {
  const syntax = spawnSync('zsh', ['-n', scriptFile('zsh')], { encoding: 'utf8' });
  assert.equal(syntax.status, 0, syntax.stderr);
  // zsh's completion builtins, stubbed to print what they are given.
  const complete = (line: string) => {
    const words = line.split(' ');
    const stubs = `compadd() { print -l -- "\${(@P)2}"; }; _describe() { print -l -- "\${(@)\${(@P)4}%%:*}"; }; _files() { print FILES; }`;
    const script = `${stubs}; source ${scriptFile('zsh')}; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _brief`;
    const run = spawnSync('zsh', ['-f', '-c', script], { encoding: 'utf8' });
    assert.equal(run.stderr, '');
    return run.stdout.split('\n').filter(Boolean).sort();
  };
  assert.ok(complete('brief ').includes('history'));
  assert.deepEqual(complete('brief sources '), ['add', 'export', 'import', 'list', 'remove']);
  assert.deepEqual(complete('brief today --format '), ['html', 'json', 'markdown', 'terminal', 'text']);
  assert.deepEqual(complete('brief --db show config '), ['edit', 'path', 'show']);
  assert.deepEqual(complete('brief today --sources '), ['FILES']);
});

test('fish: completes commands with descriptions, subcommands and option values', { skip: !has('fish') && 'fish is not installed' }, () => {
  const complete = (line: string) => {
    const run = spawnSync('fish', ['--no-config', '-c', `source ${scriptFile('fish')}; complete -C '${line}'`], { encoding: 'utf8', cwd: dir });
    assert.equal(run.stderr, '');
    return run.stdout.split('\n').filter(Boolean).sort();
  };
  assert.ok(complete('brief ').includes('history\tlist the stored briefs, newest first'));
  assert.deepEqual(complete('brief sources ').map((l) => l.split('\t')[0]), ['add', 'export', 'import', 'list', 'remove']);
  assert.deepEqual(complete('brief today --format ').map((l) => l.split('\t')[0]), ['html', 'json', 'markdown', 'terminal', 'text']);
  assert.deepEqual(complete('brief --db x.db config ').map((l) => l.split('\t')[0]), ['edit', 'path', 'show']);
});
