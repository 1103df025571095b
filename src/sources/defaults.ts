import type { Source } from '../types.js';

/**
 * The built-in sources used until the user configures their own: public,
 * free-to-read feeds from established newsrooms, chosen for breadth (world news
 * from four countries' public or major broadcasters, plus science and technology).
 */
export const DEFAULT_SOURCES: readonly Source[] = [
  { url: 'https://feeds.bbci.co.uk/news/world/rss.xml', name: 'BBC News – World', tags: ['world'] },
  { url: 'https://feeds.npr.org/1001/rss.xml', name: 'NPR News', tags: ['world', 'us'] },
  { url: 'https://www.theguardian.com/world/rss', name: 'The Guardian – World', tags: ['world'] },
  { url: 'https://rss.dw.com/rdf/rss-en-all', name: 'Deutsche Welle', tags: ['world'] },
  { url: 'https://www.aljazeera.com/xml/rss/all.xml', name: 'Al Jazeera', tags: ['world'] },
  { url: 'https://www.france24.com/en/rss', name: 'France 24', tags: ['world'] },
  { url: 'https://feeds.arstechnica.com/arstechnica/index', name: 'Ars Technica', tags: ['tech', 'science'] },
  { url: 'https://www.nasa.gov/news-release/feed/', name: 'NASA News Releases', tags: ['science'] },
];
