import type { KbPerson, Knowledge } from './knowledge.ts';

/** What a matched phrase may refer to. A phrase can have several (two people named Aliyev). */
export type Target =
  | { type: 'state'; code: string }
  | { type: 'demonym'; code: string }
  | { type: 'metonym'; code: string }
  | { type: 'seat'; code: string; sector: string; from?: string; to?: string }
  | { type: 'organisation'; id: string }
  | { type: 'grouping'; id: string }
  | { type: 'group'; id: string }
  | { type: 'person'; id: string; surname: boolean }
  | { type: 'agent'; sector: string; role?: string };

/** A phrase found in a sentence: token positions `[first, end)` and what it may refer to. */
export interface Match {
  first: number;
  end: number;
  targets: Target[];
}

/** Splits a phrase into tokens the way the sentence tokenizer does. */
export type Tokenize = (phrase: string) => string[];

/** A node of a phrase trie: the targets of the phrase ending here and the words that may follow. */
interface TrieNode {
  targets?: Target[];
  next?: Map<string, TrieNode>;
}

/**
 * A phrase index over token sequences. Phrases with a capital letter or a digit match exactly
 * ("US" never matches "us"); phrases in lower case match any case ("president", "President").
 * A leading "the" is dropped from phrases, so "the U.S." and "U.S." are one entry. Phrases live in
 * two tries, so matching walks a sentence word by word without building keys.
 */
export class Gazetteer {
  private readonly exact: TrieNode = {};
  private readonly folded: TrieNode = {};

  constructor(private readonly tokenize: Tokenize) {}

  /** Adds a phrase for a target; repeated additions of the same pair are ignored. */
  add(phrase: string, target: Target, options: { unlessTaken?: boolean } = {}): void {
    const trimmed = phrase.trim().replace(/^the\s+/i, '');
    if (trimmed === '') return;
    const tokens = this.tokenize(trimmed);
    if (tokens.length === 0) return;
    const caseSensitive = /[\p{Lu}\p{N}]/u.test(trimmed);
    let node = caseSensitive ? this.exact : this.folded;
    for (const token of tokens) {
      const word = caseSensitive ? token : token.toLowerCase();
      node.next ??= new Map();
      let child = node.next.get(word);
      if (!child) {
        child = {};
        node.next.set(word, child);
      }
      node = child;
    }
    const list = (node.targets ??= []);
    if (options.unlessTaken && list.some((t) => t.type === target.type)) return;
    if (!list.some((t) => sameTarget(t, target))) list.push(target);
  }

  /** Removes a target from a phrase (the phrase stays for its other targets). */
  remove(phrase: string, target: Target): void {
    const trimmed = phrase.trim().replace(/^the\s+/i, '');
    const tokens = this.tokenize(trimmed);
    const caseSensitive = /[\p{Lu}\p{N}]/u.test(trimmed);
    let node: TrieNode | undefined = caseSensitive ? this.exact : this.folded;
    for (const token of tokens) node = node?.next?.get(caseSensitive ? token : token.toLowerCase());
    if (!node?.targets) return;
    node.targets = node.targets.filter((t) => !sameTarget(t, target));
    if (node.targets.length === 0) delete node.targets;
  }

  /**
   * Longest matches, left to right, without overlap. `words` are the sentence's token texts;
   * `lower` the same in lower case.
   */
  match(words: string[], lower: string[]): Match[] {
    const out: Match[] = [];
    let i = 0;
    while (i < words.length) {
      let found: Match | undefined;
      // The longest phrase in either trie wins; at equal length the exact (case-sensitive) one.
      let node = this.exact.next?.get(words[i]);
      for (let k = i + 1; node; k++) {
        if (node.targets) found = { first: i, end: k, targets: node.targets };
        node = k < words.length ? node.next?.get(words[k]) : undefined;
      }
      node = this.folded.next?.get(lower[i]);
      for (let k = i + 1; node; k++) {
        if (node.targets && (!found || k > found.end)) found = { first: i, end: k, targets: node.targets };
        node = k < words.length ? node.next?.get(lower[k]) : undefined;
      }
      if (found) {
        out.push(found);
        i = found.end;
      } else i++;
    }
    return out;
  }
}

function sameTarget(a: Target, b: Target): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Surnames worth indexing alone: the last word of a name, unless it is a particle or too short. */
function surnameOf(name: string): string | undefined {
  const parts = name.split(/\s+/);
  if (parts.length < 2) return undefined;
  const last = parts[parts.length - 1];
  return last.length >= 3 && /^\p{Lu}/u.test(last) ? last : undefined;
}

/** Indexes a person's name and aliases; aliases of one word count as surnames. */
export function addPerson(gazetteer: Gazetteer, person: Pick<KbPerson, 'id' | 'name' | 'aliases'>): void {
  const names = new Set([person.name, ...person.aliases]);
  for (const alias of names) {
    const single = !/\s/.test(alias.trim());
    gazetteer.add(alias, { type: 'person', id: person.id, surname: single });
  }
  const surname = surnameOf(person.name);
  if (surname && !names.has(surname)) gazetteer.add(surname, { type: 'person', id: person.id, surname: true });
}

/** Undoes {@link addPerson}. */
export function removePerson(gazetteer: Gazetteer, person: Pick<KbPerson, 'id' | 'name' | 'aliases'>): void {
  const names = new Set([person.name, ...person.aliases]);
  for (const alias of names) gazetteer.remove(alias, { type: 'person', id: person.id, surname: !/\s/.test(alias.trim()) });
  const surname = surnameOf(person.name);
  if (surname && !names.has(surname)) gazetteer.remove(surname, { type: 'person', id: person.id, surname: true });
}

/** Builds the phrase index for a knowledge base. */
export function buildGazetteer(kb: Knowledge, tokenize: Tokenize): Gazetteer {
  const g = new Gazetteer(tokenize);
  // Sovereign states first: a name or demonym shared with a territory ("American") goes to the state.
  const states = [...kb.states.values()].sort((a, b) => Number(b.sovereign) - Number(a.sovereign));
  for (const state of states) {
    const once = { unlessTaken: true };
    g.add(state.name, { type: 'state', code: state.code }, once);
    for (const alias of state.aliases) g.add(alias, { type: 'state', code: state.code }, once);
    for (const demonym of state.demonyms) g.add(demonym, { type: 'demonym', code: state.code }, once);
    for (const city of state.metonyms) g.add(city, { type: 'metonym', code: state.code }, once);
    for (const seat of state.seats) g.add(seat.alias, { type: 'seat', code: state.code, sector: seat.sector, from: seat.from, to: seat.to });
  }
  for (const org of kb.organisations.values()) {
    for (const alias of [org.name, org.code, ...org.aliases]) g.add(alias, { type: 'organisation', id: org.id });
  }
  for (const grouping of kb.groupings.values()) {
    for (const alias of [grouping.name, ...grouping.aliases]) g.add(alias, { type: 'grouping', id: grouping.id });
  }
  for (const group of kb.groups.values()) {
    for (const alias of [group.name, ...group.aliases]) g.add(alias, { type: 'group', id: group.id });
  }
  for (const person of kb.people.values()) addPerson(g, person);
  for (const agent of kb.agents) {
    for (const word of agent.words) g.add(word.toLowerCase(), { type: 'agent', sector: agent.sector, role: agent.role });
  }
  return g;
}
