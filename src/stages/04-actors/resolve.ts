import { sentenceWords, type Actor, type Article, type Mention, type Role } from '../../model/model.ts';
import { addPerson, removePerson, type Gazetteer, type Target } from './gazetteer.ts';
import { activeOn, type KbPerson, type KbRole, type Knowledge } from './knowledge.ts';
import { findMentions, type MentionDraft } from './mentions.ts';

/** A person learned from text: introduced with a title, not in the knowledge base. */
export interface LearnedPerson extends KbPerson {
  /** Publication date of the article that introduced them. */
  seen: string;
  /** The words that introduced them, e.g. "Israeli Foreign Minister Eli Cohen". */
  evidence: string;
}

/** What the actors stage keeps between articles. */
export interface ActorState {
  kb: Knowledge;
  gazetteer: Gazetteer;
  /** People learned from text so far, by id; shared by all articles of a run. */
  learned: Map<string, LearnedPerson>;
  /** Date used when an article has no publication date. */
  today: string;
  /** People by "country|role" (knowledge base first, then learned). */
  holders: Map<string, KbPerson[]>;
}

/** Registers a learned person so later sentences find them by name. */
export function learnPerson(state: ActorState, person: LearnedPerson): void {
  state.learned.set(person.id, person);
  addPerson(state.gazetteer, person);
  indexHolder(state, person);
}

/** Undoes {@link learnPerson}. */
function forgetPerson(state: ActorState, person: LearnedPerson): void {
  state.learned.delete(person.id);
  removePerson(state.gazetteer, person);
  for (const r of person.roles) {
    if (!r.country) continue;
    const key = `${r.country}|${r.role}`;
    const list = state.holders.get(key)?.filter((p) => p !== person) ?? [];
    if (list.length > 0) state.holders.set(key, list);
    else state.holders.delete(key);
  }
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

interface Resolved {
  mention: Mention;
  actor?: Actor;
  sentence: number;
  /** True when a verb follows the mention: it is a clause's subject. */
  subject: boolean;
  /** Position among the sentence's mentions: 0 for the first. */
  order: number;
}

/**
 * Finds and resolves the mentions of an article, sentence by sentence, so that a person learned in
 * one sentence is recognised in the next. Roles are chosen by the article's publication date.
 *
 * A person learned here is forgotten again when the article is done: the store keeps them, and the
 * next run (or a pipeline given `learned`) knows them. So an article is coded the same whatever was
 * read before it in the same run, which lets worker threads code articles in any order with the
 * same result.
 */
export function resolveArticle(article: Article, state: ActorState): void {
  const day = article.meta.published?.slice(0, 10) ?? state.today;
  const actors = new Map<string, Actor>();
  const resolved: Resolved[] = [];
  const learnedHere: LearnedPerson[] = [];
  for (let s = 0; s < article.sentences.length; s++) {
    const sentence = article.sentences[s];
    const tokens = sentence.tokens;
    const { words, lower } = sentenceWords(article, sentence);
    const drafts = findMentions(words, lower, tokens, state.gazetteer);
    for (let order = 0; order < drafts.length; order++) {
      const draft = drafts[order];
      const start = tokens[draft.first].start;
      const end = tokens[draft.end - 1].end;
      // Optional fields are set one by one, in this order, rather than spread in: spreading
      // conditional objects is slow, and the order of the keys shows in the output.
      const mention: Mention = { start, end, text: article.text.slice(start, end), kind: draft.kind, form: draft.form };
      if (draft.role) mention.role = draft.role;
      if (draft.country) mention.country = draft.country;
      if (draft.sector && draft.form !== 'pronoun') mention.sector = draft.sector;
      const next = tokens[draft.end]?.pos === 'ADV' ? tokens[draft.end + 1]?.pos : tokens[draft.end]?.pos;
      const here: Resolved = { mention, sentence: s, order, subject: next === 'VERB' || next === 'AUX' };
      let actor: Actor | undefined;
      switch (draft.form) {
        case 'name':
        case 'surname':
          actor = resolvePerson(draft, state, day, actors, isFormer(lower, draft.first));
          // A name that fits nobody of the stated country still tells whose official spoke.
          if (!actor && draft.country) actor = (draft.role && officeHolder(state, draft.country, draft.role, day)) || stateActor(state, draft.country, draft.sector ?? 'GOV');
          break;
        case 'learned': {
          const [a, b] = draft.unknownName!;
          const name = words.slice(a, b).join(' ').replace(/ - /g, '-').replace(/ ([’']s)$/, '');
          if (draft.country && draft.role && name) {
            const title = words.slice(draft.titleWords![0], draft.titleWords![1]).join(' ');
            const person: LearnedPerson = {
              id: `learned-${slug(name)}`,
              name,
              aliases: [name],
              country: draft.country,
              roles: [{ role: draft.role, title, country: draft.country, sector: draft.sector ?? 'GOV', from: day }],
              seen: day,
              evidence: mention.text,
            };
            const existing = state.learned.get(person.id);
            if (!existing) {
              learnPerson(state, person);
              learnedHere.push(person);
            }
            actor = personActor(existing ?? person, day, draft.role, 'text', state.kb);
            if (!existing) actor.learnedFrom = { start, end, text: mention.text, seen: day };
          }
          break;
        }
        case 'title':
          // "the Iranian President" after "Iranian President Ebrahim Raisi": the person the article
          // already named with that title, whatever the calendar says (the article may be undated).
          if (draft.country) actor = namedWithTitle(resolved, draft.role!, draft.country) ?? officeHolder(state, draft.country, draft.role!, day) ?? stateActor(state, draft.country, draft.sector);
          // "the president" points back to a president; "foreign ministers" to nobody in particular.
          else if (!/[^s]s$/i.test(words[draft.end - 1])) actor = lastWithRole(resolved, draft.role!);
          break;
        case 'agent':
          if (draft.candidates.length > 0) actor = targetActor(state, draft.candidates[0], day);
          else if (draft.country) actor = stateActor(state, draft.country, draft.sector);
          // "Azerbaijan's defense ministry said … The ministry added …": a definite, singular
          // agent word with no country is the one the article named before.
          if (!actor && !draft.country && lower[draft.first - 1] === 'the' && !/[^s]s$/.test(lower[draft.end - 1])) actor = namedAgent(resolved, lower[draft.end - 1], s);
          break;
        case 'counterpart': {
          const role = lastPersonRole(resolved, s);
          actor = (role && officeHolder(state, draft.country!, role, day)) || stateActor(state, draft.country!, 'GOV');
          break;
        }
        case 'grouping':
          actor = draft.pair ? lastPair(resolved, state) : targetActor(state, draft.candidates[0], day);
          break;
        case 'pronoun':
          actor = draft.sector === 'n' ? possessor(resolved, s, article) : antecedent(resolved, s, draft.sector as 'm' | 'f', state);
          break;
        case 'metonym':
          actor = stateActor(state, draft.country!, draft.locative ? undefined : 'GOV');
          break;
        case 'seat':
          actor = stateActor(state, draft.country!, draft.sector);
          break;
        case 'state':
        case 'demonym':
          actor = stateActor(state, draft.country!, undefined);
          break;
        default:
          actor = targetActor(state, draft.candidates[0], day);
      }
      const final = useActor(actors, actor);
      if (final) mention.actorId = final.id;
      here.actor = final;
      resolved.push(here);
    }
  }
  const repointed = headlineTitles(article, resolved);
  const mentions: Mention[] = [];
  for (const r of resolved) if (r.mention.actorId !== undefined || r.mention.kind !== 'pronoun') mentions.push(r.mention);
  article.mentions = mentions;
  // Every actor was made for a mention that points to it, so all are in the article, unless a
  // headline title was re-pointed above: an actor no mention points to any more is not.
  const list: Actor[] = [];
  if (repointed) {
    const used = new Set<string | undefined>();
    for (const m of mentions) used.add(m.actorId);
    for (const a of actors.values()) if (used.has(a.id)) list.push(a);
  } else for (const a of actors.values()) list.push(a);
  article.actors = list;
  for (const person of learnedHere) forgetPerson(state, person);
}

/** The article's actor with this one's id (the first one made wins), registering it if new. */
function useActor(actors: Map<string, Actor>, actor: Actor | undefined): Actor | undefined {
  if (!actor) return undefined;
  const known = actors.get(actor.id);
  if (known) return known;
  actors.set(actor.id, actor);
  return actor;
}

/** Words before a title that say its holder no longer holds it: "former President", "ex-President", "the late King". */
const FORMER = new Set(['former', 'ex', 'late']);

function isFormer(lower: string[], first: number): boolean {
  return FORMER.has(lower[first - 1] ?? '') || (lower[first - 1] === '-' && lower[first - 2] === 'ex');
}

/** The person a name means; `former` when the text says their title is a past one, which then decides nothing of their actor. */
function resolvePerson(draft: MentionDraft, state: ActorState, day: string, seen: Map<string, Actor>, former: boolean): Actor | undefined {
  const people: KbPerson[] = [];
  for (const t of draft.candidates) {
    if (t.type !== 'person') continue;
    const p = state.kb.people.get(t.id) ?? state.learned.get(t.id);
    // A surname the knowledge base does not list as an alias ("Johnson", "Ahmed", "Khan": too
    // common to name anyone alone) is the person only once the article has named them, or under
    // one of their titles ("Speaker Johnson").
    if (p && (!t.derived || seen.has(t.id) || holdsRole(p, draft))) people.push(p);
  }
  // "Russian President Boris Yeltsin" is not Boris Johnson: a stated country rules out people of other countries.
  const stated = draft.country ? people.filter((p) => p.country === draft.country || p.roles.some((r) => r.country === draft.country)) : people;
  // A surname alone is not someone who took their first office long after the article: "May" in a
  // 1987 report is the month, not Theresa May.
  const fitting = draft.form === 'surname' ? stated.filter((p) => knownBy(p, day)) : stated;
  if (fitting.length === 0) return undefined;
  // Equal scores go to the person whose offices lie nearest the day: "Assad" after 2000 is Bashar, not Hafez.
  const best = fitting.reduce((a, b) => {
    const diff = personScore(b, draft, day, seen) - personScore(a, draft, day, seen);
    return diff > 0 || (diff === 0 && yearsFromOffice(b, day) < yearsFromOffice(a, day)) ? b : a;
  });
  return personActor(best, day, former ? undefined : draft.role, state.learned.has(best.id) ? 'text' : 'kb', state.kb);
}

/** How many years lie between a day and the nearest of a person's dated roles (0 inside one); very large without any. */
function yearsFromOffice(p: KbPerson, day: string): number {
  const year = Number(day.slice(0, 4));
  let nearest = Infinity;
  for (const r of p.roles) {
    if (!r.from && !r.to) continue;
    const from = r.from ? Number(r.from.slice(0, 4)) : -Infinity;
    const to = r.to ? Number(r.to.slice(0, 4)) : Infinity;
    nearest = Math.min(nearest, year < from ? from - year : year > to ? year - to : 0);
  }
  return nearest;
}

/** Years before their first office in which a person may be named by surname alone. */
const KNOWN_BEFORE_OFFICE_YEARS = 10;

/** Whether a person could be named by surname alone on a day: no later than some years before their first dated role. */
function knownBy(p: KbPerson, day: string): boolean {
  let first = Infinity;
  for (const r of p.roles) if (r.from) first = Math.min(first, Number(r.from.slice(0, 4)));
  return first === Infinity || Number(day.slice(0, 4)) >= first - KNOWN_BEFORE_OFFICE_YEARS;
}

/** Whether a person ever held the role a title gave (in the stated country, if one was); false without a title. */
function holdsRole(p: KbPerson, draft: MentionDraft): boolean {
  return draft.role !== undefined && p.roles.some((r) => r.role === draft.role && (!draft.country || r.country === draft.country));
}

/** How well a person fits a name: already in the article, holding the title's role, in office on the day. */
function personScore(p: KbPerson, draft: MentionDraft, day: string, seen: Map<string, Actor>): number {
  let n = 0;
  if (seen.has(p.id)) n += 8;
  if (holdsRole(p, draft)) n += 4;
  if (p.roles.some((r) => activeOn(r, day))) n += 2;
  return n;
}

/** The person's actor as of a day: the role they held then decides country and sector. */
export function personActor(person: KbPerson, day: string, preferRole: string | undefined, source: 'kb' | 'text', kb: Knowledge): Actor {
  const roles: Role[] = person.roles.map((r) => toRole(r, source));
  const active = person.roles.filter((r) => activeOn(r, day));
  // "Arab League Secretary-General Chedli Klibi" in an undated text: a person in no office that
  // day, named with the title of one they held, is acting in it.
  const current = active.find((r) => r.role === preferRole) ?? active[0] ?? (preferRole ? nearestRole(person.roles, preferRole, day) : undefined);
  // A role in a body codes as the body does ("AL" for the Arab League's secretary-general); one in
  // a body of no state (the UN's secretary-general) is not the holder's own country acting.
  const body = current?.org ? bodyOf(kb, current.org) : undefined;
  const stateless = body !== undefined && !current?.country;
  const country = stateless ? undefined : (current?.country ?? person.country);
  const sector = stateless ? body.sector : (current?.sector ?? (current ? 'GOV' : undefined));
  const code = body ? body.code : `${country ?? ''}${sector ?? ''}` || 'UNK';
  // Fields are added one by one rather than spread in (slow), in the order the output shows them.
  const actor: Partial<Actor> = { id: person.id, name: person.name, kind: 'person' };
  if (country) actor.country = country;
  if (sector) actor.sector = sector;
  actor.code = code;
  if (current) actor.role = toRole(current, source);
  actor.roles = roles;
  return actor as Actor;
}

/** The code and sector of an organisation, grouping or group by its id. */
function bodyOf(kb: Knowledge, id: string): { code: string; sector: string } {
  const org = kb.organisations.get(id);
  if (org) return { code: org.code, sector: org.kind === 'ngo' ? 'NGO' : 'IGO' };
  const grouping = kb.groupings.get(id);
  if (grouping) return { code: grouping.code, sector: 'IGO' };
  const group = kb.groups.get(id);
  if (group) return { code: group.code, sector: group.sector };
  return { code: id.toUpperCase(), sector: 'IGO' };
}

/** Of a person's roles with this key, the one nearest the day. */
function nearestRole(roles: KbRole[], key: string, day: string): KbRole | undefined {
  let best: KbRole | undefined;
  let distance = Infinity;
  for (const r of roles) {
    if (r.role !== key) continue;
    const d = Math.min(Math.abs(Date.parse(r.from ?? day) - Date.parse(day)), Math.abs(Date.parse(r.to ?? day) - Date.parse(day)));
    if (d < distance) {
      best = r;
      distance = d;
    }
  }
  return best;
}

function toRole(r: KbRole, source: 'kb' | 'text'): Role {
  const role: Partial<Role> = { key: r.role, title: r.title };
  if (r.country) role.country = r.country;
  role.sector = r.sector;
  if (r.from) role.from = r.from;
  if (r.to) role.to = r.to;
  role.source = source;
  return role as Role;
}

/** Who held a role in a country on a day: from the knowledge base first, then from people learned. */
export function officeHolder(state: ActorState, country: string, role: string, day: string): Actor | undefined {
  for (const person of state.holders.get(`${country}|${role}`) ?? []) {
    if (person.roles.some((r) => r.role === role && r.country === country && activeOn(r, day))) {
      return personActor(person, day, role, state.learned.has(person.id) ? 'text' : 'kb', state.kb);
    }
  }
  return undefined;
}

/** Indexes a person's roles so office holders are found without scanning everyone. */
export function indexHolder(state: ActorState, person: KbPerson): void {
  for (const r of person.roles) {
    if (!r.country) continue;
    const key = `${r.country}|${r.role}`;
    const list = state.holders.get(key) ?? [];
    if (!list.includes(person)) list.push(person);
    state.holders.set(key, list);
  }
}

/** A state, or one of its sectors (IRNGOV, AZEMIL). */
export function stateActor(state: ActorState, code: string, sector: string | undefined): Actor {
  const name = state.kb.states.get(code)?.name ?? code;
  return sector
    ? { id: `${code}${sector}`, name: `${name} (${sector})`, kind: 'state', country: code, sector, code: `${code}${sector}`, roles: [] }
    : { id: code, name, kind: 'state', country: code, code, roles: [] };
}

function targetActor(state: ActorState, target: Target | undefined, day: string): Actor | undefined {
  if (!target) return undefined;
  switch (target.type) {
    case 'organisation': {
      const org = state.kb.organisations.get(target.id);
      if (!org) return undefined;
      const actor: Actor = { id: org.id, name: org.name, kind: org.kind === 'ngo' ? 'org' : org.kind === 'grouping' ? 'grouping' : 'igo', code: org.code, roles: [] };
      if (org.members) actor.members = org.members;
      return actor;
    }
    case 'grouping': {
      const g = state.kb.groupings.get(target.id);
      return g ? { id: g.id, name: g.name, kind: 'grouping', code: g.code, members: g.members, roles: [] } : undefined;
    }
    case 'group': {
      const g = state.kb.groups.get(target.id);
      if (!g) return undefined;
      const governing = g.governs?.find((x) => activeOn(x, day));
      // Fields one by one, in the order the output shows them: a group in power is its state's government.
      const actor: Partial<Actor> = { id: g.id, name: g.name, kind: 'group' };
      if (governing) {
        actor.country = governing.country;
        actor.sector = 'GOV';
      } else {
        if (g.country) actor.country = g.country;
        actor.sector = g.sector;
      }
      actor.code = governing ? `${governing.country}GOV` : g.code;
      actor.roles = [];
      return actor as Actor;
    }
    case 'seat':
      return stateActor(state, target.code, target.sector);
    case 'state':
    case 'demonym':
      return stateActor(state, target.code, undefined);
    case 'metonym':
      return stateActor(state, target.code, 'GOV');
    default:
      return undefined;
  }
}

/** A mention of a state, organisation or group: what "its" may point to. */
function collective(r: Resolved): boolean {
  return r.actor !== undefined && r.actor.kind !== 'person' && r.mention.kind !== 'pronoun' && r.mention.kind !== 'place';
}

/**
 * What "its" or "their" points to: the first state, organisation or group of the sentence (its
 * subject, usually: "Iran accused Azerbaijan of attacks on its military" — Iran's), else of the
 * sentence before.
 */
function possessor(resolved: Resolved[], sentence: number, article: Article): Actor | undefined {
  const here = resolved.filter((r) => r.sentence === sentence && collective(r));
  // The subject of the nearest clause first ("after Azerbaijan improved its relations"), then the sentence's first actor.
  const subject = [...here].reverse().find((r) => r.subject);
  // "“… Armenian armed forces …,” the ministry said. It said …": not an actor inside the quote.
  return (
    subject ??
    here[0] ??
    resolved.find((r) => r.sentence === sentence - 1 && collective(r) && !insideQuotes(article, article.sentences[r.sentence].paragraph, r.mention.start))
  )?.actor;
}

/** The actor of the last mention within three sentences whose words end with this agent word ("defense ministry" for "the ministry"). */
function namedAgent(resolved: Resolved[], head: string, sentence: number): Actor | undefined {
  for (let i = resolved.length - 1; i >= 0; i--) {
    const r = resolved[i];
    if (r.sentence < sentence - 3) break;
    if (r.mention.form === 'agent' && r.actor && r.actor.kind !== 'person' && r.mention.text.toLowerCase().split(/\s+/).at(-1) === head) return r.actor;
  }
  return undefined;
}

/** Whether an offset lies inside double quotation marks opened earlier in its paragraph. */
function insideQuotes(article: Article, paragraph: number, offset: number): boolean {
  const from = article.paragraphs[paragraph]?.start ?? 0;
  let open = false;
  for (let i = from; i < offset; i++) {
    const c = article.text[i];
    if (c === '“') open = true;
    else if (c === '”') open = false;
    else if (c === '"') open = !open;
  }
  return open;
}

/** The two states named together most recently ("Armenia and Azerbaijan …"), as one pair. */
function lastPair(resolved: Resolved[], state: ActorState): Actor | undefined {
  const sentences = [...new Set(resolved.map((r) => r.sentence))].reverse();
  for (const s of sentences) {
    const codes = [...new Set(resolved.filter((r) => r.sentence === s && r.mention.kind !== 'pronoun' && r.actor?.country && (r.actor.kind === 'state' || r.actor.kind === 'person')).map((r) => r.actor!.country!))];
    if (codes.length === 2) {
      const names = codes.map((c) => state.kb.states.get(c)?.name ?? c);
      return { id: `pair-${codes.join('-')}`, name: names.join(' and '), kind: 'grouping', code: codes.join('+'), members: codes, roles: [] };
    }
  }
  return undefined;
}

/**
 * A headline names by title the person the body then names: "Iranian President Criticizes
 * Azerbaijan …" above "Iranian President Ebrahim Raisi on Monday criticized …". A title in the
 * headline goes to the first person the body names with the same title and country, rather than
 * to whoever held the office on the publication date. Returns whether any title was re-pointed.
 */
function headlineTitles(article: Article, resolved: Resolved[]): boolean {
  let repointed = false;
  for (const r of resolved) {
    if (r.mention.form !== 'title' || !r.mention.role || !r.mention.country) continue;
    if (article.paragraphs[article.sentences[r.sentence].paragraph]?.kind !== 'title') continue;
    const named = resolved.find(
      (n) => n.sentence > r.sentence && n.mention.form === 'name' && n.mention.role === r.mention.role && n.mention.country === r.mention.country && n.actor?.kind === 'person',
    );
    if (named?.actor) {
      r.actor = named.actor;
      r.mention.actorId = named.actor.id;
      repointed = true;
    }
  }
  return repointed;
}

/** The last person the article named with a title of this role and country ("Iranian President Ebrahim Raisi"). */
function namedWithTitle(resolved: Resolved[], role: string, country: string): Actor | undefined {
  for (let i = resolved.length - 1; i >= 0; i--) {
    const r = resolved[i];
    if (r.actor?.kind === 'person' && r.mention.role === role && r.mention.country === country && r.mention.form === 'name') return r.actor;
  }
  return undefined;
}

function lastWithRole(resolved: Resolved[], role: string): Actor | undefined {
  for (let i = resolved.length - 1; i >= 0; i--) {
    const a = resolved[i].actor;
    // The role held on the date, or the title the article gave them ("President Raisi" in an undated article).
    if (a?.kind === 'person' && (a.role?.key === role || resolved[i].mention.role === role)) return a;
  }
  return undefined;
}

/** The role of the person this sentence is about (its first person), or the previous sentence's. */
function lastPersonRole(resolved: Resolved[], sentence: number): string | undefined {
  const person = resolved.find((r) => r.sentence === sentence && r.actor?.kind === 'person') ?? [...resolved].reverse().find((r) => r.actor?.kind === 'person');
  return person?.actor?.role?.key;
}

/**
 * The person a pronoun points to: an earlier person in the same sentence, else the first person
 * (the subject, usually) of the latest sentence that names one. Gender must not contradict.
 */
function antecedent(resolved: Resolved[], sentence: number, gender: 'm' | 'f', state: ActorState): Actor | undefined {
  const same = resolved.filter((r) => r.sentence === sentence && fitsGender(r, gender, state));
  if (same.length > 0) return same[same.length - 1].actor;
  for (let i = resolved.length - 1; i >= 0; i--) {
    if (!fitsGender(resolved[i], gender, state)) continue;
    const s = resolved[i].sentence;
    const inSentence = resolved.filter((r) => r.sentence === s && fitsGender(r, gender, state));
    // A name outranks a pronoun ("For his part, Foreign Minister X said …").
    return (inSentence.find((r) => r.mention.kind !== 'pronoun') ?? inSentence[0]).actor;
  }
  return undefined;
}

/** A person whose gender, when the knowledge base knows it, does not contradict the pronoun's. */
function fitsGender(r: Resolved, gender: 'm' | 'f', state: ActorState): boolean {
  if (r.actor?.kind !== 'person') return false;
  const g = state.kb.people.get(r.actor.id)?.gender;
  return !g || g === gender;
}
