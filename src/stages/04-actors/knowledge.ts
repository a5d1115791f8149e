import i18nCountries from 'i18n-iso-countries';
import worldCountriesModule, { type Country } from 'world-countries';

const worldCountries = worldCountriesModule as unknown as Country[];

/**
 * The actor knowledge base: states, organisations, groupings, armed and political groups, people
 * with dated roles, and agent words. Parsed and validated here from the JSON Lines files in
 * `data/` (see data/README.md); reading the files is the caller's job, so this module does no I/O.
 */

export interface DatedSpan {
  from?: string;
  to?: string;
}

export interface KbSeat extends DatedSpan {
  alias: string;
  sector: string;
}

export interface KbState {
  code: string;
  name: string;
  aliases: string[];
  demonyms: string[];
  /** Capitals and other places whose name stands for the government. */
  metonyms: string[];
  seats: KbSeat[];
  /** UN members and observers come first when a name or demonym is shared ("American"). */
  sovereign: boolean;
  /** Names of the state that are also given names ("Chad", "Jordan"): before another name they are a person's. */
  givenNames: string[];
}

export interface KbOrganisation extends DatedSpan {
  id: string;
  code: string;
  name: string;
  kind: 'igo' | 'ngo' | 'grouping';
  aliases: string[];
  parent?: string;
  members?: string[];
}

export interface KbGrouping extends DatedSpan {
  id: string;
  code: string;
  name: string;
  aliases: string[];
  /** ISO alpha-3 codes of the member states; empty for generic groupings such as "the West". */
  members: string[];
  generic?: boolean;
}

export interface KbGroup extends DatedSpan {
  id: string;
  code: string;
  name: string;
  aliases: string[];
  country?: string;
  sector: string;
  type?: string;
  parent?: string;
  governs?: ({ country: string } & DatedSpan)[];
}

export interface KbRole extends DatedSpan {
  /** Role key shared with agent words: president, foreign-minister, … */
  role: string;
  title: string;
  country?: string;
  /** Organisation id for roles in international bodies (secretary-general of the UN). */
  org?: string;
  sector: string;
}

export interface KbPerson {
  id: string;
  name: string;
  aliases: string[];
  gender?: string;
  country?: string;
  roles: KbRole[];
}

export interface KbAgent {
  id: string;
  words: string[];
  sector: string;
  role?: string;
}

export interface Knowledge {
  states: Map<string, KbState>;
  organisations: Map<string, KbOrganisation>;
  groupings: Map<string, KbGrouping>;
  groups: Map<string, KbGroup>;
  people: Map<string, KbPerson>;
  agents: KbAgent[];
}

/** A knowledge file's content with the path it came from (for error messages). */
export interface KnowledgeFile {
  path: string;
  text: string;
}

/** A broken knowledge-base entry: names the file and line. */
export class KnowledgeError extends Error {
  override name = 'KnowledgeError';
}

type Kind = 'states' | 'organisations' | 'groupings' | 'groups' | 'people' | 'agents';
const KINDS = new Set<Kind>(['states', 'organisations', 'groupings', 'groups', 'people', 'agents']);
/** The fields each kind of entry may have (data/README.md): anything else is an error. */
const FIELDS: Record<Kind, ReadonlySet<string>> = {
  states: new Set(['code', 'name', 'aliases', 'demonyms', 'metonyms', 'notMetonyms', 'givenNames', 'seats']),
  organisations: new Set(['id', 'code', 'name', 'kind', 'aliases', 'parent', 'sector', 'country', 'from', 'to', 'note']),
  groupings: new Set(['id', 'code', 'name', 'aliases', 'members', 'generic', 'orgMembers', 'groupMembers', 'sector', 'from', 'to', 'note']),
  groups: new Set(['id', 'code', 'name', 'aliases', 'country', 'sector', 'type', 'parent', 'governs', 'from', 'to', 'note']),
  people: new Set(['id', 'name', 'aliases', 'gender', 'country', 'sector', 'note', 'roles']),
  agents: new Set(['id', 'words', 'sector', 'role', 'note']),
};
const SEAT_FIELDS = new Set(['alias', 'sector', 'from', 'to', 'note']);
const GOVERNS_FIELDS = new Set(['country', 'from', 'to']);
const ROLE_FIELDS = new Set(['role', 'title', 'country', 'org', 'sector', 'from', 'to', 'acting', 'note']);

/** Role keys (data/README.md), and whether at most one non-acting holder per country or body may hold each at a time. */
const ROLE_KEYS = new Map<string, boolean>([
  ...['president', 'vice-president', 'president-elect', 'king', 'queen', 'emir', 'sultan', 'emperor', 'pope', 'crown-prince', 'supreme-leader', 'head-of-state', 'prime-minister', 'chancellor', 'head-of-government', 'foreign-minister', 'defence-minister', 'interior-minister', 'secretary-general', 'high-representative', 'speaker', 'security-chief', 'military-chief', 'chief-of-staff', 'chief-justice'].map((k) => [k, true] as const),
  ...['director-general', 'intelligence-chief', 'commander', 'leader', 'opposition-leader', 'regional-leader', 'prosecutor', 'minister', 'spokesperson', 'ambassador', 'envoy', 'official'].map((k) => [k, false] as const),
]);

const ISO3 = /^[A-Z]{3}$/;
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const SECTOR = /^[A-Z]{3}$/;

/** Parses and validates the knowledge files, merged with the country data world-countries ships. */
export function parseKnowledge(files: KnowledgeFile[]): Knowledge {
  const kb: Knowledge = { states: baseStates(), organisations: new Map(), groupings: new Map(), groups: new Map(), people: new Map(), agents: [] };
  const ids = new Map<string, string>();
  const unique: UniqueHolding[] = [];
  for (const file of files) {
    const lines = file.text.split('\n');
    let kind: Kind | undefined;
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const at = `${file.path}:${i + 1}`;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch (err) {
        throw new KnowledgeError(`${at}: malformed JSON: ${(err as Error).message}`);
      }
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new KnowledgeError(`${at}: each line must be a JSON object`);
      if (kind === undefined) {
        const schema = String(entry.$schema ?? '');
        const k = schema.replace(/^entente-kb\//, '') as Kind;
        if (!schema.startsWith('entente-kb/') || !KINDS.has(k)) throw new KnowledgeError(`${at}: the first line must be a header {"$schema": "entente-kb/<kind>", "version": 1}`);
        if (entry.version !== 1) throw new KnowledgeError(`${at}: unsupported version ${String(entry.version)} (expected 1)`);
        kind = k;
        return;
      }
      const check = new Checker(entry, at);
      check.only(FIELDS[kind]);
      const claimId = (id: string) => {
        const prev = ids.get(id);
        if (prev) throw new KnowledgeError(`${at}: id "${id}" is already used at ${prev}`);
        ids.set(id, at);
      };
      switch (kind) {
        case 'states': {
          const code = check.code('code');
          const base = kb.states.get(code) ?? { code, name: check.optString('name') ?? code, aliases: [], demonyms: [], metonyms: [], seats: [], sovereign: true, givenNames: [] };
          const name = check.optString('name');
          if (name) base.name = name;
          base.aliases.push(...check.strings('aliases'));
          base.demonyms.push(...check.strings('demonyms'));
          base.metonyms.push(...check.strings('metonyms'));
          base.givenNames.push(...check.strings('givenNames'));
          const not = new Set(check.strings('notMetonyms'));
          if (not.size > 0) base.metonyms = base.metonyms.filter((m) => !not.has(m));
          for (const [j, seat] of check.objects('seats').entries()) {
            const s = new Checker(seat, `${at}: seats[${j}]`);
            s.only(SEAT_FIELDS);
            base.seats.push({ alias: s.string('alias'), sector: s.sector('sector'), ...s.dates() });
          }
          kb.states.set(code, base);
          break;
        }
        case 'organisations': {
          const id = check.id();
          claimId(id);
          const orgKind = check.oneOf('kind', ['igo', 'ngo', 'grouping']) as KbOrganisation['kind'];
          kb.organisations.set(id, { id, code: check.string('code'), name: check.string('name'), kind: orgKind, aliases: check.strings('aliases'), parent: check.optString('parent'), members: check.optCodes('members'), ...check.dates() });
          break;
        }
        case 'groupings': {
          const id = check.id();
          claimId(id);
          kb.groupings.set(id, { id, code: check.string('code'), name: check.string('name'), aliases: check.strings('aliases'), members: check.optCodes('members') ?? [], generic: entry.generic === true, ...check.dates() });
          break;
        }
        case 'groups': {
          const id = check.id();
          claimId(id);
          const governs = check.objects('governs').map((g, j) => {
            const c = new Checker(g, `${at}: governs[${j}]`);
            c.only(GOVERNS_FIELDS);
            return { country: c.code('country'), ...c.dates() };
          });
          kb.groups.set(id, { id, code: check.string('code'), name: check.string('name'), aliases: check.strings('aliases'), country: check.optCode('country'), sector: check.sector('sector'), type: check.optString('type'), parent: check.optString('parent'), governs, ...check.dates() });
          break;
        }
        case 'people': {
          const id = check.id();
          claimId(id);
          const roles = check.objects('roles').map((r, j) => {
            const c = new Checker(r, `${at}: roles[${j}]`);
            c.only(ROLE_FIELDS);
            // Offices are government unless said otherwise.
            const sector = r.sector === undefined || r.sector === null ? 'GOV' : c.sector('sector');
            const role = c.string('role');
            if (!ROLE_KEYS.has(role)) throw new KnowledgeError(`${at}: roles[${j}]: unknown role key "${role}" (see the role keys in data/README.md)`);
            const kbRole: KbRole = { role, title: c.string('title'), country: c.optCode('country'), org: c.optString('org'), sector, ...c.dates() };
            if (ROLE_KEYS.get(role) && r.acting !== true) unique.push({ role: kbRole, person: String(entry.id), at: `${at}: roles[${j}]` });
            return kbRole;
          });
          const name = check.string('name');
          const aliases = check.strings('aliases');
          if (!aliases.includes(name)) aliases.unshift(name);
          kb.people.set(id, { id, name, aliases, gender: check.optString('gender'), country: check.optCode('country'), roles });
          break;
        }
        case 'agents': {
          const id = check.id();
          claimId(id);
          kb.agents.push({ id, words: check.strings('words'), sector: check.sector('sector'), role: check.optString('role') });
          break;
        }
      }
    });
    if (kind === undefined) throw new KnowledgeError(`${file.path}: empty knowledge file (it needs at least its header line)`);
  }
  checkUniqueRoles(unique);
  return kb;
}

/** A non-acting holding of a role that one person at a time holds, where it was read. */
interface UniqueHolding {
  role: KbRole;
  person: string;
  at: string;
}

/**
 * Two people holding a unique role of one country or body at once is an error. Partial dates mean
 * any day of their period, so two holdings overlap only when they certainly do: the later start's
 * last possible day is before the earlier holding's end's first possible day.
 */
function checkUniqueRoles(holdings: UniqueHolding[]): void {
  const groups = new Map<string, UniqueHolding[]>();
  for (const h of holdings) {
    const key = `${h.role.role}|${h.role.country ?? ''}|${h.role.org ?? ''}`;
    const list = groups.get(key);
    if (list) list.push(h);
    else groups.set(key, [h]);
  }
  for (const list of groups.values()) {
    list.sort((a, b) => firstDay(a.role.from).localeCompare(firstDay(b.role.from)));
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [earlier, later] = [list[i], list[j]];
        if (earlier.person === later.person) continue;
        const end = earlier.role.to;
        if (end === undefined || lastDay(later.role.from) < firstDay(end)) {
          throw new KnowledgeError(`${later.at}: ${later.person} holds "${later.role.role}" from ${later.role.from ?? 'the start'} while ${earlier.person} still does (${earlier.at}, until ${end ?? 'now'}); only one holder at a time unless "acting": true`);
        }
      }
    }
  }
}

/** The first day a partial date can mean: "2003-08" is 2003-08-01. */
function firstDay(date: string | undefined): string {
  if (!date) return '0000-01-01';
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}

/** The last day a partial date can mean: "2003-08" is 2003-08-31 (any day after the 28th compares alike here). */
function lastDay(date: string | undefined): string {
  if (!date) return '0000-01-01';
  return date.length === 4 ? `${date}-12-31` : date.length === 7 ? `${date}-31` : date;
}

/** Names, alternate spellings, demonyms and capitals for every state, from world-countries. */
function baseStates(): Map<string, KbState> {
  const states = new Map<string, KbState>();
  for (const c of worldCountries) {
    const aliases = new Set<string>([c.name.common, c.name.official]);
    for (const alt of c.altSpellings) if (alt.length > 3 && /^[\p{L} .,'’()-]+$/u.test(alt) && !/,/.test(alt)) aliases.add(alt);
    const demonyms = new Set<string>();
    const eng = c.demonyms?.eng;
    if (eng) {
      demonyms.add(eng.m);
      demonyms.add(eng.f);
    }
    const sovereign = c.unMember || c.cca3 === 'PSE' || c.cca3 === 'VAT' || c.cca3 === 'TWN' || c.cca3 === 'UNK';
    // world-countries codes Kosovo UNK; the knowledge base and most event data use XKX.
    const code = c.cca3 === 'UNK' ? 'XKX' : c.cca3;
    // Only a sovereign state's capital stands for its government: territories' capitals are mostly
    // names found everywhere (Hamilton, Plymouth, Douglas, Stanley, "The Valley").
    const metonyms = sovereign ? c.capital.filter((x) => x.length > 2) : [];
    states.set(code, { code, name: c.name.common, aliases: [...aliases], demonyms: [...demonyms].filter(Boolean), metonyms, seats: [], sovereign, givenNames: [] });
  }
  // i18n-iso-countries knows other English names ("Republic of Korea", "UK"); a name two states share ("Congo") is left to the curated file.
  const names = i18nCountries.getNames('en', { select: 'all' }) as Record<string, string[]>;
  const owners = new Map<string, Set<string>>();
  for (const [alpha2, list] of Object.entries(names)) for (const name of list) owners.set(name, (owners.get(name) ?? new Set()).add(alpha2));
  for (const [alpha2, list] of Object.entries(names)) {
    const alpha3 = i18nCountries.alpha2ToAlpha3(alpha2);
    const state = alpha3 ? states.get(alpha3 === 'UNK' ? 'XKX' : alpha3) : undefined;
    if (!state) continue;
    for (const name of list) if (!name.includes(',') && owners.get(name)!.size === 1 && !state.aliases.includes(name)) state.aliases.push(name);
  }
  return states;
}

/** Field checks that name the file, line and field of a broken entry. */
class Checker {
  constructor(
    private readonly entry: Record<string, unknown>,
    private readonly at: string,
  ) {}

  private fail(message: string): never {
    throw new KnowledgeError(`${this.at}: ${message}`);
  }

  /** Fails on a field that is not in the list. */
  only(fields: ReadonlySet<string>): void {
    for (const key of Object.keys(this.entry)) if (!fields.has(key)) this.fail(`unknown field "${key}" (the fields are: ${[...fields].join(', ')})`);
  }

  string(key: string): string {
    const v = this.entry[key];
    if (typeof v !== 'string' || v.trim() === '') this.fail(`"${key}" must be a non-empty string`);
    return v;
  }

  optString(key: string): string | undefined {
    const v = this.entry[key];
    if (v === undefined || v === null) return undefined;
    return this.string(key);
  }

  id(): string {
    const id = this.string('id');
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) this.fail(`"id" must be lowercase kebab-case, got "${id}"`);
    return id;
  }

  code(key: string): string {
    const v = this.string(key);
    if (!ISO3.test(v)) this.fail(`"${key}" must be an ISO 3166-1 alpha-3 code, got "${v}"`);
    return v;
  }

  optCode(key: string): string | undefined {
    const v = this.entry[key];
    return v === undefined || v === null ? undefined : this.code(key);
  }

  optCodes(key: string): string[] | undefined {
    const v = this.entry[key];
    if (v === undefined || v === null) return undefined;
    const list = this.strings(key);
    for (const c of list) if (!ISO3.test(c)) this.fail(`"${key}" must hold ISO alpha-3 codes, got "${c}"`);
    return list;
  }

  sector(key: string): string {
    const v = this.string(key);
    if (!SECTOR.test(v)) this.fail(`"${key}" must be a three-letter sector code such as GOV or MIL, got "${v}"`);
    return v;
  }

  oneOf(key: string, allowed: string[]): string {
    const v = this.string(key);
    if (!allowed.includes(v)) this.fail(`"${key}" must be one of ${allowed.join(', ')}, got "${v}"`);
    return v;
  }

  strings(key: string): string[] {
    const v = this.entry[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === '')) this.fail(`"${key}" must be a list of non-empty strings`);
    return v as string[];
  }

  objects(key: string): Record<string, unknown>[] {
    const v = this.entry[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null || Array.isArray(x))) this.fail(`"${key}" must be a list of objects`);
    return v as Record<string, unknown>[];
  }

  dates(): DatedSpan {
    const from = this.optDate('from');
    const to = this.optDate('to');
    if (from && to && to < from) this.fail(`"to" (${to}) is before "from" (${from})`);
    return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }

  private optDate(key: string): string | undefined {
    const v = this.entry[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || !DATE.test(v)) this.fail(`"${key}" must be a date YYYY, YYYY-MM or YYYY-MM-DD, got ${JSON.stringify(v)}`);
    return v;
  }
}

/**
 * True when a dated span covers a day. Partial dates cover their whole period: a role that ends
 * "2024-05" is still held on 2024-05-19.
 */
export function activeOn(span: DatedSpan, day: string): boolean {
  if (span.from && day < span.from) return false;
  if (span.to && day.slice(0, span.to.length) > span.to) return false;
  return true;
}
