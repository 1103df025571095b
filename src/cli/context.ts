import type { Source } from '../types.js';
import type { Io } from './terminal-io.js';
import type { GlobalFlags } from './options.js';
import type { ModelCall, Summarizer } from '../summarize/summarizer.js';
import { BriefError, EXIT, UsageError, errorLine } from '../errors.js';
import { configFilePath, configuredSources, loadConfigFile, type LoadedConfigFile } from '../config/config.js';
import { readSourcesFile } from '../sources/read-sources-file.js';
import { parseDuration } from '../util/duration.js';
import { DEFAULT_MODEL, DEFAULT_OLLAMA_HOST, normalizeOllamaHost } from '../summarize/ollama-host.js';
import { createExtractiveSummarizer } from '../summarize/extractive.js';
import { parseLanguageOption } from '../summarize/language.js';
import { databasePath } from './options.js';

export type { GlobalFlags } from './options.js';

export interface Settings {
  config: LoadedConfigFile;
  dbPath: string;
}

/** Reads the config file and decides the database path: flag, then environment, then default. */
export function loadSettings(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): Settings {
  const config = loadConfigFile(configFilePath(flags.config, env));
  return { config, dbPath: databasePath(flags, env) };
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
  provider?: string;
  baseUrl?: string;
  lang?: string;
  /** false with --no-log: model calls are not recorded. */
  log?: boolean;
  /** Longest wait for one model request, e.g. "3m". */
  modelTimeout?: string;
  /** Ollama embedding model for grouping articles into stories. */
  embedModel?: string;
}

export type Provider = 'ollama' | 'openai';

export interface ModelSettings {
  provider: Provider;
  /** Ollama's host, or the OpenAI-compatible server's base URL. */
  host: string;
  model: string;
  apiKey?: string;
  /** Target language; undefined = each article's own. */
  targetLanguage?: string;
  /** Per model request; undefined = the summarizer's default (180 s). */
  timeoutMs?: number;
  /** Ollama embedding model for grouping articles into stories; undefined = words only. */
  embedModel?: string;
}

/** Which model server, where, which model and language: flag, then environment, then config, then default. */
export function resolveModel(settings: Settings, flags: ModelFlags, env: NodeJS.ProcessEnv = process.env): ModelSettings {
  const config = settings.config.config.ollama ?? {};
  const provider = flags.provider ?? config.provider ?? 'ollama';
  if (provider !== 'ollama' && provider !== 'openai') throw new UsageError(`invalid --provider "${provider}": ollama or openai`);
  const model = flags.model ?? env.BRIEF_MODEL ?? config.model ?? DEFAULT_MODEL;
  let targetLanguage: string | undefined;
  try {
    targetLanguage = parseLanguageOption(flags.lang ?? settings.config.config.brief?.lang);
  } catch (err) {
    throw new UsageError(`invalid --lang: ${errorLine(err)}`);
  }
  const timeoutMs = flags.modelTimeout ? parseDuration(flags.modelTimeout, '--model-timeout') : undefined;
  if (provider === 'openai') {
    const baseUrl = flags.baseUrl ?? config.host;
    if (!baseUrl) throw new UsageError('--provider openai needs --base-url URL (the server, e.g. http://127.0.0.1:8080/v1)');
    try {
      new URL(baseUrl);
    } catch {
      throw new UsageError(`invalid --base-url "${baseUrl}": an http(s) URL is needed`);
    }
    return { provider, host: baseUrl, model, apiKey: env.BRIEF_API_KEY, targetLanguage, timeoutMs };
  }
  let host: string;
  try {
    host = normalizeOllamaHost(flags.ollamaHost ?? env.OLLAMA_HOST ?? config.host ?? DEFAULT_OLLAMA_HOST);
  } catch (err) {
    throw new UsageError(errorLine(err));
  }
  const embedModel = flags.embedModel ?? env.BRIEF_EMBED_MODEL ?? config.embedModel;
  return { provider, host, model, targetLanguage, timeoutMs, ...(embedModel ? { embedModel } : {}) };
}

/**
 * The summarizer for a run: the model when its server answers and has it, else the
 * extractive summarizer with one warning line saying how to get the model
 * (or, with --require-llm, an error with exit code 3). `onCall` receives every model request.
 */
export async function chooseSummarizer(
  settings: Settings,
  flags: ModelFlags,
  io: Io,
  onCall?: (call: ModelCall) => void,
): Promise<{ primary: Summarizer; fallback: Summarizer; model: ModelSettings }> {
  const fallback = createExtractiveSummarizer();
  const model = resolveModel(settings, flags);
  if (!flags.llm) {
    if (flags.requireLlm) throw new UsageError('--no-llm and --require-llm contradict each other');
    return { primary: fallback, fallback, model };
  }
  try {
    const primary = await connectModel(model, onCall);
    return { primary, fallback, model };
  } catch (err) {
    const why = describeModelProblem(err, model);
    if (flags.requireLlm) throw new BriefError(`${why} (--require-llm)`, EXIT.noModel);
    io.warn(`${why} — using the extractive summarizer`);
    return { primary: fallback, fallback, model };
  }
}

async function connectModel(m: ModelSettings, onCall?: (call: ModelCall) => void): Promise<Summarizer> {
  if (m.provider === 'openai') {
    const { probeOpenAi, createOpenAiSummarizer } = await import('../summarize/openai.js');
    const probe = await probeOpenAi({ baseUrl: m.host, model: m.model, apiKey: m.apiKey });
    return createOpenAiSummarizer({ baseUrl: m.host, model: m.model, apiKey: m.apiKey, onCall, numCtx: probe.contextLength ?? undefined, timeoutMs: m.timeoutMs });
  }
  const { probeOllama, createOllamaSummarizer } = await import('../summarize/ollama.js');
  const probe = await probeOllama({ host: m.host, model: m.model });
  return createOllamaSummarizer({ host: m.host, model: m.model, contextLength: probe.contextLength ?? undefined, capabilities: probe.capabilities, onCall, timeoutMs: m.timeoutMs });
}

/** One line a user can act on: what is missing and the command that fixes it. */
function describeModelProblem(err: unknown, m: ModelSettings): string {
  const kind = (err as { kind?: string }).kind;
  if (m.provider === 'openai') {
    if (kind === 'model-missing') return `model ${m.model} is not served at ${m.host}`;
    if (kind === 'unreachable') return `no OpenAI-compatible server answers at ${m.host}`;
    return `the server at ${m.host} failed: ${errorLine(err)}`;
  }
  if (kind === 'model-missing') return `model ${m.model} is not installed in Ollama at ${m.host}; run \`ollama pull ${m.model}\``;
  if (kind === 'unreachable') return `Ollama is not reachable at ${m.host}; install it from https://ollama.com and run \`ollama pull ${m.model}\``;
  return `Ollama at ${m.host} failed: ${errorLine(err)}`;
}
