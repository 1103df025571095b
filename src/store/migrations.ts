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
  {
    version: 4,
    name: 'full-text search over articles and the stories of stored briefs',
    // Articles are indexed through a view over their JSON (external content: the text is not
    // stored twice); triggers keep the index in step with every insert, update and delete.
    // The stories of each brief get a row of their own (brief_stories), indexed the same way.
    // Searched: the source's name, the title or headline, and the text (an article's, or a
    // story's summary and key points). The URL is kept but not searched: its words (www,
    // html, news) would match nearly everything. Ranking weights, in column order, are each
    // index's 'rank' setting: a title match counts 4 times a text match.
    sql: `
      CREATE VIEW articles_search_source AS
        SELECT rowid AS rid, url, json_extract(article_json, '$.siteName') AS source,
               json_extract(article_json, '$.title') AS title, json_extract(article_json, '$.text') AS body
        FROM articles;
      CREATE VIRTUAL TABLE articles_search USING fts5(
        url UNINDEXED, source, title, body,
        content = 'articles_search_source', content_rowid = 'rid', tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO articles_search (articles_search) VALUES ('rebuild');
      INSERT INTO articles_search (articles_search, rank) VALUES ('rank', 'bm25(0.0, 1.0, 4.0, 1.0)');
      CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_search (rowid, url, source, title, body)
        VALUES (new.rowid, new.url, json_extract(new.article_json, '$.siteName'), json_extract(new.article_json, '$.title'), json_extract(new.article_json, '$.text'));
      END;
      CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_search (articles_search, rowid, url, source, title, body)
        VALUES ('delete', old.rowid, old.url, json_extract(old.article_json, '$.siteName'), json_extract(old.article_json, '$.title'), json_extract(old.article_json, '$.text'));
      END;
      CREATE TRIGGER articles_search_update AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_search (articles_search, rowid, url, source, title, body)
        VALUES ('delete', old.rowid, old.url, json_extract(old.article_json, '$.siteName'), json_extract(old.article_json, '$.title'), json_extract(old.article_json, '$.text'));
        INSERT INTO articles_search (rowid, url, source, title, body)
        VALUES (new.rowid, new.url, json_extract(new.article_json, '$.siteName'), json_extract(new.article_json, '$.title'), json_extract(new.article_json, '$.text'));
      END;
      CREATE INDEX articles_by_time ON articles (extracted_at);

      CREATE TABLE brief_stories (
        id INTEGER PRIMARY KEY,
        brief_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        url TEXT NOT NULL,
        source TEXT NOT NULL,
        headline TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX brief_stories_by_brief ON brief_stories (brief_id);
      CREATE VIRTUAL TABLE stories_search USING fts5(
        url UNINDEXED, source, headline, body,
        content = 'brief_stories', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO stories_search (stories_search, rank) VALUES ('rank', 'bm25(0.0, 1.0, 4.0, 1.0)');
      CREATE TRIGGER stories_search_insert AFTER INSERT ON brief_stories BEGIN
        INSERT INTO stories_search (rowid, url, source, headline, body) VALUES (new.id, new.url, new.source, new.headline, new.body);
      END;
      CREATE TRIGGER stories_search_delete AFTER DELETE ON brief_stories BEGIN
        INSERT INTO stories_search (stories_search, rowid, url, source, headline, body) VALUES ('delete', old.id, old.url, old.source, old.headline, old.body);
      END;
      INSERT INTO brief_stories (brief_id, position, url, source, headline, body)
        SELECT b.id, CAST(s.key AS INTEGER), COALESCE(json_extract(s.value, '$.url'), ''), COALESCE(json_extract(s.value, '$.source'), ''),
               COALESCE(json_extract(s.value, '$.headline'), ''),
               COALESCE(json_extract(s.value, '$.summary'), '') || char(10) ||
                 COALESCE((SELECT group_concat(json_extract(k.value, '$.text'), char(10)) FROM json_each(s.value, '$.keyPoints') AS k), '')
        FROM briefs AS b, json_each(b.brief_json, '$.stories') AS s;
      CREATE INDEX briefs_by_time ON briefs (generated_at);
      CREATE INDEX summaries_by_time ON summaries (created_at);
      CREATE INDEX items_by_last_seen ON items (last_seen_at);
    `,
  },
  {
    version: 5,
    name: 'embeddings of feed items, for clustering',
    // One row per (text, embedding model): the key hashes both. Vectors are little-endian float32.
    sql: `
      CREATE TABLE embeddings (
        key TEXT PRIMARY KEY,
        model TEXT NOT NULL,
        vector BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX embeddings_by_time ON embeddings (created_at);
    `,
  },
];
