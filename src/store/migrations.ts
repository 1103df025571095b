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
  {
    version: 2,
    name: 'cross-day memory: the articles each brief showed',
    sql: `
      CREATE TABLE shown_articles (
        canonical_url TEXT PRIMARY KEY,
        story_key TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        source_url TEXT NOT NULL,
        first_shown_date TEXT NOT NULL,
        first_shown_at TEXT NOT NULL
      );
      CREATE INDEX shown_articles_by_time ON shown_articles (first_shown_at);
      CREATE INDEX shown_articles_by_story ON shown_articles (story_key);
    `,
  },
  {
    version: 3,
    name: 'model call log',
    sql: `
      CREATE TABLE model_calls (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_version TEXT NOT NULL,
        purpose TEXT NOT NULL,
        subject TEXT,
        num_ctx INTEGER,
        estimated_prompt_tokens INTEGER,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        duration_ms INTEGER NOT NULL,
        load_ms INTEGER,
        outcome TEXT NOT NULL,
        error TEXT
      );
      CREATE INDEX model_calls_by_time ON model_calls (at);
    `,
  },
];
