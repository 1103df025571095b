import type { ChalkInstance } from 'chalk';
import type { Brief, Story } from '../types.js';
import { safeLine } from '../util/terminal-safe.js';
import { metaParts, otherCoverage, overviewTitle, summarizerNote, updateLabel } from './story-meta.js';
import { wrap } from './text-layout.js';

export interface TerminalOptions {
  /** chalk with the colour level decided by the caller (TTY, NO_COLOR, --no-color). */
  chalk: ChalkInstance;
  /** Columns to wrap to. */
  width: number;
  now: Date;
  /** Print why each story ranked where it did. */
  explain?: boolean;
}

const INDENT = '   ';

/** The brief for a terminal: wrapped to the width, coloured when chalk has colour. */
export function renderTerminal(brief: Brief, o: TerminalOptions): string {
  const c = o.chalk;
  const width = Math.max(40, Math.min(o.width, 100));
  const header = `${c.bold('brief')} ${c.dim('·')} ${formatDay(brief.date)} ${c.dim('·')} ${countLine(brief)}`;
  const blocks = brief.stories.map((story, i) => renderStory(story, i + 1, width, o));
  const note = wrap(safeLine(summarizerNote(brief)), width).map((line) => c.dim(line));
  const out = [header, ...note, '', ...renderOverview(brief, width, c), blocks.join('\n\n'), ''];
  return out.join('\n');
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
  const number = `${n}.`.padEnd(INDENT.length);
  const lines: string[] = [];
  const label = updateLabel(story);
  const headline = label ? `${label}: ${safeLine(story.headline)}` : safeLine(story.headline);
  wrap(headline, inner).forEach((line, i) => {
    const styled = i === 0 && label ? c.yellow(line.slice(0, label.length + 1)) + c.bold(line.slice(label.length + 1)) : c.bold(line);
    lines.push((i === 0 ? number : INDENT) + styled);
  });
  lines.push(INDENT + c.dim(metaParts(story, o.now).map(safeLine).join(' · ')));
  if (story.url) lines.push(INDENT + c.cyan(safeLine(story.url)));
  const also = otherCoverage(story);
  if (also.length > 0) for (const line of wrap(`Also: ${also.map((a) => safeLine(a.source)).join(', ')}`, inner)) lines.push(INDENT + c.dim(line));
  if (o.explain && story.ranking) {
    for (const line of wrap(`Ranked by: ${story.ranking.reasons.map(safeLine).join(' · ')} = ${story.ranking.score.toFixed(2)}`, inner)) lines.push(INDENT + c.magenta(line));
  }
  lines.push('');
  for (const line of wrap(safeLine(story.summary), inner)) lines.push(INDENT + line);
  for (const point of story.keyPoints) {
    lines.push('');
    lines.push(INDENT + c.yellow(point.label) + (point.unverified ? c.red(' (unverified)') : ''));
    for (const line of wrap(safeLine(point.text), inner)) lines.push(INDENT + line);
  }
  return lines.join('\n');
}

function countLine(brief: Brief): string {
  const sources = new Set(brief.stories.map((s) => s.source)).size;
  const stories = `${brief.stories.length} ${brief.stories.length === 1 ? 'story' : 'stories'}`;
  return `${stories} from ${sources} ${sources === 1 ? 'source' : 'sources'}`;
}

export function formatDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
