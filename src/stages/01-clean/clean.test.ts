import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sourceDocument, spanText } from '../../model/model.ts';
import { FIXTURES, SAMPLES } from '../../../test/helpers.ts';
import { cleanDocument, isTitleLike } from './clean.ts';
import { compileRules } from './rules.ts';

const rules = compileRules();
const clean = (text: string, meta = {}) => cleanDocument(sourceDocument(text, { path: 't.txt', format: 'text' }, meta), rules);
const bodyOf = (text: string) => clean(text).map((a) => a.text);

describe('article splitting', () => {
  test('a scraped file with two headline-and-caption headers is two articles with their own titles', () => {
    const articles = clean(readFileSync(join(FIXTURES, 'multi', 'two-articles.txt'), 'utf8'));
    assert.deepEqual(
      articles.map((a) => a.meta.title),
      ['Araghchi, Albusaidi discuss regional security in Muscat', 'Iraqi farmers protest outside Turkish embassy over Tigris water shortage'],
    );
    assert.deepEqual(articles.map((a) => a.captions.length), [1, 1]);
  });

  test('the bundled digest splits into its two stories', () => {
    const text = readFileSync(join(SAMPLES, 'caucasus-digest.txt'), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
    const titles = clean(text).map((a) => a.meta.title);
    assert.equal(titles.length, 2);
    assert.match(titles[0]!, /^Pashinyan Says Peace Treaty/);
    assert.match(titles[1]!, /^Azerbaijan Accuses Armenia/);
  });

  const noSplit: [string, string][] = [
    ['a table whose rows repeat', 'Shr 45 cts vs 58 cts\n    Net 1.1 mln vs 829,000\n    Avg shrs 2,332,397 vs 1,428,000\n    Year\n    Shr 1.22 dlrs vs 1.06 dlrs\n    Avg shrs 2,332,397 vs 1,428,000'],
    ['one article with a subheading', 'Leaders met in Geneva on Monday to discuss the ceasefire.\nTalks to resume next week\nThe two sides agreed to meet again in Vienna.'],
    ['a gap before a line that is not a headline', 'First paragraph of the story, which ends properly.\nSecond paragraph, also complete.\n\n\n\nThird paragraph after a wide gap, still the same story.'],
  ];
  for (const [name, text] of noSplit) {
    test(`does not split: ${name}`, () => assert.equal(clean(text).length, 1));
  }

  test('a headline after a wide gap starts a new article once the first has a body', () => {
    const text = 'Talks open in Vienna\n\nDiplomats met on Monday.\nThey will meet again.\n\n\n\nProtests erupt in Baghdad\n\nThousands marched on Tuesday.';
    assert.deepEqual(clean(text).map((a) => a.meta.title), ['Talks open in Vienna', 'Protests erupt in Baghdad']);
  });
});

describe('cleaning', () => {
  const text = readFileSync(join(FIXTURES, 'multi', 'two-articles.txt'), 'utf8');
  const articles = clean(text);
  const residue = ['TT', 'Your Comment', 'Share', 'Print', 'Views: 1,245', 'Follow us on Telegram'];
  for (const line of residue) {
    test(`drops the residue line "${line}"`, () => {
      for (const a of articles) assert.ok(!a.text.split('\n').includes(line), `"${line}" survived in ${a.meta.title}`);
    });
  }

  test('captions leave the text but are kept on the article', () => {
    for (const a of articles) {
      for (const caption of a.captions) assert.ok(!a.text.includes(caption), `caption survived: ${caption}`);
    }
    assert.match(articles[0].captions[0], /\(Iranian Foreign Ministry\)$/);
  });

  test('the headline is kept once, as the first paragraph', () => {
    for (const a of articles) {
      assert.equal(a.paragraphs[0].kind, 'title');
      assert.equal(spanText(a, a.paragraphs[0]), a.meta.title);
      assert.equal(a.text.split(a.meta.title!).length - 1, 1);
    }
  });

  test('every paragraph span slices to its own text and points back into the source', () => {
    for (const a of articles) {
      for (const p of a.paragraphs) {
        const para = spanText(a, p);
        assert.ok(para.length > 0);
        assert.ok(!para.includes('\n'));
        assert.equal(text.slice(p.sourceStart, p.sourceStart + para.length), para);
      }
    }
  });

  const cases: { name: string; input: string; expect: string[] }[] = [
    { name: 'consecutive duplicate paragraphs', input: 'The minister arrived in Baku on Monday.\nThe minister arrived in Baku on Monday.\nTalks followed.', expect: ['The minister arrived in Baku on Monday.\n\nTalks followed.'] },
    { name: 'a long paragraph printed twice far apart', input: 'Iran and Azerbaijan agreed on Monday to expand cooperation in energy, transport and trade across the border.\nOfficials gave no details.\nIran and Azerbaijan agreed on Monday to expand cooperation in energy, transport and trade across the border.', expect: ['Iran and Azerbaijan agreed on Monday to expand cooperation in energy, transport and trade across the border.\n\nOfficials gave no details.'] },
    { name: 'hard-wrapped wire copy is joined into paragraphs', input: 'The foreign ministers of the two countries met in\nGeneva on Thursday and agreed to resume talks on\ntheir maritime dispute after a pause of two years.\n    Officials said a new round would be held in the\nautumn, without giving a date for the meeting.', expect: ['The foreign ministers of the two countries met in Geneva on Thursday and agreed to resume talks on their maritime dispute after a pause of two years.\n\nOfficials said a new round would be held in the autumn, without giving a date for the meeting.'] },
    { name: 'a wire sign-off glued to the last line', input: 'Trade rose by five pct in March, officials said.\nExports led the rise, the ministry said.  REUTER', expect: ['Trade rose by five pct in March, officials said.\n\nExports led the rise, the ministry said.'] },
    { name: 'spaces and tabs are collapsed', input: 'Leaders\tmet   in\u00a0Ankara.\nThey agreed.', expect: ['Leaders met in Ankara.\n\nThey agreed.'] },
  ];
  for (const c of cases) test(`cleans ${c.name}`, () => assert.deepEqual(bodyOf(c.input), c.expect));

  test('a metadata title becomes the first paragraph when the text lacks it', () => {
    const [a] = clean('Ministers met on Monday.\nThey agreed to meet again.', { title: 'Ministers meet' });
    assert.equal(a.text, 'Ministers meet\n\nMinisters met on Monday.\n\nThey agreed to meet again.');
    assert.equal(a.paragraphs[0].sourceStart, -1);
  });

  test('a first line that reads as a headline becomes the title', () => {
    const [a] = clean('Iran and Oman hold talks\nThe ministers met in Muscat on Sunday.');
    assert.equal(a.meta.title, 'Iran and Oman hold talks');
  });

  test('a text with nothing but residue yields no article', () => {
    assert.deepEqual(clean('TT\nYour Comment\nShare\n'), []);
  });
});

describe('isTitleLike', () => {
  const table: [string, boolean][] = [
    ['Iran to Hold Nuclear Talks with Three European Powers in Geneva on Friday', true],
    ['Will the ceasefire hold?', true],
    ['The ministers met on Monday.', false],
    ['Talks resumed, officials said:', false],
    ['TT', false],
    ['x'.repeat(250), false],
  ];
  for (const [text, expected] of table) test(`${JSON.stringify(text.slice(0, 40))} → ${expected}`, () => assert.equal(isTitleLike(text), expected));
});
