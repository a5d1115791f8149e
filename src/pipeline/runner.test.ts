import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sourceDocument } from '../model/model.ts';
import { checkStageOrder, createPipeline, StageError } from './runner.ts';
import { defineStage } from './stage.ts';
import { STAGES } from './stages.ts';

/** A stage that fails on any article mentioning Baku. */
const failing = defineStage({
  name: 'explode',
  scope: 'article',
  needs: ['article.text'],
  adds: [],
  init: () => null,
  run: (article) => {
    if (article.text.includes('Baku')) throw new Error('cannot cope');
  },
});

describe('pipeline runner', () => {
  test('the standard stage list is in an order where every need is met', () => {
    assert.doesNotThrow(() => checkStageOrder(STAGES));
    assert.deepEqual(STAGES.map((s) => s.name).slice(0, 3), ['clean', 'segment', 'fingerprint']);
  });

  test('a stage whose need nobody adds is refused', () => {
    const broken = defineStage({ name: 'needy', scope: 'article', needs: ['article.events'], adds: [], init: () => null, run: () => {} });
    assert.throws(() => checkStageOrder([STAGES[0], broken]), /stage "needy" needs "article.events"/);
  });

  test('a failing stage is named, with the article it failed on', () => {
    const pipeline = createPipeline({ stages: [STAGES[0], failing] });
    const doc = sourceDocument('Talks in Vienna\n\nDiplomats met.\nMore talks.\n\n\n\nMeeting in Baku\n\nMinisters met.\nThey agreed.', { path: 'digest.txt', format: 'text' });
    assert.throws(
      () => pipeline.run(doc),
      (err: unknown) => err instanceof StageError && err.stage === 'explode' && /article 2 "Meeting in Baku" of digest\.txt: cannot cope/.test(err.message),
    );
  });

  test('a batch runs stage by stage with the same results; a failure is narrowed to its document', async () => {
    const { runDocuments } = await import('../ingest/scheduler.ts');
    const pipeline = createPipeline({ stages: [STAGES[0], failing] });
    const docs = ['Talks in Vienna went well.', 'Ministers met in Baku.', 'Troops left Kabul.'].map((text, i) => sourceDocument(text, { path: `d${i}.txt`, format: 'text' }));
    const errors: Error[] = [];
    const done = runDocuments(pipeline, docs, errors);
    assert.deepEqual(done.map((d) => d.origin.path), ['d0.txt', 'd2.txt']);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /stage "explode" failed on article 1 of d1\.txt: cannot cope/);
    const plain = createPipeline({ stages: [STAGES[0], STAGES[1]] });
    const one = plain.run(sourceDocument('Ministers met in Baku. They agreed.', { path: 'x.txt', format: 'text' }));
    const [batched] = plain.runBatch([sourceDocument('Ministers met in Baku. They agreed.', { path: 'x.txt', format: 'text' })]);
    assert.deepEqual(batched.articles, one.articles);
  });

  test('--until stops after the named stage and rejects unknown names', () => {
    const pipeline = createPipeline({ until: 'clean' });
    const [article] = pipeline.run(sourceDocument('Ministers met in Baku.', { path: 'x.txt', format: 'text' })).articles;
    assert.equal(article.sentences.length, 0);
    assert.throws(() => createPipeline({ until: 'nonsense' }), /unknown stage "nonsense"/);
  });

  test('defaults fill in missing metadata but never override it', () => {
    const pipeline = createPipeline({ until: 'clean', defaultPublished: '2025-01-01', defaultSource: 'Desk' });
    const [a] = pipeline.run(sourceDocument('Ministers met.', { path: 'x.txt', format: 'text' })).articles;
    const [b] = pipeline.run(sourceDocument('Ministers met.', { path: 'y.txt', format: 'text' }, { published: '2024-05-05' })).articles;
    assert.deepEqual([a.meta.published, a.meta.source, b.meta.published], ['2025-01-01', 'Desk', '2024-05-05']);
  });
});
