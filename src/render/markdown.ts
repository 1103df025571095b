import type { Brief } from '../types.js';
import { stripControl } from '../util/terminal-safe.js';
import { metaParts } from './story-meta.js';
import { formatDay } from './terminal.js';

/** Escapes text taken from the web so it cannot add Markdown structure (links, headings, HTML). */
export function escapeMarkdown(text: string): string {
  return stripControl(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([\\`*_{}[\]()<>#|!~])/g, '\\$1')
    .replace(/^(\d+)\.(\s)/, '$1\\.$2')
    .replace(/^([-+])(\s)/, '\\$1$2');
}

/** A URL safe inside Markdown link parentheses; only http(s) links are kept. */
function markdownUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.href.replace(/[()<> ]/g, (ch) => encodeURIComponent(ch));
  } catch {
    return undefined;
  }
}

/** The brief as Markdown: for files, mail and notes. */
export function renderMarkdown(brief: Brief, now: Date): string {
  const lines: string[] = [`# Brief — ${formatDay(brief.date)}`, ''];
  const method =
    brief.summarizer.method === 'ollama' ? `summarized locally by ${escapeMarkdown(brief.summarizer.model ?? 'Ollama')}` : 'extractive summaries (no language model)';
  lines.push(`_${brief.stories.length} stories · ${method}_`, '');
  brief.stories.forEach((story, i) => {
    lines.push(`## ${i + 1}. ${escapeMarkdown(story.headline)}`, '');
    const meta = metaParts(story, now).map(escapeMarkdown);
    const url = markdownUrl(story.url);
    if (url) meta.push(`[link](${url})`);
    lines.push(meta.join(' · '), '');
    lines.push(escapeMarkdown(story.summary), '');
    for (const point of story.keyPoints) lines.push(`- **${point.label}:** ${escapeMarkdown(point.text)}`);
    lines.push('');
  });
  return lines.join('\n');
}
