import type { MentionForm, MentionKind, Token } from '../../model/model.ts';
import type { Gazetteer, Match, Target } from './gazetteer.ts';

/** A mention found in a sentence, before it is resolved to an actor. Token positions are `[first, end)`. */
export interface MentionDraft {
  first: number;
  end: number;
  kind: MentionKind;
  form: MentionForm;
  /** People, organisations… the words may name. */
  candidates: Target[];
  role?: string;
  /** Words of the title ("Foreign Minister"), for roles learned from text. */
  titleWords?: [number, number];
  country?: string;
  sector?: string;
  /** Token range of an unknown name after a title, for learning. */
  unknownName?: [number, number];
  /** The place reading of a capital: "in Tehran". */
  locative?: boolean;
  /** "the two countries": the pair of states named last. */
  pair?: boolean;
}

const POSSESSIVE = new Set(["'s", '’s', "'", '’']);
const LOCATIVE = new Set(['in', 'at', 'to', 'from', 'near', 'into', 'inside', 'outside', 'across', 'via', 'toward', 'towards', 'around', 'through']);
/** Gender of each pronoun. A Map, not an object: looking arbitrary words up in an object is slow. */
const PRONOUNS = new Map<string, 'm' | 'f' | 'n'>([['he', 'm'], ['him', 'm'], ['his', 'm'], ['she', 'f'], ['her', 'f'], ['its', 'n'], ['their', 'n']]);
const COUNTERPART = new Set(['counterpart', 'counterparts']);
const PAIR_NOUNS = new Set(['countries', 'sides', 'neighbours', 'neighbors', 'nations', 'states', 'governments', 'capitals', 'rivals', 'foes', 'adversaries']);
const SAYING = new Set(['said', 'says', 'added', 'accused', 'warned', 'denied', 'announced', 'called', 'urged', 'rejected', 'condemned', 'threatened', 'insisted', 'stressed', 'demanded', 'blamed']);
/** Agents that stand for a state's body when a state follows ("the government of Sindh"); "an embassy in Tehran" is a place. */
const COLLECTIVE = new Set(['government', 'army', 'police', 'military', 'parliament', 'navy', 'regime', 'administration', 'leadership', 'cabinet', 'junta', 'judiciary', 'opposition']);

/** Whether most longer words of a sentence are capitalised, as in a headline. */
function isTitleCase(words: string[]): boolean {
  let longer = 0;
  let capitals = 0;
  for (const w of words) {
    if (w.length < 4 || !/^\p{L}/u.test(w)) continue;
    longer++;
    if (/^\p{Lu}/u.test(w)) capitals++;
  }
  return longer >= 3 && capitals >= longer * 0.6;
}

const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

/** Whether the word at `i` is a capitalised proper name. */
function isCapitalisedName(words: string[], tokens: readonly Pick<Token, 'pos'>[], i: number): boolean {
  return i < words.length && tokens[i].pos === 'PROPN' && /^\p{Lu}/u.test(words[i]);
}

/** Whether the word at `i` is a capitalised proper name that is not a weekday or a month ("Israel Monday said"). */
function isOtherName(words: string[], lower: string[], tokens: readonly Pick<Token, 'pos'>[], i: number): boolean {
  return isCapitalisedName(words, tokens, i) && !WEEKDAYS.has(lower[i]) && !MONTHS.has(lower[i]);
}

/**
 * Whether a state's name matched at `j` names something else than the state: "New Mexico" (after
 * "New", unless the knowledge base knows the whole name, as "New Zealand"); "Chad Smith" (a name
 * that is also a given name, before another name the knowledge base does not know or knows only as
 * the last word of someone's name; not in a headline, where every word is capitalised); "Soviet-made
 * munitions", "Soviet-style armies" (the state only says where a thing was made or what it is like).
 */
function isPartOfOtherName(words: string[], lower: string[], tokens: readonly Pick<Token, 'pos'>[], matches: Match[], j: number): boolean {
  const m = matches[j];
  if (!stateOf(m) || has(m, 'person')) return false;
  if (words[m.first - 1] === 'New') return true;
  if (words[m.end] === '-' && MADE_LIKE.has(lower[m.end + 1] ?? '')) return true;
  if (m.targets.some((t) => t.type === 'state' && t.givenName) && isOtherName(words, lower, tokens, m.end)) {
    const after = matches[j + 1]?.first === m.end ? matches[j + 1] : undefined;
    return (!after || onlyDerived(after)) && !isTitleCase(words);
  }
  return false;
}

/** Whether a match is only the last word of known people's names, which the knowledge base does not list alone. */
function onlyDerived(match: Match): boolean {
  return match.targets.every((t) => t.type === 'person' && t.derived);
}

/** Words after a state's name and a hyphen that make it a description of a thing ("Soviet-era"). */
const MADE_LIKE = new Set(['made', 'built', 'designed', 'manufactured', 'produced', 'style', 'era', 'type', 'like', 'born']);

/** Month names: some are surnames too ("May"). */
const MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
/** Words before a month used as one ("in May", "late May"); not "by" or "from", which also come before people. */
const BEFORE_MONTH = new Set(['in', 'on', 'since', 'until', 'till', 'during', 'throughout', 'early', 'late', 'mid', 'last', 'next', 'this']);
const NAME_PARTICLES = new Set(['bin', 'bint', 'al', 'ibn', 'de', 'van', 'von', 'el', 'ben', 'abu', 'la', 'le', 'del', 'della', 'der', 'den', 'da', 'dos', 'das', 'du', 'di', 'ter']);
/** Words that look like names after a title but are not ("President Says"): headline verbs and the like. */
const NOT_NAME = new Set([
  'Says', 'Said', 'Calls', 'Meets', 'Warns', 'Visits', 'Urges', 'Office', 'Ministry', 'Administration', 'Government',
  // A date right after a name is not part of it: "President Felix Houphouet-Boigny March 3".
  'January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
]);

// These helpers run for every match: plain loops, no callbacks.
function has(match: Match, type: Target['type']): boolean {
  for (const t of match.targets) if (t.type === type) return true;
  return false;
}

function pick<T extends Target['type']>(match: Match, type: T): Extract<Target, { type: T }> | undefined {
  for (const t of match.targets) if (t.type === type) return t as Extract<Target, { type: T }>;
  return undefined;
}

/** The state a modifier points to: a state's name, its demonym, or a capital used as its name. */
function stateOf(match: Match): { code: string; form: MentionForm } | undefined {
  const s = pick(match, 'state') ?? pick(match, 'demonym') ?? pick(match, 'metonym');
  if (!s) return undefined;
  return { code: s.code, form: s.type === 'demonym' ? 'demonym' : s.type === 'metonym' ? 'metonym' : 'state' };
}

/**
 * Finds the mentions of one sentence. Phrases matched by the gazetteer are composed into
 * mentions: "Azerbaijani Foreign Minister Jeyhun Bayramov" (state, title, name) is one mention of
 * a person; "the Iranian president" a title with a country; "Iranian officials" a state with a
 * sector; "his Iranian counterpart" a counterpart; "he" a pronoun. `words` and `lower` are the
 * sentence's token texts as written and in lower case; `tokens` give their parts of speech.
 */
export function findMentions(words: string[], lower: string[], tokens: readonly Pick<Token, 'pos'>[], gazetteer: Gazetteer): MentionDraft[] {
  const matches = gazetteer.match(words, lower);
  const drafts: MentionDraft[] = [];
  const covered = coveredFor(words.length);
  let j = 0;
  while (j < matches.length) {
    const m = matches[j];
    if (isPartOfOtherName(words, lower, tokens, matches, j)) {
      j++;
      continue;
    }
    let k = j;
    let cursor = m.first;
    let modifier: { code: string; form: MentionForm } | undefined;
    let org: Match | undefined;
    const own = stateOf(m);
    if (own && !has(m, 'person')) {
      modifier = own;
      cursor = m.end;
      k++;
      if (POSSESSIVE.has(words[cursor])) cursor++;
    } else if (has(m, 'organisation') && matches[j + 1]?.first === m.end && has(matches[j + 1], 'agent')) {
      org = m;
      cursor = m.end;
      k++;
    }
    const agents: Match[] = [];
    while (k < matches.length && matches[k].first === cursor && has(matches[k], 'agent') && !has(matches[k], 'person')) {
      agents.push(matches[k]);
      cursor = matches[k].end;
      k++;
    }
    // "security forces in Guinea", "the government of Sindh": the state comes after the agent.
    // "… in Azerbaijan, where security services arrested …": agents in a "where" clause belong to the place before it.
    if (!modifier && !org && agents.length > 0 && lower[m.first - 1] === 'where' && lower[m.first - 2] === ',') {
      let before: Match | undefined;
      for (let b = j - 1; b >= 0 && !before; b--) if (matches[b].end === m.first - 2) before = matches[b];
      const state = before && !has(before, 'person') ? stateOf(before) : undefined;
      if (state) modifier = state;
    }
    const collective = agents.length > 0 && (/[^s]s$/.test(lower[cursor - 1] ?? '') || COLLECTIVE.has(lower[cursor - 1] ?? ''));
    // "the president of Armenia": a title with "of" and a state is that state's office.
    const role = lastRole(agents);
    const titled = role !== undefined && lower[cursor] === 'of';
    // Set when the state came after the title ("president of the Japan …"): a capitalised word
    // after it is then the rest of an institution's name ("Chamber", "National Bank"), not a person.
    let stateAfterTitle = false;
    if (!modifier && !org && (collective || titled) && (lower[cursor] === 'in' || lower[cursor] === 'of')) {
      const at = lower[cursor + 1] === 'the' ? cursor + 2 : cursor + 1;
      const place = matches[k]?.first === at ? matches[k] : undefined;
      const state = place && !has(place, 'person') ? stateOf(place) : undefined;
      if (place && state && !(matches[k + 1]?.first === place.end && has(matches[k + 1], 'person'))) {
        modifier = state;
        cursor = place.end;
        k++;
        stateAfterTitle = true;
      }
    }
    const sector = agents.length > 0 ? pick(agents[agents.length - 1], 'agent')?.sector : undefined;
    const start = m.first;
    const titleWords: [number, number] | undefined = agents.length ? [agents[0].first, agents[agents.length - 1].end] : undefined;

    // A name right after the title (or the name alone).
    const next = matches[k];
    // "Lebanese minister Mohamad Chatah": a word that is only the last word of known names
    // ("Mahathir Mohamad"), followed by another name, begins the name of someone else.
    const firstNameOfAnother = next !== undefined && onlyDerived(next) && isCapitalisedName(words, tokens, next.end);
    if (next && next.first === cursor && has(next, 'person') && !firstNameOfAnother && (modifier || agents.length || org || k === j)) {
      const person = next.targets.filter((t) => t.type === 'person');
      const surname = person.every((t) => t.type === 'person' && t.surname);
      const bare = !modifier && agents.length === 0 && !org;
      // A lone surname followed by another capitalised name is someone else's first name ("Mustafa Kemal").
      const partOfLongerName = bare && surname && /^\p{Lu}/u.test(words[next.end] ?? '') && tokens[next.end].pos === 'PROPN';
      // "the Hague", "the Vatican's Parolin": a bare surname after "the" names a place or thing, not a person.
      const afterArticle = bare && surname && lower[start - 1] === 'the';
      const month = bare && surname && next.end - next.first === 1 && isMonthUse(lower, next.first);
      if (!partOfLongerName && !afterArticle && !month) drafts.push(newDraft(start, next.end, 'person', surname ? 'surname' : 'name', person, role, titleWords, modifier?.code, sector));
      k++;
    } else if (agents.length > 0 && role && !stateAfterTitle && isNameStart(words, tokens, cursor)) {
      let end = cursor;
      while (end < words.length && end - cursor < 6 && (isNameWord(words, tokens, end) || particlesThenName(words, lower, tokens, end) || (words[end] === '-' && isNameWord(words, tokens, end + 1)))) end++;
      while (end > cursor && !isNameWord(words, tokens, end - 1)) end--;
      const draft = newDraft(start, end, 'person', 'learned', [], role, titleWords, modifier?.code, sector);
      draft.unknownName = [cursor, end];
      drafts.push(draft);
    } else if (agents.length > 0) {
      drafts.push(newDraft(start, Math.max(cursor, agents[agents.length - 1].end), 'agent', role ? 'title' : 'agent', org ? org.targets : [], role, titleWords, modifier?.code, sector));
    } else if (modifier && COUNTERPART.has(lower[cursor] ?? '')) {
      drafts.push(newDraft(start, cursor + 1, 'person', 'counterpart', [], undefined, undefined, modifier.code));
    } else if (modifier) {
      const locative = modifier.form === 'metonym' && start > 0 && LOCATIVE.has(lower[start - 1]);
      const draft = newDraft(start, m.end, locative ? 'place' : 'state', modifier.form, m.targets, undefined, undefined, modifier.code);
      draft.locative = locative;
      drafts.push(draft);
      k = j + 1;
    } else if (org) {
      drafts.push(newDraft(start, org.end, 'igo', 'organisation', org.targets));
      k = j + 1;
    } else {
      const draft = simpleDraft(m);
      if (draft) drafts.push(draft);
      k = j + 1;
    }
    const last = drafts[drafts.length - 1];
    if (last) for (let t = last.first; t < last.end; t++) covered[t] = 1;
    j = Math.max(k, j + 1);
  }
  // One pass over the words finds pairs and pronouns; pronouns are added after the pairs and the
  // "It" below, as ties in the final (stable) sort keep that order.
  let pronouns: MentionDraft[] | undefined;
  for (let t = 0; t < words.length; t++) {
    const word = lower[t];
    // "the two countries", "both sides": a pair named earlier.
    if ((word === 'two' || word === 'both') && t + 1 < words.length && PAIR_NOUNS.has(lower[t + 1]) && !covered[t] && !covered[t + 1]) {
      const first = t > 0 && lower[t - 1] === 'the' ? t - 1 : t;
      const draft = newDraft(first, t + 2, 'state', 'grouping', []);
      draft.pair = true;
      drafts.push(draft);
    }
    const pos = tokens[t].pos;
    if ((pos === 'PRON' || pos === 'DET') && !covered[t]) {
      const gender = PRONOUNS.get(word);
      if (gender) (pronouns ??= []).push(newDraft(t, t + 1, 'pronoun', 'pronoun', [], undefined, undefined, undefined, gender));
    }
  }
  // "It said the assaults carried Israeli prints": a sentence-initial "It" before a verb of saying
  // is a state or organisation speaking, not the "it" of "it is time".
  if (words[0] === 'It' && !covered[0] && SAYING.has(lower[1] ?? '')) {
    drafts.push(newDraft(0, 1, 'pronoun', 'pronoun', [], undefined, undefined, undefined, 'n'));
  }
  if (pronouns) for (const d of pronouns) drafts.push(d);
  // Drafts are mostly in order already; sorting only when they are not gives the same result, as the sort is stable.
  for (let i = 1; i < drafts.length; i++) if (drafts[i].first < drafts[i - 1].first) return drafts.sort((a, b) => a.first - b.first);
  return drafts;
}

/** Scratch flags for the words of the sentence at hand, reused: allocating a typed array per sentence is slow. */
let coveredScratch = new Uint8Array(128);

/** {@link coveredScratch}, cleared for a sentence of `length` words. */
function coveredFor(length: number): Uint8Array {
  if (coveredScratch.length < length) coveredScratch = new Uint8Array(Math.max(length, coveredScratch.length * 2));
  else coveredScratch.fill(0, 0, length);
  return coveredScratch;
}

/** The last role among the agent words of a title ("Deputy Foreign Minister"), if any has one. */
function lastRole(agents: Match[]): string | undefined {
  for (let i = agents.length - 1; i >= 0; i--) {
    const role = pick(agents[i], 'agent')?.role;
    if (role) return role;
  }
  return undefined;
}

/** Particles join the words of a name when a name word follows them: "Miguel de la Madrid". */
function particlesThenName(words: string[], lower: string[], tokens: readonly Pick<Token, 'pos'>[], at: number): boolean {
  let k = at;
  while (k < words.length && NAME_PARTICLES.has(lower[k])) k++;
  return k > at && isNameWord(words, tokens, k);
}

/**
 * A draft with every field present, always in this order. Drafts made as literals of a dozen
 * different shapes made every read of their fields in the resolver a slow, megamorphic one.
 */
function newDraft(
  first: number,
  end: number,
  kind: MentionKind,
  form: MentionForm,
  candidates: Target[],
  role?: string,
  titleWords?: [number, number],
  country?: string,
  sector?: string,
): MentionDraft {
  return { first, end, kind, form, candidates, role, titleWords, country, sector, unknownName: undefined, locative: undefined, pair: undefined };
}

function simpleDraft(m: Match): MentionDraft | undefined {
  const t = m.targets[0];
  switch (t.type) {
    case 'person':
      return newDraft(m.first, m.end, 'person', m.targets.every((x) => x.type !== 'person' || x.surname) ? 'surname' : 'name', m.targets.filter((x) => x.type === 'person'));
    case 'seat':
      return newDraft(m.first, m.end, 'state', 'seat', [t], undefined, undefined, t.code, t.sector);
    case 'organisation':
      return newDraft(m.first, m.end, 'igo', 'organisation', m.targets);
    case 'grouping':
      return newDraft(m.first, m.end, 'state', 'grouping', m.targets);
    case 'group':
      return newDraft(m.first, m.end, 'group', 'group', m.targets);
    case 'agent':
      return t.role ? newDraft(m.first, m.end, 'agent', 'title', [], t.role, undefined, undefined, t.sector) : undefined;
    default:
      return undefined;
  }
}

function isNameWord(words: string[], tokens: readonly Pick<Token, 'pos'>[], i: number): boolean {
  const w = words[i];
  if (w === undefined || !/^\p{Lu}[\p{L}'’.-]*$/u.test(w)) return false;
  const pos = tokens[i].pos;
  return (pos === 'PROPN' || pos === 'NOUN' || pos === 'ADJ') && !NOT_NAME.has(w);
}

function isNameStart(words: string[], tokens: readonly Pick<Token, 'pos'>[], i: number): boolean {
  return isNameWord(words, tokens, i);
}

/**
 * Whether the word at `i` is a month used as one, not a surname: next to a day or a year ("May 3",
 * "May 2019", "31 May", "the end of May"), in "May Day" or a range of months ("February to May",
 * "May-October"), or after a word that introduces a time ("in May", "late May", "mid-May"),
 * unless a possessive makes it a person's ("in May's government").
 */
function isMonthUse(lower: string[], i: number): boolean {
  if (!MONTHS.has(lower[i])) return false;
  const after = lower[i + 1] ?? '';
  if (DAY_OR_YEAR.test(after)) return true;
  // "May Day", "May-October".
  if (after === 'day' || (after === '-' && MONTHS.has(lower[i + 2] ?? ''))) return true;
  if (after === "'s" || after === '’s') return false;
  const before = lower[i - 1] === '-' ? lower[i - 2] : lower[i - 1];
  // "on 31 May", "the 3rd of May", "between February and May".
  if (DAY_OR_YEAR.test(lower[i - 1] ?? '') || (before === 'of' && (lower[i - 2] === 'end' || DAY_OR_YEAR.test(lower[i - 2] ?? '')))) return true;
  if ((before === 'and' || before === 'or' || before === 'to' || before === 'through') && MONTHS.has(lower[i - 2] ?? '')) return true;
  return BEFORE_MONTH.has(before ?? '');
}

/** A day of the month or a year, as a word: "3", "3rd", "2019". */
const DAY_OR_YEAR = /^\d{1,4}(?:st|nd|rd|th)?$/;
