import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Article, Sentence, Token } from '../../model/model.ts';
import { defineStage } from '../../pipeline/stage.ts';

let shared: WinkMethods | undefined;

/** A possessive ending on a word: "China's", "Iran’s". */
const POSSESSIVE_TAIL = /['’]s$/i;

/** The English model, loaded once per process (it takes a few hundred milliseconds) and shared by stages. */
export function loadNlp(): WinkMethods {
  shared ??= winkNLP(model, ['sbd', 'pos']);
  return shared;
}

/** Lemmas already worked out, by part of speech and then word ("VERB" → "held" → "hold"). */
const lemmaCache = new Map<string, Map<string, string>>();
let lemmaCacheSize = 0;

/** Beyond this many entries the cache starts again, so a long ingest's memory stays flat. */
const LEMMA_CACHE_LIMIT = 200_000;

/** An apostrophe: contractions ("ca|n't", "'d") take their lemma from the token, not the word. */
const APOSTROPHE = /['’]/;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13 || code === 11 || code === 12 || code === 160 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000;
}

/**
 * The lower-cased lemma of each token. wink-nlp works a lemma out afresh each time it is asked,
 * which was a quarter of its cost here; a word with the same part of speech has the same lemma,
 * so each is asked for once.
 */
function lemmasOf(tokens: ReturnType<ReturnType<WinkMethods['readDoc']>['tokens']>, values: string[], pos: string[], its: WinkMethods['its']): string[] {
  const lemmas: string[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    let byWord = lemmaCache.get(pos[i]);
    if (!byWord) lemmaCache.set(pos[i], (byWord = new Map()));
    let lemma = byWord.get(value);
    if (lemma === undefined) {
      lemma = ((tokens.itemAt(i).out(its.lemma as never) as unknown as string | undefined) ?? value).toLowerCase();
      if (!APOSTROPHE.test(value)) {
        if (lemmaCacheSize >= LEMMA_CACHE_LIMIT) {
          lemmaCache.clear();
          lemmaCacheSize = 0;
        }
        byWord.set(value, lemma);
        lemmaCacheSize++;
      }
    }
    lemmas[i] = lemma;
  }
  return lemmas;
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
    const tokens = doc.tokens();
    const values = tokens.out(its.value) as string[];
    const pos = tokens.out(its.pos) as string[];
    const types = tokens.out(its.type) as string[];
    const lemmas = lemmasOf(tokens, values, pos, its);
    const starts: number[] = new Array(values.length);
    let cursor = 0;
    for (let i = 0; i < values.length; i++) {
      // wink-nlp separates tokens only by white space, so the next token starts after it.
      while (cursor < text.length && isSpace(text.charCodeAt(cursor))) cursor++;
      if (text.startsWith(values[i], cursor)) {
        starts[i] = cursor;
      } else {
        // wink-nlp normalises a few characters; find the token where it really is.
        const found = text.indexOf(values[i], cursor);
        starts[i] = found >= 0 ? found : cursor;
      }
      cursor = starts[i] + values[i].length;
    }
    const spans = doc.sentences().out(its.span) as unknown as [number, number][];
    for (const [first, last] of spans) {
      const sentence: Token[] = [];
      for (let i = first; i <= last; i++) {
        const start = paragraph.start + starts[i];
        const end = paragraph.start + Math.min(starts[i] + values[i].length, text.length);
        const tail = values[i].charCodeAt(values[i].length - 1);
        // Only a word ending in "s" can be a possessive: the regex runs for those alone.
        const possessive = tail === 115 || tail === 83 ? POSSESSIVE_TAIL.exec(values[i]) : null;
        if (possessive && values[i].length > possessive[0].length + 1) {
          // wink-nlp keeps "China's" whole once it has met it whole (its lexicon grows as it
          // reads), and splits it otherwise: splitting here makes an article's tokens the same
          // whatever was read before it.
          const cut = end - possessive[0].length;
          sentence.push({ start, end: cut, pos: pos[i], lemma: values[i].slice(0, -possessive[0].length).toLowerCase(), type: types[i] });
          sentence.push({ start: cut, end, pos: 'PART', lemma: possessive[0].toLowerCase(), type: 'word' });
          continue;
        }
        sentence.push({ start, end, pos: pos[i], lemma: lemmas[i], type: types[i] });
      }
      if (sentence.length === 0) continue;
      sentences.push({ start: sentence[0].start, end: sentence[sentence.length - 1].end, paragraph: p, tokens: sentence });
    }
  });
  article.sentences = sentences;
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
