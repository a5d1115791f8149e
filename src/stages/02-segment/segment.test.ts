import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sourceDocument, spanText } from '../../model/model.ts';
import { createPipeline } from '../../pipeline/runner.ts';
import { FIXTURES, SAMPLES } from '../../../test/helpers.ts';
import { loadNlp } from './segment.ts';
import { isContraction, lexemeOf, posIdOf, rawDocOf, TOKEN_SIZE } from './wink-raw.ts';

const pipeline = createPipeline({ until: 'segment' });
const analyse = (text: string) => pipeline.run(sourceDocument(text, { path: 't.txt', format: 'text' })).articles;

describe('sentences and tokens', () => {
  const inputs = [
    readFileSync(join(FIXTURES, 'multi', 'two-articles.txt'), 'utf8'),
    readFileSync(join(SAMPLES, 'tehran-baku-call.txt'), 'utf8'),
    readFileSync(join(FIXTURES, 'near-duplicates', 'outlet-a.txt'), 'utf8'),
    'He said “we can’t accept this.” U.S. officials didn’t comment.\tThe U.N. met at 3 p.m. on Nov. 29 — late.',
  ];

  test('every sentence and token span slices to exactly its text', () => {
    for (const article of inputs.flatMap(analyse)) {
      assert.ok(article.sentences.length > 0);
      for (const s of article.sentences) {
        assert.equal(spanText(article, s), article.text.slice(s.tokens[0].start, s.tokens.at(-1)!.end));
        const para = article.paragraphs[s.paragraph];
        assert.ok(s.start >= para.start && s.end <= para.end, 'sentence stays inside its paragraph');
        let last = s.start;
        for (const t of s.tokens) {
          assert.ok(t.start >= last && t.end > t.start, `token order at ${t.start}`);
          assert.equal(spanText(article, t).trim(), spanText(article, t), 'no whitespace inside a token span');
          last = t.end;
        }
      }
    }
  });

  test('a headline does not merge with the sentence after it', () => {
    const [a] = analyse('Iran and Oman hold talks\nThe ministers met in Muscat on Sunday.');
    assert.deepEqual(a.sentences.map((s) => spanText(a, s)), ['Iran and Oman hold talks', 'The ministers met in Muscat on Sunday.']);
  });

  test('abbreviations do not end sentences', () => {
    const [a] = analyse('U.S. officials met U.N. envoys on Nov. 29 in Washington. They agreed.');
    assert.equal(a.sentences.length, 2);
  });

  test('a token wink-nlp cannot lemmatise keeps its own form as lemma', () => {
    // wink-nlp returns no lemma for a capitalised "Cannot" in mid-sentence; that once crashed ingest.
    const [a] = analyse('"Such cutbacks ... Cannot, in certain cases, be sustained," the official said.');
    const cannot = a.sentences.flatMap((s) => s.tokens).find((t) => spanText(a, t) === 'Can' || spanText(a, t) === 'Cannot');
    assert.ok(cannot);
    assert.equal(typeof cannot.lemma, 'string');
  });

  test('a possessive is always its own token, whatever wink-nlp has read before', () => {
    for (const text of ["China's leaders met Iran’s envoy.", "CHINA'S EXPORTS ROSE. China's exports rose."]) {
      const [a] = analyse(text);
      const words = a.sentences.flatMap((s) => s.tokens.map((t) => spanText(a, t)));
      assert.ok(!words.some((w) => /.['’]s$/i.test(w)), words.join(' | '));
      assert.ok(words.includes("'s") || words.includes('’s') || words.includes("'S"), words.join(' | '));
    }
  });

  test('tokens carry parts of speech and lemmas', () => {
    const [a] = analyse('Azerbaijan did not allow its airspace to be used against Iran.');
    const tokens = a.sentences[0].tokens.map((t) => ({ text: spanText(a, t), pos: t.pos, lemma: t.lemma }));
    assert.equal(tokens.find((t) => t.text === 'Azerbaijan')?.pos, 'PROPN');
    assert.equal(tokens.find((t) => t.text === 'allow')?.pos, 'VERB');
    assert.equal(tokens.find((t) => t.text === 'did')?.lemma, 'do');
    assert.equal(tokens.find((t) => t.text === 'used')?.lemma, 'use');
  });
});

describe("wink-nlp's raw document record", () => {
  test('gives the same words, parts of speech, types, lemmas and sentences as its public API', () => {
    const nlp = loadNlp();
    const its = nlp.its;
    const texts = [
      readFileSync(join(SAMPLES, 'tehran-baku-call.txt'), 'utf8'),
      "Iran's envoy can't attend; they'd gonna cancel. Officials cannot say whether the U.S. will sign.",
    ];
    for (const text of texts) {
      const doc = nlp.readDoc(text);
      const raw = rawDocOf(doc)!;
      const tokens = doc.tokens();
      const count = raw.tokens.length / TOKEN_SIZE;
      assert.equal(count, tokens.length());
      const values = tokens.out(its.value) as string[];
      const pos = tokens.out(its.pos) as string[];
      const types = tokens.out(its.type) as string[];
      const contractions = tokens.out(its.contractionFlag) as unknown as boolean[];
      for (let i = 0; i < count; i++) {
        assert.equal(raw.cache.value(lexemeOf(raw, i)), values[i]);
        assert.equal(raw.cache.valueOf('pos', posIdOf(raw, i)), pos[i]);
        assert.equal(raw.cache.property(lexemeOf(raw, i), 'tokenType'), types[i]);
        assert.equal(isContraction(raw, i), contractions[i]);
      }
      assert.deepEqual(raw.sentences.map((s) => s.slice(0, 2)), doc.sentences().out(its.span));
    }
  });

  test('memoised lemmas are the ones wink-nlp works out for each token', () => {
    const text = 'The ministers met and were meeting again. Talks can\'t stall, officials said, as they\'d said before; the talks met.';
    const nlp = loadNlp();
    const expected = (nlp.readDoc(text).tokens().out(nlp.its.lemma as never) as unknown as string[]).map((l) => l.toLowerCase());
    for (let pass = 0; pass < 2; pass++) {
      const lemmas = analyse(text)[0].sentences.flatMap((s) => s.tokens.map((t) => t.lemma));
      assert.deepEqual(lemmas, expected);
    }
  });

  test('an empty paragraph has no record and no sentences', () => {
    assert.equal(rawDocOf(loadNlp().readDoc('   ')), undefined);
  });
});

describe('reading does not depend on what was read before', () => {
  const annotations = (text: string) => analyse(text).map((a) => a.sentences.map((s) => s.tokens.map((t) => [spanText(a, t), t.pos, t.lemma, t.type].join('/'))));

  test('a possessive learned whole before a comma is still split later', () => {
    const text = "Harrow Group Inc's new chief executive Frank Nolan said the company would review its plans.";
    const before = annotations(text);
    // wink-nlp takes "Inc's," whole and, unchecked, would keep every later "Inc's" whole too.
    for (const t of ["Shares of Harrow Group Inc's, a holding company, fell.", "Analysts watched Inc's, and others'."]) analyse(t);
    assert.deepEqual(annotations(text), before);
  });

  test('a number first met as a piece of a longer token is still a number', () => {
    // "6173" is first met inside "euro1.6173", as a piece wink-nlp would otherwise file as a word.
    analyse('The fund was worth euro1.6173 billion.');
    const [article] = analyse('It posted a loss of 6173 dlrs.');
    const token = article.sentences[0].tokens.find((t) => spanText(article, t) === '6173')!;
    assert.deepEqual([token.type, token.pos], ['number', 'NUM']);
  });
});
