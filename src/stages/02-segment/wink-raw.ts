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

/** The lexicon methods changed here, as wink-nlp 2.4 has them (`lookup`: the word's id, or the ids of a contraction's pieces). */
interface WinkCache {
  lookup(text: string): number[] | null;
  add(text: string, category: number): number;
  intrinsicSize(): number;
}

/** What of the English model's tokenizer configuration is read here: category detectors and names. */
interface WinkCore {
  trex: { ltc: [string, string, number][] };
  tcat: { hash: Record<string, number> };
}

/**
 * How wink-nlp's tokenizer sorts a string standing alone, from the model's detectors, in the order
 * the tokenizer applies them.
 */
function tokenizerDetectors(model: unknown) {
  // A second copy of the model's core, for its tokenizer configuration only (about 90 ms, once).
  const core = (model as { core?: () => Partial<WinkCore> }).core?.();
  if (!Array.isArray(core?.trex?.ltc) || !core.tcat?.hash) throw new Error('wink-nlp: the model has no tokenizer configuration (wink-eng-lite-web-model 1.x expected)');
  const detectors = core.trex.ltc.map(([source, flags, category]) => [new RegExp(source, flags), category] as const);
  const { unk, wordRP, word } = core.tcat.hash;
  const plainWord = detectors.find(([, category]) => category === word)?.[0];
  if (unk === undefined || wordRP === undefined || !plainWord) throw new Error('wink-nlp: the model names no "unk", "word" or "wordRP" token category (wink-eng-lite-web-model 1.x expected)');
  return {
    /** The category the tokenizer gives the string whole; undefined when it would split it further. */
    categoryAlone(text: string): number | undefined {
      for (const [detector, category] of detectors) {
        if (detector.test(text)) return category === unk || category === wordRP ? undefined : category;
      }
      return undefined;
    },
    /** A string of letters only: every path through the tokenizer keeps it whole, as a word. */
    isPlainWord: (text: string) => plainWord.test(text),
  };
}

/**
 * Makes how wink-nlp reads a text independent of what it read before. wink-nlp adds every new word
 * to its lexicon with the category (word, number, …) of the place it was first met, and its
 * tokenizer keeps a known word whole. So "Inc's," (a word before a comma) was taken whole and
 * learned, and from then on every "Inc's" stayed one token; "84", first met inside "euro1.84", was
 * a word ever after, not a number. The same sentence came out with other parts of speech and other
 * quote speakers depending on the documents read before it: in a long ingest, and in each worker
 * thread differently. After this:
 * - the tokenizer treats the words learned while reading as unknown, as it did the first time it
 *   met them, except words of letters only, which it keeps whole either way (the model's feature
 *   functions, which look up the word being added, still find it);
 * - a new word gets the category the tokenizer gives the string standing alone, where it gives one.
 * Learned words keep their ids.
 */
export function forgetLearnedWords(nlp: WinkMethods, model: unknown): void {
  const raw = rawDocOf(nlp.readDoc('wink'));
  const cache = raw?.cache as unknown as Partial<WinkCache> | undefined;
  if (!cache || typeof cache.lookup !== 'function' || typeof cache.add !== 'function' || typeof cache.intrinsicSize !== 'function') {
    throw new Error('wink-nlp: its lexicon is not the one this version of Entente reads (wink-nlp 2.4 expected)');
  }
  const { lookup, add } = cache;
  const intrinsic = cache.intrinsicSize();
  const { categoryAlone, isPlainWord } = tokenizerDetectors(model);
  let adding = 0;
  // The tokenizer and each new document read these methods from the object when they use them.
  cache.add = (text: string, category: number) => {
    adding++;
    try {
      return add(text, lookup(text) === null ? (categoryAlone(text) ?? category) : category);
    } finally {
      adding--;
    }
  };
  cache.lookup = (text: string) => {
    const found = lookup(text);
    return adding === 0 && found !== null && found.length === 1 && found[0] >= intrinsic && !isPlainWord(text) ? null : found;
  };
}
