/** The terminal (and piped plain-text) forms of `brief history` and `brief search`. */
import type { ChalkInstance } from 'chalk';
import type { BriefListing, SearchHit } from '../store/store.js';
import { safeLine } from '../util/terminal-safe.js';
import { relativeAge } from './story-meta.js';
import { hyperlink, linkLine } from './terminal.js';
import { displayWidth, numberedLines, wrap } from './text-layout.js';

export interface ListingOptions {
  chalk: ChalkInstance;
  width: number;
  now: Date;
  hyperlinks?: boolean;
}

const INDENT = '   ';

/** Private-use characters the store puts around each match in a snippet (see SNIPPET_MARKS); styled here. */
const MATCH_START = '\uE000';
const MATCH_END = '\uE001';
export const SNIPPET_MARKS = [MATCH_START, MATCH_END] as const;

/** One line per stored brief: date, local time, stories, summarizer, the first headline. */
export function renderHistory(briefs: readonly BriefListing[], o: ListingOptions): string {
  const c = o.chalk;
  const lines = briefs.map((b) => {
    const at = new Date(b.generatedAt);
    const time = Number.isNaN(at.getTime()) ? '     ' : `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    const stories = `${b.stories} ${b.stories === 1 ? 'story' : 'stories'}`.padEnd(11);
    const by = safeLine(b.summarizer.model ?? b.summarizer.method).padEnd(14);
    const head = `${b.date} ${time}  ${stories} ${by} `;
    return `${c.bold(b.date)} ${c.dim(time)}  ${stories} ${c.dim(by)} ${fit(safeLine(b.lead ?? ''), o.width - displayWidth(head))}`.trimEnd();
  });
  return `${lines.join('\n')}\n`;
}

/** Numbered hits: title (linked where the terminal can), source · age · the brief that showed it, URL, snippet. */
export function renderSearch(hits: readonly SearchHit[], o: ListingOptions): string {
  const c = o.chalk;
  const width = Math.max(40, Math.min(o.width, 100));
  const inner = width - INDENT.length;
  const blocks = hits.map((hit, i) => {
    const lines = numberedLines(i + 1, safeLine(hit.title), INDENT, width).map(({ prefix, line }) => prefix + hyperlink(c.bold(line), hit.url, o.hyperlinks));
    const meta = [hit.source ? safeLine(hit.source) : hostOf(hit.url), relativeAge(hit.date, o.now), hit.briefDate ? `in the brief of ${hit.briefDate}` : undefined];
    lines.push(INDENT + c.dim(meta.filter(Boolean).join(' · ')));
    lines.push(INDENT + c.cyan(linkLine(hit.url, inner, o.hyperlinks)));
    for (const line of highlight(wrap(safeLine(hit.snippet), inner), c)) lines.push(INDENT + line);
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

/** The snippet without match markers (for JSON). */
export function plainSnippet(snippet: string): string {
  return safeLine(snippet.replaceAll(MATCH_START, '').replaceAll(MATCH_END, ''));
}

/** Turns match markers into bold, per line, so a match that wraps stays styled on both lines. */
function highlight(lines: string[], c: ChalkInstance): string[] {
  let open = false;
  return lines.map((line) => {
    let out = '';
    let run = '';
    const flush = () => {
      out += open ? c.bold.yellow(run) : run;
      run = '';
    };
    for (const ch of line) {
      if (ch === MATCH_START || ch === MATCH_END) {
        flush();
        open = ch === MATCH_START;
      } else run += ch;
    }
    flush();
    return out;
  });
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Cuts text to `width` columns with an ellipsis. */
function fit(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}
