import type { GlobalFlags, ModelFlags } from '../context.js';
import type { Io } from '../terminal-io.js';
import type { Summary } from '../../types.js';
import { BriefError, EXIT } from '../../errors.js';
import { chooseSummarizer, loadSettings } from '../context.js';
import { safeLine } from '../../util/terminal-safe.js';
import { wrap } from '../../render/text-layout.js';
import { looksLikeHtml, readInput } from './read-input.js';

export interface SummarizeFlags extends GlobalFlags, ModelFlags {
  url?: string;
  json?: boolean;
}

/** `brief summarize <url|file|->`: summarize one article; HTML is extracted first, plain text used as is. */
export async function runSummarize(arg: string, flags: SummarizeFlags, io: Io): Promise<number> {
  const settings = loadSettings(flags);
  const input = await readInput(arg, flags.url);
  let title = '';
  let text = input.text;
  let lang: string | undefined;
  if (looksLikeHtml(input.text)) {
    const { extractPage } = await import('../../extract/readability.js');
    const page = await extractPage(input.text, input.url);
    if (!page || page.text.trim() === '') throw new BriefError(`no article found in ${input.label}`, EXIT.nothing);
    ({ title, text, lang } = page);
  } else {
    // Plain text: a short first line is taken as the title.
    const [first = '', ...rest] = text.trim().split(/\n/);
    if (first.length <= 200 && rest.join('').trim() !== '') {
      title = first.trim();
      text = rest.join('\n').trim();
    }
  }
  if (text.trim() === '') throw new BriefError(`${input.label} has no text to summarize`, EXIT.nothing);
  const { primary, fallback, model } = await chooseSummarizer(settings, flags, io);
  const request = { title, text, url: input.url, lang, targetLanguage: model.targetLanguage };
  let summary: Summary;
  try {
    summary = await primary.summarize(request);
  } catch (err) {
    if (primary === fallback || flags.requireLlm) throw err;
    io.warn(`${(err as Error).message} — using the extractive summarizer`);
    summary = { ...(await fallback.summarize(request)), fallbackReason: (err as Error).message };
  }
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = io.chalk;
  const width = Math.min(io.width, 100);
  const lines = [c.bold(safeLine(summary.headline)), '', ...wrap(safeLine(summary.summary), width)];
  for (const point of summary.keyPoints) {
    lines.push('', c.yellow(point.label) + (point.unverified ? c.red(' (unverified)') : ''), ...wrap(safeLine(point.text), width));
  }
  lines.push('', c.dim(summary.method === 'extractive' ? 'extractive summary' : `summarized by ${summary.model}`));
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
