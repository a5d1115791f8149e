import * as crypto from 'node:crypto';
import type { Article, Fingerprint } from '../../model/model.ts';
import { defineStage } from '../../pipeline/stage.ts';

/** Number of MinHash values: 20 bands of 3, tuned to catch pairs sharing about half their shingles. */
export const MINHASH_SIZE = 60;
export const MINHASH_BANDS = 20;
export const MINHASH_ROWS = 3;
/**
 * Articles shorter than this (in words) are too small for a reliable near-duplicate estimate (a few
 * dozen shingles); they get no MinHash, and exact duplicates are still caught.
 */
export const MIN_WORDS_FOR_NEAR = 50;
/** Words per shingle. */
const SHINGLE = 4;

const SEEDS = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => fmix32((i + 1) * 0x9e3779b1));

/** Lower case, letters and digits only, single spaces: what "the same text" means. */
export function normalizeText(text: string): string {
  const lower = text.toLowerCase();
  // Plain ASCII, the usual case, is already in NFKC, and its letters and digits are a-z and 0-9.
  if (!NON_ASCII.test(lower)) return lower.replace(/[^a-z0-9]+/g, ' ').trim();
  return lower.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const NON_ASCII = /[^\u0000-\u007f]/;

/** SHA-256 in hex: Node's one-call `hash` (from 20.12) where there is one, as it costs half as much per article. */
const sha256: (data: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash(algorithm: string, data: string): string }).hash('sha256', data)
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

/** Words in a normalised text: its single spaces plus one. */
function countWords(norm: string): number {
  if (norm === '') return 0;
  let n = 1;
  for (let i = norm.indexOf(' '); i >= 0; i = norm.indexOf(' ', i + 1)) n++;
  return n;
}

/** The exact and near-duplicate fingerprints of a text. */
export function fingerprint(text: string): Fingerprint {
  const norm = normalizeText(text);
  const exact = sha256(norm).slice(0, 32);
  // Only texts long enough for a MinHash are split into words.
  const words = countWords(norm);
  return { exact, minhash: words >= MIN_WORDS_FOR_NEAR ? minhash(norm.split(' ')) : new Uint32Array(0), words };
}

/**
 * MinHash over word shingles: each of the hash functions keeps the smallest value it sees, so two
 * texts agree on a position with probability equal to the Jaccard similarity of their shingle sets.
 */
export function minhash(words: string[]): Uint32Array {
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  const n = Math.max(1, words.length - SHINGLE + 1);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let w = i; w < Math.min(i + SHINGLE, words.length); w++) {
      const word = words[w];
      for (let c = 0; c < word.length; c++) h = Math.imul(h ^ word.charCodeAt(c), 0x01000193);
      h = Math.imul(h ^ 0x20, 0x01000193);
    }
    for (let k = 0; k < MINHASH_SIZE; k++) {
      const v = fmix32(h ^ SEEDS[k]);
      if (v < sig[k]) sig[k] = v;
    }
  }
  return sig;
}

/** Share of positions where two signatures agree: an estimate of Jaccard similarity. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a[i] === b[i]) same++;
  return same / MINHASH_SIZE;
}

/** Locality-sensitive buckets: texts sharing any bucket are candidates for comparison. */
export function bands(sig: Uint32Array): number[] {
  const out: number[] = [];
  for (let b = 0; b < MINHASH_BANDS; b++) {
    let h = b + 1;
    for (let r = 0; r < MINHASH_ROWS; r++) h = fmix32(h ^ sig[b * MINHASH_ROWS + r]);
    // band index in the high bits keeps buckets of different bands apart; fits in 2^53.
    out.push(b * 0x100000000 + h);
  }
  return out;
}

function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Stage: fingerprints and the article id (derived from the exact fingerprint). */
export const fingerprintStage = defineStage({
  name: 'fingerprint',
  scope: 'article',
  needs: ['article.text'],
  adds: ['article.id', 'article.fingerprint'],
  init: () => null,
  run(article: Article) {
    article.fingerprint = fingerprint(article.text);
    article.id = article.fingerprint.exact.slice(0, 16);
  },
});
