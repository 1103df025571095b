import type { ChalkInstance } from 'chalk';
import type { Brief, Story } from '../types.js';
import { safeLine } from '../util/terminal-safe.js';
import { metaParts } from './story-meta.js';
import { wrap } from './text-layout.js';

export interface TerminalOptions {
  /** chalk with the colour level decided by the caller (TTY, NO_COLOR, --no-color). */
  chalk: ChalkInstance;
  /** Columns to wrap to. */
  width: number;
  now: Date;
}

const INDENT = '   ';

/** The brief for a terminal: wrapped to the width, coloured when chalk has colour. */
export function renderTerminal(brief: Brief, o: TerminalOptions): string {
  const c = o.chalk;
  const width = Math.max(40, Math.min(o.width, 100));
  const header = `${c.bold('brief')} ${c.dim('·')} ${formatDay(brief.date)} ${c.dim('·')} ${countLine(brief)}`;
  const blocks = brief.stories.map((story, i) => renderStory(story, i + 1, width, o));
  const note = wrap(summarizerNote(brief), width).map((line) => c.dim(line));
  const out = [header, ...note, '', blocks.join('\n\n'), ''];
  return out.join('\n');
}

function renderStory(story: Story, n: number, width: number, o: TerminalOptions): string {
  const c = o.chalk;
  const inner = width - INDENT.length;
  const number = `${n}.`.padEnd(INDENT.length);
  const lines: string[] = [];
  wrap(safeLine(story.headline), inner).forEach((line, i) => lines.push((i === 0 ? number : INDENT) + c.bold(line)));
  lines.push(INDENT + c.dim(metaParts(story, o.now).map(safeLine).join(' · ')));
  if (story.url) lines.push(INDENT + c.cyan(safeLine(story.url)));
  lines.push('');
  for (const line of wrap(safeLine(story.summary), inner)) lines.push(INDENT + line);
  for (const point of story.keyPoints) {
    lines.push('');
    lines.push(INDENT + c.yellow(point.label));
    for (const line of wrap(safeLine(point.text), inner)) lines.push(INDENT + line);
  }
  return lines.join('\n');
}

function countLine(brief: Brief): string {
  const sources = new Set(brief.stories.map((s) => s.source)).size;
  const stories = `${brief.stories.length} ${brief.stories.length === 1 ? 'story' : 'stories'}`;
  return `${stories} from ${sources} ${sources === 1 ? 'source' : 'sources'}`;
}

function summarizerNote(brief: Brief): string {
  const s = brief.summarizer;
  return s.method === 'ollama' ? `summarized locally by ${safeLine(s.model ?? 'Ollama')}` : 'extractive summaries: key sentences from each article, no language model';
}

export function formatDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
