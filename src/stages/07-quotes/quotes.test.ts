import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sourceDocument, type Article } from '../../model/model.ts';
import { createPipeline } from '../../pipeline/runner.ts';
import { parseKnowledge } from '../04-actors/knowledge.ts';
import { findMarkPairs } from './marks.ts';
import { loadQuoteWords } from './words.ts';

const header = (kind: string) => JSON.stringify({ $schema: `entente-kb/${kind}`, version: 1 });
const jsonl = (kind: string, rows: object[]) => [header(kind), ...rows.map((r) => JSON.stringify(r))].join('\n');

/** A small knowledge base written for these tests, so they do not move when the bundled one grows. */
const kb = parseKnowledge([
  {
    path: 'people.jsonl',
    text: jsonl('people', [
      { id: 'ebrahim-raisi', name: 'Ebrahim Raisi', aliases: ['Raisi'], gender: 'm', country: 'IRN', roles: [{ role: 'president', title: 'President', country: 'IRN', sector: 'GOV', from: '2021-08-03', to: '2024-05-19' }] },
      { id: 'masoud-pezeshkian', name: 'Masoud Pezeshkian', aliases: ['Pezeshkian'], gender: 'm', country: 'IRN', roles: [{ role: 'president', title: 'President', country: 'IRN', sector: 'GOV', from: '2024-07-28' }] },
      { id: 'ilham-aliyev', name: 'Ilham Aliyev', aliases: ['Aliyev'], gender: 'm', country: 'AZE', roles: [{ role: 'president', title: 'President', country: 'AZE', sector: 'GOV', from: '2003-10-31' }] },
      { id: 'jeyhun-bayramov', name: 'Jeyhun Bayramov', aliases: ['Bayramov'], gender: 'm', country: 'AZE', roles: [{ role: 'foreign-minister', title: 'Foreign Minister', country: 'AZE', sector: 'GOV', from: '2020-07-16' }] },
      { id: 'kaja-kallas', name: 'Kaja Kallas', aliases: ['Kallas'], gender: 'f', country: 'EST', roles: [{ role: 'prime-minister', title: 'Prime Minister', country: 'EST', sector: 'GOV', from: '2021-01-26', to: '2024-07-23' }] },
    ]),
  },
  { path: 'organisations.jsonl', text: jsonl('organisations', [{ id: 'iaea', code: 'IAEA', name: 'International Atomic Energy Agency', kind: 'igo', aliases: ['IAEA'] }]) },
  { path: 'groupings.jsonl', text: jsonl('groupings', []) },
  { path: 'groups.jsonl', text: jsonl('groups', []) },
  { path: 'states.jsonl', text: jsonl('states', [{ code: 'IRN', metonyms: ['Tehran'] }, { code: 'AZE', metonyms: ['Baku'] }]) },
  {
    path: 'agents.jsonl',
    text: jsonl('agents', [
      { id: 'agent-president', words: ['president'], sector: 'GOV', role: 'president' },
      { id: 'agent-foreign-minister', words: ['foreign minister'], sector: 'GOV', role: 'foreign-minister' },
      { id: 'agent-prime-minister', words: ['prime minister'], sector: 'GOV', role: 'prime-minister' },
      { id: 'agent-gov', words: ['official', 'officials', 'ministry', 'foreign ministry', 'government'], sector: 'GOV' },
      { id: 'agent-spokesperson', words: ['spokesman'], sector: 'GOV', role: 'spokesperson' },
      { id: 'agent-media', words: ['state media'], sector: 'MED' },
    ]),
  },
]);

const pipeline = createPipeline({ knowledge: kb });

function analyse(text: string, published = '2023-10-23'): Article {
  return pipeline.run(sourceDocument(text, { path: 't', format: 'text' }, { published })).articles[0];
}

/** Each quote as `kind «text» ← speaker → actor`, after checking its spans point at its text. */
function quotes(article: Article): string[] {
  return article.quotes.map((q) => {
    assert.equal(article.text.slice(q.start, q.end), q.text, 'quote span');
    assert.equal(article.sentences[q.sentence].start <= q.start && q.start < article.sentences[q.sentence].end, true, 'quote sentence');
    if (!q.speaker) return `${q.kind} «${q.text}» ← nobody`;
    assert.equal(article.text.slice(q.speaker.start, q.speaker.end), q.speaker.text, 'speaker span');
    return `${q.kind} «${q.text}» ← ${q.speaker.text} → ${q.speaker.actorId ?? '-'}`;
  });
}

interface Case {
  name: string;
  text: string;
  date?: string;
  expect: string[];
}

function run(cases: Case[]): void {
  for (const c of cases) test(c.name, () => assert.deepEqual(quotes(analyse(c.text, c.date)), c.expect));
}

describe('direct quotes', () => {
  run([
    {
      name: 'quote, then speaker and verb',
      text: '“We will not accept any change to the borders,” Aliyev said on Tuesday.',
      expect: ['direct «We will not accept any change to the borders» ← Aliyev → ilham-aliyev'],
    },
    {
      name: 'quote, then verb and speaker',
      text: '“The talks were useful,” said Bayramov.',
      expect: ['direct «The talks were useful» ← Bayramov → jeyhun-bayramov'],
    },
    {
      name: 'speaker and verb with a comma before the quote, the pronoun resolved two sentences after the name',
      text: 'Azerbaijani Foreign Minister Jeyhun Bayramov arrived in Tehran on Sunday. He met officials at the ministry. He added, “Our neighbours have nothing to fear.”',
      expect: ['direct «Our neighbours have nothing to fear.» ← He → jeyhun-bayramov'],
    },
    {
      name: 'speaker and verb with a colon',
      text: 'Raisi said: “Iran is ready to help both sides.”',
      expect: ['direct «Iran is ready to help both sides.» ← Raisi → ebrahim-raisi'],
    },
    {
      name: 'told reporters with a colon',
      text: 'Bayramov told reporters: “The border is calm.”',
      expect: ['direct «The border is calm.» ← Bayramov → jeyhun-bayramov'],
    },
    {
      name: 'a quote of two sentences before its speaker',
      text: '“The region has suffered enough. It is time for peace,” Bayramov said.',
      expect: ['direct «The region has suffered enough. It is time for peace» ← Bayramov → jeyhun-bayramov'],
    },
    {
      name: 'straight marks after "that", over two sentences',
      text: 'Raisi said in a speech on Monday that "Tehran has always chosen diplomacy. Iran never left the talks".',
      expect: ['direct «Tehran has always chosen diplomacy. Iran never left the talks» ← Raisi → ebrahim-raisi'],
    },
    {
      name: 'a quote split around its attribution',
      text: '“We want calm,” Raisi said. “But we will defend our territory.”',
      expect: ['direct «We want calm» ← Raisi → ebrahim-raisi', 'direct «But we will defend our territory.» ← Raisi → ebrahim-raisi'],
    },
    {
      name: 'a paragraph that is only a quote, its speaker in the next sentence',
      text: 'Estonian Prime Minister Kaja Kallas hosted the summit on Friday.\n\n“Europe will not be divided.”\n\nShe said the meeting had shown unity.',
      expect: ['direct «Europe will not be divided.» ← She → kaja-kallas', 'indirect «the meeting had shown unity» ← She → kaja-kallas'],
    },
    {
      name: 'a paragraph that is only a quote, after a lead-in ending in a colon',
      text: 'Bayramov told the conference:\n\n“Baku wants a lasting peace with all its neighbours.”',
      expect: ['direct «Baku wants a lasting peace with all its neighbours.» ← Bayramov → jeyhun-bayramov'],
    },
    {
      name: 'a quotation running over two paragraphs',
      text: '“We have waited long enough,” Aliyev said. “The other side must now decide.\n\n“There is no third way.”',
      date: '2024-05-01',
      expect: [
        'direct «We have waited long enough» ← Aliyev → ilham-aliyev',
        'direct «The other side must now decide.» ← Aliyev → ilham-aliyev',
        'direct «There is no third way.» ← Aliyev → ilham-aliyev',
      ],
    },
    {
      name: 'a quotation running on into the next paragraph, its speaker named at its close',
      text: '“We are ready to talk.\n\n“But we will not wait forever,” Raisi said.',
      expect: ['direct «We are ready to talk.» ← Raisi → ebrahim-raisi', 'direct «But we will not wait forever» ← Raisi → ebrahim-raisi'],
    },
    {
      name: 'a headline with a colon',
      text: 'Raisi: “Iran will answer any aggression”\n\nThe president spoke in Tehran.',
      expect: ['direct «Iran will answer any aggression» ← Raisi → ebrahim-raisi'],
    },
    {
      name: 'a question keeps its question mark',
      text: '“Who will pay for the damage?” Bayramov asked.',
      expect: ['direct «Who will pay for the damage?» ← Bayramov → jeyhun-bayramov'],
    },
    {
      name: 'quoted as saying, after the quote',
      text: '“The border will stay open,” Aliyev was quoted as saying.',
      date: '2024-05-01',
      expect: ['direct «The border will stay open» ← Aliyev → ilham-aliyev'],
    },
    {
      name: 'quoted as saying',
      text: 'Tehran newspapers quoted Raisi as saying, “The door to talks is open.”',
      expect: ['direct «The door to talks is open.» ← Raisi → ebrahim-raisi'],
    },
    {
      name: 'according to',
      text: '“The crossing will stay closed,” according to the Azerbaijani foreign ministry.',
      expect: ['direct «The crossing will stay closed» ← Azerbaijani foreign ministry → AZEGOV'],
    },
  ]);
});

describe('quoted phrases', () => {
  run([
    {
      name: 'a phrase after "described … as"',
      text: 'Pezeshkian described the strikes as “a crime against humanity.”',
      date: '2025-06-27',
      expect: ['direct «a crime against humanity» ← Pezeshkian → masoud-pezeshkian'],
    },
    {
      name: 'a phrase belongs to the subject of the sentence, a pronoun',
      text: 'Pezeshkian spoke to Aliyev by phone. He also criticised the “double standards” of Western governments.',
      date: '2025-06-27',
      expect: ['direct «double standards» ← He → masoud-pezeshkian'],
    },
    {
      name: 'a phrase inside a reported clause is the reporter’s',
      text: 'Pezeshkian said that the strikes, which he called “a blatant aggression,” violated international law.',
      date: '2025-06-27',
      expect: ['indirect «the strikes, which he called “a blatant aggression,” violated international law» ← Pezeshkian → masoud-pezeshkian', 'direct «a blatant aggression» ← he → masoud-pezeshkian'],
    },
    {
      name: 'a phrase before a participle is the sentence subject’s, not the participle’s object',
      text: 'Bayramov rejected the report as “groundless,” saying Azerbaijan had not moved any troops.',
      expect: ['direct «groundless» ← Bayramov → jeyhun-bayramov', 'indirect «Azerbaijan had not moved any troops» ← Bayramov → jeyhun-bayramov'],
    },
    {
      name: 'a phrase in a reported clause keeps its speaker over a closing "according to"',
      text: 'Raisi said that the truce would not hold “if the promises stay on paper,” according to state media.',
      expect: ['indirect «the truce would not hold “if the promises stay on paper,”» ← Raisi → ebrahim-raisi', 'direct «if the promises stay on paper» ← Raisi → ebrahim-raisi'],
    },
    {
      name: 'a passive verb of judging names its speaker after "by"',
      text: 'The resolution was described by Raisi as “unfair and one-sided”.',
      expect: ['direct «unfair and one-sided» ← Raisi → ebrahim-raisi'],
    },
  ]);
});

describe('indirect quotes', () => {
  run([
    {
      name: 'stressed that',
      text: 'Aliyev stressed that his government would never allow its territory to be used against Iran.',
      date: '2024-05-01',
      expect: ['indirect «his government would never allow its territory to be used against Iran» ← Aliyev → ilham-aliyev'],
    },
    {
      name: 'said on Monday that, with an organisation as speaker',
      text: "Iran's foreign ministry said on Monday that the sanctions were illegal.",
      expect: ["indirect «the sanctions were illegal» ← Iran's foreign ministry → IRNGOV"],
    },
    {
      name: 'two clauses for one speaker: "and added that"',
      text: 'Raisi said that Iran wanted calm and added that the attacks must stop.',
      expect: ['indirect «Iran wanted calm» ← Raisi → ebrahim-raisi', 'indirect «the attacks must stop» ← Raisi → ebrahim-raisi'],
    },
    {
      name: 'two clauses for one speaker: ", adding that"',
      text: 'Bayramov confirmed that the talks would resume, adding that both sides had agreed on a date.',
      expect: ['indirect «the talks would resume» ← Bayramov → jeyhun-bayramov', 'indirect «both sides had agreed on a date» ← Bayramov → jeyhun-bayramov'],
    },
    {
      name: 'a clause without "that"',
      text: 'Pezeshkian said Iran would respond to any attack.',
      date: '2025-06-27',
      expect: ['indirect «Iran would respond to any attack» ← Pezeshkian → masoud-pezeshkian'],
    },
    {
      name: 'a closing attribution is not part of the clause',
      text: 'Iran said the drills had ended, state media reported.',
      expect: ['indirect «the drills had ended» ← Iran → IRN'],
    },
    {
      name: 'a verb of saying inside a reported clause is part of it',
      text: 'Raisi said that Bayramov had told him that Baku wanted peace.',
      expect: ['indirect «Bayramov had told him that Baku wanted peace» ← Raisi → ebrahim-raisi'],
    },
    {
      name: 'a second speaker in the same sentence starts a clause of their own',
      text: 'Raisi said that the talks had failed, while Aliyev said that progress had been made.',
      date: '2024-05-01',
      expect: ['indirect «the talks had failed» ← Raisi → ebrahim-raisi', 'indirect «progress had been made» ← Aliyev → ilham-aliyev'],
    },
    {
      name: 'the clause ends where the speaker does something else',
      text: 'Bayramov said that a treaty could be signed within months and urged Tehran to stay neutral.',
      expect: ['indirect «a treaty could be signed within months» ← Bayramov → jeyhun-bayramov'],
    },
    {
      name: 'a speaker before an aside',
      text: 'Baku, however, says it will not sign until the text is changed.',
      expect: ['indirect «it will not sign until the text is changed» ← Baku → AZEGOV'],
    },
    {
      name: 'a verb of saying in a relative clause',
      text: 'Raisi, who said that the talks had failed, left Baku on Monday.',
      expect: ['indirect «the talks had failed» ← Raisi → ebrahim-raisi'],
    },
    {
      name: 'several actors speaking together have no single actor',
      text: 'Iran and Azerbaijan said that the border would reopen next week.',
      expect: ['indirect «the border would reopen next week» ← Iran and Azerbaijan → -'],
    },
    {
      name: 'a listener between the verb and "that"',
      text: 'Bayramov told his Iranian hosts that the corridor would open next year.',
      expect: ['indirect «the corridor would open next year» ← Bayramov → jeyhun-bayramov'],
    },
  ]);
});

describe('unnamed speakers', () => {
  run([
    {
      name: 'an official the actors stage resolved to a state',
      text: 'A senior Iranian official said the meeting would go ahead next week.',
      expect: ['indirect «the meeting would go ahead next week» ← Iranian official → IRNGOV'],
    },
    {
      name: 'a speaker the actors stage does not know',
      text: '“Nothing has been decided yet,” a Western diplomat said.',
      expect: ['direct «Nothing has been decided yet» ← a Western diplomat → -'],
    },
    {
      name: 'a spokesman for an organisation speaks for it',
      text: 'A spokesman for the IAEA said that inspectors had left the site.',
      expect: ['indirect «inspectors had left the site» ← A spokesman for the IAEA → iaea'],
    },
    {
      name: 'an unresolved "he" falls back to the last person quoted',
      text: '“We are ready,” Raisi said.\n\nThe talks lasted three hours in the capital of a country far away, officials at the venue noted afterwards in private.\n\nLater he said that the talks had gone well.',
      expect: ['direct «We are ready» ← Raisi → ebrahim-raisi', 'indirect «the talks had gone well» ← he → ebrahim-raisi'],
    },
  ]);
});

describe('no quote, or no speaker', () => {
  run([
    { name: 'a name in scare quotes', text: 'Fighters of the so-called “resistance axis” gathered near the border.', expect: [] },
    { name: 'the title of an operation', text: 'Israel launched Operation “Iron Sword” at dawn.', expect: [] },
    { name: 'the title of a meeting, in title case', text: 'Delegates attended the “Time for Peace” meeting in Tehran.', expect: [] },
    { name: 'a thing named by "called the"', text: 'Drills were held in what the ministry called the “liberated territories” of the region.', expect: [] },
    { name: 'apostrophes', text: 'Azerbaijan’s ministers’ meeting ended without a statement.', expect: [] },
    { name: 'a single quoted word with no verb of saying', text: 'The word “sovereignty” appears twelve times in the draft.', expect: [] },
    { name: 'an inch mark', text: 'The border post has a 12" pipe and a gate.', expect: [] },
    { name: 'an opening mark never closed inside a sentence', text: 'Raisi left the “talks early and flew home.', expect: [] },
    { name: 'single quotation marks are not read as quotes', text: 'Raisi called the deal ‘dead’ on Monday.', expect: [] },
    { name: 'a negated verb of saying', text: 'Aliyev did not say that Baku would leave the talks.', expect: [] },
    { name: 'a denial reports no clause', text: 'Iran denied that it had sent drones to the region.', expect: [] },
    { name: 'a verb of judging with no quotation marks', text: 'Raisi criticized Azerbaijan for its ties with Israel.', expect: [] },
    {
      name: 'a quoted sentence with nobody near it keeps no speaker',
      text: 'The talks ended late on Sunday.\n\nThe delegations left the city on Monday morning.\n\n“Peace is possible in our time.”',
      expect: ['direct «Peace is possible in our time.» ← nobody'],
    },
  ]);
});

describe('quotation marks', () => {
  test('curly, straight and unclosed marks pair within a paragraph', () => {
    const text = '“a” and "b" and 5" and “c';
    const pairs = findMarkPairs(text, [{ start: 0, end: text.length, kind: 'body', sourceStart: 0 }]);
    assert.deepEqual(pairs.map((p) => text.slice(p.open + 1, p.close ?? text.length)), ['a', 'b', 'c']);
    assert.equal(pairs[2].close, undefined);
  });

  test('an article with no quotation mark and no verb of saying yields nothing', () => {
    assert.deepEqual(analyse('Iran and Azerbaijan held joint drills near the border.').quotes, []);
  });
});

describe('word lists', () => {
  test('the bundled file loads', () => {
    const words = loadQuoteWords();
    assert.ok(words.verbs.get('say')?.frames.has('that'));
    assert.equal(words.verbs.get('deny')?.frames.has('that'), false);
  });

  const broken: [string, object, RegExp][] = [
    ['a wrong version', { version: 2 }, /unsupported version 2/],
    ['an unknown frame', { verbs: [{ lemma: 'say', frames: ['quoted'] }] }, /verbs\[0\]: unknown frame "quoted"/],
    ['a repeated lemma', { verbs: [{ lemma: 'say', frames: ['that'] }, { lemma: 'say', frames: ['direct'] }] }, /verbs\[1\]: lemma "say" given twice/],
    ['an unknown field', { verbs: [{ lemma: 'say', frames: ['that'], gender: 'm' }] }, /verbs\[0\]: unknown field "gender"/],
    ['an upper-case word', { nameHeads: ['Operation'] }, /nameHeads\[0\] must be a lower-case word/],
  ];
  const valid = { $schema: 'entente-quote-words', version: 1, description: '', verbs: [{ lemma: 'say', frames: ['that'] }], namingVerbs: [], nameHeads: [], speakerHeads: [] };
  for (const [name, change, error] of broken) {
    test(`refuses ${name}`, () => assert.throws(() => loadQuoteWords({ ...valid, ...change }), error));
  }
});
