/**
 * The brief as one self-contained HTML file, for a browser or an e-mail: inline styles
 * (mail clients drop most stylesheets), a `<style>` block only for dark mode, no scripts,
 * no images, no external resources, and a Content-Security-Policy that forbids them anyway.
 *
 * Sanitizing is an allow-list by construction: brief writes every element and attribute
 * itself; the only values from the web are plain-text fields, each control-stripped and
 * HTML-escaped, and URLs, which become links only when they are http(s) (safeHttpUrl)
 * and are escaped as attribute values. No HTML from a feed or page is ever passed through.
 */
import type { Brief, Story } from '../types.js';
import { safeLine } from '../util/terminal-safe.js';
import { countLine, formatDay, metaParts, otherCoverage, overviewTitle, safeHttpUrl, summarizerNote, updateLabel, shownKeyPoints, sectionStart } from './story-meta.js';

/** Light colours inline; the dark ones override them through the classes in DARK_MODE. */
const LIGHT = { page: '#ffffff', text: '#1f2328', muted: '#59636e', link: '#0b57d0', label: '#8a4600', rule: '#d0d7de', warn: '#b42318' };
const DARK_MODE = `@media (prefers-color-scheme: dark) {
  .b-page { background: #0d1117 !important; color: #e6edf3 !important; }
  .b-muted { color: #9198a1 !important; }
  .b-link { color: #79b8ff !important; }
  .b-label { color: #e3b341 !important; }
  .b-rule { border-color: #30363d !important; }
  .b-warn { color: #ff7b72 !important; }
}`;
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";

/** Escapes text for HTML content and (double-quoted) attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** One line of web text, safe in HTML: control characters removed, whitespace collapsed, escaped. */
function text(value: string): string {
  return escapeHtml(safeLine(value));
}

/** A link when the URL is http(s), else the plain text. */
function link(label: string, url: string): string {
  const href = safeHttpUrl(url);
  return href ? `<a class="b-link" href="${escapeHtml(href)}" style="color:${LIGHT.link};text-decoration:none;">${label}</a>` : label;
}

/** The whole document. `now` dates the stories ("6h ago"). */
export function renderHtml(brief: Brief, now: Date, options: { explain?: boolean } = {}): string {
  const title = `Brief — ${formatDay(brief.date)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
${DARK_MODE}
</style>
</head>
<body class="b-page" style="margin:0;padding:0;background:${LIGHT.page};color:${LIGHT.text};">
<div class="b-page" style="max-width:680px;margin:0 auto;padding:24px 16px;background:${LIGHT.page};color:${LIGHT.text};font-family:${FONT};font-size:16px;line-height:1.5;">
${renderHtmlBody(brief, now, options)}
</div>
</body>
</html>
`;
}

/** The brief's content without the document around it (for feed entries). */
export function renderHtmlBody(brief: Brief, now: Date, options: { explain?: boolean } = {}): string {
  const parts = [
    `<h1 style="font-size:26px;line-height:1.25;margin:0 0 4px;">Brief — ${escapeHtml(formatDay(brief.date))}</h1>`,
    `<p class="b-muted" style="margin:0 0 20px;color:${LIGHT.muted};font-size:14px;">${escapeHtml(countLine(brief))} · ${text(summarizerNote(brief))}</p>`,
  ];
  const overview = overviewTitle(brief);
  if (overview) {
    const items = (brief.overview ?? []).map((b) => `<li style="margin:0 0 4px;">${text(b)}</li>`).join('\n');
    parts.push(`<h2 style="font-size:18px;margin:0 0 8px;">${escapeHtml(overview)}</h2>\n<ul style="margin:0 0 20px;padding-left:22px;">\n${items}\n</ul>`);
  }
  brief.stories.forEach((story, i) => {
    const section = sectionStart(brief.stories, i);
    if (section) parts.push(`<h2 style="font-size:20px;margin:24px 0 8px;">${text(section)}</h2>`);
    parts.push(renderStory(story, i + 1, now, options));
  });
  return parts.join('\n');
}

function renderStory(story: Story, n: number, now: Date, options: { explain?: boolean }): string {
  const muted = `class="b-muted" style="margin:0 0 8px;color:${LIGHT.muted};font-size:14px;"`;
  const label = updateLabel(story);
  const lines = [
    `<h2 style="font-size:20px;line-height:1.3;margin:0 0 4px;">${n}. ${label ? `<span class="b-label" style="color:${LIGHT.label};">${escapeHtml(label)}:</span> ` : ''}${link(text(story.headline), story.url)}</h2>`,
    `<p ${muted}>${metaParts(story, now).map(text).join(' · ')}</p>`,
  ];
  const also = otherCoverage(story);
  if (also.length > 0) lines.push(`<p ${muted}>Also: ${also.map((a) => link(text(a.source), a.url)).join(', ')}</p>`);
  if (options.explain && story.ranking) lines.push(`<p ${muted}>Ranked by: ${story.ranking.reasons.map(text).join(' · ')} = ${story.ranking.score.toFixed(2)}</p>`);
  lines.push(`<p style="margin:0 0 12px;">${text(story.summary)}</p>`);
  for (const point of shownKeyPoints(story)) {
    const unverified = point.unverified ? ` <em class="b-warn" style="color:${LIGHT.warn};font-size:14px;">(unverified)</em>` : '';
    lines.push(`<p style="margin:0 0 10px;"><strong class="b-label" style="color:${LIGHT.label};">${text(point.label)}</strong>${unverified}<br>${text(point.text)}</p>`);
  }
  return `<div class="b-rule" style="border-top:1px solid ${LIGHT.rule};padding-top:16px;margin-top:20px;">\n${lines.join('\n')}\n</div>`;
}
