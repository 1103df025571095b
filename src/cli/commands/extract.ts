import type { GlobalFlags } from '../context.js';
import type { Io } from '../terminal-io.js';
import { BriefError, EXIT } from '../../errors.js';
import { countWords, readMinutes } from '../../extract/index.js';
import { stripControl, safeLine } from '../../util/terminal-safe.js';
import { readInput } from './read-input.js';

export interface ExtractFlags extends GlobalFlags {
  url?: string;
  json?: boolean;
}

/** `brief extract <url|file>`: the article text of one page. */
export async function runExtract(arg: string, flags: ExtractFlags, io: Io): Promise<number> {
  const input = await readInput(arg, flags.url);
  const { extractPage } = await import('../../extract/readability.js');
  const page = await extractPage(input.text, input.url);
  if (!page || page.text.trim() === '') throw new BriefError(`no article found in ${input.label}`, EXIT.nothing);
  const wordCount = countWords(page.text);
  const result = {
    title: page.title,
    byline: page.byline ?? null,
    siteName: page.siteName ?? null,
    lang: page.lang ?? null,
    publishedTime: page.publishedTime ?? null,
    text: page.text,
    excerpt: page.excerpt ?? null,
    canonicalUrl: page.canonicalUrl ?? null,
    quality: page.quality,
    qualityReason: page.qualityReason ?? null,
    candidate: page.candidate,
    candidateReason: page.candidateReason,
    wordCount,
    readMinutes: readMinutes(wordCount),
  };
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = io.chalk;
  const quality = result.quality === 'full' ? undefined : `${result.quality}: ${result.qualityReason ?? ''}`;
  const meta = [result.byline, result.siteName, result.publishedTime, `${wordCount} words`, `${result.readMinutes} min read`, quality].filter(Boolean).map((s) => safeLine(String(s)));
  io.stdout.write(`${c.bold(safeLine(result.title))}\n${c.dim(meta.join(' · '))}\n\n${stripControl(result.text)}\n`);
  return EXIT.ok;
}
