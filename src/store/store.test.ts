import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { FIXTURES, SAMPLES, tempDir } from '../../test/helpers.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { createPipeline } from '../pipeline/runner.ts';
import { sourceDocument } from '../model/model.ts';
import { MIGRATIONS } from './migrations.ts';
import { APPLICATION_ID, Store } from './store.ts';

const pipeline = createPipeline();
const dump = (path: string) => {
  const db = new Database(path, { readonly: true });
  const out = {
    articles: db.prepare('SELECT id, uid, title, text, near_duplicate_of FROM articles ORDER BY id').all(),
    spans: db.prepare('SELECT paragraph_spans, sentence_spans FROM articles ORDER BY id').all(),
  };
  db.close();
  return out;
};

/** Makes the store's `nth` save throw "disk full"; returns the real `saveRows` (what ingest calls) to put back. */
function failOnSave(store: Store, nth: number): Store['saveRows'] {
  const original = store.saveRows.bind(store);
  let calls = 0;
  store.saveRows = (rows) => {
    if (++calls === nth) throw new Error('disk full');
    return original(rows);
  };
  return original;
}

describe('store', () => {
  test('a new database is created in WAL mode with the current schema version', () => {
    const path = join(tempDir(), 'new.db');
    const store = Store.open(path);
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    store.close();
  });

  test('ingesting the samples stores every article with its paragraphs and sentences', async () => {
    const path = join(tempDir(), 'samples.db');
    const store = Store.open(path);
    const summary = await ingestPaths([SAMPLES], store, { pipeline });
    assert.equal(summary.errors.length, 0);
    assert.equal(summary.stored, 12);
    const two = store.listArticles().filter((a) => a.origin.endsWith('caucasus-digest.txt'));
    assert.equal(two.length, 2, 'the two-article file yields two stored articles');
    const article = store.getArticle(two[1].id)!;
    for (const s of article.sentenceSpans) assert.ok(article.text.slice(s.start, s.end).length > 0);
    assert.equal(article.paragraphSpans[0].kind, 'title');
    assert.equal(article.text.slice(article.paragraphSpans[0].start, article.paragraphSpans[0].end), article.title);
    store.close();
  });

  test('every row written points at rows that exist (the foreign keys the schema declares hold)', async () => {
    const path = join(tempDir(), 'keys.db');
    const store = Store.open(path);
    const fixtures = ['multi', 'near-duplicates', 'one-story', 'feeds', 'jsonl'].map((f) => join(FIXTURES, f));
    await ingestPaths([SAMPLES, ...fixtures], store, { pipeline });
    await ingestPaths([SAMPLES, ...fixtures], store, { pipeline });
    const tables = store.db.prepare("SELECT count(*) FROM pragma_foreign_key_list('mentions')").pluck().get() as number;
    assert.ok(tables >= 2, 'the schema declares the keys it is checked against');
    assert.ok((store.db.prepare('SELECT count(*) FROM minhash_buckets').pluck().get() as number) > 0, 'near-duplicate buckets were written');
    assert.deepEqual(store.db.pragma('foreign_key_check'), []);
    store.close();
  });

  test('ingesting the same files twice changes nothing', async () => {
    const path = join(tempDir(), 'twice.db');
    const store = Store.open(path);
    await ingestPaths([SAMPLES, join(FIXTURES, 'multi')], store, { pipeline });
    store.close();
    const before = dump(path);
    const again = Store.open(path);
    const summary = await ingestPaths([SAMPLES, join(FIXTURES, 'multi')], again, { pipeline });
    again.close();
    assert.equal(summary.stored, 0);
    assert.equal(summary.duplicates, 14);
    assert.deepEqual(dump(path), before);
  });

  test('near duplicates are linked to the first copy; an unrelated story is not', async () => {
    const path = join(tempDir(), 'near.db');
    const store = Store.open(path);
    const dir = join(FIXTURES, 'near-duplicates');
    const summary = await ingestPaths(['outlet-a.txt', 'outlet-b.txt', 'outlet-c.txt', 'unrelated.txt'].map((f) => join(dir, f)), store, { pipeline });
    assert.equal(summary.nearDuplicates, 2);
    const rows = store.listArticles();
    assert.deepEqual(rows.map((r) => r.nearDuplicateOf), [null, rows[0].id, rows[0].id, null]);
    assert.ok(rows[1].similarity! >= 0.5);
    store.close();
  });

  test('a bad file is rolled back whole and leaves what was stored intact; other files still go in', async () => {
    const dir = tempDir();
    const path = join(dir, 'safe.db');
    const store = Store.open(path);
    await ingestPaths([join(SAMPLES, 'wire-feed.jsonl')], store, { pipeline });
    const before = dump(path).articles;
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, Buffer.from([0x49, 0x72, 0x61, 0x6e, 0xff, 0xfe]));
    const summary = await ingestPaths([bad, join(FIXTURES, 'feeds', 'broken.xml'), join(FIXTURES, 'multi', 'two-articles.txt')], store, { pipeline });
    assert.equal(summary.failedFiles, 2);
    assert.equal(summary.stored, 2);
    assert.deepEqual(summary.errors.map((e) => e.message.split(':')[0]), [bad, join(FIXTURES, 'feeds', 'broken.xml')]);
    store.close();
    const after = dump(path).articles;
    assert.deepEqual(after.slice(0, before.length), before);
    assert.equal(after.length, before.length + 2);
  });

  test('grouped files share a transaction; rolling one back keeps the files before and after it', () => {
    const path = join(tempDir(), 'group.db');
    const store = Store.open(path);
    const [a, b, c] = [
      ['Malta and Iceland held talks on fishing quotas in Valletta on Tuesday.', 'a.txt'],
      ['Chile recalled its ambassador to Peru on Friday.', 'b.txt'],
      ['Kenya and Uganda signed a trade agreement in Nairobi on Monday.', 'c.txt'],
    ].map(([text, name]) => pipeline.run(sourceDocument(text, { path: name, format: 'text' })).articles[0]);
    store.groupFiles(true);
    for (const [article, keep] of [[a, true], [b, false], [c, true]] as const) {
      store.beginFile();
      store.saveArticle(article);
      if (keep) store.commitFile();
      else store.rollbackFile();
    }
    assert.equal(store.db.inTransaction, true, 'the files are not committed one by one');
    const other = new Database(path, { readonly: true });
    assert.equal(other.prepare('SELECT count(*) FROM articles').pluck().get(), 0, 'another connection sees nothing before the group commits');
    store.groupFiles(false);
    assert.equal(store.db.inTransaction, false);
    assert.deepEqual(other.prepare('SELECT origin_path FROM articles ORDER BY id').pluck().all(), ['a.txt', 'c.txt']);
    assert.deepEqual(other.prepare("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Chile OR Valletta OR Nairobi' ORDER BY rowid").pluck().all(), [1, 2]);
    other.close();
    store.close();
  });

  test('a rollback with no file open leaves the files already grouped', () => {
    const path = join(tempDir(), 'group-rollback.db');
    const store = Store.open(path);
    const article = pipeline.run(sourceDocument('Malta and Iceland held talks on fishing quotas in Valletta on Tuesday.', { path: 'a.txt', format: 'text' })).articles[0];
    store.groupFiles(true);
    store.beginFile();
    store.saveArticle(article);
    store.commitFile();
    store.rollbackFile();
    store.close();
    assert.equal(dump(path).articles.length, 1);
  });

  test('a failure in the middle of a file rolls the whole file back', async () => {
    const path = join(tempDir(), 'crash.db');
    const store = Store.open(path);
    failOnSave(store, 3);
    const summary = await ingestPaths([join(SAMPLES, 'wire-feed.jsonl')], store, { pipeline });
    assert.equal(summary.failedFiles, 1);
    assert.match(summary.errors[0].message, /wire-feed\.jsonl: disk full/);
    assert.equal(store.countArticles(), 0, 'the two articles saved before the failure were rolled back');
    store.close();
  });

  for (const [name, indexChunkCharacters] of [['at the commit of each file', undefined], ['a few articles at a time while a file is stored', 300]] as const) {
  test(`every stored article is in the full-text index, whether saved in a file or alone, and a rolled-back file leaves none behind (indexed ${name})`, async () => {
    const path = join(tempDir(), 'search.db');
    const store = Store.open(path, { indexChunkCharacters });
    const original = failOnSave(store, 2);
    const failed = await ingestPaths([join(SAMPLES, 'wire-feed.jsonl')], store, { pipeline });
    assert.equal(failed.failedFiles, 1);
    store.saveRows = original;
    await ingestPaths([SAMPLES], store, { pipeline });
    const alone = pipeline.run(sourceDocument('Malta and Iceland held talks on fishing quotas in Valletta on Tuesday.', { path: 'alone.txt', format: 'text' })).articles[0];
    assert.equal(store.saveArticle(alone).status, 'stored');
    const db = store.db;
    const indexed = db.prepare("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Iran'").pluck().get() as number;
    const containing = (db.prepare('SELECT text, title FROM articles').all() as { text: string; title: string | null }[]).filter((a) => /\biran\b/i.test(`${a.title ?? ''} ${a.text}`)).length;
    assert.ok(containing > 0);
    assert.equal(indexed, containing);
    assert.deepEqual(store.searchArticles('Valletta').map((a) => a.title ?? ''), [alone.meta.title ?? '']);
    assert.equal(db.prepare('SELECT count(*) FROM articles_fts_docsize').pluck().get(), store.countArticles());
    db.exec("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)");
    store.close();
  });
  }

  test('refuses a database that is not Entente’s, and one from a newer version', () => {
    const dir = tempDir();
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE customers (id INTEGER)');
    db.close();
    assert.throws(() => Store.open(other), /not an Entente database/);
    const newer = join(dir, 'newer.db');
    Store.open(newer).close();
    const raw = new Database(newer);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    assert.throws(() => Store.open(newer), /newer than this Entente/);
  });

  test('a database from before spans were columns keeps its paragraphs and sentences, in order', () => {
    const path = join(tempDir(), 'v6.db');
    const raw = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 6)) raw.exec(migration);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma('user_version = 6');
    raw.prepare(`INSERT INTO articles (id, uid, title, origin_path, origin_format, position, text, minhash, ingested_at)
      VALUES (1, 'u1', 'Talks', 'a.txt', 'text', 0, 'Talks\n\nIran and Oman met. They agreed.', x'', '2025-01-01')`).run();
    raw.prepare(`INSERT INTO articles (id, uid, origin_path, origin_format, position, text, minhash, ingested_at) VALUES (2, 'u2', 'b.txt', 'text', 0, '', x'', '2025-01-01')`).run();
    // Rows written out of order: the spans must follow idx, not rowid order.
    raw.prepare("INSERT INTO paragraphs VALUES (1, 1, 7, 38, 'body', 7), (1, 0, 0, 5, 'title', 0)").run();
    raw.prepare('INSERT INTO sentences VALUES (1, 2, 26, 38, 1), (1, 0, 0, 5, 0), (1, 1, 7, 25, 1)').run();
    raw.close();
    const store = Store.open(path);
    const article = store.getArticle(1)!;
    assert.deepEqual(article.paragraphSpans, [{ start: 0, end: 5, kind: 'title' }, { start: 7, end: 38, kind: 'body' }]);
    assert.deepEqual(article.sentenceSpans.map((s) => [s.start, s.end, s.paragraph]), [[0, 5, 0], [7, 25, 1], [26, 38, 1]]);
    assert.equal(article.sentences, 3);
    assert.deepEqual(store.getArticle(2)!.paragraphSpans, [], 'an article without rows gets empty spans');
    assert.equal(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('paragraphs', 'sentences')").pluck().get(), 0);
    store.close();
  });

  test('the article view lists every mention the pipeline found, in order, with or without an actor', () => {
    const store = Store.open(join(tempDir(), 'mentions.db'));
    const text = 'Iranian officials said Foreign Minister Abbas Araghchi met the ministry staff in Muscat on Sunday.';
    const [article] = pipeline.run(sourceDocument(text, { path: 'm.txt', format: 'text' }, { published: '2025-04-14' })).articles;
    const resolved = article.mentions.filter((m) => m.actorId && article.actors.some((a) => a.id === m.actorId));
    assert.ok(resolved.length > 0 && resolved.length < article.mentions.length, 'the sentence has mentions with and without an actor');
    const { id } = store.saveArticle(article);
    const view = store.getAnnotations(id).mentions;
    assert.deepEqual(view.map((m) => [m.start, m.end, m.text, m.kind, m.form, m.actorId !== null]), article.mentions.map((m) => [m.start, m.end, m.text, m.kind, m.form, resolved.includes(m)]));
    assert.equal(store.db.prepare('SELECT count(*) FROM mentions WHERE article_id = ?').pluck().get(id), resolved.length, 'only mentions with an actor are rows');
    // A database written before the column kept unresolved mentions as rows: the view reads both.
    store.db.prepare("INSERT INTO mentions (article_id, idx, start, end, text, kind, form) VALUES (?, 99, 0, 7, 'Iranian', 'agent', 'agent')").run(id);
    assert.equal(store.getAnnotations(id).mentions.at(-1)!.text, 'Iranian');
    store.close();
  });

  test('refuses a file that is not a database at all', () => {
    const path = join(tempDir(), 'notes.db');
    copyFileSync(join(SAMPLES, 'tehran-baku-call.txt'), path);
    assert.throws(() => Store.open(path), /notes\.db/);
  });
});

describe('running totals', () => {
  test('actor and place counts kept while storing equal a count over the stored rows, and ingesting again adds nothing', async () => {
    const path = join(tempDir(), 'totals.db');
    const store = Store.open(path);
    await ingestPaths([SAMPLES], store, { pipeline });
    await ingestPaths([SAMPLES], store, { pipeline });
    const counted = store.db
      .prepare('SELECT a.id, count(m.idx) AS mentions, count(DISTINCT m.article_id) AS articles FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id GROUP BY a.id ORDER BY a.id')
      .all() as { id: string; mentions: number; articles: number }[];
    const kept = new Map(store.listActors().map((a) => [a.id, [a.mentions, a.articles]]));
    assert.ok(counted.some((c) => c.mentions > 1));
    for (const c of counted) assert.deepEqual(kept.get(c.id), [c.mentions, c.articles], c.id);
    const places = store.db
      .prepare('SELECT p.place_id AS id, count(*) AS mentions, count(DISTINCT p.article_id) AS articles FROM places p GROUP BY p.place_id')
      .all() as { id: string; mentions: number; articles: number }[];
    const listed = new Map(store.listPlaces().map((p) => [p.id, [p.mentions, p.articles]]));
    assert.ok(places.length > 5);
    for (const p of places) assert.deepEqual(listed.get(p.id), [p.mentions, p.articles], p.id);
    store.close();
  });
});
