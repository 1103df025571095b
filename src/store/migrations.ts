/**
 * The schema, as an ordered list of named migrations. Each runs once, in its own
 * transaction, and is recorded in `schema_migrations`; opening a database applies
 * whatever is missing, so an older database is brought up to date on open.
 * Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema: sources, items, articles, summaries, briefs',
    sql: `
      CREATE TABLE sources (
        url TEXT PRIMARY KEY,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        last_fetched_at TEXT,
        last_ok_at TEXT,
        last_status INTEGER,
        last_error TEXT
      );
      CREATE TABLE items (
        id TEXT PRIMARY KEY,
        source_url TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT NOT NULL,
        published_at TEXT,
        author TEXT,
        content TEXT,
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );
      CREATE INDEX items_by_source ON items (source_url, last_seen_at);
      CREATE INDEX items_by_url ON items (url);
      CREATE TABLE articles (
        url TEXT PRIMARY KEY,
        origin TEXT NOT NULL,
        word_count INTEGER NOT NULL,
        article_json TEXT NOT NULL,
        extracted_at TEXT NOT NULL
      );
      CREATE TABLE summaries (
        key TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_version TEXT NOT NULL,
        summary_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE briefs (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        generated_at TEXT NOT NULL,
        brief_json TEXT NOT NULL
      );
      CREATE INDEX briefs_by_date ON briefs (date, generated_at);
    `,
  },
];
