import { createRequire } from 'node:module';
import type { WinkMethods } from 'wink-nlp';

/**
 * wink-nlp's own record of a read document: four numbers per token (lexeme id, contraction and
 * spacing, part of speech and lemma, negation) and the sentences as token ranges. Its public
 * `out()` API builds one array per property through a function call per token; the record is
 * read in place, and the lexeme id lets each word's properties be looked up once.
 */
export interface WinkRawDoc {
  /** Four numbers per token; see {@link TOKEN_SIZE}. */
  tokens: number[];
  /** `[first token, last token, …]` per sentence. */
  sentences: number[][];
  /** The lexicon shared by every document the instance reads. */
  cache: WinkLexicon;
}

/** The lexicon methods used here, as wink-nlp 2.4 names them. */
export interface WinkLexicon {
  value(lexeme: number): string;
  property(lexeme: number, name: 'tokenType'): string;
  valueOf(feature: 'pos', id: number): string;
}

/** Numbers per token in {@link WinkRawDoc.tokens}. */
export const TOKEN_SIZE = 4;
/** The part of speech's bits in a token's third number. */
const POS_MASK = 0x3f00000;
const POS_SHIFT = 20;
/** A token's second number is above this for a piece of a contraction ("ca|n't"). */
const CONTRACTION_ABOVE = 65535;

const require = createRequire(import.meta.url);

/**
 * wink-nlp only lets listed `its` functions into `out()`, and hands each one the document's record.
 * Adding one more that keeps the record is the narrowest way in; wink-nlp's version is pinned in
 * package.json, and the segment tests compare this reading with the public API's.
 */
let captured: WinkRawDoc | undefined;
function capture(_index: number, rdd: WinkRawDoc): boolean {
  captured = rdd;
  return true;
}
(require('wink-nlp/src/allowed.js') as { its4token: Set<unknown> }).its4token.add(capture);

/** The raw record of a document read by wink-nlp; undefined for a document without tokens. */
export function rawDocOf(doc: ReturnType<WinkMethods['readDoc']>): WinkRawDoc | undefined {
  captured = undefined;
  const tokens = doc.tokens();
  if (tokens.length() === 0) return undefined;
  // The collection's out() hands the record to `capture` for each token; an item's out() would
  // first build an item object with a dozen methods.
  tokens.out(capture as never);
  const rdd = captured as WinkRawDoc | undefined;
  if (!rdd || !Array.isArray(rdd.tokens) || !Array.isArray(rdd.sentences) || typeof rdd.cache?.value !== 'function') {
    throw new Error('wink-nlp: its document record is not the one this version of Entente reads (wink-nlp 2.4 expected)');
  }
  return rdd;
}

/** The lexeme id of token `i`: the same word always has the same id in one wink-nlp instance. */
export function lexemeOf(raw: WinkRawDoc, i: number): number {
  return raw.tokens[i * TOKEN_SIZE];
}

/** The part-of-speech id of token `i` (see {@link WinkLexicon.valueOf}). */
export function posIdOf(raw: WinkRawDoc, i: number): number {
  return (raw.tokens[i * TOKEN_SIZE + 2] & POS_MASK) >>> POS_SHIFT;
}

/** Whether token `i` is a piece of a contraction, whose lemma is stored with the token. */
export function isContraction(raw: WinkRawDoc, i: number): boolean {
  return raw.tokens[i * TOKEN_SIZE + 1] > CONTRACTION_ABOVE;
}
