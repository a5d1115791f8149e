import Database from 'better-sqlite3';
import type { Article, Role } from '../model/model.ts';
import type { LearnedPerson } from '../stages/04-actors/resolve.ts';
import { MINHASH_BANDS, similarity } from '../stages/03-fingerprint/fingerprint.ts';
import { articleRows, EVENT_ARTICLE_ID, EVENT_ID, EVENT_MERGED_ID, eventMentions, mergeInputOfValues, type ArticleRows, type PlaceStatValues } from './article-rows.ts';
import { EventMerger, type MergeInput } from './merge.ts';
import { MIGRATIONS } from './migrations.ts';
import { dyad, relations, type DyadOptions, type DyadReport, type Relation, type RelationsOptions } from './relations.ts';

/** Marks a SQLite file as Entente's ("ENTE"), so another program's database is never migrated. */
export const APPLICATION_ID = 0x454e5445;
/** Estimated Jaccard similarity from which two articles count as the same story. */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;

/** What happened to one article handed to the store. */
export type SaveResult =
  | { status: 'stored'; id: number }
  | { status: 'duplicate'; id: number }
  | { status: 'near-duplicate'; id: number; of: number; similarity: number };

/** A stored article as listed (no text). */
export interface ArticleSummary {
  id: number;
  uid: string;
  title: string | null;
  published: string | null;
  source: string | null;
  url: string | null;
  origin: string;
  paragraphs: number;
  sentences: number;
  chars: number;
  nearDuplicateOf: number | null;
  similarity: number | null;
}

/** A stored article with its text and structure. */
export interface StoredArticle extends ArticleSummary {
  text: string;
  captions: string[];
  paragraphSpans: { start: number; end: number; kind: string }[];
  sentenceSpans: { start: number; end: number; paragraph: number }[];
}

/** An actor as listed: who, and how often the stored articles mention them. */
export interface ActorSummary {
  id: string;
  name: string;
  kind: string;
  country: string | null;
  sector: string | null;
  code: string;
  learned: boolean;
  mentions: number;
  articles: number;
}

/** One actor with its roles over time and every stored mention. */
export interface StoredActor extends ActorSummary {
  roles: Role[];
  firstSeen: string | null;
  evidence: { article: number; start: number; end: number; text: string } | null;
  seen: { article: number; title: string | null; published: string | null; start: number; end: number; text: string; role: string | null }[];
}

export interface EventFilter {
  /** Code, country, id or part of the name of either actor. */
  actor?: string;
  /** Two codes or countries, in either direction. */
  dyad?: [string, string];
  type?: string;
  from?: string;
  to?: string;
  minConfidence?: number;
  /** Also list events the text denies. */
  includeNegated?: boolean;
  limit?: number;
  /** Only events of this stored article. */
  article?: number;
  /** Continue after this event (keyset pagination in the listing's order: newest date first, then highest id). */
  after?: { date: string; id: number };
}

interface EventSide {
  id: string;
  code: string;
  name: string | null;
  kind: string | null;
  country: string | null;
  text: string;
}

/** An event as stored, with its article. */
export interface StoredEvent {
  id: number;
  article: number;
  articleTitle: string | null;
  url: string | null;
  outlet: string | null;
  published: string | null;
  date: string | null;
  datePrecision: string | null;
  dateStated: boolean;
  source: EventSide;
  target: EventSide | null;
  type: string;
  mode: string | null;
  cameo: string;
  goldstein: number;
  quad: number;
  polarity: string;
  modality: string;
  confidence: number;
  rule: string;
  mentions: number;
  evidence: { start: number; end: number; text: string };
  place: { id: string; name: string; country: string | null; lat: number | null; lon: number | null } | null;
  /** The merged event this report belongs to (one event from many reports). */
  mergedId: number | null;
}

/** An event as reported by one or more articles. */
export interface MergedEvent {
  id: number;
  date: string | null;
  datePrecision: string | null;
  source: { id: string; code: string; name: string | null; country: string | null };
  target: { id: string; code: string | null; name: string | null; country: string | null } | null;
  type: string;
  mode: string | null;
  cameo: string;
  goldstein: number;
  quad: number;
  polarity: string;
  modality: string;
  mentions: number;
  articles: number;
  outlets: number;
  firstSeen: string | null;
  lastSeen: string | null;
  place: { id: string; name: string; country: string | null; lat: number | null; lon: number | null } | null;
  /** The first report: its article and words. */
  article: number;
  url: string | null;
  confidence: number;
  rule: string;
  evidence: { start: number; end: number; text: string };
}

/** A stored quote with its speaker. */
export interface StoredQuote {
  id: number;
  article: number;
  articleTitle: string | null;
  published: string | null;
  sentence: number;
  start: number;
  end: number;
  text: string;
  kind: string;
  speaker: { start: number; end: number; text: string; id: string | null; name: string | null; code: string | null; country: string | null } | null;
  about: string[];
  /** Ids of the stored events whose evidence overlaps the quote: what the quote reports. */
  events: number[];
}

/** The annotations of one stored article, each a span of its text. */
export interface ArticleAnnotations {
  mentions: { start: number; end: number; text: string; kind: string; form: string; actorId: string | null; actorCode: string | null; actorName: string | null; actorCountry: string | null }[];
  dates: { start: number; end: number; text: string; value: string; precision: string }[];
  places: { start: number; end: number; text: string; id: string; name: string; kind: string; country: string | null; lat: number | null; lon: number | null }[];
  quotes: StoredQuote[];
  events: StoredEvent[];
}

/** A place and how often the stored articles name it. */
export interface PlaceSummary {
  id: string;
  name: string;
  kind: string;
  country: string | null;
  lat: number | null;
  lon: number | null;
  mentions: number;
  articles: number;
  events: number;
}

/** Words typed by a person as an FTS5 query: each word quoted, so punctuation is never syntax. */
export function ftsQuery(text: string): string {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length === 0 ? '""' : words.map((w) => `"${w}"`).join(' ');
}

export class StoreError extends Error {
  override name = 'StoreError';
}

/** How long input files may share a transaction (see `Store.groupFiles`): what a crash can undo. */
const GROUP_SECONDS = 2;
/**
 * A large file's articles go into the full-text index this many characters at a time, as it is
 * stored: indexed all at its commit, the 19,043 Reuters articles took 1.1 s at the end of the
 * ingest, with the worker threads idle.
 */
const INDEX_CHUNK_CHARACTERS = 2_000_000;

/**
 * The embedded SQLite store. Opens (and creates or migrates) a database file in WAL mode. Each
 * input file is written whole or not at all (`beginFile` … `commitFile`): in a transaction of its
 * own, or in a savepoint of one that small files share (`groupFiles`). So a crash or a bad file
 * never leaves half an article behind.
 */
export class Store {
  readonly db: Database.Database;
  private readonly statements;
  private readonly knownActors = new Set<string>();
  /**
   * Running totals gathered while a file is stored and written once at its commit: one update per
   * actor and place per file instead of one per article.
   */
  private readonly actorCounts = new Map<string, [number, number]>();
  private readonly placeCounts = new Map<string, { place: PlaceStatValues; mentions: number; articles: number; events: number }>();
  /** One timestamp for everything stored from one input file. */
  private ingestedAt: string | undefined;

  private readonly merger: EventMerger;
  private merging = true;
  /** Id the next stored event gets (events are numbered here, not by SQLite: see saveArticle). */
  private nextEventId = 1;
  /**
   * The first article of the open file not yet in the full-text index. The file's articles are
   * indexed by one statement per `indexChunkCharacters` of text and at commit: a call per article
   * cost a fifth more than the indexing.
   */
  private unindexedFrom: number | undefined;
  /** Characters of text stored since `unindexedFrom`. */
  private unindexedCharacters = 0;
  private indexChunkCharacters = INDEX_CHUNK_CHARACTERS;
  /** Between `beginFile` and its commit or rollback. */
  private fileOpen = false;
  /** Whether files share transactions (see `groupFiles`). */
  private grouping = false;
  /** When the open transaction began (`Date.now()`), while one is open. */
  private groupStarted: number | undefined;
  /**
   * Whether the open file is in a savepoint: only a file after others in the same transaction needs
   * one. A savepoint keeps the original of every page its file changes, in memory: over a whole
   * corpus in one file, that would be a copy of the database's changed pages.
   */
  private inSavepoint = false;

  private constructor(db: Database.Database) {
    this.db = db;
    this.merger = new EventMerger(db);
    this.statements = {
      byUid: db.prepare('SELECT id FROM articles WHERE uid = ?').pluck(),
      maxEventId: db.prepare('SELECT max(id) FROM events').pluck(),
      // Paragraph and sentence spans are columns of the article, not rows of their own: they are only
      // ever read with it, and a row per sentence was a fifth of the store's writing.
      // Mentions that name no actor are a column of the article too (see saveArticle).
      insertArticle: db.prepare(`INSERT INTO articles
        (uid, title, published, source, url, external_id, origin_path, origin_format, origin_line, origin_item, position, text, captions, minhash, near_duplicate_of, similarity, ingested_at,
         paragraph_spans, sentence_spans, unresolved_mentions)
        VALUES (${Array.from({ length: 20 }, () => '?').join(', ')})
        ON CONFLICT(uid) DO NOTHING`),
      // One statement for all bands: twenty round trips per article were a fifth of the store's time.
      insertBuckets: db.prepare(`INSERT OR IGNORE INTO minhash_buckets (bucket, article_id) VALUES ${Array.from({ length: MINHASH_BANDS }, () => '(?, ?)').join(', ')}`),
      candidates: db.prepare(`SELECT DISTINCT article_id FROM minhash_buckets WHERE bucket IN (${Array.from({ length: MINHASH_BANDS }, () => '?').join(', ')})`).pluck(),
      signature: db.prepare('SELECT minhash, near_duplicate_of FROM articles WHERE id = ?'),
      insertActor: db.prepare(`INSERT INTO actors (id, name, kind, country, sector, code, roles, members, learned, first_seen, evidence_article, evidence_start, evidence_end, evidence_text)
        VALUES (${Array.from({ length: 14 }, () => '?').join(', ')})
        ON CONFLICT(id) DO NOTHING`),
      insertEvent: db.prepare(`INSERT INTO events (id, merged_id, article_id, idx, sentence, evidence_start, evidence_end, evidence_text,
        source_id, source_code, source_name, source_kind, source_country, source_text,
        target_id, target_code, target_name, target_kind, target_country, target_text,
        type, mode, cameo, goldstein, quad, polarity, modality, date, date_precision, date_stated, confidence, rule, mentions,
        place_id, place_name, place_country, lat, lon)
        VALUES (${Array.from({ length: 38 }, () => '?').join(', ')})`),
      insertPlace: db.prepare('INSERT INTO places (article_id, idx, start, end, text, place_id, name, kind, country, lat, lon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertQuote: db.prepare(`INSERT INTO quotes (article_id, idx, sentence, start, end, text, kind, speaker_start, speaker_end, speaker_text, speaker_id, speaker_name, speaker_code, speaker_country, about)
        VALUES (${Array.from({ length: 15 }, () => '?').join(', ')})`),
      insertQuoteText: db.prepare('INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)'),
      insertArticleText: db.prepare('INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)'),
      indexArticlesFrom: db.prepare("INSERT INTO articles_fts (rowid, title, text) SELECT id, coalesce(title, ''), text FROM articles WHERE id >= ?"),
      countActor: db.prepare('UPDATE actors SET mention_count = mention_count + ?, article_count = article_count + ? WHERE id = ?'),
      countPlace: db.prepare(`INSERT INTO place_stats (place_id, name, kind, country, lat, lon, mentions, articles, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(place_id) DO UPDATE SET mentions = mentions + excluded.mentions, articles = articles + excluded.articles, events = events + excluded.events`),
      insertDate: db.prepare('INSERT INTO dates (article_id, idx, start, end, text, value, precision) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertMention: db.prepare('INSERT INTO mentions (article_id, idx, start, end, text, kind, form, role, actor_id, actor_code, actor_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    };
    this.nextEventId = this.maxEventId() + 1;
  }

  /** Opens or creates the database at `path` and brings its schema up to date. */
  static open(
    path: string,
    options: {
      readonly?: boolean;
      /** Leave events unmerged (to measure what merging costs). */
      merge?: boolean;
      /** Characters of a file's text between two additions to the full-text index (tests make it small). */
      indexChunkCharacters?: number;
    } = {},
  ): Store {
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    } catch (err) {
      throw new StoreError(`${path}: cannot open database: ${(err as Error).message}`);
    }
    try {
      prepareDatabase(db, path, options.readonly ?? false);
    } catch (err) {
      db.close();
      if (err instanceof StoreError) throw err;
      throw new StoreError(`${path}: ${(err as Error).message}`);
    }
    const store = new Store(db);
    store.merging = options.merge ?? true;
    store.indexChunkCharacters = options.indexChunkCharacters ?? INDEX_CHUNK_CHARACTERS;
    if (!(options.readonly ?? false) && store.merging) store.mergePending();
    return store;
  }

  private maxEventId(): number {
    return (this.statements.maxEventId.get() as number | null) ?? 0;
  }

  private flushCounts(): void {
    for (const [id, [mentions, articles]] of this.actorCounts) this.statements.countActor.run(mentions, articles, id);
    for (const { place: p, mentions, articles, events } of this.placeCounts.values()) this.statements.countPlace.run(p[0], p[1], p[2], p[3], p[4], p[5], mentions, articles, events);
    this.actorCounts.clear();
    this.placeCounts.clear();
  }

  /** Merges events stored before merging existed (databases from an older Entente). */
  private mergePending(): void {
    const rows = this.db.prepare('SELECT * FROM events WHERE merged_id IS NULL ORDER BY id').all() as Record<string, any>[];
    if (rows.length === 0) return;
    this.db.transaction(() => {
      for (const r of rows) this.merger.mergeStored(mergeInputOf(r));
    })();
  }

  /**
   * Lets input files share a transaction, each after the first in a savepoint, until the transaction has
   * been open for `GROUP_SECONDS`: a file is still stored whole or not at all, but the commit (the
   * pages the files changed written to the WAL) is paid per group instead of per file, which for
   * files of one article cost more than coding them. The stored rows are the same either way.
   * Turning it off rolls back a file left unfinished and commits the files stored before it.
   */
  groupFiles(on: boolean): void {
    if (!on) {
      if (this.fileOpen) this.rollbackFile();
      if (this.groupStarted !== undefined) this.commitGroup();
    }
    this.grouping = on;
  }

  /** Starts storing one input file: a transaction, or a savepoint in the open one. */
  beginFile(): void {
    if (this.groupStarted === undefined) {
      this.db.exec('BEGIN IMMEDIATE');
      this.groupStarted = Date.now();
      this.inSavepoint = false;
      // Another process may have written since this one opened the file; the write lock is ours now.
      this.nextEventId = this.maxEventId() + 1;
    } else {
      this.db.exec('SAVEPOINT file');
      this.inSavepoint = true;
    }
    this.fileOpen = true;
    this.ingestedAt = new Date().toISOString();
  }

  /** Ends a file begun with `beginFile`; commits unless files are grouped and the group is young. */
  commitFile(): void {
    this.flushCounts();
    this.indexPending();
    if (this.inSavepoint) this.db.exec('RELEASE file');
    this.inSavepoint = false;
    this.fileOpen = false;
    this.ingestedAt = undefined;
    if (!this.grouping || Date.now() - this.groupStarted! >= GROUP_SECONDS * 1000) this.commitGroup();
  }

  /** Adds the open file's articles stored since the last time to the full-text index. */
  private indexPending(): void {
    if (this.unindexedFrom !== undefined) this.statements.indexArticlesFrom.run(this.unindexedFrom);
    this.unindexedFrom = undefined;
    this.unindexedCharacters = 0;
  }

  private commitGroup(): void {
    this.db.exec('COMMIT');
    this.groupStarted = undefined;
  }

  /**
   * Undoes everything written since `beginFile`; files grouped before it stay. Safe to call when
   * no transaction is open.
   */
  rollbackFile(): void {
    if (this.fileOpen && this.inSavepoint) {
      this.db.exec('ROLLBACK TO file');
      this.db.exec('RELEASE file');
      this.inSavepoint = false;
    } else if (this.db.inTransaction && (this.fileOpen || !this.grouping)) {
      // The open file is all the transaction holds. With no file open, a group holds only files
      // already stored whole: they stay.
      this.db.exec('ROLLBACK');
      this.groupStarted = undefined;
    }
    this.unindexedFrom = undefined;
    this.unindexedCharacters = 0;
    this.fileOpen = false;
    this.nextEventId = this.maxEventId() + 1;
    // Actors written in the rolled-back transaction are gone again, and so are their counts.
    this.knownActors.clear();
    this.actorCounts.clear();
    this.placeCounts.clear();
  }

  /**
   * Stores an article unless the same text is already there. A new article that shares most of
   * its wording with a stored one is stored and linked to the first copy of that story.
   */
  saveArticle(article: Article): SaveResult {
    if (!article.fingerprint) throw new StoreError('article has no fingerprint: the fingerprint stage did not run');
    return this.saveRows(articleRows(article));
  }

  /**
   * Stores an article given as its rows (see `articleRows`, which worker threads run): what
   * `saveArticle` does, less the preparing.
   */
  saveRows(rows: ArticleRows): SaveResult {
    if (!this.db.inTransaction) this.nextEventId = this.maxEventId() + 1;
    const { buckets, minhash } = rows;
    const near = buckets.length > 0 ? this.findNear(minhash, buckets) : undefined;
    const a = rows.article;
    // Positional parameters: binding by name costs a lookup per field and article.
    const info = this.statements.insertArticle.run(
      rows.uid, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11],
      Buffer.from(minhash.buffer, minhash.byteOffset, minhash.byteLength),
      near?.id ?? null,
      near?.similarity ?? null,
      this.ingestedAt ?? new Date().toISOString(),
      a[12], a[13], a[14],
    );
    // An article stored before has the same uid: the insert did nothing. Finding that out from the
    // insert saves a lookup per article, and duplicates are rare.
    if (info.changes === 0) return { status: 'duplicate', id: this.statements.byUid.get(rows.uid) as number };
    const id = Number(info.lastInsertRowid);
    if (buckets.length > 0) this.statements.insertBuckets.run(...buckets.flatMap((bucket) => [bucket, id]));
    // Actors already written by this connection need no second insert (only the first one counts).
    // Actors an event stands for without the text naming them (the members of "the E3") are kept
    // too, so they have names; they were learned from no article.
    for (const list of [rows.actors, rows.eventActors]) {
      for (const v of list) {
        if (this.knownActors.has(v[0])) continue;
        this.knownActors.add(v[0]);
        this.statements.insertActor.run(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[8] === 1 ? id : null, v[10], v[11], v[12]);
      }
    }
    const published = a[1];
    for (const v of rows.events) {
      // The event's id is chosen here so that its merged event can be chosen (and count it) before
      // the event row is written: no update of the event afterwards.
      v[EVENT_ID] = this.nextEventId++;
      v[EVENT_ARTICLE_ID] = id;
      const input = mergeInputOfValues(v);
      const merged = this.merging ? this.merger.assign(input, eventMentions(v), published ?? this.ingestedAt ?? new Date().toISOString()) : undefined;
      v[EVENT_MERGED_ID] = merged?.id ?? null;
      this.statements.insertEvent.run(v);
      if (merged && !merged.created) this.merger.recount(merged.id, input);
    }
    for (const v of rows.mentions) this.statements.insertMention.run(id, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    for (const v of rows.places) this.statements.insertPlace.run(id, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    // Running totals, so listings never count over every stored mention.
    for (const [actorId, n] of rows.actorMentions) {
      const counts = this.actorCounts.get(actorId) ?? [0, 0];
      counts[0] += n;
      counts[1] += 1;
      this.actorCounts.set(actorId, counts);
    }
    for (const [place, mentions, events] of rows.placeCounts) {
      const counts = this.placeCounts.get(place[0]) ?? { place, mentions: 0, articles: 0, events: 0 };
      counts.mentions += mentions;
      counts.articles += 1;
      counts.events += events;
      this.placeCounts.set(place[0], counts);
    }
    if (!this.db.inTransaction) this.flushCounts();
    for (const v of rows.quotes) {
      const quoteId = Number(this.statements.insertQuote.run(id, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]).lastInsertRowid);
      this.statements.insertQuoteText.run(quoteId, v[4]);
    }
    for (const v of rows.dates) this.statements.insertDate.run(id, v[0], v[1], v[2], v[3], v[4], v[5]);
    if (this.fileOpen) {
      this.unindexedFrom ??= id;
      this.unindexedCharacters += a[10].length;
      if (this.unindexedCharacters >= this.indexChunkCharacters) this.indexPending();
    } else this.statements.insertArticleText.run(id, a[0] ?? '', a[10]);
    return near ? { status: 'near-duplicate', id, of: near.id, similarity: near.similarity } : { status: 'stored', id };
  }

  /** The most similar stored article above the threshold, followed back to the first copy. */
  private findNear(sig: Uint32Array, buckets: number[]): { id: number; similarity: number } | undefined {
    let best: { id: number; similarity: number; root: number } | undefined;
    {
      for (const candidate of this.statements.candidates.all(...buckets) as number[]) {
        const row = this.statements.signature.get(candidate) as { minhash: Buffer; near_duplicate_of: number | null };
        const other = new Uint32Array(row.minhash.buffer.slice(row.minhash.byteOffset, row.minhash.byteOffset + row.minhash.byteLength));
        const sim = similarity(sig, other);
        if (sim >= NEAR_DUPLICATE_THRESHOLD && (!best || sim > best.similarity)) {
          best = { id: candidate, similarity: sim, root: row.near_duplicate_of ?? candidate };
        }
      }
    }
    return best ? { id: best.root, similarity: best.similarity } : undefined;
  }

  /** People learned from text in earlier ingests, for the actors stage to recognise again. */
  learnedPeople(): LearnedPerson[] {
    const rows = this.db.prepare('SELECT id, name, country, roles, first_seen, evidence_text FROM actors WHERE learned = 1 ORDER BY rowid').all() as Record<string, any>[];
    return rows.map((r) => {
      const roles = JSON.parse(r.roles) as Role[];
      return {
        id: r.id,
        name: r.name,
        aliases: [r.name],
        country: r.country ?? undefined,
        roles: roles.map((role) => ({ role: role.key ?? 'official', title: role.title, country: role.country, sector: role.sector ?? 'GOV', from: role.from, to: role.to })),
        seen: r.first_seen ?? '',
        evidence: r.evidence_text ?? '',
      };
    });
  }

  /** Actors seen in stored articles, most mentioned first. */
  listActors(filter: { kind?: string; country?: string; limit?: number } = {}): ActorSummary[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.kind) {
      where.push('a.kind = ?');
      params.push(filter.kind);
    }
    if (filter.country) {
      where.push('a.country = ?');
      params.push(filter.country.toUpperCase());
    }
    const rows = this.db
      .prepare(
        `SELECT a.id, a.name, a.kind, a.country, a.sector, a.code, a.learned, a.mention_count AS mentions, a.article_count AS articles
         FROM actors a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY a.mention_count DESC, a.name LIMIT ?`,
      )
      .all(...params, filter.limit ?? -1) as Record<string, any>[];
    return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, country: r.country, sector: r.sector, code: r.code, learned: r.learned === 1, mentions: r.mentions, articles: r.articles }));
  }

  /** One actor by id, or by name (case-insensitive, exact first, then partial). */
  findActor(query: string): StoredActor | undefined {
    const row = (this.db.prepare('SELECT * FROM actors WHERE id = ? OR lower(name) = lower(?) ORDER BY learned LIMIT 1').get(query, query) ??
      this.db.prepare("SELECT * FROM actors WHERE lower(name) LIKE '%' || lower(?) || '%' ORDER BY length(name) LIMIT 1").get(query)) as Record<string, any> | undefined;
    if (!row) return undefined;
    const seen = this.db
      .prepare(
        `SELECT m.article_id AS article, ar.title, ar.published, m.start, m.end, m.text, m.actor_role AS role
         FROM mentions m JOIN articles ar ON ar.id = m.article_id WHERE m.actor_id = ? ORDER BY ar.published, m.article_id, m.idx`,
      )
      .all(row.id) as StoredActor['seen'];
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      country: row.country,
      sector: row.sector,
      code: row.code,
      learned: row.learned === 1,
      mentions: seen.length,
      articles: new Set(seen.map((s) => s.article)).size,
      roles: JSON.parse(row.roles),
      firstSeen: row.first_seen,
      evidence: row.evidence_text ? { article: row.evidence_article, start: row.evidence_start, end: row.evidence_end, text: row.evidence_text } : null,
      seen,
    };
  }

  /** Stored events matching a filter, newest first. */
  listEvents(filter: EventFilter = {}): StoredEvent[] {
    const { statement, params } = this.eventsQuery(filter);
    return (statement.all(params) as Record<string, any>[]).map(storedEvent);
  }

  /**
   * The same events as `listEvents`, one at a time: an export of every stored event holds one row
   * in memory, not all of them. The store must stay open until the iteration ends.
   */
  *eachEvent(filter: EventFilter = {}): Generator<StoredEvent> {
    const { statement, params } = this.eventsQuery(filter);
    for (const row of statement.iterate(params) as IterableIterator<Record<string, any>>) yield storedEvent(row);
  }

  private eventsQuery(filter: EventFilter): { statement: Database.Statement; params: Record<string, unknown> } {
    const { where, params } = eventConditions('e', filter);
    if (filter.minConfidence !== undefined) {
      where.push('e.confidence >= @minConfidence');
      params.minConfidence = filter.minConfidence;
    }
    if (filter.article !== undefined) {
      where.push('e.article_id = @article');
      params.article = filter.article;
    }
    if (filter.after) {
      where.push("(coalesce(e.date, '') < @afterDate OR (coalesce(e.date, '') = @afterDate AND e.id < @afterId))");
      params.afterDate = filter.after.date;
      params.afterId = filter.after.id;
    }
    params.limit = filter.limit ?? -1;
    const statement = this.db.prepare(
      `SELECT e.*, a.uid AS article_uid, a.title AS article_title, a.url AS article_url, a.source AS outlet, a.published
       FROM events e JOIN articles a ON a.id = e.article_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY coalesce(e.date, '') DESC, e.id DESC LIMIT @limit`,
    );
    return { statement, params };
  }

  /** Scores between two actors over time, with trend and evidence (see relations.ts). */
  dyad(a: string, b: string, options: DyadOptions = {}): DyadReport {
    return dyad(this.db, a, b, options);
  }

  /** Pairs of actors ranked by activity, with the direction of change. */
  relations(options: RelationsOptions = {}): Relation[] {
    return relations(this.db, options);
  }

  /** Merged events (one event from many reports), newest first, with their first report's evidence. */
  listMergedEvents(filter: EventFilter = {}): MergedEvent[] {
    const { statement, params } = this.mergedEventsQuery(filter);
    return (statement.all(params) as Record<string, any>[]).map(mergedEvent);
  }

  /** The same merged events as `listMergedEvents`, one at a time (see `eachEvent`). */
  *eachMergedEvent(filter: EventFilter = {}): Generator<MergedEvent> {
    const { statement, params } = this.mergedEventsQuery(filter);
    for (const row of statement.iterate(params) as IterableIterator<Record<string, any>>) yield mergedEvent(row);
  }

  private mergedEventsQuery(filter: EventFilter): { statement: Database.Statement; params: Record<string, unknown> } {
    const { where, params } = eventConditions('m', filter);
    params.limit = filter.limit ?? -1;
    const statement = this.db.prepare(
      `SELECT m.*, e.article_id, e.evidence_start, e.evidence_end, e.evidence_text, e.confidence, e.rule, a.url
       FROM merged_events m JOIN events e ON e.id = m.first_event JOIN articles a ON a.id = e.article_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY m.date DESC, m.id LIMIT @limit`,
    );
    return { statement, params };
  }

  /** Stored quotes, the latest stored first: by speaker (id, code, country or name) and/or about an actor, or matching words. */
  listQuotes(filter: { speaker?: string; about?: string; search?: string; article?: number; limit?: number; offset?: number } = {}): StoredQuote[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? -1, offset: filter.offset ?? 0 };
    if (filter.speaker) {
      where.push('(q.speaker_id = @speaker OR q.speaker_code = @speakerUpper OR q.speaker_country = @speakerUpper OR lower(q.speaker_name) LIKE @speakerName OR lower(q.speaker_text) LIKE @speakerName)');
      params.speaker = filter.speaker;
      params.speakerUpper = filter.speaker.toUpperCase();
      params.speakerName = `%${filter.speaker.toLowerCase()}%`;
    }
    if (filter.about) {
      where.push(`EXISTS (SELECT 1 FROM mentions mn JOIN actors ac ON ac.id = mn.actor_id WHERE mn.article_id = q.article_id AND mn.start >= q.start AND mn.end <= q.end
        AND (ac.id = @about OR ac.code = @aboutUpper OR ac.country = @aboutUpper OR lower(ac.name) LIKE @aboutName))`);
      params.about = filter.about;
      params.aboutUpper = filter.about.toUpperCase();
      params.aboutName = `%${filter.about.toLowerCase()}%`;
    }
    if (filter.search) {
      where.push('q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH @search)');
      params.search = ftsQuery(filter.search);
    }
    if (filter.article !== undefined) {
      where.push('q.article_id = @article');
      params.article = filter.article;
    }
    const rows = this.db
      .prepare(
        `SELECT q.*, a.title, a.published,
                (SELECT json_group_array(e.id) FROM events e WHERE e.article_id = q.article_id AND e.evidence_start < q.end AND e.evidence_end > q.start) AS event_ids
         FROM quotes q JOIN articles a ON a.id = q.article_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY q.article_id DESC, q.idx LIMIT @limit OFFSET @offset`,
      )
      .all(params) as Record<string, any>[];
    return rows.map((r) => ({
      id: r.id,
      article: r.article_id,
      articleTitle: r.title,
      published: r.published,
      sentence: r.sentence,
      start: r.start,
      end: r.end,
      text: r.text,
      kind: r.kind,
      speaker: r.speaker_text !== null ? { start: r.speaker_start, end: r.speaker_end, text: r.speaker_text, id: r.speaker_id, name: r.speaker_name, code: r.speaker_code, country: r.speaker_country } : null,
      about: JSON.parse(r.about),
      events: JSON.parse(r.event_ids),
    }));
  }

  /** Places named in stored articles, most mentioned first, with how many events happened there. */
  listPlaces(filter: { country?: string; limit?: number } = {}): PlaceSummary[] {
    const rows = this.db
      .prepare(
        `SELECT place_id AS id, name, kind, country, lat, lon, mentions, articles, events
         FROM place_stats ${filter.country ? 'WHERE country = @country' : ''}
         ORDER BY mentions DESC, name LIMIT @limit`,
      )
      .all({ country: filter.country?.toUpperCase(), limit: filter.limit ?? -1 }) as PlaceSummary[];
    return rows;
  }

  /** Number of stored articles. */
  countArticles(): number {
    return this.db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
  }

  /** Stored articles, oldest first, without their text. `afterId` continues a listing (keyset pagination). */
  listArticles(options: { limit?: number; offset?: number; afterId?: number } = {}): ArticleSummary[] {
    const rows = this.db
      .prepare(
        `SELECT a.id, a.uid, a.title, a.published, a.source, a.url, a.origin_path, a.origin_line, a.origin_item,
                length(a.text) AS chars, a.near_duplicate_of, a.similarity,
                json_array_length(a.paragraph_spans) AS paragraphs, json_array_length(a.sentence_spans) AS sentences
         FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT ? OFFSET ?`,
      )
      .all(options.afterId ?? 0, options.limit ?? -1, options.offset ?? 0) as Record<string, any>[];
    return rows.map(toSummary);
  }

  /** One stored article with its text, paragraphs and sentences, or undefined. */
  getArticle(id: number): StoredArticle | undefined {
    const row = this.db
      .prepare(
        `SELECT a.*, length(a.text) AS chars,
                json_array_length(a.paragraph_spans) AS paragraphs, json_array_length(a.sentence_spans) AS sentences
         FROM articles a WHERE a.id = ?`,
      )
      .get(id) as Record<string, any> | undefined;
    if (!row) return undefined;
    return {
      ...toSummary(row),
      text: row.text,
      captions: JSON.parse(row.captions),
      paragraphSpans: (JSON.parse(row.paragraph_spans) as [number, number, string][]).map(([start, end, kind]) => ({ start, end, kind })),
      sentenceSpans: (JSON.parse(row.sentence_spans) as [number, number, number][]).map(([start, end, paragraph]) => ({ start, end, paragraph })),
    };
  }

  /** Everything stored about one article: mentions with their actors, dates, places, quotes and events. */
  getAnnotations(id: number): ArticleAnnotations {
    const rows = this.db
      .prepare(
        `SELECT m.idx, m.start, m.end, m.text, m.kind, m.form, m.actor_id AS actorId, m.actor_code AS actorCode, a.name AS actorName, a.country AS actorCountry
         FROM mentions m LEFT JOIN actors a ON a.id = m.actor_id WHERE m.article_id = ? ORDER BY m.idx`,
      )
      .all(id) as (ArticleAnnotations['mentions'][number] & { idx: number })[];
    // Databases written before the unresolved mentions moved into the article row have them as rows.
    const column = this.db.prepare('SELECT unresolved_mentions FROM articles WHERE id = ?').pluck().get(id) as string | null | undefined;
    for (const [idx, start, end, text, kind, form] of column ? (JSON.parse(column) as [number, number, number, string, string, string][]) : []) {
      rows.push({ idx, start, end, text, kind, form, actorId: null, actorCode: null, actorName: null, actorCountry: null });
    }
    rows.sort((a, b) => a.idx - b.idx);
    const mentions = rows.map(({ idx: _idx, ...m }) => m);
    const dates = this.db.prepare('SELECT start, end, text, value, precision FROM dates WHERE article_id = ? ORDER BY idx').all(id) as ArticleAnnotations['dates'];
    const places = this.db.prepare('SELECT start, end, text, place_id AS id, name, kind, country, lat, lon FROM places WHERE article_id = ? ORDER BY idx').all(id) as ArticleAnnotations['places'];
    return { mentions, dates, places, quotes: this.listQuotes({ article: id }), events: this.listEvents({ article: id, includeNegated: true }).reverse() };
  }

  /** Articles whose title or text match the words, best first, with a snippet (matches between \u0002 and \u0003). */
  searchArticles(query: string, limit = 20): { id: number; title: string | null; published: string | null; source: string | null; snippet: string }[] {
    return this.db
      .prepare(
        `SELECT a.id, a.title, a.published, a.source, snippet(articles_fts, 1, char(2), char(3), '…', 16) AS snippet
         FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?`,
      )
      .all(ftsQuery(query), limit) as { id: number; title: string | null; published: string | null; source: string | null; snippet: string }[];
  }

  /** Names of actors by id (a state's id is its code). */
  actorNames(ids: string[]): Map<string, string> {
    if (ids.length === 0) return new Map();
    const rows = this.db.prepare(`SELECT id, name FROM actors WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as { id: string; name: string }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Number of stored events (reports) and merged events. */
  countEvents(): { events: number; merged: number } {
    return this.db.prepare('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM merged_events) AS merged').get() as { events: number; merged: number };
  }

  /** Rolls back a file left unfinished, commits the files grouped before it, and closes. */
  close(): void {
    this.groupFiles(false);
    this.db.close();
  }
}

/**
 * The filters events and merged events share (both tables name their columns alike): either side
 * by code, country, id or name; a pair in either direction; type; date range; asserted only.
 */
function eventConditions(t: 'e' | 'm', filter: EventFilter): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.actor) {
    const side = (n: string) => `${t}.${n}_code = @actor OR ${t}.${n}_country = @actor OR ${t}.${n}_id = @actorId OR lower(${t}.${n}_name) LIKE @actorName`;
    where.push(`(${side('source')} OR ${side('target')})`);
    params.actor = filter.actor.toUpperCase();
    params.actorId = filter.actor;
    params.actorName = `%${filter.actor.toLowerCase()}%`;
  }
  if (filter.dyad) {
    const side = (n: string, p: string) => `(${t}.${n}_code = @${p} OR ${t}.${n}_country = @${p})`;
    where.push(`((${side('source', 'a')} AND ${side('target', 'b')}) OR (${side('source', 'b')} AND ${side('target', 'a')}))`);
    params.a = filter.dyad[0].toUpperCase();
    params.b = filter.dyad[1].toUpperCase();
  }
  if (filter.type) {
    where.push(`${t}.type = @type`);
    params.type = filter.type.toUpperCase();
  }
  if (filter.from) {
    where.push(`${t}.date >= @from`);
    params.from = filter.from;
  }
  if (filter.to) {
    where.push(`substr(${t}.date, 1, length(@to)) <= @to`);
    params.to = filter.to;
  }
  if (!filter.includeNegated) where.push(`${t}.polarity = 'asserted'`);
  return { where, params };
}

function mergeInputOf(r: Record<string, any>): MergeInput {
  return {
    eventId: r.id,
    sourceId: r.source_id,
    sourceCode: r.source_code,
    sourceName: r.source_name,
    sourceCountry: r.source_country,
    targetId: r.target_id,
    targetCode: r.target_code,
    targetName: r.target_name,
    targetCountry: r.target_country,
    type: r.type,
    mode: r.mode,
    cameo: r.cameo,
    goldstein: r.goldstein,
    quad: r.quad,
    polarity: r.polarity,
    modality: r.modality,
    date: r.date,
    datePrecision: r.date_precision,
    placeId: r.place_id,
    placeName: r.place_name,
    placeCountry: r.place_country,
    lat: r.lat,
    lon: r.lon,
  };
}

function toSummary(row: Record<string, any>): ArticleSummary {
  const origin = row.origin_line != null ? `${row.origin_path}:${row.origin_line}` : row.origin_item != null ? `${row.origin_path}#${row.origin_item}` : row.origin_path;
  return {
    id: row.id,
    uid: row.uid,
    title: row.title,
    published: row.published,
    source: row.source,
    url: row.url,
    origin,
    paragraphs: row.paragraphs,
    sentences: row.sentences,
    chars: row.chars,
    nearDuplicateOf: row.near_duplicate_of,
    similarity: row.similarity,
  };
}

function prepareDatabase(db: Database.Database, path: string, readonly: boolean): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number;
  if (appId !== APPLICATION_ID && (tables > 0 || version > 0)) {
    throw new StoreError(`${path}: not an Entente database (it already holds other tables); choose another --db file`);
  }
  if (version > MIGRATIONS.length) {
    throw new StoreError(`${path}: database schema version ${version} is newer than this Entente (${MIGRATIONS.length}); upgrade Entente`);
  }
  if (readonly) {
    if (version < MIGRATIONS.length) throw new StoreError(`${path}: database schema is out of date; open it once for writing to migrate it`);
    return;
  }
  db.pragma('journal_mode = WAL');
  // Copy the WAL into the database file once it holds about 40 MB rather than 4 (SQLite's
  // default): each copy ends in an fsync, and pages that every file's commit changes (indexes, the
  // full-text index) are copied once per checkpoint. 200 files of 30 Reuters articles went in
  // about 10% faster, closing included. Readers see the same data either way.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('synchronous = NORMAL');
  // The schema declares its foreign keys, and the tests check them (PRAGMA foreign_key_check) after
  // ingesting; enforcing them row by row cost a parent lookup per row written, and made the
  // near-duplicate bucket inserts six times slower. Rows are only ever written after their parents,
  // in one transaction per file, and nothing is deleted.
  db.pragma('foreign_keys = OFF');
  db.pragma('busy_timeout = 5000');
  // Updates inside the long per-file transaction keep a statement journal: in memory, not in a
  // temporary file, it costs a few microseconds instead of a hundred per update.
  db.pragma('temp_store = MEMORY');
  // A whole input file is one transaction. A page cache of 16 MB lets SQLite spill dirty pages to
  // the WAL in the middle of a long one: storing the whole Reuters corpus took no longer than with
  // 64 MB (21.6-23.9 s against 22.0-26.4 s), and peaked 40-50 MB lower (368-375 MB against 405-424).
  db.pragma('cache_size = -16384');
  if (version < MIGRATIONS.length) {
    const migrate = db.transaction(() => {
      for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    });
    migrate();
  }
}

/** An event row joined with its article's, as the store hands it out. */
function storedEvent(r: Record<string, any>): StoredEvent {
  return {
    id: r.id,
    article: r.article_id,
    articleTitle: r.article_title,
    url: r.article_url,
    outlet: r.outlet,
    published: r.published,
    date: r.date,
    datePrecision: r.date_precision,
    dateStated: r.date_stated === 1,
    source: { id: r.source_id, code: r.source_code, name: r.source_name, kind: r.source_kind, country: r.source_country, text: r.source_text },
    target: r.target_id ? { id: r.target_id, code: r.target_code, name: r.target_name, kind: r.target_kind, country: r.target_country, text: r.target_text } : null,
    type: r.type,
    mode: r.mode,
    cameo: r.cameo,
    goldstein: r.goldstein,
    quad: r.quad,
    polarity: r.polarity,
    modality: r.modality,
    confidence: r.confidence,
    rule: r.rule,
    mentions: r.mentions,
    evidence: { start: r.evidence_start, end: r.evidence_end, text: r.evidence_text },
    place: r.place_id ? { id: r.place_id, name: r.place_name, country: r.place_country, lat: r.lat, lon: r.lon } : null,
    mergedId: r.merged_id,
  };
}

/** A merged event row with its first report's evidence, as the store hands it out. */
function mergedEvent(r: Record<string, any>): MergedEvent {
  return {
    id: r.id,
    date: r.date,
    datePrecision: r.date_precision,
    source: { id: r.source_id, code: r.source_code, name: r.source_name, country: r.source_country },
    target: r.target_id ? { id: r.target_id, code: r.target_code, name: r.target_name, country: r.target_country } : null,
    type: r.type,
    mode: r.mode,
    cameo: r.cameo,
    goldstein: r.goldstein,
    quad: r.quad,
    polarity: r.polarity,
    modality: r.modality,
    mentions: r.mentions,
    articles: r.articles,
    outlets: r.outlets,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    place: r.place_id ? { id: r.place_id, name: r.place_name, country: r.place_country, lat: r.lat, lon: r.lon } : null,
    article: r.article_id,
    url: r.url,
    confidence: r.confidence,
    rule: r.rule,
    evidence: { start: r.evidence_start, end: r.evidence_end, text: r.evidence_text },
  };
}
