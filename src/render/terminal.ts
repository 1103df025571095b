import { Chalk, type ChalkInstance } from 'chalk';
import type { Brief, Story } from '../types.js';
import { safeLine } from '../util/terminal-safe.js';
import { countLine, formatDay, metaParts, otherCoverage, overviewTitle, safeHttpUrl, summarizerNote, updateLabel, shownKeyPoints, sectionStart } from './story-meta.js';
import { displayWidth, numberedLines, wrap } from './text-layout.js';

export interface TerminalOptions {
  /** chalk with the colour level decided by the caller (TTY, NO_COLOR, --no-color). */
  chalk: ChalkInstance;
  /** Columns to wrap to. */
  width: number;
  now: Date;
  /** Print why each story ranked where it did. */
  explain?: boolean;
  /** Make headlines and links clickable with OSC 8 (only where the terminal is known to support it). */
  hyperlinks?: boolean;
}

const INDENT = '   ';

/**
 * The brief for a terminal: wrapped to the width, coloured when chalk has colour. The layout
 * reads top to bottom in the order the stories are made (see terminalWriter): the date, the
 * stories, then "Today in N points", the counts and who summarized; that last part is what
 * stays on screen when the run ends.
 */
export function renderTerminal(brief: Brief, o: TerminalOptions): string {
  const out = terminalWriter(brief.date, o);
  return brief.stories.map((story, i) => out.story(story, i + 1, sectionStart(brief.stories, i))).join('') + out.end(brief);
}

/**
 * The terminal layout in pieces, so a run can print each story the moment it is ready: `story`
 * gives one story's block (the first comes with the head line), `end` the overview and the
 * closing lines, which need the whole brief.
 */
export function terminalWriter(date: string, o: TerminalOptions): { story(story: Story, n: number, section?: string): string; end(brief: Brief): string } {
  const c = o.chalk;
  const width = Math.max(40, Math.min(o.width, 100));
  let started = false;
  const lead = (): string => {
    const text = started ? '\n' : `${c.bold('brief')} ${c.dim('·')} ${formatDay(date)}\n\n`;
    started = true;
    return text;
  };
  return {
    story(story, n, section) {
      const block = renderStory(story, n, width, o);
      return `${lead()}${section ? `${c.bold.underline(safeLine(section))}\n\n` : ''}${block}\n`;
    },
    end(brief) {
      const closing = [countLine(brief), summarizerNote(brief)].flatMap((text) => wrap(safeLine(text), width)).map((line) => c.dim(line));
      return `${lead()}${[...renderOverview(brief, width, c), ...closing].join('\n')}\n`;
    },
  };
}

/** The brief as plain text: the terminal layout wrapped to `width` (default 72), with no escape codes at all. */
export function renderText(brief: Brief, now: Date, options: { explain?: boolean; width?: number } = {}): string {
  return renderTerminal(brief, { chalk: new Chalk({ level: 0 }), width: options.width ?? 72, now, explain: options.explain });
}

/**
 * `text` as an OSC 8 hyperlink to `url` when `on`; the URL must be http(s) (safeHttpUrl
 * percent-encodes every control character, so it cannot end the sequence early).
 */
export function hyperlink(text: string, url: string, on: boolean | undefined): string {
  const target = on ? safeHttpUrl(url) : undefined;
  return target ? `\u001b]8;;${target}\u001b\\${text}\u001b]8;;\u001b\\` : text;
}

function renderOverview(brief: Brief, width: number, c: ChalkInstance): string[] {
  const title = overviewTitle(brief);
  if (!title) return [];
  const lines = [c.bold(title)];
  for (const bullet of brief.overview ?? []) {
    wrap(safeLine(bullet), width - INDENT.length).forEach((line, i) => lines.push((i === 0 ? ' • ' : INDENT) + line));
  }
  return [...lines, ''];
}

function renderStory(story: Story, n: number, width: number, o: TerminalOptions): string {
  const c = o.chalk;
  const inner = width - INDENT.length;
  const lines: string[] = [];
  const label = updateLabel(story);
  const headline = label ? `${label}: ${safeLine(story.headline)}` : safeLine(story.headline);
  numberedLines(n, headline, INDENT, width).forEach(({ prefix, line }, i) => {
    const styled = i === 0 && label ? c.yellow(line.slice(0, label.length + 1)) + c.bold(line.slice(label.length + 1)) : c.bold(line);
    lines.push(prefix + hyperlink(styled, story.url, o.hyperlinks));
  });
  lines.push(INDENT + c.dim(metaParts(story, o.now).map(safeLine).join(' · ')));
  const link = linkLine(story.url, inner, o.hyperlinks);
  if (link) lines.push(INDENT + c.cyan(link));
  const also = otherCoverage(story);
  if (also.length > 0) {
    // Source names are linked to their articles where the terminal can; otherwise plain.
    for (const line of wrap(`Also: ${also.map((a) => safeLine(a.source)).join(', ')}`, inner)) lines.push(INDENT + c.dim(linkSources(line, also, o.hyperlinks)));
  }
  if (o.explain && story.ranking) {
    for (const line of wrap(`Ranked by: ${story.ranking.reasons.map(safeLine).join(' · ')} = ${story.ranking.score.toFixed(2)}`, inner)) lines.push(INDENT + c.magenta(line));
  }
  lines.push('');
  for (const line of wrap(safeLine(story.summary), inner)) lines.push(INDENT + line);
  for (const point of shownKeyPoints(story)) {
    lines.push('');
    lines.push(INDENT + c.yellow(point.label) + (point.unverified ? c.red(' (unverified)') : ''));
    for (const line of wrap(safeLine(point.text), inner)) lines.push(INDENT + line);
  }
  return lines.join('\n');
}

/**
 * The story's link. Printed in full where links are not clickable (a terminal finds a URL
 * only when it is whole, so it is never wrapped); where they are, a short form that fits
 * the line (host and path), linked to the full URL.
 */
export function linkLine(url: string, width: number, hyperlinks: boolean | undefined): string {
  const target = hyperlinks ? safeHttpUrl(url) : undefined;
  if (!target) return safeLine(url);
  const u = new URL(target);
  const short = `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  return hyperlink(displayWidth(short) > width ? `${[...short].slice(0, width - 1).join('')}…` : short, target, true);
}

function linkSources(line: string, articles: ReadonlyArray<{ source: string; url: string }>, hyperlinks: boolean | undefined): string {
  if (!hyperlinks) return line;
  // Names are found left to right in the plain line, so none is looked for inside an inserted link.
  let out = '';
  let pos = 0;
  for (const a of articles) {
    const name = safeLine(a.source);
    const at = name ? line.indexOf(name, pos) : -1;
    if (at < 0) continue;
    out += line.slice(pos, at) + hyperlink(name, a.url, true);
    pos = at + name.length;
  }
  return out + line.slice(pos);
}
