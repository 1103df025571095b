/**
 * The schema.org article a page describes in its JSON-LD (`<script type="application/ld+json">`):
 * its full text (`articleBody`), headline, authors, dates, publisher, language, URL and
 * whether access is free. Pure: takes the scripts' text, no DOM.
 */
import { htmlToText } from './html-text.js';

/** What a page's JSON-LD says about its article; every field is optional. */
export interface JsonLdArticle {
  /** `articleBody` as plain text (HTML bodies are converted), paragraphs separated by blank lines. */
  body?: string;
  headline?: string;
  /** Author names joined with ", ". */
  author?: string;
  datePublished?: string;
  publisher?: string;
  /** `inLanguage` when given as a code ("en", "pt-BR"). */
  inLanguage?: string;
  url?: string;
  /** True when any node says `isAccessibleForFree: false` (the page or the article is paid). */
  paid: boolean;
}

/** schema.org types whose objects are articles: Article and its subtypes, and postings. */
const ARTICLE_TYPE = /^(?:\w*Article|\w*Posting|Report)$/;

/**
 * The article described by the JSON-LD blocks `scripts` (their text content), or undefined
 * when none describes one. Among several article objects, the one with the longest body
 * wins. Malformed blocks are read leniently (raw newlines in strings, comments, trailing
 * commas) and skipped when still unreadable.
 */
export function readJsonLd(scripts: readonly string[]): JsonLdArticle | undefined {
  const nodes: Record<string, unknown>[] = [];
  for (const script of scripts) collectNodes(parseLenient(script), nodes, 0);
  const articles = nodes.filter((node) => types(node).some((type) => ARTICLE_TYPE.test(type)));
  const paid = nodes.some((node) => isPaid(node.isAccessibleForFree));
  if (articles.length === 0) return paid ? { paid } : undefined;
  const bodyOf = (node: Record<string, unknown>): string => (typeof node.articleBody === 'string' ? node.articleBody : '');
  const article = articles.reduce((best, node) => (bodyOf(node).length > bodyOf(best).length ? node : best));
  const body = htmlToText(bodyOf(article));
  return {
    body: body === '' ? undefined : body,
    headline: text(article.headline) ?? text(article.name),
    author: names(article.author),
    datePublished: text(article.datePublished),
    publisher: names(article.publisher),
    inLanguage: text(article.inLanguage),
    url: absoluteUrl(article.url) ?? absoluteUrl(idOf(article.mainEntityOfPage)),
    paid,
  };
}

/** Depth limit for walking nested JSON-LD: real pages nest a few levels, hostile ones any. */
const MAX_DEPTH = 8;

/** Every object in `value`, through arrays, `@graph` and nested properties. */
function collectNodes(value: unknown, into: Record<string, unknown>[], depth: number): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectNodes(item, into, depth + 1);
    return;
  }
  const node = value as Record<string, unknown>;
  into.push(node);
  for (const [key, child] of Object.entries(node)) {
    if (key !== 'articleBody' && typeof child === 'object') collectNodes(child, into, depth + 1);
  }
}

/** The node's `@type`s without a schema.org prefix ("https://schema.org/NewsArticle" → NewsArticle). */
function types(node: Record<string, unknown>): string[] {
  const type = node['@type'];
  const list: unknown[] = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^(?:https?:\/\/schema\.org\/|schema:)/, ''));
}

function isPaid(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.trim().toLowerCase() === 'false');
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = value.replace(/\s+/g, ' ').trim();
  return line === '' ? undefined : line;
}

/** Names of a person, an organization, or a list of them, joined with ", ". */
function names(value: unknown): string | undefined {
  const list = Array.isArray(value) ? value : [value];
  const found = list
    .map((item) => (typeof item === 'string' ? text(item) : text((item as { name?: unknown } | null)?.name)))
    .filter((name): name is string => name !== undefined && !/^https?:/.test(name));
  return found.length > 0 ? [...new Set(found)].join(', ') : undefined;
}

function idOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['@id'] : value;
}

function absoluteUrl(value: unknown): string | undefined {
  const url = text(value);
  return url !== undefined && /^https?:\/\/[^\s/]+/i.test(url) ? url : undefined;
}

/** JSON.parse, then once more after `relaxJson`; undefined when neither reads. */
function parseLenient(source: string): unknown {
  const json = source.replace(/^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$/g, '');
  try {
    return JSON.parse(json);
  } catch {
    try {
      return JSON.parse(relaxJson(json));
    } catch {
      return undefined;
    }
  }
}

/**
 * The common ways hand-written JSON-LD breaks JSON, repaired in one pass: raw control
 * characters (newlines in a long `articleBody`) inside strings are escaped, `//` and
 * `/* *\/` comments outside strings dropped, and commas before `}` or `]` removed.
 */
export function relaxJson(json: string): string {
  const out: string[] = [];
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i]!;
    if (inString) {
      if (char === '\\') {
        out.push(char, json[i + 1] ?? '');
        i++;
      } else if (char === '"') {
        inString = false;
        out.push(char);
      } else {
        const code = char.charCodeAt(0);
        out.push(code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : char);
      }
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '/' && json[i + 1] === '/') {
      const end = json.indexOf('\n', i);
      i = end === -1 ? json.length : end - 1;
      continue;
    } else if (char === '/' && json[i + 1] === '*') {
      const end = json.indexOf('*/', i + 2);
      i = end === -1 ? json.length : end + 1;
      continue;
    } else if (char === ',' && /^\s*[}\]]/.test(json.slice(i + 1, i + 64))) continue;
    out.push(char);
  }
  return out.join('');
}
