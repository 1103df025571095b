/**
 * The loopback server behind `brief demo`: serves the sample feeds and article pages shipped in
 * the package's `demo/` folder on 127.0.0.1, filling in their templates on every request:
 *   {{origin}}                 → http://127.0.0.1:PORT
 *   {{date:-2h}}, {{date:-30m}}, {{date:-1h30m}} → that long before now, as RFC 822 in RSS files
 *                                 (`*.rss.xml`) and ISO 8601 everywhere else.
 * Only node: built-ins here, so `brief demo` starts fast.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DemoServer {
  origin: string;
  /** OPML text listing the demo feeds with absolute URLs */
  opml: string;
  feedUrls: string[];
  close(): Promise<void>;
}

/** The package's demo/ folder: this module lives two levels below the package root (src/demo or dist/demo). */
const DEFAULT_DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));

type DateStyle = 'rfc822' | 'iso';

interface DemoFile {
  name: string;
  raw: string;
  contentType: string;
  dateStyle: DateStyle;
}

/** File-name suffixes that are served, with their Content-Type. Anything else in demo/ is not. */
const SERVED_TYPES: ReadonlyArray<readonly [suffix: string, contentType: string]> = [
  ['.rss.xml', 'application/rss+xml; charset=utf-8'],
  ['.atom.xml', 'application/atom+xml; charset=utf-8'],
  ['.feed.json', 'application/feed+json; charset=utf-8'],
  ['.html', 'text/html; charset=utf-8'],
];

const TEMPLATE = /\{\{(origin|date:-(?:(\d+)h)?(?:(\d+)m)?)\}\}/g;

export async function startDemoServer(opts: { demoDir?: string; now?: () => Date } = {}): Promise<DemoServer> {
  const demoDir = opts.demoDir ?? DEFAULT_DEMO_DIR;
  const now = opts.now ?? (() => new Date());
  const feeds = await loadFolder(join(demoDir, 'feeds'));
  const articles = await loadFolder(join(demoDir, 'articles'));
  if (feeds.length === 0) throw new Error(`no demo feeds found in ${join(demoDir, 'feeds')}`);

  const routes = new Map<string, DemoFile>([
    ...feeds.map((f) => [`/feeds/${f.name}`, f] as const),
    ...articles.map((f) => [`/articles/${f.name}`, f] as const),
  ]);

  const server = createServer((req, res) => respond(req, res, routes, origin, now()));
  const port = await listen(server);
  const origin = `http://127.0.0.1:${port}`;
  const feedUrls = feeds.map((f) => `${origin}/feeds/${f.name}`);

  return {
    origin,
    feedUrls,
    opml: buildOpml(feeds.map((f, i) => ({ title: feedTitle(f), url: feedUrls[i] ?? '' }))),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // close() alone drops only idle sockets; one midway through a request would hold it open.
        server.closeAllConnections();
      }),
  };
}

/** Reads every servable file of one demo sub-folder, sorted by name. */
async function loadFolder(dir: string): Promise<DemoFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new Error(`demo content not found at ${dir}`);
  }
  const files: DemoFile[] = [];
  for (const name of names.sort()) {
    const type = SERVED_TYPES.find(([suffix]) => name.endsWith(suffix));
    if (!type) continue;
    files.push({
      name,
      raw: await readFile(join(dir, name), 'utf8'),
      contentType: type[1],
      dateStyle: name.endsWith('.rss.xml') ? 'rfc822' : 'iso',
    });
  }
  return files;
}

function respond(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Map<string, DemoFile>,
  origin: string,
  now: Date,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
    return;
  }
  // Exact lookup of the path (query dropped): nothing outside the known files can be reached.
  const file = routes.get((req.url ?? '/').split('?')[0] ?? '/');
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  const body = Buffer.from(fillTemplates(file.raw, origin, now, file.dateStyle), 'utf8');
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': body.length, 'cache-control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Replaces {{origin}} and {{date:-…}} templates; other `{{…}}` text is left alone. */
export function fillTemplates(text: string, origin: string, now: Date, style: DateStyle): string {
  return text.replace(TEMPLATE, (whole, name: string, hours?: string, minutes?: string) => {
    if (name === 'origin') return origin;
    if (hours === undefined && minutes === undefined) return whole;
    const agoMs = (Number(hours ?? 0) * 60 + Number(minutes ?? 0)) * 60_000;
    const date = new Date(now.getTime() - agoMs);
    // toUTCString() is the RFC 822/1123 form feeds use: "Tue, 25 Nov 2025 14:00:00 GMT".
    return style === 'rfc822' ? date.toUTCString() : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  });
}

/** The feed's own title (JSON Feed `title`, or the first <title> of an RSS/Atom file), else its file name. */
function feedTitle(file: DemoFile): string {
  if (file.name.endsWith('.json')) {
    const parsed: unknown = JSON.parse(file.raw);
    const title = (parsed as { title?: unknown }).title;
    return typeof title === 'string' ? title : file.name;
  }
  const match = /<title[^>]*>([^<]+)<\/title>/.exec(file.raw);
  return match?.[1] ? decodeXmlEntities(match[1].trim()) : file.name;
}

function buildOpml(feeds: Array<{ title: string; url: string }>): string {
  const outlines = feeds.map(
    (f) => `    <outline type="rss" text="${escapeXml(f.title)}" title="${escapeXml(f.title)}" xmlUrl="${escapeXml(f.url)}"/>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    '    <title>brief demo feeds</title>',
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function listen(server: ReturnType<typeof createServer>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}
