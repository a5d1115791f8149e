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
  `
  CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    code TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '[]',
    members TEXT,
    learned INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT,
    evidence_article INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    evidence_start INTEGER,
    evidence_end INTEGER,
    evidence_text TEXT
  );
  CREATE INDEX actors_country ON actors(country);
  CREATE TABLE mentions (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    form TEXT NOT NULL,
    role TEXT,
    actor_id TEXT REFERENCES actors(id),
    actor_code TEXT,
    actor_role TEXT,
    PRIMARY KEY (article_id, idx)
  ) WITHOUT ROWID;
  CREATE INDEX mentions_actor ON mentions(actor_id);
  `,
  `
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    evidence_text TEXT NOT NULL,
    source_id TEXT NOT NULL,
    source_code TEXT NOT NULL,
    source_name TEXT,
    source_kind TEXT,
    source_country TEXT,
    source_text TEXT NOT NULL,
    target_id TEXT,
    target_code TEXT,
    target_name TEXT,
    target_kind TEXT,
    target_country TEXT,
    target_text TEXT,
    type TEXT NOT NULL,
    mode TEXT,
    cameo TEXT NOT NULL,
    goldstein REAL NOT NULL,
    quad INTEGER NOT NULL,
    polarity TEXT NOT NULL,
    modality TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_stated INTEGER,
    confidence REAL NOT NULL,
    rule TEXT NOT NULL,
    mentions INTEGER NOT NULL DEFAULT 1,
    UNIQUE (article_id, idx)
  );
  CREATE INDEX events_date ON events(date);
  CREATE INDEX events_source ON events(source_country, target_country);
  CREATE INDEX events_target ON events(target_country);
  CREATE INDEX events_type ON events(type);
  `,
];
