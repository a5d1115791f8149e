/**
 * Schema migrations, applied in order. The database's `user_version` is the number of migrations
 * applied; never edit a released migration, add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    title TEXT,
    published TEXT,
    source TEXT,
    url TEXT,
    external_id TEXT,
    origin_path TEXT NOT NULL,
    origin_format TEXT NOT NULL,
    origin_line INTEGER,
    origin_item INTEGER,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    captions TEXT NOT NULL DEFAULT '[]',
    minhash BLOB NOT NULL,
    near_duplicate_of INTEGER REFERENCES articles(id),
    similarity REAL,
    ingested_at TEXT NOT NULL
  );
  CREATE INDEX articles_published ON articles(published);
  CREATE INDEX articles_near_duplicate ON articles(near_duplicate_of) WHERE near_duplicate_of IS NOT NULL;
  CREATE TABLE paragraphs (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    source_start INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
  ) WITHOUT ROWID;
  CREATE TABLE sentences (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
  ) WITHOUT ROWID;
  CREATE TABLE minhash_buckets (
    bucket INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (bucket, article_id)
  ) WITHOUT ROWID;
  `,
];
