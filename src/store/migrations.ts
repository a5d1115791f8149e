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
  `
  CREATE TABLE places (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    place_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    lat REAL,
    lon REAL,
    PRIMARY KEY (article_id, idx)
  ) WITHOUT ROWID;
  CREATE INDEX places_place ON places(place_id);
  CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker_text TEXT,
    speaker_id TEXT,
    speaker_name TEXT,
    speaker_code TEXT,
    speaker_country TEXT,
    about TEXT NOT NULL,
    UNIQUE (article_id, idx)
  );
  CREATE INDEX quotes_speaker ON quotes(speaker_id);
  CREATE INDEX quotes_speaker_country ON quotes(speaker_country);
  CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='id');
  CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
  INSERT INTO articles_fts (rowid, title, text) SELECT id, coalesce(title, ''), text FROM articles;
  ALTER TABLE events ADD COLUMN place_id TEXT;
  ALTER TABLE events ADD COLUMN place_name TEXT;
  ALTER TABLE events ADD COLUMN place_country TEXT;
  ALTER TABLE events ADD COLUMN lat REAL;
  ALTER TABLE events ADD COLUMN lon REAL;
  ALTER TABLE events ADD COLUMN merged_id INTEGER REFERENCES merged_events(id);
  CREATE INDEX events_merged ON events(merged_id);
  CREATE TABLE merged_events (
    id INTEGER PRIMARY KEY,
    merge_key TEXT NOT NULL,
    source_id TEXT NOT NULL,
    source_code TEXT NOT NULL,
    source_name TEXT,
    source_country TEXT,
    target_id TEXT,
    target_code TEXT,
    target_name TEXT,
    target_country TEXT,
    type TEXT NOT NULL,
    mode TEXT,
    cameo TEXT NOT NULL,
    goldstein REAL NOT NULL,
    quad INTEGER NOT NULL,
    polarity TEXT NOT NULL,
    modality TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    place_id TEXT,
    place_name TEXT,
    place_country TEXT,
    lat REAL,
    lon REAL,
    first_event INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    first_seen TEXT,
    last_seen TEXT
  );
  CREATE INDEX merged_key ON merged_events(merge_key, date);
  CREATE INDEX merged_dyad ON merged_events(source_country, target_country, date);
  CREATE INDEX merged_target ON merged_events(target_country, date);
  CREATE INDEX merged_date ON merged_events(date);
  `,
  `
  CREATE TABLE dates (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT NOT NULL,
    precision TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
  ) WITHOUT ROWID;
  CREATE INDEX events_order ON events(date, id);
  `,
  `
  ALTER TABLE actors ADD COLUMN mention_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE actors ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
  UPDATE actors SET
    mention_count = (SELECT count(*) FROM mentions m WHERE m.actor_id = actors.id),
    article_count = (SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.actor_id = actors.id);
  CREATE INDEX actors_by_mentions ON actors(mention_count DESC, name);
  CREATE TABLE place_stats (
    place_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    lat REAL,
    lon REAL,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    events INTEGER NOT NULL
  );
  INSERT INTO place_stats SELECT p.place_id, p.name, p.kind, p.country, p.lat, p.lon, count(*), count(DISTINCT p.article_id),
    (SELECT count(*) FROM events e WHERE e.place_id = p.place_id) FROM places p GROUP BY p.place_id;
  CREATE INDEX place_stats_by_mentions ON place_stats(mentions DESC, name);
  CREATE INDEX quotes_newest ON quotes(article_id DESC, idx);
  `,
  `
  ALTER TABLE articles ADD COLUMN paragraph_spans TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE articles ADD COLUMN sentence_spans TEXT NOT NULL DEFAULT '[]';
  UPDATE articles SET
    paragraph_spans = coalesce((SELECT json_group_array(json_array(start, end, kind, source_start))
      FROM (SELECT start, end, kind, source_start FROM paragraphs p WHERE p.article_id = articles.id ORDER BY idx)), '[]'),
    sentence_spans = coalesce((SELECT json_group_array(json_array(start, end, paragraph))
      FROM (SELECT start, end, paragraph FROM sentences s WHERE s.article_id = articles.id ORDER BY idx)), '[]');
  DROP TABLE paragraphs;
  DROP TABLE sentences;
  `,
  `
  ALTER TABLE articles ADD COLUMN unresolved_mentions TEXT;
  `,
];
