import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { tempHome } from '../helpers/cli.js';

/** Setting brief up before the first cron run: init, config path|show|edit, completion. */

test('brief init writes the config with the built-in sources, never over an existing one, and says where things live', async () => {
  const home = tempHome();
  const file = path.join(home.dir, 'config', 'brief', 'config.yaml');
  const init = await home.run(['init']);
  assert.equal(init.code, 0, init.stderr);
  assert.equal(init.stderr, '');
  assert.match(init.stdout, new RegExp(`^created ${file} with the 8 built-in sources\\n`));
  assert.match(init.stdout, new RegExp(`database +${path.join(home.dir, 'data', 'brief', 'brief.db')}`));
  assert.match(init.stdout, /model +llama3\.2:3b, Ollama at http:\/\/127\.0\.0\.1:2\n.*ollama pull llama3\.2:3b/);
  const written = readFileSync(file, 'utf8');
  assert.match(written, /^# brief configuration/);
  assert.match(written, /^# ollama:\n# {3}host: http:\/\/127\.0\.0\.1:11434$/m, 'the other settings, commented out');
  const listed = JSON.parse((await home.run(['sources', 'list', '--json'])).stdout);
  assert.equal(listed.origin, file);
  assert.equal(listed.sources.length, 8);

  writeFileSync(file, `${written}\n# mine\n`);
  const again = await home.run(['init']);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already exists; nothing changed/);
  assert.match(readFileSync(file, 'utf8'), /# mine\n$/);
});

test('brief config path, show (the settings in effect) and edit (checked afterwards)', async () => {
  const home = tempHome();
  const file = path.join(home.dir, 'config', 'brief', 'config.yaml');
  assert.equal((await home.run(['config', 'path'])).stdout, `${file}\n`);
  const shown = await home.run(['config', 'show'], { env: { BRIEF_MODEL: 'qwen3:4b' } });
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^# config file: .*\(not created yet: `brief init`\)\n/);
  const effective = parse(shown.stdout);
  assert.equal(effective.sources.length, 8);
  assert.deepEqual(effective.ollama, { provider: 'ollama', host: 'http://127.0.0.1:2', model: 'qwen3:4b' });
  assert.deepEqual(effective.brief, { limit: 10, since: '24h', lang: 'auto' });

  // An "editor" that appends a setting: the file is created first, then checked.
  const editor = path.join(home.dir, 'editor.sh');
  writeFileSync(editor, '#!/bin/sh\nprintf "brief:\\n  limit: 5\\n" >> "$1"\n');
  chmodSync(editor, 0o755);
  const edit = await home.run(['config', 'edit'], { env: { EDITOR: editor } });
  assert.equal(edit.code, 0, edit.stderr);
  assert.equal(edit.stdout, `${file} is valid\n`);
  assert.equal(parse((await home.run(['config', 'show'])).stdout).brief.limit, 5);

  writeFileSync(editor, '#!/bin/sh\nprintf "brief: [ unclosed\\n" >> "$1"\n');
  const broken = await home.run(['config', 'edit'], { env: { EDITOR: editor } });
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /^error: config .*config\.yaml is not valid YAML: .* — run `brief config edit` again to fix it\n$/);
  assert.equal((await home.run(['config', 'path'])).code, 0, 'a broken config still has a path');
  const fixer = path.join(home.dir, 'fixer.sh');
  writeFileSync(fixer, '#!/bin/sh\nhead -n -1 "$1" > "$1.new" && mv "$1.new" "$1"\n');
  chmodSync(fixer, 0o755);
  const fixed = await home.run(['config', 'edit'], { env: { EDITOR: fixer } });
  assert.equal(fixed.code, 0, 'a broken config can be edited back into shape');
  const failing = await home.run(['config', 'edit'], { env: { EDITOR: 'false' } });
  assert.equal(failing.code, 2);
  assert.equal(failing.stderr, 'error: the editor (false) did not finish normally\n');
});

test('brief completion prints a script per shell; another shell is a usage error', async () => {
  const home = tempHome();
  const bash = await home.run(['completion', 'bash']);
  assert.equal(bash.code, 0, bash.stderr);
  assert.match(bash.stdout, /\ncomplete -F _brief brief\n$/);
  assert.match((await home.run(['completion', 'zsh'])).stdout, /^#compdef brief\n/);
  assert.match((await home.run(['completion', 'fish'])).stdout, /\ncomplete -c brief -f\n/);
  const other = await home.run(['completion', 'powershell']);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /'powershell' is invalid for argument 'shell'\. Allowed choices are bash, zsh, fish\./);
});
