import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sourceDocument, type Article } from '../../model/model.ts';
import { createPipeline } from '../../pipeline/runner.ts';
import { compilePattern, parseCameo, parsePatterns, PatternError } from './patterns.ts';

const pipeline = createPipeline();
const PUBLISHED = '2025-03-14';

function eventsOf(text: string): string[] {
  const articles: Article[] = pipeline.run(sourceDocument(text, { path: 't.txt', format: 'text' }, { published: PUBLISHED })).articles;
  return articles.flatMap((a) => a.events.map((e) => `${e.source.code} ${e.type} ${e.target?.code ?? '-'} ${e.polarity} ${e.modality}`));
}

/** Each row: a sentence written for these tests, and events that must be among those coded. */
const families: [string, string, string[]][] = [
  ['a phone call', 'Turkish Foreign Minister Hakan Fidan held a phone conversation with Russian Foreign Minister Sergey Lavrov on Tuesday.', ['TURGOV CONSULT RUSGOV asserted actual']],
  ['a visit received', 'Iranian President Masoud Pezeshkian received Azerbaijani Foreign Minister Jeyhun Bayramov in Tehran on Monday.', ['IRNGOV CONSULT AZEGOV asserted actual']],
  ['an accusation', 'Armenia accused Azerbaijan of shelling border villages.', ['ARM ACCUSE AZE asserted actual']],
  ['criticism', 'China criticized Japan over its defence budget.', ['CHN ACCUSE JPN asserted actual']],
  ['an air strike', 'Israel bombed Hezbollah positions in southern Lebanon on Sunday.', ['ISR ASSAULT HEZBOLLAH asserted actual']],
  ['sanctions', 'The European Union imposed new sanctions on Belarus.', ['EU SANCTION BLR asserted actual']],
  ['an invitation', 'Kazakhstan invited Uzbekistan to join the new transport corridor.', ['KAZ CONSULT UZB asserted planned', 'KAZ CONSULT UZB asserted actual']],
  ['a demand', 'Poland urged Germany to pay war reparations.', ['POL REQUEST DEU asserted actual']],
  ['a threat', 'North Korea threatened South Korea with a nuclear response.', ['PRK THREATEN KOR asserted actual']],
  ['a rejection', 'Serbia rejected Kosovo’s proposal for direct talks.', ['SRB REJECT XKX asserted actual']],
  ['arrests', 'Russian police arrested two Estonian citizens near the border.', ['RUSCOP COERCE ESTCVL asserted actual', 'RUSCOP COERCE EST asserted actual']],
  ['expelled diplomats', 'Switzerland expelled two Russian diplomats for spying.', ['CHE SANCTION RUSGOV asserted actual', 'CHE SANCTION RUS asserted actual']],
  ['joint exercises', 'Azerbaijan began joint military exercises with Türkiye on Monday.', ['AZE COOPERATE TUR asserted actual']],
  ['aid', 'Japan sent humanitarian aid to Myanmar after the earthquake.', ['JPN AID MMR asserted actual']],
  ['a withdrawal', 'Russia withdrew its troops from Armenia.', ['RUS RETREAT ARM asserted actual']],
  ['praise', 'France praised Morocco for its role in the negotiations.', ['FRA SUPPORT MAR asserted actual']],
];

describe('event pattern families', () => {
  for (const [name, sentence, expected] of families) {
    test(name, () => {
      const got = eventsOf(sentence);
      assert.ok(expected.some((e) => got.includes(e)), `expected one of ${JSON.stringify(expected)} in ${JSON.stringify(got)}`);
    });
  }
});

describe('clause roles', () => {
  test('a passive with "by" gives the source after the verb', () => {
    assert.ok(eventsOf('Ukraine was attacked by Russia overnight.').includes('RUS ASSAULT UKR asserted actual'));
  });
  test('coordinated targets give one event each', () => {
    const got = eventsOf('Iran accused Britain, France and Germany of breaking the deal.');
    for (const t of ['GBR', 'FRA', 'DEU']) assert.ok(got.includes(`IRN ACCUSE ${t} asserted actual`), got.join('; '));
  });
  test('a relative clause keeps its subject', () => {
    assert.ok(eventsOf('He criticized the U.S., which later bombed Iranian nuclear sites.').includes('USA ASSAULT IRN asserted actual'));
  });
  test('a passive without "by" names no source, so no event; with "by" the doer is the source', () => {
    assert.deepEqual(eventsOf('An Australian citizen was detained in Pakistan.').filter((e) => e.includes('COERCE')), []);
    assert.ok(eventsOf('Two Estonian citizens were detained by Russian police.').includes('RUSCOP COERCE ESTCVL asserted actual'));
  });
  test('a threat takes the target of the threatened act', () => {
    assert.ok(eventsOf('Azerbaijan threatened on Monday to break relations with Russia.').some((e) => e.startsWith('AZE THREATEN RUS')));
  });
  test('a conditional announcement is a threat aimed at the party the condition names', () => {
    assert.ok(eventsOf('Nigeria announced that it will withdraw its troops unless Chad holds elections.').some((e) => e.startsWith('NGA THREATEN TCD')));
  });
  test('an object owned by an actor makes the actor the target', () => {
    assert.ok(eventsOf('Israeli tanks shelled positions of the Syrian army.').some((e) => e.startsWith('ISR ASSAULT SYRMIL')));
  });
  test('a grouping stands for its members', () => {
    const got = eventsOf('Iran will hold talks with three European powers in Geneva.');
    assert.ok(['GBR', 'FRA', 'DEU'].every((t) => got.some((e) => e.startsWith('IRN') && e.includes(` ${t} `))), got.join('; '));
  });
});

describe('polarity and modality', () => {
  const table: [string, string, string][] = [
    ['negation', 'Azerbaijan did not allow Israel to use its airspace against Iran.', 'negated'],
    ['never', 'Iran has never attacked Azerbaijan, the minister said.', 'negated'],
    ['failure', 'Russia failed to stop Azerbaijan.', 'negated'],
    ['denial', 'Baku denied reports that Israeli drones had attacked Iran from its territory.', 'negated'],
    ['fear', 'Yerevan fears that Baku may attack southern Armenia.', 'hypothetical'],
    ['a plan', 'Iran plans to hold talks with France next week.', 'planned'],
    ['the future of reported speech', 'Palestinian leaders said they would boycott all contact with the United States.', 'planned'],
    ['an allegation inside an accusation', 'Iran accused Azerbaijan of attacking its nuclear facilities.', 'alleged'],
    ['an act someone is urged to do', 'The UN urged Israel to lift the blockade on Gaza and withdraw its troops from Lebanon.', 'hypothetical'],
    ['an act asked of someone who is not an actor, with words between', 'The Russian parliament on Tuesday called on the president in a non-binding resolution to strike Ukraine.', 'hypothetical'],
  ];
  for (const [name, sentence, expected] of table) {
    test(name, () => {
      const got = eventsOf(sentence);
      assert.ok(got.some((e) => e.includes(expected)), `expected a ${expected} event in ${JSON.stringify(got)}`);
      assert.ok(!got.some((e) => / (ASSAULT|COERCE|CONSULT|RETREAT) .* asserted actual$/.test(e) && expected !== 'planned'), `nothing reported as having happened: ${JSON.stringify(got)}`);
    });
  }
});

describe('accusations made in speech', () => {
  const table: [string, string, string[]][] = [
    ['a quoted phrase about the actor named after it', 'Iranian President Masoud Pezeshkian spoke on Monday. He also mentioned the “double standards” of the United States.', ['IRNGOV ACCUSE USA']],
    ['an indirect quote naming the accused', 'Iranian President Masoud Pezeshkian said on Monday that Israel had committed a war crime in Gaza.', ['IRNGOV ACCUSE ISR']],
    ['a direct quote naming the accused', '“What Russia is doing in Ukraine is a crime against humanity,” Ukrainian President Volodymyr Zelensky said.', ['UKRGOV ACCUSE RUS']],
  ];
  for (const [name, text, expected] of table) {
    test(name, () => {
      const got = eventsOf(text).map((e) => e.split(' ').slice(0, 3).join(' '));
      for (const e of expected) assert.ok(got.includes(e), `expected ${e} in ${JSON.stringify(got)}`);
    });
  }
  const none: [string, string][] = [
    ['no accusing words', 'Iranian President Masoud Pezeshkian said on Monday that Israel and Iran held talks.'],
    ['the words name only the speaker’s own side', 'Iranian President Masoud Pezeshkian said on Monday that Iran had never committed a war crime.'],
    ['the words name no actor', 'Iranian President Masoud Pezeshkian said on Monday that the attack was a war crime.'],
  ];
  for (const [name, text] of none) {
    test(`no accusation: ${name}`, () => {
      assert.deepEqual(eventsOf(text).filter((e) => / ACCUSE /.test(e)), []);
    });
  }
});

describe('sentences with no event', () => {
  const none = [
    'It rained heavily over the weekend and the harvest was late.',
    'The ministry said the figures would be published in March.',
    'Iran and Azerbaijan share a border of about 700 kilometres.',
    'The Iranian president is elected for four years.',
  ];
  for (const sentence of none) test(JSON.stringify(sentence), () => assert.deepEqual(eventsOf(sentence), []));
});

describe('one event said twice', () => {
  test('a headline and its body give one event with two mentions', () => {
    const [article] = pipeline.run(
      sourceDocument('Armenia accuses Azerbaijan of border shelling\n\nArmenia on Monday accused Azerbaijan of shelling three border villages.', { path: 't.txt', format: 'text' }, { published: PUBLISHED }),
    ).articles;
    const accusations = article.events.filter((e) => e.type === 'ACCUSE' && e.polarity === 'asserted');
    assert.equal(accusations.length, 1);
    assert.equal(accusations[0].repeats?.length, 1);
  });
});

describe('mentions that cover no whole token', () => {
  test('a mention starting inside the last token of its sentence is passed over, not an error', () => {
    const text = 'Armenia accused Azerbaijan of shelling Tavush';
    const until = createPipeline({ until: 'quotes' });
    const [article] = until.run(sourceDocument(text, { path: 't.txt', format: 'text' }, { published: PUBLISHED })).articles;
    const azerbaijan = article.mentions.find((m) => m.text === 'Azerbaijan')!;
    const lastStart = article.sentences[0].tokens.at(-1)!.start;
    article.mentions.push({ ...azerbaijan, start: lastStart + 2, end: article.sentences[0].end, text: article.text.slice(lastStart + 2, article.sentences[0].end) });
    const events = pipeline.stages.find((s) => s.name === 'events')!;
    (events.run as (a: Article, state: unknown) => void)(article, events.init({}));
    assert.deepEqual(article.events.map((e) => `${e.source.code} ${e.type} ${e.target?.code}`), ['ARM ACCUSE AZE']);
  });
});

describe('pattern files', () => {
  const cameo = parseCameo('cameo.jsonl', ['{"$schema": "entente-events/cameo", "version": 1}', '{"code": "112", "name": "Accuse", "goldstein": -2, "quad": 3}'].join('\n'));
  const header = '{"$schema": "entente-events/patterns", "version": 1}';
  const broken: [string, string, RegExp][] = [
    ['an unknown type', '{"id": "x", "pattern": "accuse [target]", "type": "SCOLD", "cameo": "112"}', /patterns\.jsonl:2: "type" must be a PLOVER 2021 type/],
    ['an unknown CAMEO code', '{"id": "x", "pattern": "accuse [target]", "type": "ACCUSE", "cameo": "999"}', /patterns\.jsonl:2: "cameo" "999" is not in the CAMEO table/],
    ['a pattern of slots only', '{"id": "x", "pattern": "[source] [target]", "type": "ACCUSE", "cameo": "112"}', /needs at least one required word/],
    ['unbalanced parentheses', '{"id": "x", "pattern": "(accuse|blame [target]", "type": "ACCUSE", "cameo": "112"}', /unbalanced parentheses/],
  ];
  for (const [name, line, error] of broken) {
    test(`reports ${name} with file and line`, () => assert.throws(() => parsePatterns('patterns.jsonl', `${header}\n${line}`, cameo), (e: unknown) => e instanceof PatternError && error.test(e.message)));
  }
  test('the anchor avoids common words', () => {
    const { elements, anchor } = compilePattern('[target] be attack by [source]', 'x');
    assert.deepEqual(elements[anchor].kind === 'word' && [...elements[anchor].options], ['attack']);
  });
});
