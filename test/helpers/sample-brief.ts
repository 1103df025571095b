/** A story and a brief to render in tests: plain data, overridable field by field. */
import type { Brief, Story } from '../../src/types.js';

export const NOW = new Date('2026-11-26T12:00:00Z');

export function sampleStory(over: Partial<Story> = {}): Story {
  return {
    id: 's1',
    headline: 'Council approves heat plan',
    summary: 'Seven towns agreed a joint plan to protect residents during extreme heat.',
    keyPoints: [
      { label: 'What happened', text: 'The plan was approved on Wednesday.' },
      { label: 'Why it matters', text: 'Heat deaths rose last summer.' },
      { label: 'What to watch', text: 'Trees will be planted next year.' },
    ],
    url: 'https://news.example/heat',
    title: 'Heat plan',
    source: 'Northwind Daily',
    sourceUrl: 'https://news.example/rss',
    publishedAt: '2026-11-26T09:00:00Z',
    readMinutes: 3,
    method: 'extractive',
    model: null,
    language: 'en',
    textOrigin: 'page',
    articles: [
      { source: 'Northwind Daily', url: 'https://news.example/heat', title: 'Heat plan' },
      { source: 'Harbor Ledger', url: 'https://ledger.example/heat', title: 'Towns agree heat plan' },
    ],
    update: false,
    topics: ['climate'],
    ranking: { score: 3.2, reasons: ['2 sources +1.58', '3h old +1.17'] },
    ...over,
  };
}

export function sampleBrief(stories: Story[], over: Partial<Brief> = {}): Brief {
  return { date: '2026-11-26', generatedAt: NOW.toISOString(), stories, errors: [], summarizer: { method: 'extractive', model: null }, ...over };
}
