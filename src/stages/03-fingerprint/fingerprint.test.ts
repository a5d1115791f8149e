import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FIXTURES } from '../../../test/helpers.ts';
import { NEAR_DUPLICATE_THRESHOLD } from '../../store/store.ts';
import { bands, fingerprint, MINHASH_BANDS, normalizeText, similarity } from './fingerprint.ts';

const fixture = (name: string) => readFileSync(join(FIXTURES, 'near-duplicates', name), 'utf8');

describe('fingerprints', () => {
  test('texts that differ only in case, spacing and punctuation share the exact fingerprint', () => {
    assert.equal(fingerprint('Iran and Oman met, on Sunday.').exact, fingerprint('IRAN  and oman met on Sunday').exact);
    assert.notEqual(fingerprint('Iran and Oman met on Sunday').exact, fingerprint('Iran and Oman met on Monday').exact);
  });

  test('lightly edited copies of one story are near duplicates; a different story is not', () => {
    const a = fingerprint(fixture('outlet-a.txt')).minhash;
    for (const copy of ['outlet-b.txt', 'outlet-c.txt']) {
      assert.ok(similarity(a, fingerprint(fixture(copy)).minhash) >= NEAR_DUPLICATE_THRESHOLD, copy);
    }
    assert.ok(similarity(a, fingerprint(fixture('unrelated.txt')).minhash) < 0.2);
  });

  test('near duplicates share at least one bucket', () => {
    const a = new Set(bands(fingerprint(fixture('outlet-a.txt')).minhash));
    const b = bands(fingerprint(fixture('outlet-b.txt')).minhash);
    assert.equal(b.length, MINHASH_BANDS);
    assert.ok(b.some((x) => a.has(x)));
  });

  test('counts words of the normalised text', () => {
    assert.equal(fingerprint('  The U.S. and Iran — talks resume. ').words, 7);
    assert.equal(fingerprint('').words, 0);
    assert.equal(fingerprint('...').words, 0);
    assert.equal(fingerprint('Iran').words, 1);
  });

  test('the exact fingerprint is the first half of the SHA-256 of the normalised text', () => {
    const text = 'Türkiye and Azerbaijan — “talks” in Baku.';
    const expected = createHash('sha256').update(normalizeText(text)).digest('hex').slice(0, 32);
    assert.equal(fingerprint(text).exact, expected);
  });
});
