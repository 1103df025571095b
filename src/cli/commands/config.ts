import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { GlobalFlags } from '../context.js';
import type { Io } from '../terminal-io.js';
import { BriefError, EXIT, UsageError, errorLine } from '../../errors.js';
import { loadSettings, resolveModel, type Settings } from '../context.js';
import { configFilePath, configuredSources, loadConfigFile, saveSources } from '../../config/config.js';
import { DEFAULT_SOURCES } from '../../sources/defaults.js';

/** The file `brief init` writes: the built-in sources, then every other setting, commented out. */
const TEMPLATE = `# brief configuration, made by \`brief init\`; \`brief config edit\` opens it.
# Every setting is optional: the README explains each one. Flags and environment
# variables (OLLAMA_HOST, BRIEF_MODEL, …) take precedence over this file.

# The feeds brief reads. \`brief sources add URL\` and \`brief sources remove URL\` edit this
# list and keep your comments. weight: 1 is neutral, 2 counts double, 0.5 half.
sources: []

# The model server: Ollama, or an OpenAI-compatible one (provider: openai, host = its base URL).
# ollama:
#   host: http://127.0.0.1:11434
#   model: llama3.2:3b

# brief:
#   limit: 10     # stories per brief
#   since: 24h    # how far back to look
#   lang: auto    # or a code (en, de, …): every summary in that language

# Stories that mention these words move up (more) or down (less).
# interests:
#   more: [ climate, open source ]
#   less: [ celebrity ]

# Topics for \`brief today --topic NAME\`, besides the sources' tags.
# topics:
#   ai: [ artificial intelligence, machine learning, LLM ]
`;

/** `brief init`: writes the config with the built-in sources (never over an existing one) and says where everything lives. */
export async function runInit(flags: GlobalFlags, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  const file = settings.config.path;
  if (settings.config.exists) {
    io.stdout.write(`${file} already exists; nothing changed.\n`);
  } else {
    writeTemplate(file);
    io.stdout.write(`created ${file} with the ${DEFAULT_SOURCES.length} built-in sources\n`);
  }
  io.stdout.write(whereThingsLive(loadSettings(flags), io));
  return EXIT.ok;
}

/** The template, with the sources filled in, written whole or not at all. */
function writeTemplate(file: string): void {
  const draft = `${file}.${process.pid}.new`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(draft, TEMPLATE);
    saveSources(draft, DEFAULT_SOURCES.map((s) => ({ ...s, tags: [...s.tags] })));
    renameSync(draft, file);
  } catch (err) {
    rmSync(draft, { force: true });
    throw new BriefError(`cannot write ${file}: ${errorLine(err)}`, EXIT.usage);
  }
}

function whereThingsLive(settings: Settings, io: Io): string {
  const c = io.chalk;
  const model = resolveModel(settings, { llm: true });
  const server = model.provider === 'openai' ? `the OpenAI-compatible server at ${model.host}` : `Ollama at ${model.host}`;
  const rows: Array<[string, string, string]> = [
    ['config', settings.config.path, 'brief config edit · brief sources add URL'],
    ['database', settings.dbPath, 'cache, briefs and search index; made by the first run'],
    ['model', `${model.model}, ${server}`, model.provider === 'ollama' ? `ollama pull ${model.model}` : ''],
  ];
  const lines = rows.map(([what, where, how]) => `  ${what.padEnd(9)} ${where}${how ? `\n  ${' '.repeat(9)} ${c.dim(how)}` : ''}`);
  return `${lines.join('\n')}\nnext: brief today ${c.dim('(or brief demo, to see it work offline first)')}\n`;
}

/** `brief config path`: the config file in use (it may not exist yet, or be broken). */
export async function runConfigPath(flags: GlobalFlags, io: Io): Promise<number> {
  io.stdout.write(`${configFilePath(flags.config, process.env)}\n`);
  return EXIT.ok;
}

/** `brief config show`: the settings in effect, from flags, environment, file and defaults, as YAML. */
export async function runConfigShow(flags: GlobalFlags, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  const { config } = settings.config;
  const model = resolveModel(settings, { llm: true });
  const { sources, origin } = configuredSources(settings.config);
  const effective = {
    sources,
    ollama: { provider: model.provider, host: model.host, model: model.model },
    brief: { limit: config.brief?.limit ?? 10, since: config.brief?.since ?? '24h', lang: config.brief?.lang ?? 'auto' },
    ...(config.interests ? { interests: config.interests } : {}),
    ...(config.topics ? { topics: config.topics } : {}),
  };
  const file = settings.config.exists ? settings.config.path : `${settings.config.path} (not created yet: \`brief init\`)`;
  io.stdout.write(`# config file: ${file}\n# database:    ${settings.dbPath}\n# sources:     ${origin === 'config' ? 'from the config file' : 'the built-in set'}\n`);
  io.stdout.write(stringify(effective, { lineWidth: 0 }));
  return EXIT.ok;
}

/**
 * `brief config edit`: opens the config in $VISUAL or $EDITOR (else vi, or notepad on
 * Windows), creating it first, and checks it afterwards: a mistake is reported at once,
 * not at six in the morning by cron.
 */
export async function runConfigEdit(flags: GlobalFlags, io: Io): Promise<number> {
  // The file is not read first: a broken config is what one most needs to edit.
  const file = configFilePath(flags.config, process.env);
  if (!existsSync(file)) writeTemplate(file);
  const editor = process.env.VISUAL || process.env.EDITOR || (process.platform === 'win32' ? 'notepad' : 'vi');
  const quoted = process.platform === 'win32' ? `"${file}"` : `'${file.replace(/'/g, `'\\''`)}'`;
  // Through the shell, as git does, so an editor with arguments works (EDITOR="code --wait").
  const result = spawnSync(`${editor} ${quoted}`, { shell: true, stdio: 'inherit' });
  if (result.error || result.status !== 0) throw new BriefError(`the editor (${editor}) did not finish normally${result.error ? `: ${errorLine(result.error)}` : ''}`, EXIT.usage);
  try {
    loadConfigFile(file);
  } catch (err) {
    throw new UsageError(`${errorLine(err)} — run \`brief config edit\` again to fix it`);
  }
  io.stdout.write(`${file} is valid\n`);
  return EXIT.ok;
}
