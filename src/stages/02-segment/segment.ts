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

/**
 * Splits each paragraph into sentences and tokens with parts of speech. Paragraphs are read one at a
 * time so a headline or caption never merges with the sentence after it. Token offsets are
 * rebuilt from wink-nlp's token values and the spaces before them, then checked against the text.
 */
export function segmentArticle(article: Article, nlp: WinkMethods): void {
  const its = nlp.its;
  const sentences: Sentence[] = [];
  article.paragraphs.forEach((paragraph, p) => {
    const text = article.text.slice(paragraph.start, paragraph.end);
    const doc = nlp.readDoc(text);
    const values = doc.tokens().out(its.value) as string[];
    const spaces = doc.tokens().out(its.precedingSpaces) as string[];
    const pos = doc.tokens().out(its.pos) as string[];
    const lemmas = doc.tokens().out(its.lemma as never) as unknown as string[];
    const types = doc.tokens().out(its.type) as string[];
    const starts: number[] = new Array(values.length);
    let cursor = 0;
    for (let i = 0; i < values.length; i++) {
      cursor += spaces[i].length;
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
      const tokens: Token[] = [];
      for (let i = first; i <= last; i++) {
        const start = paragraph.start + starts[i];
        const end = paragraph.start + Math.min(starts[i] + values[i].length, text.length);
        const possessive = POSSESSIVE_TAIL.exec(values[i]);
        if (possessive && values[i].length > possessive[0].length + 1) {
          // wink-nlp keeps "China's" whole once it has met it whole (its lexicon grows as it
          // reads), and splits it otherwise: splitting here makes an article's tokens the same
          // whatever was read before it.
          const cut = end - possessive[0].length;
          tokens.push({ start, end: cut, pos: pos[i], lemma: values[i].slice(0, -possessive[0].length).toLowerCase(), type: types[i] });
          tokens.push({ start: cut, end, pos: 'PART', lemma: possessive[0].toLowerCase(), type: 'word' });
          continue;
        }
        tokens.push({ start, end, pos: pos[i], lemma: (lemmas[i] ?? values[i]).toLowerCase(), type: types[i] });
      }
      if (tokens.length === 0) continue;
      sentences.push({ start: tokens[0].start, end: tokens[tokens.length - 1].end, paragraph: p, tokens });
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
