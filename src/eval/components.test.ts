import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sourceDocument } from '../model/model.ts';
import { createPipeline } from '../pipeline/runner.ts';
import { distanceKm, median, scoreDates, scorePlaces, sourceSpan, type GoldDate, type GoldPlace } from './components.ts';

const gold = (start: number, end: number, type: string, value: string): GoldDate => ({ start, end, text: '', type, value });

describe('scoring dates against marked time expressions', () => {
  const marked = [gold(10, 18, 'DATE', '2025-06-26'), gold(30, 43, 'DATE', '2021-03'), gold(50, 61, 'DURATION', 'P3Y'), gold(70, 80, 'DATE', 'PRESENT_REF')];
  const cases: [name: string, predicted: { start: number; end: number; value: string }[], expected: { found: number; predicted: number; right: number }][] = [
    ['an overlapping prediction with the same value is right', [{ start: 7, end: 18, value: '2025-06-26' }], { found: 1, predicted: 1, right: 1 }],
    ['the same span with another value is wrong', [{ start: 10, end: 18, value: '2025-06-27' }], { found: 0, predicted: 1, right: 0 }],
    ['a less precise value is wrong', [{ start: 30, end: 43, value: '2021' }], { found: 0, predicted: 1, right: 0 }],
    ['a prediction on a duration counts neither way', [{ start: 50, end: 61, value: '2028' }], { found: 0, predicted: 0, right: 0 }],
    ['a prediction on a date without a calendar value counts neither way', [{ start: 72, end: 75, value: '2025-06-27' }], { found: 0, predicted: 0, right: 0 }],
    ['a prediction on nothing marked is wrong', [{ start: 90, end: 95, value: '2024' }], { found: 0, predicted: 1, right: 0 }],
  ];
  for (const [name, predicted, expected] of cases) {
    test(name, () => assert.deepEqual(scoreDates(predicted, marked), { gold: 2, ...expected }));
  }
});

describe('scoring places against resolved place names', () => {
  const geneva: GoldPlace = { start: 0, end: 6, text: 'Geneva', lat: 46.2022, lon: 6.1457 };
  const vienna: GoldPlace = { start: 20, end: 26, text: 'Vienna', lat: 38.9012, lon: -77.2653 };
  const paris: GoldPlace = { start: 40, end: 45, text: 'Paris', lat: 48.8566, lon: 2.3522 };
  test('a marked place is right within 161 km, detected when overlapped at all, with the least error of its predictions', () => {
    const counts = scorePlaces(
      [
        { start: 0, end: 6, lat: 46.5, lon: 6.6 },
        { start: 0, end: 6, lat: 46.2, lon: 6.15 },
        { start: 20, end: 26, lat: 48.2085, lon: 16.3721 },
        { start: 60, end: 66, lat: 1, lon: 1 },
      ],
      [geneva, vienna, paris],
    );
    assert.deepEqual({ ...counts, errorsKm: counts.errorsKm.map(Math.round) }, { gold: 3, detected: 2, right: 1, errorsKm: [0, 7138], unmarked: 1 });
  });
  test('a detected place without coordinates has no error and is not right', () => {
    assert.deepEqual(scorePlaces([{ start: 1, end: 4 }], [geneva]), { gold: 1, detected: 1, right: 0, errorsKm: [], unmarked: 0 });
  });
  test('distances and medians', () => {
    assert.equal(Math.round(distanceKm(46.2022, 6.1457, 48.2085, 16.3721)), 803);
    assert.equal(distanceKm(10, 20, 10, 20), 0);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), undefined);
  });
});

describe('placing an article span back in the document', () => {
  test('through its paragraph, where cleaning changed the text before it, and by its words where cleaning changed the paragraph', () => {
    const text = 'Photo: AFP\n\n\n   Talks  resumed on  Friday in   Vienna.\n\nThe delegations met on Friday.';
    const [article] = createPipeline({ until: 'segment' }).run(sourceDocument(text, { path: 't.txt', format: 'text' })).articles;
    for (const word of ['Vienna', 'delegations']) {
      const at = article.text.indexOf(word);
      const span = sourceSpan(article, text, { start: at, end: at + word.length });
      assert.ok(span, word);
      assert.equal(text.slice(span.start, span.end), word);
    }
    const nowhere = article.text.indexOf('Talks');
    assert.equal(sourceSpan(article, text.replace('Talks', 'Tasks'), { start: nowhere, end: nowhere + 5 }), undefined);
  });
});
