import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Article, Brief, FeedItem, Summary, Validators } from '../types.js';
import type { ModelCall } from '../summarize/summarizer.js';
import { BriefError, UsageError, errorLine } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import { canonicalUrl } from '../stories/canonical-url.js';
import { acquireRunLock } from './run-lock.js';

/** A feed entry as stored: the item plus where and when brief first saw it. */
export interface StoredItem extends FeedItem {
  sourceUrl: string;
  firstSeenAt: string;
}

export interface SourceState {
  url: string;
  title?: string;
  validators: Validators;
}

/** An article a brief has shown, remembered so later briefs can leave its story out. */
export interface ShownArticle {
  canonicalUrl: string;
  storyKey: string;
  title: string;
  /** The start of the text that was available (for matching a story told under another URL). */
  text: string;
  sourceUrl: string;
  firstShownDate: string;
  firstShownAt: string;
}

export interface BriefRecord {
  id: number;
  date: string;
  generatedAt: string;
  brief: Brief;
}

/** A stored brief in a listing: what it holds, without its stories. */
export interface BriefListing {
  id: number;
  date: string;
  generatedAt: string;
  stories: number;
  errors: number;
  summarizer: { method: string; model: string | null };
  /** The first story's headline. */
  lead: string | null;
}

/** One search result: an article brief fetched, or a story of a stored brief (one hit per URL). */
export interface SearchHit {
  url: string;
  title: string;
  /** The site or source name, when known. */
  source: string | null;
  /** When the article was published (else fetched), or when the brief that showed it was made. */
  date: string;
  /** The date of a stored brief that showed this URL as a story. */
  briefDate: string | null;
  /** A few words around the matches, which are wrapped in the caller's `marks`. */
  snippet: string;
  /** FTS5's bm25 rank: lower is better. */
  score: number;
}

/** What `prune` deleted, per table. */
export interface PruneCounts {
  briefs: number;
  articles: number;
  summaries: number;
  items: number;
  shownArticles: number;
  modelCalls: number;
  embeddings: number;
}

/**
 * brief's SQLite database. All SQL lives in this module; callers get typed functions.
 * WAL + synchronous=NORMAL (fast and crash-safe), a busy timeout so overlapping runs
 * wait for each other instead of failing, migrations applied on open.
 */
export class Store {
  private constructor(
    private readonly db: Database.Database,
    private readonly releaseLock: () => void,
  ) {}

  /**
   * Opens (creating and migrating as needed) the database. With `lock`, the run is
   * the only writer: a second run on the same database stops with a clear message
   * (see run-lock.ts) until `close()`.
   */
  static open(file: string, options: { lock?: boolean } = {}): Store {
    const releaseLock = options.lock ? acquireRunLock(file) : () => undefined;
    let db: Database.Database;
    try {
      if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
      db = new Database(file);
      db.pragma('busy_timeout = 10000');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db);
    } catch (err) {
      releaseLock();
      throw new BriefError(`cannot open database ${file}: ${describeDbError(err)}`);
    }
    return new Store(db, releaseLock);
  }

  close(): void {
    try {
      this.db.close();
    } finally {
      this.releaseLock();
    }
  }

  schemaVersion(): number {
    return (this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  }

  // --- sources -------------------------------------------------------------

  sourceState(url: string): SourceState {
    const row = this.db.prepare('SELECT url, title, etag, last_modified FROM sources WHERE url = ?').get(url) as
      | { url: string; title: string | null; etag: string | null; last_modified: string | null }
      | undefined;
    return {
      url,
      title: row?.title ?? undefined,
      validators: { etag: row?.etag ?? undefined, lastModified: row?.last_modified ?? undefined },
    };
  }

  /**
   * Records a successful fetch and upserts its items in one transaction.
   * Returns the ids of items seen for the first time.
   */
  recordFeed(sourceUrl: string, fetch: { status: number; title?: string; validators: Validators; at: string }, items: FeedItem[]): string[] {
    const upsertSource = this.db.prepare(`
      INSERT INTO sources (url, title, etag, last_modified, last_fetched_at, last_ok_at, last_status, last_error)
      VALUES (@url, @title, @etag, @lastModified, @at, @at, @status, NULL)
      ON CONFLICT (url) DO UPDATE SET
        title = COALESCE(excluded.title, title), etag = excluded.etag, last_modified = excluded.last_modified,
        last_fetched_at = excluded.last_fetched_at, last_ok_at = excluded.last_ok_at,
        last_status = excluded.last_status, last_error = NULL`);
    const exists = this.db.prepare('SELECT 1 FROM items WHERE id = ?');
    const upsertItem = this.db.prepare(`
      INSERT INTO items (id, source_url, url, title, published_at, author, content, first_seen_at, last_seen_at)
      VALUES (@id, @sourceUrl, @url, @title, @publishedAt, @author, @content, @at, @at)
      ON CONFLICT (id) DO UPDATE SET
        url = excluded.url, title = excluded.title, published_at = COALESCE(excluded.published_at, published_at),
        author = excluded.author, content = COALESCE(excluded.content, content), last_seen_at = excluded.last_seen_at`);
    return this.db.transaction(() => {
      upsertSource.run({ url: sourceUrl, title: fetch.title ?? null, etag: fetch.validators.etag ?? null, lastModified: fetch.validators.lastModified ?? null, at: fetch.at, status: fetch.status });
      const fresh: string[] = [];
      for (const item of items) {
        if (!exists.get(item.id)) fresh.push(item.id);
        upsertItem.run({
          id: item.id,
          sourceUrl,
          url: item.url,
          title: item.title,
          publishedAt: item.publishedAt ?? null,
          author: item.author ?? null,
          content: item.content ?? null,
          at: fetch.at,
        });
      }
      return fresh;
    })();
  }

  /** A 304: the feed is unchanged; remember that it was checked. */
  recordNotModified(sourceUrl: string, validators: Validators, at: string): void {
    this.db
      .prepare(
        `INSERT INTO sources (url, etag, last_modified, last_fetched_at, last_ok_at, last_status) VALUES (?, ?, ?, ?, ?, 304)
         ON CONFLICT (url) DO UPDATE SET etag = COALESCE(excluded.etag, etag), last_modified = COALESCE(excluded.last_modified, last_modified),
           last_fetched_at = excluded.last_fetched_at, last_ok_at = excluded.last_ok_at, last_status = 304, last_error = NULL`,
      )
      .run(sourceUrl, validators.etag ?? null, validators.lastModified ?? null, at, at);
  }

  recordFetchError(sourceUrl: string, error: string, status: number | undefined, at: string): void {
    this.db
      .prepare(
        `INSERT INTO sources (url, last_fetched_at, last_status, last_error) VALUES (?, ?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET last_fetched_at = excluded.last_fetched_at, last_status = excluded.last_status, last_error = excluded.last_error`,
      )
      .run(sourceUrl, at, status ?? null, error);
  }

  /** Items of a source in the feed's latest known state (most recently seen first). */
  itemsOfSource(sourceUrl: string, limit = 500): StoredItem[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM items WHERE source_url = ?
         ORDER BY last_seen_at DESC, COALESCE(published_at, first_seen_at) DESC LIMIT ?`,
      )
      .all(sourceUrl, limit) as ItemRow[];
    return rows.map(toStoredItem);
  }

  // --- articles ------------------------------------------------------------

  article(url: string): Article | undefined {
    const row = this.db.prepare('SELECT article_json FROM articles WHERE url = ?').get(url) as { article_json: string } | undefined;
    return row ? (JSON.parse(row.article_json) as Article) : undefined;
  }

  /**
   * Articles are stored whole, as JSON, with the columns queries need beside it. An upsert,
   * not a REPLACE: the search index's update trigger then fires (REPLACE's implicit delete does not).
   */
  saveArticle(article: Article, at: string): void {
    this.db
      .prepare(
        `INSERT INTO articles (url, origin, word_count, article_json, extracted_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET origin = excluded.origin, word_count = excluded.word_count,
           article_json = excluded.article_json, extracted_at = excluded.extracted_at`,
      )
      .run(article.url, article.origin, article.wordCount, JSON.stringify(article), at);
  }

  // --- summaries -----------------------------------------------------------

  summary(key: string): Summary | undefined {
    const row = this.db.prepare('SELECT summary_json FROM summaries WHERE key = ?').get(key) as { summary_json: string } | undefined;
    return row ? (JSON.parse(row.summary_json) as Summary) : undefined;
  }

  saveSummary(key: string, meta: { contentHash: string; model: string; promptVersion: string }, summary: Summary, at: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO summaries (key, content_hash, model, prompt_version, summary_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(key, meta.contentHash, meta.model, meta.promptVersion, JSON.stringify(summary), at);
  }

  // --- embeddings ----------------------------------------------------------

  /** The cached vectors among `keys` (see the embedding stage for what a key hashes). */
  embeddings(keys: readonly string[]): Map<string, Float32Array> {
    const get = this.db.prepare('SELECT vector FROM embeddings WHERE key = ?');
    const found = new Map<string, Float32Array>();
    for (const key of keys) {
      const row = get.get(key) as { vector: Buffer } | undefined;
      if (row) found.set(key, new Float32Array(new Uint8Array(row.vector).buffer));
    }
    return found;
  }

  saveEmbeddings(rows: ReadonlyArray<{ key: string; model: string; vector: Float32Array }>, at: string): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO embeddings (key, model, vector, created_at) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const r of rows) insert.run(r.key, r.model, Buffer.from(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength), at);
    })();
  }

  /** A cached overview ("Today in N points"), kept in the summaries table under its own key. */
  overview(key: string): string[] | undefined {
    const row = this.db.prepare('SELECT summary_json FROM summaries WHERE key = ?').get(key) as { summary_json: string } | undefined;
    return row ? (JSON.parse(row.summary_json) as string[]) : undefined;
  }

  saveOverview(key: string, meta: { contentHash: string; model: string; promptVersion: string }, bullets: string[], at: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO summaries (key, content_hash, model, prompt_version, summary_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(key, meta.contentHash, meta.model, meta.promptVersion, JSON.stringify(bullets), at);
  }

  // --- briefs --------------------------------------------------------------

  /** Stores a brief, and its stories for search, in one transaction. */
  saveBrief(brief: Brief): number {
    const insertBrief = this.db.prepare('INSERT INTO briefs (date, generated_at, brief_json) VALUES (?, ?, ?)');
    const insertStory = this.db.prepare('INSERT INTO brief_stories (brief_id, position, url, source, headline, body) VALUES (?, ?, ?, ?, ?, ?)');
    return this.db.transaction(() => {
      const id = Number(insertBrief.run(brief.date, brief.generatedAt, JSON.stringify(brief)).lastInsertRowid);
      brief.stories.forEach((s, i) => insertStory.run(id, i, s.url, s.source, s.headline, [s.summary, ...s.keyPoints.map((k) => k.text)].join('\n')));
      return id;
    })();
  }

  /** Stored briefs, newest first. */
  listBriefs(limit: number): BriefListing[] {
    const rows = this.db
      .prepare(
        `SELECT id, date, generated_at, json_array_length(brief_json, '$.stories') AS stories, json_array_length(brief_json, '$.errors') AS errors,
                json_extract(brief_json, '$.summarizer.method') AS method, json_extract(brief_json, '$.summarizer.model') AS model,
                json_extract(brief_json, '$.stories[0].headline') AS lead
         FROM briefs ORDER BY generated_at DESC, id DESC LIMIT ?`,
      )
      .all(limit) as Array<{ id: number; date: string; generated_at: string; stories: number; errors: number | null; method: string; model: string | null; lead: string | null }>;
    return rows.map((r) => ({
      id: r.id,
      date: r.date,
      generatedAt: r.generated_at,
      stories: r.stories,
      errors: r.errors ?? 0,
      summarizer: { method: r.method, model: r.model },
      lead: r.lead,
    }));
  }

  /** The latest `limit` briefs, newest first. */
  recentBriefs(limit: number): BriefRecord[] {
    const rows = this.db.prepare('SELECT * FROM briefs ORDER BY generated_at DESC, id DESC LIMIT ?').all(limit) as BriefRow[];
    return rows.map(toBriefRecord);
  }

  /** The latest brief of a date (YYYY-MM-DD), or the latest of all when no date is given. */
  latestBrief(date?: string): BriefRecord | undefined {
    const row = (
      date
        ? this.db.prepare('SELECT * FROM briefs WHERE date = ? ORDER BY generated_at DESC, id DESC LIMIT 1').get(date)
        : this.db.prepare('SELECT * FROM briefs ORDER BY generated_at DESC, id DESC LIMIT 1').get()
    ) as BriefRow | undefined;
    return row && toBriefRecord(row);
  }

  // --- search --------------------------------------------------------------

  /**
   * Full-text search (FTS5, bm25-ranked) over every article fetched and every story of
   * every stored brief, newest data included as soon as it is stored. `query` is the
   * user's text (see `ftsQuery`); `sinceIso` keeps articles fetched, and briefs made, since then;
   * `marks` go around each match in the snippets (default: nothing).
   * One hit per URL: a story and its article merge, keeping the better-ranked text.
   */
  search(query: string, options: { sinceIso?: string; limit?: number; marks?: readonly [string, string] } = {}): SearchHit[] {
    const match = ftsQuery(query);
    if (!match) throw new UsageError(`nothing to search for in "${query}": give words, or "a phrase" in quotes`);
    const limit = options.limit ?? 20;
    const since = options.sinceIso ?? '';
    const [start, end] = options.marks ?? ['', ''];
    const articles = this.db
      .prepare(
        `SELECT a.url, f.title, f.source, COALESCE(json_extract(a.article_json, '$.publishedTime'), a.extracted_at) AS date, NULL AS briefDate,
                snippet(articles_search, ${BODY_COLUMN}, @start, @end, '…', 16) AS snippet, f.rank AS score
         FROM articles_search AS f JOIN articles AS a ON a.rowid = f.rowid
         WHERE articles_search MATCH @match AND a.extracted_at >= @since ORDER BY f.rank LIMIT @limit`,
      )
      .all({ match, since, limit, start, end }) as SearchHit[];
    const stories = this.db
      .prepare(
        `SELECT s.url, s.headline AS title, s.source, b.generated_at AS date, b.date AS briefDate,
                snippet(stories_search, ${BODY_COLUMN}, @start, @end, '…', 16) AS snippet, f.rank AS score
         FROM stories_search AS f JOIN brief_stories AS s ON s.id = f.rowid JOIN briefs AS b ON b.id = s.brief_id
         WHERE stories_search MATCH @match AND b.generated_at >= @since ORDER BY f.rank LIMIT @limit`,
      )
      .all({ match, since, limit, start, end }) as SearchHit[];
    return mergeHits([...articles, ...stories]).slice(0, limit);
  }

  // --- retention -------------------------------------------------------------

  /**
   * Deletes what is older than `beforeIso`: briefs (and their stories), articles, summaries,
   * feed items no longer listed, the cross-day memory and the model call log. Items of a
   * feed whose last answer was 304 stay: that answer vouches for the cached items.
   */
  prune(beforeIso: string): PruneCounts {
    const run = (sql: string) => this.db.prepare(sql).run(beforeIso).changes;
    return this.db.transaction(() => {
      run('DELETE FROM brief_stories WHERE brief_id IN (SELECT id FROM briefs WHERE generated_at < ?)');
      return {
        briefs: run('DELETE FROM briefs WHERE generated_at < ?'),
        articles: run('DELETE FROM articles WHERE extracted_at < ?'),
        summaries: run('DELETE FROM summaries WHERE created_at < ?'),
        items: run('DELETE FROM items WHERE last_seen_at < ? AND source_url NOT IN (SELECT url FROM sources WHERE last_status = 304)'),
        shownArticles: run('DELETE FROM shown_articles WHERE first_shown_at < ?'),
        modelCalls: run('DELETE FROM model_calls WHERE at < ?'),
        embeddings: run('DELETE FROM embeddings WHERE created_at < ?'),
      };
    })();
  }

  /** The share of the file that is free pages (what VACUUM would give back). */
  freeRatio(): number {
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    return pages > 0 ? free / pages : 0;
  }

  /** Compacts the search indexes and the file, and empties the write-ahead log. */
  vacuum(): void {
    this.db.exec(`INSERT INTO articles_search (articles_search) VALUES ('optimize');
                  INSERT INTO stories_search (stories_search) VALUES ('optimize');
                  VACUUM;`);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  // --- cross-day memory ----------------------------------------------------

  /** Articles shown by briefs of dates before `date` (YYYY-MM-DD) and since `sinceIso`. */
  shownBefore(date: string, sinceIso: string): ShownArticle[] {
    const rows = this.db
      .prepare('SELECT * FROM shown_articles WHERE first_shown_date < ? AND first_shown_at >= ? ORDER BY first_shown_at')
      .all(date, sinceIso) as ShownRow[];
    return rows.map((r) => ({
      canonicalUrl: r.canonical_url,
      storyKey: r.story_key,
      title: r.title,
      text: r.text,
      sourceUrl: r.source_url,
      firstShownDate: r.first_shown_date,
      firstShownAt: r.first_shown_at,
    }));
  }

  /** Remembers what a brief showed; an article keeps the date it was first shown. */
  recordShown(articles: ReadonlyArray<Omit<ShownArticle, 'firstShownDate' | 'firstShownAt'>>, date: string, at: string): void {
    const insert = this.db.prepare(
      `INSERT INTO shown_articles (canonical_url, story_key, title, text, source_url, first_shown_date, first_shown_at)
       VALUES (@canonicalUrl, @storyKey, @title, @text, @sourceUrl, @date, @at) ON CONFLICT (canonical_url) DO NOTHING`,
    );
    this.db.transaction(() => {
      for (const a of articles) insert.run({ ...a, date, at });
    })();
  }

  // --- model call log --------------------------------------------------------

  logModelCall(call: ModelCall, at: string): void {
    this.db
      .prepare(
        `INSERT INTO model_calls (at, provider, model, prompt_version, purpose, subject, num_ctx, estimated_prompt_tokens, prompt_tokens, completion_tokens, duration_ms, load_ms, outcome, error)
         VALUES (@at, @provider, @model, @promptVersion, @purpose, @subject, @numCtx, @estimatedPromptTokens, @promptTokens, @completionTokens, @durationMs, @loadMs, @outcome, @error)`,
      )
      .run({
        at,
        provider: call.provider,
        model: call.model,
        promptVersion: call.promptVersion,
        purpose: call.purpose,
        subject: call.subject ?? null,
        numCtx: call.numCtx ?? null,
        estimatedPromptTokens: call.estimatedPromptTokens ?? null,
        promptTokens: call.promptTokens ?? null,
        completionTokens: call.completionTokens ?? null,
        durationMs: Math.round(call.durationMs),
        loadMs: call.loadMs === undefined ? null : Math.round(call.loadMs),
        outcome: call.outcome,
        error: call.error ?? null,
      });
  }

  /** Model calls since a time, by outcome, with their tokens and time. */
  modelCallStats(sinceIso: string): Array<{ outcome: string; calls: number; promptTokens: number; completionTokens: number; seconds: number }> {
    return this.db
      .prepare(
        `SELECT outcome, COUNT(*) AS calls, COALESCE(SUM(prompt_tokens), 0) AS promptTokens, COALESCE(SUM(completion_tokens), 0) AS completionTokens,
                ROUND(COALESCE(SUM(duration_ms), 0) / 1000.0, 1) AS seconds
         FROM model_calls WHERE at >= ? GROUP BY outcome ORDER BY calls DESC`,
      )
      .all(sinceIso) as Array<{ outcome: string; calls: number; promptTokens: number; completionTokens: number; seconds: number }>;
  }

  /** SQLite's own consistency check, and the search indexes' against their content: "ok", or what is wrong. */
  integrity(): string {
    const rows = this.db.pragma('quick_check') as Array<{ quick_check: string }>;
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    for (const index of ['articles_search', 'stories_search']) {
      try {
        this.db.prepare(`INSERT INTO ${index} (${index}, rank) VALUES ('integrity-check', 1)`).run();
      } catch (err) {
        problems.push(`${index}: ${errorLine(err)}`);
      }
    }
    return problems.length > 0 ? problems.join('; ') : 'ok';
  }

  counts(): Record<'sources' | 'items' | 'articles' | 'summaries' | 'briefs', number> {
    const count = (table: string) => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { sources: count('sources'), items: count('items'), articles: count('articles'), summaries: count('summaries'), briefs: count('briefs') };
  }
}

/** The text column of both search indexes (url, source, title, body): snippets come from it. */
const BODY_COLUMN = 3;

/**
 * The user's search text as an FTS5 query: every word must match (`OR` between two words
 * allows either), "a phrase" in quotes matches as a phrase, a trailing `*` matches a prefix.
 * Every term is quoted, so FTS5 syntax in the text (`-`, `:`, `NEAR`, parentheses) is just text.
 * Returns '' when nothing searchable is left.
 */
export function ftsQuery(text: string): string {
  const parts: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const word = m[2];
    if (word === 'OR') {
      if (parts.length > 0 && parts[parts.length - 1] !== 'OR') parts.push('OR');
      continue;
    }
    const term = m[1] ?? word ?? '';
    const prefix = word !== undefined && word.length > 1 && word.endsWith('*');
    const body = prefix ? term.slice(0, -1) : term;
    if (!/[\p{L}\p{N}]/u.test(body)) continue;
    parts.push(`"${body.replace(/"/g, '""')}"${prefix ? '*' : ''}`);
  }
  if (parts[parts.length - 1] === 'OR') parts.pop();
  return parts.join(' ');
}

/**
 * Best-ranked first, one hit per article (by canonical URL: a story keeps the feed's link,
 * tracking parameters and all, while its article is stored under the canonical one); a
 * story's brief date is kept when its article ranks higher.
 */
function mergeHits(hits: SearchHit[]): SearchHit[] {
  const byUrl = new Map<string, SearchHit>();
  for (const hit of hits.sort((a, b) => a.score - b.score)) {
    const key = canonicalUrl(hit.url);
    const known = byUrl.get(key);
    if (!known) byUrl.set(key, { ...hit });
    else known.briefDate ??= hit.briefDate;
  }
  return [...byUrl.values()];
}

function toBriefRecord(row: BriefRow): BriefRecord {
  return { id: row.id, date: row.date, generatedAt: row.generated_at, brief: JSON.parse(row.brief_json) as Brief };
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version));
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    })();
  }
}

function describeDbError(err: unknown): string {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return 'the file is not a brief database or is corrupt';
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'SQLITE_READONLY') return `cannot write there (${errorLine(err)})`;
  if (code === 'SQLITE_FULL') return 'the disk is full';
  return errorLine(err);
}

interface ItemRow {
  id: string;
  source_url: string;
  url: string;
  title: string;
  published_at: string | null;
  author: string | null;
  content: string | null;
  first_seen_at: string;
}

function toStoredItem(r: ItemRow): StoredItem {
  return {
    id: r.id,
    sourceUrl: r.source_url,
    url: r.url,
    title: r.title,
    publishedAt: r.published_at ?? undefined,
    author: r.author ?? undefined,
    content: r.content ?? undefined,
    firstSeenAt: r.first_seen_at,
  };
}

interface ShownRow {
  canonical_url: string;
  story_key: string;
  title: string;
  text: string;
  source_url: string;
  first_shown_date: string;
  first_shown_at: string;
}

interface BriefRow {
  id: number;
  date: string;
  generated_at: string;
  brief_json: string;
}
