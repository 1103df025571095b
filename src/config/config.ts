import { readFileSync, existsSync, mkdirSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, Document, isSeq, YAMLSeq } from 'yaml';
import type { Source } from '../types.js';
import { UsageError, errorLine } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import { DEFAULT_SOURCES } from '../sources/defaults.js';
import { normalizeSourceUrl } from '../sources/source-url.js';
import { defaultPaths } from './paths.js';

/** The settings a config file may hold; every key is optional. */
export interface FileConfig {
  sources?: Source[];
  /** The model server: Ollama (default) or an OpenAI-compatible one (`provider: openai`, `host` = its base URL). */
  ollama?: { provider?: 'ollama' | 'openai'; host?: string; model?: string; embedModel?: string };
  /** `keep`: how long to keep fetched articles and briefs (e.g. 90d); unset = forever. */
  brief?: { limit?: number; since?: string; lang?: string; keep?: string; groupBy?: 'topic' | 'none' };
  /** Words or phrases that move stories up (`more`) or down (`less`). */
  interests?: { more: string[]; less: string[] };
  /** Topic name → words or phrases that put a story in it (besides its sources' tags). */
  topics?: Record<string, string[]>;
  /** How articles are grouped into stories and remembered (see the README). */
  stories?: { threshold?: number; maxHoursApart?: number; memoryDays?: number };
}

export interface LoadedConfigFile {
  path: string;
  exists: boolean;
  config: FileConfig;
}

/** Which config file: `--config`, then `BRIEF_CONFIG`, then the platform default. */
export function configFilePath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return path.resolve(flag ?? env.BRIEF_CONFIG ?? defaultPaths().configFile);
}

export function loadConfigFile(file: string): LoadedConfigFile {
  if (!existsSync(file)) return { path: file, exists: false, config: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config ${file}: ${errorLine(err)}`);
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new UsageError(`config ${file} is not valid YAML: ${errorLine(doc.errors[0])}`);
  }
  return { path: file, exists: true, config: validateConfig(doc.toJS() ?? {}, file) };
}

function validateConfig(raw: unknown, file: string): FileConfig {
  const fail = (what: string): never => {
    throw new UsageError(`config ${file}: ${what}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('expected a mapping of settings at the top level');
  const obj = raw as Record<string, unknown>;
  const known = new Set(['sources', 'ollama', 'brief', 'interests', 'topics', 'stories']);
  for (const key of Object.keys(obj)) if (!known.has(key)) fail(`unknown setting "${key}" (known: ${[...known].join(', ')})`);

  const config: FileConfig = {};
  if (obj.sources !== undefined && obj.sources !== null) {
    if (!Array.isArray(obj.sources)) fail('"sources" must be a list');
    config.sources = (obj.sources as unknown[]).map((entry, i) => validateSource(entry, `sources[${i}]`, fail));
  } else if (obj.sources === null) {
    config.sources = [];
  }
  if (obj.ollama !== undefined) {
    const o = asMapping(obj.ollama, 'ollama', fail);
    const provider = optionalString(o.provider, 'ollama.provider', fail);
    if (provider !== undefined && provider !== 'ollama' && provider !== 'openai') fail('"ollama.provider" must be ollama or openai');
    config.ollama = {
      provider: provider as 'ollama' | 'openai' | undefined,
      host: optionalString(o.host, 'ollama.host', fail),
      model: optionalString(o.model, 'ollama.model', fail),
      embedModel: optionalString(o.embedModel, 'ollama.embedModel', fail),
    };
  }
  if (obj.brief !== undefined) {
    const b = asMapping(obj.brief, 'brief', fail);
    const limit = b.limit;
    if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) > 0)) fail('"brief.limit" must be a positive whole number');
    const since = optionalString(b.since, 'brief.since', fail);
    if (since !== undefined && since !== 'last-run') {
      try {
        parseDuration(since);
      } catch (err) {
        fail(`"brief.since": ${errorLine(err)}`);
      }
    }
    const keep = optionalString(b.keep, 'brief.keep', fail);
    if (keep !== undefined) {
      try {
        parseDuration(keep);
      } catch (err) {
        fail(`"brief.keep": ${errorLine(err)}`);
      }
    }
    const groupBy = optionalString(b.groupBy, 'brief.groupBy', fail);
    if (groupBy !== undefined && groupBy !== 'topic' && groupBy !== 'none') fail('"brief.groupBy" must be topic or none');
    config.brief = { limit: limit as number | undefined, since, lang: optionalString(b.lang, 'brief.lang', fail), keep };
    if (groupBy !== undefined) config.brief.groupBy = groupBy as 'topic' | 'none';
  }
  if (obj.interests !== undefined) {
    const i = asMapping(obj.interests, 'interests', fail);
    config.interests = { more: wordList(i.more, 'interests.more', fail), less: wordList(i.less, 'interests.less', fail) };
  }
  if (obj.stories !== undefined) {
    const st = asMapping(obj.stories, 'stories', fail);
    const number = (v: unknown, where: string, min: number, max: number): number | undefined => {
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !(v >= min && v <= max)) fail(`"${where}" must be a number from ${min} to ${max}`);
      return v as number;
    };
    config.stories = {
      threshold: number(st.threshold, 'stories.threshold', 0.01, 1),
      maxHoursApart: number(st.maxHoursApart, 'stories.maxHoursApart', 1, 24 * 14),
      memoryDays: number(st.memoryDays, 'stories.memoryDays', 0, 365),
    };
  }
  if (obj.topics !== undefined) {
    const t = asMapping(obj.topics, 'topics', fail);
    config.topics = Object.fromEntries(Object.entries(t).map(([name, terms]) => [name.toLowerCase(), wordList(terms, `topics.${name}`, fail)]));
  }
  return config;
}

function validateSource(entry: unknown, where: string, fail: (what: string) => never): Source {
  const o = typeof entry === 'string' ? { url: entry } : asMapping(entry, where, fail);
  if (typeof o.url !== 'string') fail(`${where}.url is missing`);
  let url: string;
  try {
    url = normalizeSourceUrl(o.url as string);
  } catch (err) {
    return fail(`${where}.url: ${errorLine(err)}`);
  }
  const tags = o.tags === undefined ? [] : o.tags;
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) fail(`${where}.tags must be a list of words`);
  const weight = o.weight;
  if (weight !== undefined && !(typeof weight === 'number' && weight >= 0 && weight <= 10)) fail(`${where}.weight must be a number from 0 to 10 (1 is neutral)`);
  const source: Source = { url, name: optionalString(o.name, `${where}.name`, fail), tags: (tags as string[]).map((t) => t.toLowerCase()) };
  if (weight !== undefined) source.weight = weight as number;
  return source;
}

function wordList(value: unknown, where: string, fail: (what: string) => never): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((t) => typeof t === 'string' && t.trim() !== '')) fail(`"${where}" must be a list of words or phrases`);
  return (value as string[]).map((t) => t.trim());
}

function asMapping(value: unknown, where: string, fail: (what: string) => never): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`"${where}" must be a mapping`);
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, where: string, fail: (what: string) => never): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') fail(`"${where}" must be a non-empty string`);
  return (value as string).trim();
}

/** The sources in effect: the config's list when it has one, else the built-in defaults. */
export function configuredSources(loaded: LoadedConfigFile): { sources: Source[]; origin: 'config' | 'defaults' } {
  if (loaded.config.sources) return { sources: loaded.config.sources, origin: 'config' };
  return { sources: DEFAULT_SOURCES.map((s) => ({ ...s, tags: [...s.tags] })), origin: 'defaults' };
}

/**
 * Rewrites the `sources` list of the config file, keeping the rest of the file
 * (comments included) as the user wrote it. Creates the file when missing.
 * Written to a temp file and renamed, so a crash never leaves half a config.
 */
export function saveSources(file: string, sources: Source[]): void {
  let doc: Document;
  if (existsSync(file)) {
    doc = parseDocument(readFileSync(file, 'utf8'));
  } else {
    doc = new Document({});
    doc.commentBefore = ' brief configuration: see `brief --help` and the README.\n sources: the feeds brief reads; ollama: { host, model }; brief: { limit, since }';
  }
  const list = sources.map((s) => {
    const entry: Record<string, unknown> = { url: s.url };
    if (s.name) entry.name = s.name;
    if (s.tags.length > 0) entry.tags = s.tags;
    if (s.weight !== undefined) entry.weight = s.weight;
    return entry;
  });
  const node = doc.createNode(list) as YAMLSeq;
  for (const item of node.items) {
    const tags = (item as { get?: (k: string, keep: boolean) => unknown }).get?.('tags', true);
    if (isSeq(tags)) tags.flow = true;
  }
  doc.set('sources', node);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, doc.toString({ lineWidth: 0 }));
  renameSync(tmp, file);
}
