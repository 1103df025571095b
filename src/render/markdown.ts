import type { Brief } from '../types.js';
import { stripControl } from '../util/terminal-safe.js';
import { formatDay, metaParts, otherCoverage, overviewTitle, safeHttpUrl, summarizerNote, updateLabel, shownKeyPoints, sectionStart } from './story-meta.js';

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
  return safeHttpUrl(url)?.replace(/[()<> ]/g, (ch) => encodeURIComponent(ch));
}

/** The brief as Markdown: for files, mail and notes. */
export function renderMarkdown(brief: Brief, now: Date, options: { explain?: boolean } = {}): string {
  const lines: string[] = [`# Brief — ${formatDay(brief.date)}`, ''];
  lines.push(`_${brief.stories.length} stories · ${escapeMarkdown(summarizerNote(brief))}_`, '');
  const overview = overviewTitle(brief);
  if (overview) lines.push(`## ${overview}`, '', ...(brief.overview ?? []).map((b) => `- ${escapeMarkdown(b)}`), '');
  brief.stories.forEach((story, i) => {
    const section = sectionStart(brief.stories, i);
    if (section) lines.push(`# ${escapeMarkdown(section)}`, '');
    const label = updateLabel(story);
    lines.push(`## ${i + 1}. ${label ? `${label}: ` : ''}${escapeMarkdown(story.headline)}`, '');
    const meta = metaParts(story, now).map(escapeMarkdown);
    const url = markdownUrl(story.url);
    if (url) meta.push(`[link](${url})`);
    lines.push(meta.join(' · '), '');
    const also = otherCoverage(story).map((a) => {
      const link = markdownUrl(a.url);
      return link ? `[${escapeMarkdown(a.source)}](${link})` : escapeMarkdown(a.source);
    });
    if (also.length > 0) lines.push(`Also: ${also.join(', ')}`, '');
    if (options.explain && story.ranking) lines.push(`_Ranked by: ${story.ranking.reasons.map(escapeMarkdown).join(' · ')} = ${story.ranking.score.toFixed(2)}_`, '');
    lines.push(escapeMarkdown(story.summary), '');
    for (const point of shownKeyPoints(story)) lines.push(`- **${point.label}:** ${escapeMarkdown(point.text)}${point.unverified ? ' _(unverified)_' : ''}`);
    lines.push('');
  });
  return lines.join('\n');
}
