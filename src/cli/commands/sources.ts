import type { Source } from '../../types.js';
import type { GlobalFlags } from '../context.js';
import type { Io } from '../terminal-io.js';
import { EXIT, UsageError, errorLine } from '../../errors.js';
import { loadSettings } from '../context.js';
import { configuredSources, saveSources } from '../../config/config.js';
import { normalizeSourceUrl } from '../../sources/source-url.js';
import { readSourcesFile, dedupeSources } from '../../sources/read-sources-file.js';
import { toOpml } from '../../sources/opml.js';
import { safeLine } from '../../util/terminal-safe.js';

export async function listSources(flags: GlobalFlags & { json?: boolean }, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  const { sources, origin } = configuredSources(settings.config);
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ origin: origin === 'config' ? settings.config.path : 'defaults', sources }, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = io.chalk;
  for (const s of sources) {
    const tags = s.tags.length > 0 ? c.dim(` [${s.tags.join(', ')}]`) : '';
    io.stdout.write(`${safeLine(s.name ?? s.url)}${tags}\n  ${c.cyan(s.url)}\n`);
  }
  const where = origin === 'config' ? `from ${settings.config.path}` : 'built-in defaults (no config file yet; `brief sources add` creates one)';
  io.stdout.write(c.dim(`${sources.length} sources, ${where}\n`));
  return EXIT.ok;
}

export async function addSource(url: string, flags: GlobalFlags & { name?: string; tag?: string[] }, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  let normalized: string;
  try {
    normalized = normalizeSourceUrl(url);
  } catch (err) {
    throw new UsageError(errorLine(err));
  }
  const { sources } = configuredSources(settings.config);
  if (sources.some((s) => s.url === normalized)) {
    io.warn(`${normalized} is already a source`);
    return EXIT.ok;
  }
  const tags = (flags.tag ?? []).flatMap((t) => t.split(',')).map((t) => t.trim().toLowerCase()).filter(Boolean);
  saveSources(settings.config.path, [...sources, { url: normalized, name: flags.name, tags }]);
  io.stdout.write(`added ${normalized} (${sources.length + 1} sources in ${settings.config.path})\n`);
  return EXIT.ok;
}

export async function removeSource(url: string, flags: GlobalFlags, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  const { sources } = configuredSources(settings.config);
  let target = url.trim();
  try {
    target = normalizeSourceUrl(url);
  } catch {
    // not a URL: try to match it as written (e.g. a name)
  }
  const kept = sources.filter((s) => s.url !== target && s.name !== url);
  if (kept.length === sources.length) throw new UsageError(`${url} is not one of the sources (see \`brief sources list\`)`);
  saveSources(settings.config.path, kept);
  io.stdout.write(`removed ${url} (${kept.length} sources left in ${settings.config.path})\n`);
  return EXIT.ok;
}

export async function importSources(file: string, flags: GlobalFlags, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  const { sources: incoming, skipped } = readSourcesFile(file);
  for (const s of skipped) io.warn(`${file}: skipped ${s}`);
  const { sources } = configuredSources(settings.config);
  const merged: Source[] = dedupeSources([...sources, ...incoming]);
  const added = merged.length - sources.length;
  saveSources(settings.config.path, merged);
  io.stdout.write(`imported ${added} new sources (${incoming.length - added} already present); ${merged.length} sources in ${settings.config.path}\n`);
  return EXIT.ok;
}

export async function exportSources(flags: GlobalFlags, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  io.stdout.write(toOpml(configuredSources(settings.config).sources));
  return EXIT.ok;
}
