/**
 * The fixture "world" for end-to-end tests: 12 feeds from 6 invented outlets in every format brief
 * reads (RSS 2.0, RSS 1.0/RDF, RSS 0.91, Atom 1.0, JSON Feed 1.1), linking to 12 article pages
 * wrapped in real-world boilerplate, all served on 127.0.0.1, plus an OPML file listing the feeds.
 *
 * Article bodies live in test/fixtures/world/articles/*.txt (a `key: value` header, `---`, then
 * paragraphs separated by blank lines; `## ` starts a subheading) and are poured into one of the
 * page templates in test/fixtures/world/templates/. Feeds are generated here from the same data.
 *
 * Real-world quirks on purpose: the same article listed by several feeds (once with utm_* tracking
 * parameters), a windows-1252 RSS 0.91 feed and page declared only in the XML prolog / HTML meta,
 * an Atom feed served as text/html, dates with non-UTC offsets, gzip on some routes, teaser
 * content:encoded, and a stylesheet with an unclosed calc( that makes jsdom 29 throw unless
 * <style> is removed before parsing. Every route has an ETag.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { startFixtureServer, type FixtureServer, type Route } from './fixture-server.js';

export interface World {
  server: FixtureServer;
  opmlPath: string;
  /** for each article slug, a sentence that only appears in its body text */
  articleMarkers: Record<string, string>;
  /** strings that appear only in boilerplate (nav, ads, comments) */
  boilerplateMarkers: string[];
  feedPaths: string[];
  articlePaths: string[];
  close(): Promise<void>;
}

const FIXTURES = fileURLToPath(new URL('../fixtures/world/', import.meta.url));
const HOUR_MS = 3_600_000;

/** Text found only in the page templates' nav, ads, newsletter prompts, comments and footers. */
const BOILERPLATE_MARKERS = [
  'Subscribe for 99 cents a week',
  'We use cookies to improve your experience on our site',
  'Bluecrest Lending: refinance your mortgage in minutes',
  'Get the Morning Dispatch newsletter in your inbox',
  'Council approves night-market permits on Elm Street',
  'This is exactly why I moved out of the city centre',
  'Terms of Service · Privacy Policy · Cookie Settings',
  'Summit Outdoor Gear winter sale',
  'Join 120,000 readers who get our Weekend Edition',
  'Great piece, but you forgot to mention the funding gap',
  'How to keep your houseplants alive through winter',
  'Click here for classified ads',
  'Tractor Repairs - call 555-0142',
  'We said the same thing back in 1976',
  'Best viewed at 800x600',
];

interface ArticleFixture {
  slug: string;
  title: string;
  byline: string;
  site: string;
  template: string;
  /** Hours before `now` the article was published. */
  hours: number;
  summary: string;
  marker: string;
  lang: string;
  charset: 'utf-8' | 'windows-1252';
  /** Paragraphs; a `## ` prefix marks a subheading. */
  blocks: string[];
}

type WorldFeedFormat = 'rss2' | 'rss1' | 'rss091' | 'atom' | 'jsonfeed';

interface FeedSpec {
  path: string;
  format: WorldFeedFormat;
  title: string;
  /** Article slugs, in the order the feed lists them. */
  slugs: string[];
  contentType: string;
  /** OPML folder; top level when absent. */
  category?: string;
  /** Offset of the feed's dates from UTC, in hours (e.g. -5 → "-0500"). */
  utcOffset?: number;
  /** Add utm_* tracking parameters to item links. */
  tracking?: boolean;
  /** Add the lead paragraph as content:encoded / content_html (a teaser, as many feeds do). */
  teaser?: boolean;
  gzip?: boolean;
  lastModified?: boolean;
}

const FEEDS: FeedSpec[] = [
  { path: '/valley/top.rss', format: 'rss2', title: 'Valley Courier - Top Stories', slugs: ['harbor-bridge-reopens', 'central-bank-holds-rates', 'cup-final-upset'], contentType: 'application/rss+xml; charset=utf-8', gzip: true },
  { path: '/valley/business.rss', format: 'rss2', title: 'Valley Courier - Business', slugs: ['central-bank-holds-rates', 'port-strike-ends'], contentType: 'application/rss+xml; charset=utf-8', category: 'Business', tracking: true },
  { path: '/valley/local.json', format: 'jsonfeed', title: 'Valley Courier - Local', slugs: ['harbor-bridge-reopens', 'drought-farm-aid'], contentType: 'application/feed+json' },
  { path: '/northgate/index.atom', format: 'atom', title: 'Northgate Times', slugs: ['ceasefire-talks-resume', 'fusion-pilot-milestone', 'museum-returns-manuscripts'], contentType: 'application/atom+xml; charset=utf-8', category: 'World', gzip: true },
  { path: '/northgate/science.atom', format: 'atom', title: 'Northgate Times - Science', slugs: ['fusion-pilot-milestone', 'glacier-survey-retreat'], contentType: 'application/atom+xml', category: 'Science & Tech' },
  { path: '/northgate/feed.json', format: 'jsonfeed', title: 'Northgate Times - Culture & Sport', slugs: ['museum-returns-manuscripts', 'cup-final-upset'], contentType: 'application/json; charset=utf-8', utcOffset: 2, teaser: true },
  { path: '/coastline/rss.xml', format: 'rss2', title: 'Coastline Post', slugs: ['glacier-survey-retreat', 'port-strike-ends', 'measles-vaccination-drive'], contentType: 'text/xml; charset=utf-8', utcOffset: 1, teaser: true, lastModified: true },
  { path: '/coastline/world.rss', format: 'rss2', title: 'Coastline Post - World', slugs: ['ceasefire-talks-resume', 'drought-farm-aid'], contentType: 'application/rss+xml', category: 'World', gzip: true },
  { path: '/oldmill/news.rss', format: 'rss091', title: 'The Old Mill Gazette', slugs: ['museum-returns-manuscripts', 'drought-farm-aid'], contentType: 'application/xml', utcOffset: -5, lastModified: true },
  { path: '/oldmill/index.rdf', format: 'rss1', title: 'The Old Mill Gazette - Business', slugs: ['port-strike-ends', 'central-bank-holds-rates'], contentType: 'application/rdf+xml', category: 'Business', utcOffset: -5 },
  { path: '/pinecrest/atom.xml', format: 'atom', title: 'Pinecrest Health Journal', slugs: ['measles-vaccination-drive', 'glacier-survey-retreat'], contentType: 'text/html; charset=utf-8', category: 'Health' },
  { path: '/lumen/feed.json', format: 'jsonfeed', title: 'Lumen Tech Review', slugs: ['chipmaker-recall', 'open-source-library-funding', 'fusion-pilot-milestone'], contentType: 'application/feed+json; charset=utf-8', category: 'Science & Tech', gzip: true },
];

export async function startWorld(opts: { dir: string; now?: Date }): Promise<World> {
  const now = opts.now ?? new Date();
  const articles = await loadArticles();
  const templates = await loadTemplates();
  const server = await startFixtureServer();
  try {
    const ctx: FeedContext = { origin: server.origin, now, articles: new Map(articles.map((a) => [a.slug, a])) };
    const pages = articles.map((a) => ({ path: articlePath(a.slug), article: a, html: renderPage(a, templates, ctx) }));
    const feeds = FEEDS.map((spec) => ({ spec, text: renderFeed(spec, ctx) }));
    checkMarkers(articles, [...templates.values()], feeds.map((f) => f.text));

    for (const page of pages) server.set(page.path, pageRoute(page.article, page.html));
    for (const feed of feeds) server.set(feed.spec.path, feedRoute(feed.spec, feed.text, ctx));

    await mkdir(opts.dir, { recursive: true });
    const opmlPath = join(opts.dir, 'world.opml');
    await writeFile(opmlPath, renderOpml(server), 'utf8');
    return world(server, opmlPath, articles);
  } catch (err) {
    await server.close();
    throw err;
  }
}

function world(server: FixtureServer, opmlPath: string, articles: ArticleFixture[]): World {
  return {
    server,
    opmlPath,
    articleMarkers: Object.fromEntries(articles.map((a) => [a.slug, a.marker])),
    boilerplateMarkers: [...BOILERPLATE_MARKERS],
    feedPaths: FEEDS.map((f) => f.path),
    articlePaths: articles.map((a) => articlePath(a.slug)),
    close: () => server.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// Fixture files

async function loadArticles(): Promise<ArticleFixture[]> {
  const dir = join(FIXTURES, 'articles');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  return Promise.all(names.map(async (name) => parseArticle(name.slice(0, -4), await readFile(join(dir, name), 'utf8'))));
}

function parseArticle(slug: string, text: string): ArticleFixture {
  const [head = '', ...rest] = text.split(/^---$/m);
  const fields = new Map<string, string>();
  for (const line of head.split('\n')) {
    const match = /^(\w+):\s*(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) fields.set(match[1], match[2]);
  }
  const field = (key: string): string => {
    const value = fields.get(key);
    if (!value) throw new Error(`world fixture ${slug}.txt has no "${key}:" line`);
    return value;
  };
  return {
    slug,
    title: field('title'),
    byline: field('byline'),
    site: field('site'),
    template: field('template'),
    hours: hoursField(slug, field('hours')),
    summary: field('summary'),
    marker: field('marker'),
    lang: fields.get('lang') ?? 'en',
    charset: fields.get('charset') === 'windows-1252' ? 'windows-1252' : 'utf-8',
    blocks: rest
      .join('---')
      .split(/\n\s*\n/)
      .map((b) => b.trim().replace(/\s*\n\s*/g, ' '))
      .filter(Boolean),
  };
}

function hoursField(slug: string, value: string): number {
  const hours = Number(value);
  if (!(hours >= 0 && hours < 20)) throw new Error(`world fixture ${slug}.txt: "hours:" must be a number from 0 to 20`);
  return hours;
}

async function loadTemplates(): Promise<Map<string, string>> {
  const dir = join(FIXTURES, 'templates');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.html'));
  return new Map(await Promise.all(names.map(async (n) => [n.slice(0, -5), await readFile(join(dir, n), 'utf8')] as const)));
}

/**
 * Guards the promises World makes: each article marker sits in its own body only (not in any
 * feed, template, title or summary), and each boilerplate marker is in a template and nowhere else.
 */
function checkMarkers(articles: ArticleFixture[], templates: string[], feedTexts: string[]): void {
  const bodies = articles.map((a) => a.blocks.join('\n'));
  const nonBody = [...feedTexts, ...articles.flatMap((a) => [a.title, a.summary])];
  const inAny = (texts: string[], marker: string): boolean => texts.some((t) => t.includes(marker));
  for (const [i, a] of articles.entries()) {
    const holders = bodies.filter((b) => b.includes(a.marker)).length;
    if (holders !== 1 || !bodies[i]?.includes(a.marker) || inAny(templates, a.marker) || inAny(nonBody, a.marker)) {
      throw new Error(`world fixture ${a.slug}: its marker must appear in its own body text and nowhere else`);
    }
  }
  for (const marker of BOILERPLATE_MARKERS) {
    if (!inAny(templates, marker) || inAny(bodies, marker) || inAny(nonBody, marker)) {
      throw new Error(`world boilerplate marker "${marker}" must appear in a template and nowhere else`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pages

function articlePath(slug: string): string {
  return `/articles/${slug}.html`;
}

function renderPage(a: ArticleFixture, templates: Map<string, string>, ctx: FeedContext): string {
  const template = templates.get(a.template);
  if (!template) throw new Error(`world fixture ${a.slug}: no template "${a.template}"`);
  const published = new Date(ctx.now.getTime() - a.hours * HOUR_MS);
  const blocks = a.blocks.map(renderBlock);
  const values: Record<string, string> = {
    lang: a.lang,
    charset: a.charset,
    slug: a.slug,
    title: escapeXml(a.title),
    site: escapeXml(a.site),
    byline: escapeXml(a.byline),
    summary: escapeXml(a.summary),
    published: isoDate(published, 0),
    date_text: published.toLocaleString('en-US', { timeZone: 'UTC', dateStyle: 'long', timeStyle: 'short' }) + ' UTC',
    lead: blocks.slice(0, 2).join('\n'),
    rest: blocks.slice(2).join('\n'),
    origin: ctx.origin,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

function renderBlock(block: string): string {
  return block.startsWith('## ') ? `<h2>${escapeXml(block.slice(3))}</h2>` : `<p>${escapeXml(block)}</p>`;
}

function pageRoute(a: ArticleFixture, html: string): Route {
  // The windows-1252 page names its charset only in the HTML meta, as old sites do.
  const legacy = a.charset === 'windows-1252';
  const body = legacy ? iconv.encode(html, 'win1252') : Buffer.from(html, 'utf8');
  return {
    headers: { 'content-type': legacy ? 'text/html' : 'text/html; charset=utf-8' },
    body,
    etag: etagOf(body),
    gzip: !legacy,
  };
}

// ---------------------------------------------------------------------------------------------
// Feeds

interface FeedContext {
  origin: string;
  now: Date;
  articles: Map<string, ArticleFixture>;
}

interface FeedEntry {
  article: ArticleFixture;
  url: string;
  date: Date;
  /** The lead paragraph as HTML, for feeds that carry a teaser. */
  teaserHtml: string;
}

function feedRoute(spec: FeedSpec, text: string, ctx: FeedContext): Route {
  const body = spec.format === 'rss091' ? iconv.encode(text, 'win1252') : Buffer.from(text, 'utf8');
  const newest = Math.min(...spec.slugs.map((s) => ctx.articles.get(s)?.hours ?? 0));
  return {
    headers: { 'content-type': spec.contentType },
    body,
    etag: etagOf(body),
    ...(spec.lastModified ? { lastModified: new Date(ctx.now.getTime() - newest * HOUR_MS).toUTCString() } : {}),
    ...(spec.gzip ? { gzip: true } : {}),
  };
}

function renderFeed(spec: FeedSpec, ctx: FeedContext): string {
  const entries = spec.slugs.map((slug): FeedEntry => {
    const article = ctx.articles.get(slug);
    if (!article) throw new Error(`world feed ${spec.path} lists unknown article "${slug}"`);
    const tracking = spec.tracking ? '?utm_source=rss&utm_medium=feed&utm_campaign=business' : '';
    return {
      article,
      url: `${ctx.origin}${articlePath(slug)}${tracking}`,
      date: new Date(ctx.now.getTime() - article.hours * HOUR_MS),
      teaserHtml: `${renderBlock(article.blocks[0] ?? '')}<p><a href="${ctx.origin}${articlePath(slug)}">Continue reading…</a></p>`,
    };
  });
  const render = { rss2: rss2, rss1: rss1, rss091: rss091, atom: atom, jsonfeed: jsonFeed }[spec.format];
  return render(spec, entries, ctx);
}

function rss2(spec: FeedSpec, entries: FeedEntry[], ctx: FeedContext): string {
  const offset = spec.utcOffset ?? 0;
  const items = entries.map(
    (e) => `    <item>
      <title>${escapeXml(e.article.title)}</title>
      <link>${escapeXml(e.url)}</link>
      <guid isPermaLink="true">${ctx.origin}${articlePath(e.article.slug)}</guid>
      <description><![CDATA[${e.article.summary}]]></description>${spec.teaser ? `\n      <content:encoded><![CDATA[${e.teaserHtml}]]></content:encoded>` : ''}
      <dc:creator>${escapeXml(e.article.byline)}</dc:creator>
      <pubDate>${rfc822(e.date, offset)}</pubDate>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(spec.title)}</title>
    <link>${ctx.origin}/</link>
    <description>Latest stories from ${escapeXml(spec.title)}</description>
    <language>en-us</language>
    <atom:link href="${ctx.origin}${spec.path}" rel="self" type="application/rss+xml"/>
    <lastBuildDate>${rfc822(ctx.now, offset)}</lastBuildDate>
${items.join('\n')}
  </channel>
</rss>
`;
}

function rss1(spec: FeedSpec, entries: FeedEntry[], ctx: FeedContext): string {
  const offset = spec.utcOffset ?? 0;
  return `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="${ctx.origin}${spec.path}">
    <title>${escapeXml(spec.title)}</title>
    <link>${ctx.origin}/</link>
    <description>Business news from the valley</description>
    <items>
      <rdf:Seq>
${entries.map((e) => `        <rdf:li rdf:resource="${escapeXml(e.url)}"/>`).join('\n')}
      </rdf:Seq>
    </items>
  </channel>
${entries
  .map(
    (e) => `  <item rdf:about="${escapeXml(e.url)}">
    <title>${escapeXml(e.article.title)}</title>
    <link>${escapeXml(e.url)}</link>
    <description>${escapeXml(e.article.summary)}</description>
    <dc:creator>${escapeXml(e.article.byline)}</dc:creator>
    <dc:date>${isoDate(e.date, offset)}</dc:date>
  </item>`,
  )
  .join('\n')}
</rdf:RDF>
`;
}

/** RSS 0.91 as old sites still serve it: Netscape DOCTYPE, windows-1252, curly quotes and dashes. */
function rss091(spec: FeedSpec, entries: FeedEntry[], ctx: FeedContext): string {
  const offset = spec.utcOffset ?? 0;
  return `<?xml version="1.0" encoding="windows-1252"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91">
  <channel>
    <title>${escapeXml(spec.title)}</title>
    <link>${ctx.origin}/</link>
    <description>The valley’s oldest newspaper — local news, farming and obituaries</description>
    <language>en-us</language>
${entries
  .map(
    (e) => `    <item>
      <title>${escapeXml(e.article.title)}</title>
      <link>${escapeXml(e.url)}</link>
      <description>${escapeXml(`${e.article.summary} — by ${e.article.byline}`)}</description>
      <pubDate>${rfc822(e.date, offset)}</pubDate>
    </item>`,
  )
  .join('\n')}
  </channel>
</rss>
`;
}

function atom(spec: FeedSpec, entries: FeedEntry[], ctx: FeedContext): string {
  const host = spec.path.split('/')[1] ?? 'world';
  const updated = entries.reduce((max, e) => (e.date > max ? e.date : max), new Date(0));
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">${escapeXml(spec.title)}</title>
  <id>tag:${host}.example,2024:${spec.path}</id>
  <link rel="self" href="${ctx.origin}${spec.path}"/>
  <link rel="alternate" type="text/html" href="${ctx.origin}/"/>
  <updated>${isoDate(updated, 0)}</updated>
${entries
  .map(
    (e) => `  <entry>
    <title type="html">${escapeXml(escapeXml(e.article.title))}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(e.url)}"/>
    <id>tag:${host}.example,2024:${e.article.slug}</id>
    <published>${isoDate(e.date, 0)}</published>
    <updated>${isoDate(e.date, 0)}</updated>
    <author><name>${escapeXml(e.article.byline)}</name></author>
    <summary type="html">${escapeXml(`<p>${escapeXml(e.article.summary)}</p>`)}</summary>
  </entry>`,
  )
  .join('\n')}
</feed>
`;
}

function jsonFeed(spec: FeedSpec, entries: FeedEntry[], ctx: FeedContext): string {
  const offset = spec.utcOffset ?? 0;
  return `${JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: spec.title,
      home_page_url: `${ctx.origin}/`,
      feed_url: `${ctx.origin}${spec.path}`,
      language: 'en',
      items: entries.map((e) => ({
        id: e.url,
        url: e.url,
        title: e.article.title,
        summary: e.article.summary,
        ...(spec.teaser ? { content_html: e.teaserHtml } : {}),
        date_published: isoDate(e.date, offset),
        authors: [{ name: e.article.byline }],
      })),
    },
    null,
    2,
  )}\n`;
}

// ---------------------------------------------------------------------------------------------
// OPML

function renderOpml(server: FixtureServer): string {
  const outline = (f: FeedSpec, indent: string): string =>
    `${indent}<outline type="rss" text="${escapeXml(f.title)}" title="${escapeXml(f.title)}" xmlUrl="${escapeXml(server.url(f.path))}" htmlUrl="${server.origin}/"/>`;
  const lines = FEEDS.filter((f) => !f.category).map((f) => outline(f, '    '));
  const categories = [...new Set(FEEDS.flatMap((f) => (f.category ? [f.category] : [])))];
  for (const category of categories) {
    lines.push(`    <outline text="${escapeXml(category)}" title="${escapeXml(category)}">`);
    lines.push(...FEEDS.filter((f) => f.category === category).map((f) => outline(f, '      ')));
    lines.push('    </outline>');
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>brief test world</title>
  </head>
  <body>
${lines.join('\n')}
  </body>
</opml>
`;
}

// ---------------------------------------------------------------------------------------------
// Formatting

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** RFC 822 date in a fixed UTC offset, e.g. "Tue, 25 Nov 2025 09:00:00 -0500" (GMT when 0). */
function rfc822(date: Date, offsetHours: number): string {
  const shifted = new Date(date.getTime() + offsetHours * HOUR_MS).toUTCString();
  return offsetHours === 0 ? shifted : shifted.replace('GMT', offsetString(offsetHours, ''));
}

/** ISO 8601 without milliseconds, in a fixed UTC offset ("Z" when 0). */
function isoDate(date: Date, offsetHours: number): string {
  const shifted = new Date(date.getTime() + offsetHours * HOUR_MS).toISOString().replace(/\.\d{3}Z$/, '');
  return shifted + (offsetHours === 0 ? 'Z' : offsetString(offsetHours, ':'));
}

function offsetString(hours: number, separator: string): string {
  const sign = hours < 0 ? '-' : '+';
  return `${sign}${String(Math.abs(hours)).padStart(2, '0')}${separator}00`;
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
}
