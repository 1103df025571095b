import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Article, Brief, FeedItem, Summary, Validators } from '../types.js';
import type { ModelCall } from '../summarize/summarizer.js';
import { BriefError, errorLine } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
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

  /** Articles are stored whole, as JSON, with the columns queries need beside it. */
  saveArticle(article: Article, at: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO articles (url, origin, word_count, article_json, extracted_at) VALUES (?, ?, ?, ?, ?)')
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

  saveBrief(brief: Brief): number {
    const result = this.db.prepare('INSERT INTO briefs (date, generated_at, brief_json) VALUES (?, ?, ?)').run(brief.date, brief.generatedAt, JSON.stringify(brief));
    return Number(result.lastInsertRowid);
  }

  /** The latest brief of a date (YYYY-MM-DD), or the latest of all when no date is given. */
  latestBrief(date?: string): BriefRecord | undefined {
    const row = (
      date
        ? this.db.prepare('SELECT * FROM briefs WHERE date = ? ORDER BY generated_at DESC, id DESC LIMIT 1').get(date)
        : this.db.prepare('SELECT * FROM briefs ORDER BY generated_at DESC, id DESC LIMIT 1').get()
    ) as BriefRow | undefined;
    return row && { id: row.id, date: row.date, generatedAt: row.generated_at, brief: JSON.parse(row.brief_json) as Brief };
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

  /** SQLite's own consistency check: "ok", or what is wrong. */
  integrity(): string {
    const rows = this.db.pragma('quick_check') as Array<{ quick_check: string }>;
    return rows.map((r) => r.quick_check).join('; ');
  }

  counts(): Record<'sources' | 'items' | 'articles' | 'summaries' | 'briefs', number> {
    const count = (table: string) => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { sources: count('sources'), items: count('items'), articles: count('articles'), summaries: count('summaries'), briefs: count('briefs') };
  }
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
