import type { MentionForm, MentionKind } from '../../model/model.ts';
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
const PRONOUNS: Record<string, 'm' | 'f' | 'n'> = { he: 'm', him: 'm', his: 'm', she: 'f', her: 'f', its: 'n', their: 'n' };
const COUNTERPART = new Set(['counterpart', 'counterparts']);
const PAIR_NOUNS = new Set(['countries', 'sides', 'neighbours', 'neighbors', 'nations', 'states', 'governments', 'capitals', 'rivals', 'foes', 'adversaries']);
const SAYING = new Set(['said', 'says', 'added', 'accused', 'warned', 'denied', 'announced', 'called', 'urged', 'rejected', 'condemned', 'threatened', 'insisted', 'stressed', 'demanded', 'blamed']);
/** Agents that stand for a state's body when a state follows ("the government of Sindh"); "an embassy in Tehran" is a place. */
const COLLECTIVE = new Set(['government', 'army', 'police', 'military', 'parliament', 'navy', 'regime', 'administration', 'leadership', 'cabinet', 'junta', 'judiciary', 'opposition']);
const NAME_PARTICLES = new Set(['bin', 'bint', 'al', 'ibn', 'de', 'van', 'von', 'el', 'ben', 'abu', 'la', 'le', 'del', 'della', 'der', 'den', 'da', 'dos', 'das', 'du', 'di', 'ter']);
/** Words that look like names after a title but are not ("President Says"): headline verbs and the like. */
const NOT_NAME = new Set([
  'Says', 'Said', 'Calls', 'Meets', 'Warns', 'Visits', 'Urges', 'Office', 'Ministry', 'Administration', 'Government',
  // A date right after a name is not part of it: "President Felix Houphouet-Boigny March 3".
  'January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
]);

function has(match: Match, type: Target['type']): boolean {
  return match.targets.some((t) => t.type === type);
}

function pick<T extends Target['type']>(match: Match, type: T): Extract<Target, { type: T }> | undefined {
  return match.targets.find((t) => t.type === type) as Extract<Target, { type: T }> | undefined;
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
 * sector; "his Iranian counterpart" a counterpart; "he" a pronoun.
 */
export function findMentions(words: string[], lower: string[], pos: string[], gazetteer: Gazetteer): MentionDraft[] {
  const matches = gazetteer.match(words, lower);
  const drafts: MentionDraft[] = [];
  const covered = new Uint8Array(words.length);
  let j = 0;
  while (j < matches.length) {
    const m = matches[j];
    let k = j;
    let cursor = m.first;
    let modifier: { code: string; form: MentionForm } | undefined;
    let org: Match | undefined;
    if (stateOf(m) && !has(m, 'person')) {
      modifier = stateOf(m);
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
      const before = matches.slice(0, j).reverse().find((x) => x.end === m.first - 2);
      const state = before && !has(before, 'person') ? stateOf(before) : undefined;
      if (state) modifier = state;
    }
    const collective = agents.length > 0 && (/[^s]s$/.test(lower[cursor - 1] ?? '') || COLLECTIVE.has(lower[cursor - 1] ?? ''));
    // "the president of Armenia": a title with "of" and a state is that state's office.
    const titled = agents.some((a) => pick(a, 'agent')?.role) && lower[cursor] === 'of';
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
    const role = agents.map((a) => pick(a, 'agent')?.role).filter(Boolean).at(-1);
    const sector = agents.map((a) => pick(a, 'agent')?.sector).at(-1);
    const start = m.first;
    const titleWords: [number, number] | undefined = agents.length ? [agents[0].first, agents[agents.length - 1].end] : undefined;

    // A name right after the title (or the name alone).
    const next = matches[k];
    if (next && next.first === cursor && has(next, 'person') && (modifier || agents.length || org || k === j)) {
      const person = next.targets.filter((t) => t.type === 'person');
      const surname = person.every((t) => t.type === 'person' && t.surname);
      const bare = !modifier && agents.length === 0 && !org;
      // A lone surname followed by another capitalised name is someone else's first name ("Mustafa Kemal").
      const partOfLongerName = bare && surname && /^\p{Lu}/u.test(words[next.end] ?? '') && pos[next.end] === 'PROPN';
      // "the Hague", "the Vatican's Parolin": a bare surname after "the" names a place or thing, not a person.
      const afterArticle = bare && surname && lower[start - 1] === 'the';
      if (!partOfLongerName && !afterArticle) drafts.push({ first: start, end: next.end, kind: 'person', form: surname ? 'surname' : 'name', candidates: person, role, titleWords, country: modifier?.code, sector });
      k++;
    } else if (agents.length > 0 && role && !stateAfterTitle && isNameStart(words, pos, cursor)) {
      let end = cursor;
      // Particles join the words of a name when a name word follows them: "Miguel de la Madrid".
      const particlesThenName = (at: number) => {
        let k = at;
        while (k < words.length && NAME_PARTICLES.has(lower[k])) k++;
        return k > at && isNameWord(words, pos, k);
      };
      while (end < words.length && end - cursor < 6 && (isNameWord(words, pos, end) || particlesThenName(end) || (words[end] === '-' && isNameWord(words, pos, end + 1)))) end++;
      while (end > cursor && !isNameWord(words, pos, end - 1)) end--;
      drafts.push({ first: start, end, kind: 'person', form: 'learned', candidates: [], role, titleWords, country: modifier?.code, sector, unknownName: [cursor, end] });
    } else if (agents.length > 0) {
      drafts.push({ first: start, end: Math.max(cursor, agents[agents.length - 1].end), kind: 'agent', form: role ? 'title' : 'agent', candidates: org ? org.targets : [], role, titleWords, country: modifier?.code, sector });
    } else if (modifier && COUNTERPART.has(lower[cursor] ?? '')) {
      drafts.push({ first: start, end: cursor + 1, kind: 'person', form: 'counterpart', candidates: [], country: modifier.code });
    } else if (modifier) {
      const locative = modifier.form === 'metonym' && start > 0 && LOCATIVE.has(lower[start - 1]);
      drafts.push({ first: start, end: m.end, kind: locative ? 'place' : 'state', form: modifier.form, candidates: m.targets, country: modifier.code, locative });
      k = j + 1;
    } else if (org) {
      drafts.push({ first: start, end: org.end, kind: 'igo', form: 'organisation', candidates: org.targets });
      k = j + 1;
    } else {
      const draft = simpleDraft(m);
      if (draft) drafts.push(draft);
      k = j + 1;
    }
    for (const d of drafts.slice(-1)) for (let t = d.first; t < d.end; t++) covered[t] = 1;
    j = Math.max(k, j + 1);
  }
  // "the two countries", "both sides": a pair named earlier.
  for (let t = 0; t + 1 < words.length; t++) {
    if ((lower[t] === 'two' || lower[t] === 'both') && PAIR_NOUNS.has(lower[t + 1]) && !covered[t] && !covered[t + 1]) {
      const first = t > 0 && lower[t - 1] === 'the' ? t - 1 : t;
      drafts.push({ first, end: t + 2, kind: 'state', form: 'grouping', candidates: [], pair: true });
    }
  }
  // "It said the assaults carried Israeli prints": a sentence-initial "It" before a verb of saying
  // is a state or organisation speaking, not the "it" of "it is time".
  if (words[0] === 'It' && !covered[0] && SAYING.has(lower[1] ?? '')) {
    drafts.push({ first: 0, end: 1, kind: 'pronoun', form: 'pronoun', candidates: [], sector: 'n' });
  }
  for (let t = 0; t < words.length; t++) {
    const gender = PRONOUNS[lower[t]];
    if (gender && !covered[t] && (pos[t] === 'PRON' || pos[t] === 'DET')) drafts.push({ first: t, end: t + 1, kind: 'pronoun', form: 'pronoun', candidates: [], sector: gender });
  }
  return drafts.sort((a, b) => a.first - b.first);
}

function simpleDraft(m: Match): MentionDraft | undefined {
  const t = m.targets[0];
  switch (t.type) {
    case 'person':
      return { first: m.first, end: m.end, kind: 'person', form: m.targets.every((x) => x.type !== 'person' || x.surname) ? 'surname' : 'name', candidates: m.targets.filter((x) => x.type === 'person') };
    case 'seat':
      return { first: m.first, end: m.end, kind: 'state', form: 'seat', candidates: [t], country: t.code, sector: t.sector };
    case 'organisation':
      return { first: m.first, end: m.end, kind: 'igo', form: 'organisation', candidates: m.targets };
    case 'grouping':
      return { first: m.first, end: m.end, kind: 'state', form: 'grouping', candidates: m.targets };
    case 'group':
      return { first: m.first, end: m.end, kind: 'group', form: 'group', candidates: m.targets };
    case 'agent':
      return t.role ? { first: m.first, end: m.end, kind: 'agent', form: 'title', candidates: [], role: t.role, sector: t.sector } : undefined;
    default:
      return undefined;
  }
}

function isNameWord(words: string[], pos: string[], i: number): boolean {
  const w = words[i];
  return w !== undefined && /^\p{Lu}[\p{L}'’.-]*$/u.test(w) && (pos[i] === 'PROPN' || pos[i] === 'NOUN' || pos[i] === 'ADJ') && !NOT_NAME.has(w);
}

function isNameStart(words: string[], pos: string[], i: number): boolean {
  return isNameWord(words, pos, i);
}
