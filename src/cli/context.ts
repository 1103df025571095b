import path from 'node:path';
import type { Source } from '../types.js';
import type { Io } from './terminal-io.js';
import type { Summarizer } from '../summarize/summarizer.js';
import { BriefError, EXIT, UsageError, errorLine } from '../errors.js';
import { configFilePath, configuredSources, loadConfigFile, type LoadedConfigFile } from '../config/config.js';
import { defaultPaths } from '../config/paths.js';
import { readSourcesFile } from '../sources/read-sources-file.js';
import { DEFAULT_MODEL, DEFAULT_OLLAMA_HOST, normalizeOllamaHost } from '../summarize/ollama-host.js';
import { createExtractiveSummarizer } from '../summarize/extractive.js';

/** Options every command accepts. */
export interface GlobalFlags {
  config?: string;
  db?: string;
  color: boolean;
  quiet?: boolean;
}

export interface Settings {
  config: LoadedConfigFile;
  dbPath: string;
}

/** Reads the config file and decides the database path: flag, then environment, then default. */
export function loadSettings(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): Settings {
  const config = loadConfigFile(configFilePath(flags.config, env));
  const dbPath = path.resolve(flags.db ?? env.BRIEF_DB ?? defaultPaths().dbFile);
  return { config, dbPath };
}

/** The sources for this run: `--sources FILE` when given, else the config's, else the built-in set. */
export function sourcesForRun(settings: Settings, sourcesFile: string | undefined, io: Io): { sources: Source[]; origin: string } {
  if (sourcesFile) {
    const { sources, skipped } = readSourcesFile(sourcesFile);
    for (const s of skipped) io.warn(`${sourcesFile}: skipped ${s}`);
    return { sources, origin: sourcesFile };
  }
  const { sources, origin } = configuredSources(settings.config);
  if (sources.length === 0) throw new UsageError(`no sources configured in ${settings.config.path}: add one with \`brief sources add URL\``);
  return { sources, origin: origin === 'config' ? settings.config.path : 'built-in defaults' };
}

export interface ModelFlags {
  llm: boolean;
  requireLlm?: boolean;
  model?: string;
  ollamaHost?: string;
}

export function resolveModel(settings: Settings, flags: ModelFlags, env: NodeJS.ProcessEnv = process.env): { host: string; model: string } {
  const rawHost = flags.ollamaHost ?? env.OLLAMA_HOST ?? settings.config.config.ollama?.host ?? DEFAULT_OLLAMA_HOST;
  let host: string;
  try {
    host = normalizeOllamaHost(rawHost);
  } catch (err) {
    throw new UsageError(errorLine(err));
  }
  const model = flags.model ?? env.BRIEF_MODEL ?? settings.config.config.ollama?.model ?? DEFAULT_MODEL;
  return { host, model };
}

/**
 * The summarizer for a run: Ollama when it answers and has the model, else the
 * extractive summarizer with one warning line saying how to get Ollama
 * (or, with --require-llm, an error with exit code 3).
 */
export async function chooseSummarizer(settings: Settings, flags: ModelFlags, io: Io): Promise<{ primary: Summarizer; fallback: Summarizer }> {
  const fallback = createExtractiveSummarizer();
  if (!flags.llm) {
    if (flags.requireLlm) throw new UsageError('--no-llm and --require-llm contradict each other');
    return { primary: fallback, fallback };
  }
  const { host, model } = resolveModel(settings, flags);
  const { probeOllama, createOllamaSummarizer } = await import('../summarize/ollama.js');
  try {
    const probe = await probeOllama({ host, model });
    const primary = await createOllamaSummarizer({ host, model, contextLength: probe.contextLength ?? undefined, capabilities: probe.capabilities });
    return { primary, fallback };
  } catch (err) {
    const kind = (err as { kind?: string }).kind;
    const why =
      kind === 'model-missing'
        ? `model ${model} is not installed in Ollama at ${host}; run \`ollama pull ${model}\``
        : kind === 'unreachable'
          ? `Ollama is not reachable at ${host}; install it from https://ollama.com and run \`ollama pull ${model}\``
          : `Ollama at ${host} failed: ${errorLine(err)}`;
    if (flags.requireLlm) throw new BriefError(`${why} (--require-llm)`, EXIT.noModel);
    io.warn(`${why} — using the extractive summarizer`);
    return { primary: fallback, fallback };
  }
}

export function parseLimit(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new UsageError(`invalid --limit "${text}": a whole number from 1 to 200`);
  return n;
}

export type OutputFormat = 'terminal' | 'markdown' | 'json';

export function parseFormat(text: string | undefined, io: Io): OutputFormat {
  if (text === undefined) return io.stdoutIsTty ? 'terminal' : 'markdown';
  if (text === 'terminal' || text === 'markdown' || text === 'json') return text;
  if (text === 'md') return 'markdown';
  throw new UsageError(`invalid --format "${text}": terminal, markdown or json`);
}
