import { readFileSync } from 'node:fs';
import type { Source } from '../types.js';
import { UsageError, errorLine } from '../errors.js';
import { parseOpml } from './opml.js';
import { parseUrlList } from './url-list.js';

/** Reads a sources file, OPML or a plain URL list, told apart by content (not by name). */
export function readSourcesFile(file: string): { sources: Source[]; skipped: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read sources file ${file}: ${errorLine(err)}`);
  }
  const looksLikeXml = /^\s*(\uFEFF)?\s*</.test(text);
  try {
    const result = looksLikeXml ? parseOpml(text) : parseUrlList(text);
    if (result.sources.length === 0) {
      const why = result.skipped.length > 0 ? ` (${result.skipped[0]})` : '';
      throw new Error(`no feed URLs found${why}`);
    }
    return { sources: dedupeSources(result.sources), skipped: result.skipped };
  } catch (err) {
    throw new UsageError(`sources file ${file}: ${errorLine(err)}`);
  }
}

/** Keeps the first of each URL. */
export function dedupeSources(sources: readonly Source[]): Source[] {
  const seen = new Set<string>();
  return sources.filter((s) => !seen.has(s.url) && seen.add(s.url));
}
