import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { cli, FIXTURES, tempDir } from '../../test/helpers.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { buildArticle, type Article, type Event, type EventActor } from '../model/model.ts';
import { createPipeline } from '../pipeline/runner.ts';
import { fingerprint } from '../stages/03-fingerprint/fingerprint.ts';
import { datesAgree } from './merge.ts';
import { trendOf } from './relations.ts';
import { Store } from './store.ts';

const pipeline = createPipeline();
const STORY = join(FIXTURES, 'one-story');

function dumpMerged(path: string) {
  const db = new Database(path, { readonly: true });
  const out = {
    merged: db.prepare('SELECT * FROM merged_events ORDER BY id').all(),
    events: db.prepare('SELECT id, article_id, merged_id FROM events ORDER BY id').all(),
  };
  db.close();
  return out;
}

describe('one event from many reports', () => {
  test('dates agree within a day, or within the month or year at the coarser precision', () => {
    const cases: [string, string, string, string, boolean][] = [
      ['2025-03-13', 'day', '2025-03-13', 'day', true],
      ['2025-03-13', 'day', '2025-03-14', 'day', true],
      ['2025-02-28', 'day', '2025-03-01', 'day', true],
      ['2025-03-13', 'day', '2025-03-15', 'day', false],
      ['2025-03-13', 'day', '2025-03', 'month', true],
      ['2025-03-13', 'day', '2025-04', 'month', false],
      ['2025', 'year', '2025-07-01', 'day', true],
      ['2024', 'year', '2025', 'year', false],
    ];
    for (const [a, pa, b, pb, want] of cases) assert.equal(datesAgree({ date: a, precision: pa }, { date: b, precision: pb }), want, `${a} ${b}`);
  });

  test('three outlets reporting one aid convoy give one merged event with three articles; ingesting again changes nothing', async () => {
    const path = join(tempDir(), 'story.db');
    const store = Store.open(path);
    await ingestPaths([join(STORY, 'three-outlets.jsonl')], store, { pipeline });
    const merged = store.listMergedEvents({ dyad: ['TUR', 'SYR'] }).filter((e) => e.source.id === 'TUR' && e.type === 'AID');
    assert.equal(merged.length, 1);
    assert.equal(merged[0].date, '2025-03-13');
    assert.equal(merged[0].articles, 3);
    assert.equal(merged[0].outlets, 3);
    assert.equal(merged[0].mentions, 3);
    assert.equal(merged[0].firstSeen, '2025-03-14');
    assert.equal(merged[0].lastSeen, '2025-03-15');
    const before = dumpMerged(path);
    await ingestPaths([join(STORY, 'three-outlets.jsonl')], store, { pipeline });
    store.close();
    assert.deepEqual(dumpMerged(path), before);
  });

  test('a denial and a report a month later stay separate events', async () => {
    const path = join(tempDir(), 'others.db');
    const store = Store.open(path);
    await ingestPaths([join(STORY, 'three-outlets.jsonl'), join(STORY, 'other-reports.jsonl')], store, { pipeline });
    const aid = store.listMergedEvents({ dyad: ['TUR', 'SYR'], includeNegated: true }).filter((e) => e.source.id === 'TUR' && e.type === 'AID');
    assert.deepEqual(
      aid.map((e) => [e.date, e.polarity, e.articles]).sort(),
      [
        ['2025-03-13', 'asserted', 3],
        ['2025-03-13', 'negated', 1],
        ['2025-04-24', 'asserted', 1],
      ],
    );
    store.close();
  });
});

function side(code: string): EventActor {
  return { actorId: code, code, name: code, kind: 'state', country: code, mention: { start: 0, end: 3, text: code } };
}

let counter = 0;
/** A stored article carrying one hand-made event, so the aggregates can be computed by hand. */
function articleWith(e: { date: string; source: string; target: string; type: string; quad: 1 | 2 | 3 | 4; goldstein: number; polarity?: 'asserted' | 'negated'; modality?: Event['modality'] }): Article {
  const text = `Report ${++counter}: ${e.source} and ${e.target}, ${e.type} on ${e.date}.`;
  const article = buildArticle([{ text, kind: 'body', sourceStart: 0 }], { index: 0, meta: { published: e.date, source: `outlet ${counter}` }, origin: { path: 'hand-made', format: 'text' } });
  article.fingerprint = fingerprint(text);
  article.id = article.fingerprint.exact.slice(0, 16);
  article.sentences = [{ start: 0, end: text.length, paragraph: 0, tokens: [] }];
  article.actors = [e.source, e.target].map((c) => ({ id: c, name: c, kind: 'state' as const, country: c, code: c, roles: [] }));
  article.events = [
    {
      id: `${article.id}-e1`,
      sentence: 0,
      evidence: { start: 0, end: text.length, text },
      source: side(e.source),
      target: side(e.target),
      type: e.type,
      cameo: '010',
      goldstein: e.goldstein,
      quad: e.quad,
      polarity: e.polarity ?? 'asserted',
      modality: e.modality ?? 'actual',
      date: { start: 0, end: 0, text: '', value: e.date, precision: 'day', stated: false },
      confidence: 0.9,
      rule: 'hand-made',
    },
  ];
  return article;
}

describe('relationships over time', () => {
  const path = join(tempDir(), 'aggregates.db');
  const store = Store.open(path);
  store.beginFile();
  for (const e of [
    { date: '2025-01-10', source: 'IRN', target: 'AZE', type: 'CONSULT', quad: 1, goldstein: 1 },
    { date: '2025-01-20', source: 'AZE', target: 'IRN', type: 'AID', quad: 2, goldstein: 7.4 },
    { date: '2025-02-05', source: 'IRN', target: 'AZE', type: 'ACCUSE', quad: 3, goldstein: -2 },
    { date: '2025-02-06', source: 'IRN', target: 'AZE', type: 'ASSAULT', quad: 4, goldstein: -10, polarity: 'negated' },
    { date: '2025-02-07', source: 'AZE', target: 'IRN', type: 'ASSAULT', quad: 4, goldstein: -10, modality: 'hypothetical' },
    { date: '2025-03-01', source: 'IRN', target: 'AZE', type: 'THREATEN', quad: 3, goldstein: -4 },
    { date: '2025-03-02', source: 'AZE', target: 'IRN', type: 'COERCE', quad: 4, goldstein: -6 },
    { date: '2025-03-02', source: 'IRN', target: 'ISR', type: 'ACCUSE', quad: 3, goldstein: -2 },
  ] as const) {
    store.saveArticle(articleWith(e));
  }
  store.commitFile();

  test('monthly counts, Goldstein sums and means, and the index match a hand computation', () => {
    const report = store.dyad('IRN', 'AZE', { by: 'month' });
    assert.deepEqual(
      report.points.map((p) => [p.period, p.events, p.quad, p.goldsteinSum, p.goldsteinMean, p.index]),
      [
        ['2025-01', 2, [1, 1, 0, 0], 8.4, 4.2, 1],
        ['2025-02', 1, [0, 0, 1, 0], -2, -2, -1],
        ['2025-03', 2, [0, 0, 1, 1], -10, -5, -1],
      ],
    );
    assert.deepEqual([report.totals.events, report.totals.quad, report.totals.goldsteinSum, report.totals.goldsteinMean, report.totals.index], [5, [1, 1, 2, 1], -3.6, -0.72, -0.2]);
    assert.equal(report.evidence[0].type, 'AID', 'the heaviest event (|Goldstein| 7.4) comes first');
    assert.equal(report.evidence.some((e) => e.type === 'ASSAULT'), false, 'denied and hypothetical events do not count');
  });

  test('weekly and daily periods, and a date range', () => {
    assert.equal(store.dyad('IRN', 'AZE', { by: 'week' }).points.length, 4);
    assert.equal(store.dyad('IRN', 'AZE', { by: 'day' }).points.length, 5);
    assert.equal(store.dyad('AZE', 'IRN', { from: '2025-02', to: '2025-02' }).totals.events, 1);
  });

  test('the trend compares the latest periods with the ones before', () => {
    const report = store.dyad('IRN', 'AZE', { by: 'month', window: 2 });
    assert.deepEqual(report.trend, { recent: -1, earlier: 1, change: -2, direction: 'worsening' });
    assert.equal(trendOf(report.points, 3).direction, 'unknown', 'three months cannot fill two windows of three');
  });

  test('relations rank pairs by activity, and an actor filter keeps its partners', () => {
    const pairs = store.relations();
    assert.deepEqual(pairs.map((r) => [r.a, r.b, r.events]), [['AZE', 'IRN', 5], ['IRN', 'ISR', 1]]);
    assert.deepEqual(store.relations({ actor: 'ISR' }).map((r) => [r.a, r.b]), [['IRN', 'ISR']]);
    assert.equal(pairs[0].trend.direction, 'worsening');
  });

  test('entente dyad prints the table, the chart and the evidence; export writes GDELT columns and GraphML', () => {
    store.close();
    const run = cli(['dyad', 'IRN', 'AZE', '--db', path]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /2025-01 +2 +1 +1 +0 +0 +8\.4/);
    assert.match(run.stdout, /█/);
    assert.match(run.stdout, /▒/);
    assert.match(run.stdout, /COERCE/);
    const tsv = cli(['export', '--db', path, '--format', 'gdelt-tsv']);
    assert.equal(tsv.status, 0, tsv.stderr);
    const [header, ...rows] = tsv.stdout.trim().split('\n');
    assert.equal(header.split('\t')[0], 'GLOBALEVENTID');
    assert.equal(rows.length, 7, 'the negated event is left out unless asked for');
    const graph = cli(['export', '--db', path, '--format', 'graphml']);
    assert.match(graph.stdout, /<edge id="e0" source="AZE" target="IRN">/);
  });

  test('export --output writes the file whole, or says why it cannot and leaves nothing', () => {
    const dir = tempDir();
    for (const format of ['gdelt-tsv', 'csv', 'jsonl', 'graphml']) {
      const file = join(dir, `export.${format}`);
      const run = cli(['export', '--db', path, '--format', format, '--output', file]);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(readFileSync(file, 'utf8'), cli(['export', '--db', path, '--format', format]).stdout, format);
    }
    const missing = join(dir, 'no-such-folder', 'export.tsv');
    const failed = cli(['export', '--db', path, '--output', missing]);
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /no-such-folder\/export\.tsv: cannot write the export: ENOENT/);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('partial')), []);
  });
});
