import type { Brief, KeyPoint, Story } from '../types.js';
import { NOT_STATED } from '../summarize/extractive.js';
import { sectionTitle } from '../stories/sections.js';

/**
 * The only links any format makes: http(s) URLs, as the WHATWG URL parser writes them
 * (control characters percent-encoded, so none can reach a terminal or break out of an attribute).
 */
export function safeHttpUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** "3 stories from 7 sources": every source that covered a story counts, not only the one summarized. */
export function countLine(brief: Brief): string {
  const sources = new Set(brief.stories.flatMap((s) => [s.source, ...s.articles.map((a) => a.source)])).size;
  const stories = `${brief.stories.length} ${brief.stories.length === 1 ? 'story' : 'stories'}`;
  return `${stories} from ${sources} ${sources === 1 ? 'source' : 'sources'}`;
}

/** "Thursday, 26 November 2026" for "2026-11-26". */
export function formatDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "just now", "5 min ago", "3h ago", "2 days ago". */
export function relativeAge(iso: string | null, now: Date): string | undefined {
  if (!iso) return undefined;
  const ms = now.getTime() - Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 2) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function readTime(minutes: number): string {
  return minutes > 0 ? `${minutes} min read` : '';
}

/** Source · age · read time, skipping what is unknown, and what the text is when it is not the whole article. */
export function metaParts(story: Story, now: Date): string[] {
  const parts = [story.source, relativeAge(story.publishedAt, now), readTime(story.readMinutes)];
  if (story.quality === 'teaser') parts.push('teaser only');
  else if (story.quality === 'paywalled') parts.push('paywalled: part of the article');
  if (story.textOrigin === 'feed') parts.push('from the feed');
  return parts.filter((p): p is string => !!p);
}

/** The other sources that covered the story ("Also: …"), one entry per source. */
export function otherCoverage(story: Story): Array<{ source: string; url: string }> {
  const seen = new Set([story.source]);
  return (story.articles ?? []).filter((a) => !seen.has(a.source) && seen.add(a.source));
}

/** "UPDATE" for a story an earlier brief showed, brought back by new articles. */
export function updateLabel(story: Story): string | undefined {
  return story.update ? 'Update' : undefined;
}

/** Who wrote the summaries, and how many key points rest on their articles' sentences. */
export function summarizerNote(brief: Brief): string {
  const s = brief.summarizer;
  const who =
    s.method === 'extractive'
      ? 'extractive summaries: key sentences from each article, no language model'
      : `summarized locally by ${s.model ?? s.method}`;
  const g = brief.grounding;
  return g && s.method !== 'extractive' && g.points > 0 ? `${who} · ${g.grounded} of ${g.points} key points grounded in their articles` : who;
}

/** "Today in 4 points". */
export function overviewTitle(brief: Brief): string | undefined {
  const n = brief.overview?.length ?? 0;
  return n > 0 ? `Today in ${n} ${n === 1 ? 'point' : 'points'}` : undefined;
}

/**
 * The key points worth printing: a point the summarizer could not fill from the text
 * (a teaser has no "why it matters") is left out of the reading formats rather than
 * printed as a placeholder; JSON keeps all three.
 */
export function shownKeyPoints(story: Story): KeyPoint[] {
  return story.keyPoints.filter((p) => p.text.trim() !== NOT_STATED);
}

/** The section heading to print before story `i`, when the brief is grouped by topic and a section starts there. */
export function sectionStart(stories: readonly Story[], i: number): string | undefined {
  const section = stories[i]?.section;
  if (!section || stories[i - 1]?.section === section) return undefined;
  return sectionTitle(section);
}
