import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Article, Sentence, Token } from '../../model/model.ts';
import { defineStage } from '../../pipeline/stage.ts';
import { forgetLearnedWords, isContraction, lexemeOf, posIdOf, rawDocOf, TOKEN_SIZE, type WinkLexicon, type WinkRawDoc } from './wink-raw.ts';

let shared: WinkMethods | undefined;

/**
 * The English model, loaded once per process (it takes a few hundred milliseconds) and shared by
 * stages; it reads each text the same way whatever it read before.
 */
export function loadNlp(): WinkMethods {
  if (!shared) {
    shared = winkNLP(model, ['sbd', 'pos']);
    forgetLearnedWords(shared, model);
  }
  return shared;
}

/** Beyond this many lemmas for a word's second or later part of speech, that memo starts again. */
const LEMMA_MEMO_LIMIT = 200_000;

/**
 * What is worked out once per word of one wink-nlp lexicon: its token type, and its lemma per part
 * of speech. Words are wink-nlp's lexeme ids, so the memo is a set of dense arrays indexed by id:
 * an array read per token instead of two hash lookups by part of speech and word. A word met with
 * a second part of speech keeps that lemma in a map.
 */
class LexiconMemo {
  /** Token type per lexeme; packed arrays, filled ahead, so writes never leave holes. */
  types: (string | undefined)[] = [];
  /** The part of speech (plus one; 0 for none yet) whose lemma `lemmas` holds, per lexeme. */
  lemmaPos = new Int32Array(0);
  lemmas: (string | undefined)[] = [];
  /** Lemmas for other parts of speech, by `lexeme * 64 + part-of-speech id`. */
  otherLemmas = new Map<number, string>();
  posNames: string[] = [];

  /** Makes room for lexeme ids below `size`. */
  grow(size: number): void {
    if (size <= this.lemmaPos.length) return;
    const capacity = Math.max(size, this.lemmaPos.length * 2, 1024);
    const lemmaPos = new Int32Array(capacity);
    lemmaPos.set(this.lemmaPos);
    this.lemmaPos = lemmaPos;
    for (let k = this.types.length; k < capacity; k++) {
      this.types.push(undefined);
      this.lemmas.push(undefined);
    }
  }
}

const memos = new WeakMap<WinkLexicon, LexiconMemo>();

function memoOf(cache: WinkLexicon): LexiconMemo {
  let memo = memos.get(cache);
  if (!memo) memos.set(cache, (memo = new LexiconMemo()));
  return memo;
}

/**
 * Whether a token ends in a possessive "'s" or "’s" after at least two other characters ("China's",
 * not "'s" alone). wink-nlp keeps "China's" whole once it has met it whole (its lexicon grows as it
 * reads) and splits it otherwise; splitting such tokens always makes the tokens of a text the same
 * whatever was read before it. Knowledge-base phrases are split by the same rule.
 */
export function hasPossessiveEnding(value: string): boolean {
  const tail = value.charCodeAt(value.length - 1);
  if (value.length <= 3 || (tail !== 115 && tail !== 83)) return false;
  const mark = value.charCodeAt(value.length - 2);
  return mark === 39 || mark === 0x2019;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13 || code === 11 || code === 12 || code === 160 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000;
}

/**
 * Splits each paragraph into sentences and tokens with parts of speech. Paragraphs are read one at a
 * time so a headline or caption never merges with the sentence after it. Token offsets are
 * rebuilt from wink-nlp's token values and the white space between them, then checked against the
 * text.
 */
export function segmentArticle(article: Article, nlp: WinkMethods): void {
  const its = nlp.its;
  const sentences: Sentence[] = [];
  article.paragraphs.forEach((paragraph, p) => {
    const text = article.text.slice(paragraph.start, paragraph.end);
    const doc = nlp.readDoc(text);
    const raw = rawDocOf(doc);
    if (!raw) return;
    const cache = raw.cache;
    const memo = memoOf(cache);
    const count = raw.tokens.length / TOKEN_SIZE;
    let top = 0;
    for (let i = 0; i < count; i++) top = Math.max(top, lexemeOf(raw, i));
    memo.grow(top + 1);
    const values: string[] = new Array(count);
    const starts: number[] = new Array(count);
    let cursor = 0;
    for (let i = 0; i < count; i++) {
      const value = (values[i] = cache.value(lexemeOf(raw, i)));
      // wink-nlp separates tokens only by white space, so the next token starts after it.
      while (cursor < text.length && isSpace(text.charCodeAt(cursor))) cursor++;
      if (text.startsWith(value, cursor)) {
        starts[i] = cursor;
      } else {
        // wink-nlp normalises a few characters; find the token where it really is.
        const found = text.indexOf(value, cursor);
        starts[i] = found >= 0 ? found : cursor;
      }
      cursor = starts[i] + value.length;
    }
    for (const span of raw.sentences) {
      const first = span[0];
      const last = span[1];
      const sentence: Token[] = [];
      for (let i = first; i <= last; i++) {
        const value = values[i];
        const lexeme = lexemeOf(raw, i);
        const posId = posIdOf(raw, i);
        const pos = (memo.posNames[posId] ??= cache.valueOf('pos', posId));
        const type = (memo.types[lexeme] ??= cache.property(lexeme, 'tokenType'));
        const start = paragraph.start + starts[i];
        const end = paragraph.start + Math.min(starts[i] + value.length, text.length);
        if (hasPossessiveEnding(value)) {
          const cut = end - 2;
          sentence.push({ start, end: cut, pos, lemma: value.slice(0, -2).toLowerCase(), type });
          sentence.push({ start: cut, end, pos: 'PART', lemma: value.slice(-2).toLowerCase(), type: 'word' });
          continue;
        }
        sentence.push({ start, end, pos, lemma: lemmaOf(doc, raw, i, lexeme, posId, memo, its), type });
      }
      if (sentence.length === 0) continue;
      sentences.push({ start: sentence[0].start, end: sentence[sentence.length - 1].end, paragraph: p, tokens: sentence });
    }
  });
  article.sentences = sentences;
}

/**
 * The lower-cased lemma of token `i`. wink-nlp works a lemma out afresh each time it is asked,
 * which was a quarter of its cost here; the same word with the same part of speech has the same
 * lemma, so each is asked for once. A piece of a contraction carries its own lemma and is not memoised.
 */
function lemmaOf(doc: ReturnType<WinkMethods['readDoc']>, raw: WinkRawDoc, i: number, lexeme: number, posId: number, memo: LexiconMemo, its: WinkMethods['its']): string {
  const contraction = isContraction(raw, i);
  const slot = memo.lemmaPos[lexeme];
  if (!contraction) {
    if (slot === posId + 1) return memo.lemmas[lexeme]!;
    if (slot !== 0) {
      const known = memo.otherLemmas.get(lexeme * 64 + posId);
      if (known !== undefined) return known;
    }
  }
  const value = raw.cache.value(lexeme);
  const lemma = ((doc.tokens().itemAt(i).out(its.lemma as never) as unknown as string | undefined) ?? value).toLowerCase();
  if (!contraction) {
    if (slot === 0) {
      memo.lemmaPos[lexeme] = posId + 1;
      memo.lemmas[lexeme] = lemma;
    } else {
      if (memo.otherLemmas.size >= LEMMA_MEMO_LIMIT) memo.otherLemmas.clear();
      memo.otherLemmas.set(lexeme * 64 + posId, lemma);
    }
  }
  return lemma;
}

/**
 * Stage: paragraphs → sentences → tokens with parts of speech and lemmas. Negation is judged per
 * event from its own word lists (see the events stage), so wink-nlp's negation pass is not run.
 */
export const segmentStage = defineStage({
  name: 'segment',
  scope: 'article',
  needs: ['article.text', 'article.paragraphs'],
  adds: ['article.sentences', 'article.tokens'],
  init: () => loadNlp(),
  run(article, nlp) {
    segmentArticle(article, nlp);
  },
});
