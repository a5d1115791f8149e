import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { FIXTURES, SAMPLES, tempDir } from '../../test/helpers.ts';
import { Store } from '../store/store.ts';
import { defaultWorkers, ingestPaths, MAX_DEFAULT_WORKERS, WORKERS_MIN_BYTES } from './ingest.ts';

/** Everything the coding decides, table by table, without ingest timestamps. */
function dump(path: string) {
  const db = new Database(path, { readonly: true });
  const out = {
    articles: db.prepare('SELECT id, uid, title, published, near_duplicate_of, unresolved_mentions FROM articles ORDER BY id').all(),
    mentions: db.prepare('SELECT * FROM mentions ORDER BY article_id, idx').all(),
    actors: db.prepare('SELECT id, name, kind, country, code, roles, learned FROM actors ORDER BY id').all(),
    events: db.prepare('SELECT * FROM events ORDER BY id').all(),
    // first_seen and last_seen fall back to the ingest time for undated articles.
    merged: db.prepare('SELECT * FROM merged_events ORDER BY id').all().map((m: any) => ({ ...m, first_seen: m.first_seen?.length > 10 ? 'ingest time' : m.first_seen, last_seen: m.last_seen?.length > 10 ? 'ingest time' : m.last_seen })),
    places: db.prepare('SELECT * FROM places ORDER BY article_id, idx').all(),
    quotes: db.prepare('SELECT * FROM quotes ORDER BY id').all(),
    dates: db.prepare('SELECT * FROM dates ORDER BY article_id, idx').all(),
  };
  db.close();
  return out;
}

describe('worker threads', () => {
  test('by default, large inputs are coded on every core (at most four), small ones on one thread', () => {
    const MB = 1024 * 1024;
    const table: [bytes: number, cores: number, threads: number][] = [
      [0, 8, 1],
      [2 * MB, 2, 1],
      [WORKERS_MIN_BYTES - 1, 8, 1],
      [WORKERS_MIN_BYTES, 2, 2],
      [19 * MB, 1, 1],
      [19 * MB, 3, 3],
      [500 * MB, 64, MAX_DEFAULT_WORKERS],
    ];
    for (const [bytes, cores, threads] of table) assert.equal(defaultWorkers(bytes, cores), threads, `${bytes} bytes on ${cores} cores`);
  });

  test('--workers 2 stores exactly what --workers 1 stores', async () => {
    const inputs = [SAMPLES, join(FIXTURES, 'one-story'), join(FIXTURES, 'near-duplicates')];
    const paths: string[] = [];
    for (const workers of [1, 2]) {
      const path = join(tempDir(), `workers-${workers}.db`);
      const store = Store.open(path);
      // Batches of one document: enough of them that both threads code some.
      const summary = await ingestPaths(inputs, store, { workers, batch: { documents: 1, characters: 1_000_000 }, waitForWorkers: true });
      store.close();
      assert.equal(summary.errors.length, 0, summary.errors.map((e) => e.message).join('; '));
      assert.ok(summary.stored > 10);
      assert.equal(summary.threads, workers);
      if (workers === 1) assert.equal(summary.coded.workers, 0);
      else {
        assert.ok(summary.coded.workers > 0, 'the worker coded batches');
        assert.ok(summary.coded.here > 0, 'this thread coded batches while the worker was busy');
      }
      paths.push(path);
    }
    const [one, two] = paths.map(dump);
    assert.ok(one.events.length > 10, 'the inputs yield events');
    assert.deepEqual(two, one);
  });

  test('standard input is coded on more threads once enough of it has been read', async () => {
    // The feed four times over, so that after the threshold there are batches enough for a worker
    // that has just started to claim some before this thread has coded them all.
    const feed = readFileSync(join(SAMPLES, 'wire-feed.jsonl'));
    const input = Buffer.concat([feed, feed, feed, feed]);
    // Three pieces cut in the middle of lines, as a pipe delivers them; the last the largest.
    const cuts = [Math.floor(feed.length / 3), Math.floor((2 * feed.length) / 3)];
    const pieces = [input.subarray(0, cuts[0]), input.subarray(cuts[0], cuts[1]), input.subarray(cuts[1])];
    const ingest = async (threshold: number) => {
      const path = join(tempDir(), `stdin-${threshold}.db`);
      const store = Store.open(path);
      const sizes: number[] = [];
      const threadsFor = (bytes: number) => {
        sizes.push(bytes);
        return bytes >= threshold ? 2 : 1;
      };
      const summary = await ingestPaths(['-'], store, { stdin: Readable.from(pieces), threadsFor, batch: { documents: 1, characters: 1_000_000 }, waitForWorkers: true });
      store.close();
      assert.equal(summary.errors.length, 0, summary.errors.map((e) => e.message).join('; '));
      return { summary, sizes, tables: dump(path) };
    };
    const small = await ingest(input.length + 1);
    // Asked before reading (nothing known yet), then as each piece arrives.
    assert.deepEqual(small.sizes, [0, cuts[0], cuts[1], input.length]);
    assert.equal(small.summary.threads, 1);
    assert.equal(small.summary.coded.workers, 0);
    const large = await ingest(cuts[1]);
    assert.deepEqual(large.sizes, [0, cuts[0], cuts[1]], 'not asked again once more threads are chosen');
    assert.equal(large.summary.threads, 2);
    assert.ok(large.summary.coded.here > 0, 'the first piece was coded before the worker started');
    assert.ok(large.summary.coded.workers > 0, 'the worker coded batches');
    assert.ok(small.tables.events.length > 3, 'the input yields events');
    assert.deepEqual(large.tables, small.tables);
  });

  test('a file that fails while the next one is already being coded is rolled back alone', async () => {
    const failing = join(FIXTURES, 'one-story', 'three-outlets.jsonl');
    const before = join(SAMPLES, 'wire-feed.jsonl');
    const after = join(FIXTURES, 'one-story', 'other-reports.jsonl');
    const ingest = async (inputs: string[], workers: number, failAt?: string) => {
      const path = join(tempDir(), `fail-${workers}.db`);
      const store = Store.open(path);
      const saveRows = store.saveRows.bind(store);
      let saves = 0;
      // The failing file's second article cannot be stored, after its first one was.
      store.saveRows = (rows) => {
        if (rows.article[5] === failAt && ++saves === 2) throw new Error('disk full');
        return saveRows(rows);
      };
      const summary = await ingestPaths(inputs, store, { workers, batch: { documents: 1, characters: 1_000_000 }, waitForWorkers: true });
      store.close();
      return { summary, tables: dump(path) };
    };
    const expected = await ingest([before, after], 1);
    for (const workers of [1, 2]) {
      const { summary, tables } = await ingest([before, failing, after], workers, failing);
      assert.equal(summary.failedFiles, 1);
      assert.deepEqual(summary.errors.map((e) => e.message), [`${failing}: disk full`]);
      assert.equal(summary.stored, expected.summary.stored);
      assert.deepEqual(tables, expected.tables, `--workers ${workers}: the other files stored as if the failing one were not there`);
    }
  });
});
