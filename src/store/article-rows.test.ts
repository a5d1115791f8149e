import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FIXTURES } from '../../test/helpers.ts';
import { sourceDocument } from '../model/model.ts';
import { createPipeline } from '../pipeline/runner.ts';
import { articleRows, decodeRows, encodeRows, eventSentence } from './article-rows.ts';

const pipeline = createPipeline();

/** A long report (long enough for a MinHash signature) with events, places, dates and a quote. */
function codedStory() {
  const dir = join(FIXTURES, 'near-duplicates');
  const text = readFileSync(join(dir, 'outlet-a.txt'), 'utf8');
  return pipeline.run(sourceDocument(text, { path: 'outlet-a.txt', format: 'text' }, { published: '2025-06-20' })).articles[0];
}

describe('article rows', () => {
  test('hold what the store writes: resolved mentions as rows, the others in the article row', () => {
    const article = codedStory();
    const rows = articleRows(article);
    const resolved = article.mentions.filter((m) => m.actorId && article.actors.some((a) => a.id === m.actorId));
    assert.ok(resolved.length > 0 && resolved.length < article.mentions.length, 'the story has resolved and unresolved mentions');
    assert.equal(rows.mentions.length, resolved.length);
    assert.equal(JSON.parse(rows.article[14]!).length, article.mentions.length - resolved.length);
    assert.equal(rows.events.length, article.events.length);
    assert.deepEqual(rows.events.map(eventSentence), article.events.map((e) => e.sentence));
    assert.equal(rows.uid, article.fingerprint!.exact);
    assert.ok(rows.minhash.length > 0 && rows.buckets.length > 0, 'a long story gets a signature and buckets');
  });

  test('travel between threads as JSON text unchanged, the MinHash signature included', () => {
    const rows = [articleRows(codedStory())];
    const decoded = decodeRows(encodeRows(rows));
    assert.ok(decoded[0].minhash instanceof Uint32Array);
    assert.deepEqual(decoded, rows);
    assert.ok(rows[0].minhash instanceof Uint32Array, 'encoding leaves the rows it was given as they were');
  });
});
