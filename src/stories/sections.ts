import type { Story } from '../types.js';

/** The heading for stories that belong to no topic. */
const OTHER_SECTION = 'Other';

/**
 * Groups a ranked list of stories by topic: each story goes under its primary
 * topic (`primary`, e.g. its lead source's first tag), sections are ordered by
 * their best-ranked story, and rank order is kept inside each section.
 */
export function groupByTopic(stories: readonly Story[], primary: (story: Story) => string | undefined): Story[] {
  const sections = new Map<string, Story[]>();
  for (const story of stories) {
    const section = primary(story) ?? OTHER_SECTION;
    const list = sections.get(section) ?? [];
    list.push({ ...story, section });
    sections.set(section, list);
  }
  const other = sections.get(OTHER_SECTION);
  sections.delete(OTHER_SECTION);
  return [...sections.values(), ...(other ? [other] : [])].flat();
}

/** "ai" → "AI", "world" → "World": a tag as a heading. */
export function sectionTitle(section: string): string {
  return section.length <= 3 ? section.toUpperCase() : section.charAt(0).toUpperCase() + section.slice(1);
}
