import type { KbPerson, Knowledge } from './knowledge.ts';

/** What a matched phrase may refer to. A phrase can have several (two people named Aliyev). */
export type Target =
  /** `givenName`: the phrase is also a given name ("Chad", "Jordan"). */
  | { type: 'state'; code: string; givenName?: boolean }
  | { type: 'demonym'; code: string }
  | { type: 'metonym'; code: string }
  | { type: 'seat'; code: string; sector: string; from?: string; to?: string }
  | { type: 'organisation'; id: string }
  | { type: 'grouping'; id: string }
  | { type: 'group'; id: string }
  /**
   * `surname`: the phrase is one word. `derived`: that word is the last of the person's name, not
   * one of their aliases: the knowledge base leaves out surnames too common to name anyone alone.
   */
  | { type: 'person'; id: string; surname: boolean; derived?: boolean }
  | { type: 'agent'; sector: string; role?: string };

/** A phrase found in a sentence: token positions `[first, end)` and what it may refer to. */
export interface Match {
  first: number;
  end: number;
  targets: Target[];
}

/** Splits a phrase into tokens the way the sentence tokenizer does. */
export type Tokenize = (phrase: string) => string[];

/**
 * A node of a phrase trie: the targets of the phrase ending here and the words that may follow.
 * Made by {@link newNode} only, so that all nodes have one shape and reading them stays fast.
 */
interface TrieNode {
  targets: Target[] | undefined;
  next: WordMap | undefined;
}

function newNode(): TrieNode {
  return { targets: undefined, next: undefined };
}

/**
 * A hash of a word's length and its first, second and last characters, from 0 to 2^30 - 1 (a
 * small integer to V8): cheap to compute, and enough to tell apart most of the words of a trie level.
 */
function shapeOf(word: string): number {
  const n = word.length;
  if (n === 0) return 0;
  // One-letter words apart, so that no character is read out of bounds (which slows charCodeAt down).
  const key = n === 1 ? word.charCodeAt(0) : word.charCodeAt(0) ^ (word.charCodeAt(1) << 8) ^ (word.charCodeAt(n - 1) << 16) ^ (n << 24);
  const h = Math.imul(key, 0x9e3779b1);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/**
 * The words that may follow in a trie, each with its node: an open-addressing table indexed by
 * {@link shapeOf}. A sentence's words are new strings, so a Map would first hash each of them in
 * full; here a word is compared with a key only when their shapes are equal, so most words, in
 * no table, are turned away without reading any key.
 */
class WordMap {
  /**
   * Slot i is `slots[3i]` to `slots[3i + 2]`: its key's shape (cut to a small integer), the key
   * and its node; a free slot holds undefined. One array keeps the parts of a slot side by side.
   */
  private slots: unknown[] = new Array(12).fill(undefined);
  /** Number of slots less one: slot numbers are hashes masked with it. */
  private mask = 3;
  private size = 0;

  /** The word's node; `shape` is the word's {@link shapeOf}, when the caller has it already. */
  get(word: string, shape = shapeOf(word)): TrieNode | undefined {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = shape & mask; slots[3 * i] !== undefined; i = (i + 1) & mask) {
      if (slots[3 * i] === shape && slots[3 * i + 1] === word) return slots[3 * i + 2] as TrieNode;
    }
    return undefined;
  }

  /** Adds a word that is not in the table yet. */
  set(word: string, node: TrieNode): void {
    // At most half full, so that runs of taken slots stay short.
    if ((this.size + 1) * 2 > this.mask + 1) {
      const old = this.slots;
      this.slots = new Array(old.length * 2).fill(undefined);
      this.mask = this.mask * 2 + 1;
      for (let i = 0; i < old.length; i += 3) if (old[i] !== undefined) this.place(old[i + 1] as string, old[i + 2] as TrieNode);
    }
    this.place(word, node);
    this.size++;
  }

  private place(word: string, node: TrieNode): void {
    const mask = this.mask;
    const shape = shapeOf(word);
    let i = shape & mask;
    while (this.slots[3 * i] !== undefined) i = (i + 1) & mask;
    this.slots[3 * i] = shape;
    this.slots[3 * i + 1] = word;
    this.slots[3 * i + 2] = node;
  }
}

/**
 * A set of words kept as bits, one for each value of the low 16 bits of a {@link shapeOf} (8 KB):
 * a word whose bit is clear is certainly not in it. Most words of a sentence start no phrase, and
 * testing a bit turns them away for less than probing the tries.
 */
class ShapeSet {
  private readonly bits = new Int32Array(2048);

  add(word: string): void {
    const bit = shapeOf(word) & 0xffff;
    this.bits[bit >>> 5] |= 1 << (bit & 31);
  }

  /** False when no word of this {@link shapeOf} is in the set. */
  mayHaveShape(shape: number): boolean {
    const bit = shape & 0xffff;
    return (this.bits[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }
}

/**
 * A phrase index over token sequences. Phrases with a capital letter or a digit match exactly
 * ("US" never matches "us"); phrases in lower case match any case ("president", "President").
 * A leading "the" is dropped from phrases, so "the U.S." and "U.S." are one entry. Phrases live in
 * two tries, so matching walks a sentence word by word without building keys.
 */
export class Gazetteer {
  private readonly exact = newNode();
  private readonly folded = newNode();
  /** The first words of the phrases of each trie: a word not in one starts no phrase in that trie, and is not looked up there. */
  private readonly exactStarts = new ShapeSet();
  private readonly foldedStarts = new ShapeSet();

  constructor(private readonly tokenize: Tokenize) {}

  /** Adds a phrase for a target; repeated additions of the same pair are ignored. */
  add(phrase: string, target: Target, options: { unlessTaken?: boolean } = {}): void {
    const trimmed = phrase.trim().replace(/^the\s+/i, '');
    if (trimmed === '') return;
    const tokens = this.tokenize(trimmed);
    if (tokens.length === 0) return;
    const caseSensitive = isCaseSensitive(trimmed);
    let node = caseSensitive ? this.exact : this.folded;
    if (caseSensitive) this.exactStarts.add(tokens[0]);
    else this.foldedStarts.add(tokens[0].toLowerCase());
    for (const token of tokens) {
      const word = caseSensitive ? token : token.toLowerCase();
      node.next ??= new WordMap();
      let child = node.next.get(word);
      if (!child) {
        child = newNode();
        node.next.set(word, child);
      }
      node = child;
    }
    const list = node.targets;
    // A new list is made whole, not pushed to: a pushed-to list reserves room for 17 targets, and
    // most phrases have one.
    if (!list) node.targets = [withAllFields(target)];
    else if (options.unlessTaken && list.some((t) => t.type === target.type)) return;
    else if (!list.some((t) => sameTarget(t, target))) list.push(withAllFields(target));
  }

  /** Removes a target from a phrase (the phrase stays for its other targets). */
  remove(phrase: string, target: Target): void {
    const trimmed = phrase.trim().replace(/^the\s+/i, '');
    const tokens = this.tokenize(trimmed);
    const caseSensitive = isCaseSensitive(trimmed);
    let node: TrieNode | undefined = caseSensitive ? this.exact : this.folded;
    for (const token of tokens) node = node?.next?.get(caseSensitive ? token : token.toLowerCase());
    if (!node?.targets) return;
    node.targets = node.targets.filter((t) => !sameTarget(t, target));
    if (node.targets.length === 0) node.targets = undefined;
  }

  /**
   * Longest matches, left to right, without overlap. `words` are the sentence's token texts;
   * `lower` the same in lower case.
   */
  match(words: string[], lower: string[]): Match[] {
    const out: Match[] = [];
    let i = 0;
    while (i < words.length) {
      // Most words are in lower case already, and then one shape serves both tries.
      const lowerShape = shapeOf(lower[i]);
      const shape = words[i] === lower[i] ? lowerShape : shapeOf(words[i]);
      const inExact = this.exactStarts.mayHaveShape(shape);
      const inFolded = this.foldedStarts.mayHaveShape(lowerShape);
      if (!inExact && !inFolded) {
        i++;
        continue;
      }
      let end = 0;
      let targets: Target[] | undefined;
      // The longest phrase in either trie wins; at equal length the exact (case-sensitive) one.
      let node = inExact ? this.exact.next?.get(words[i], shape) : undefined;
      for (let k = i + 1; node; k++) {
        if (node.targets) {
          end = k;
          targets = node.targets;
        }
        node = k < words.length ? node.next?.get(words[k]) : undefined;
      }
      node = inFolded ? this.folded.next?.get(lower[i], lowerShape) : undefined;
      for (let k = i + 1; node; k++) {
        if (node.targets && (!targets || k > end)) {
          end = k;
          targets = node.targets;
        }
        node = k < words.length ? node.next?.get(lower[k]) : undefined;
      }
      if (targets) {
        out.push({ first: i, end, targets });
        i = end;
      } else i++;
    }
    return out;
  }
}

/**
 * Whether a phrase is matched with its case: one that starts with a capital or holds a digit ("US"
 * is not "us"). One that starts in lower case is matched in any case, as the knowledge base's
 * README documents: "bin Laden" is also "Bin Laden" at the start of a sentence or a clause.
 */
function isCaseSensitive(phrase: string): boolean {
  return /^\p{Lu}/u.test(phrase) || /\p{N}/u.test(phrase);
}

function sameTarget(a: Target, b: Target): boolean {
  return JSON.stringify(withAllFields(a)) === JSON.stringify(withAllFields(b));
}

/**
 * A copy of a target with the fields of every kind of target, in one order (those it lacks are
 * undefined, which JSON leaves out): the mention finder reads `type` of every target of every
 * match, which is slow over objects of many shapes and fast over one.
 */
function withAllFields(target: Target): Target {
  const t = target as Partial<Record<'code' | 'id' | 'sector' | 'role' | 'surname' | 'derived' | 'givenName' | 'from' | 'to', unknown>>;
  return { type: target.type, code: t.code, id: t.id, sector: t.sector, role: t.role, surname: t.surname, derived: t.derived, givenName: t.givenName, from: t.from, to: t.to } as Target;
}

/** "Jr." and "Sr." follow a surname; a regnal number follows a name that has none ("Charles III", "John Paul II"). */
const GENERATION = /^(Jr|Sr)\.?$/;
const REGNAL = /^[IVX]+$/;

/** Surnames worth indexing alone: the last word of a name (before "Jr."), unless it is a particle or too short. */
function surnameOf(name: string): string | undefined {
  const parts = name.split(/\s+/);
  if (REGNAL.test(parts[parts.length - 1])) return undefined;
  if (GENERATION.test(parts[parts.length - 1])) parts.pop();
  if (parts.length < 2) return undefined;
  const last = parts[parts.length - 1];
  return last.length >= 3 && /^\p{Lu}/u.test(last) ? last : undefined;
}

/**
 * Indexes a person's name and aliases; aliases of one word count as surnames. The last word of the
 * name is indexed too, marked as derived: it names the person once the article has (see the
 * resolver).
 */
export function addPerson(gazetteer: Gazetteer, person: Pick<KbPerson, 'id' | 'name' | 'aliases'>): void {
  const names = new Set([person.name, ...person.aliases]);
  for (const alias of names) {
    const single = !/\s/.test(alias.trim());
    gazetteer.add(alias, { type: 'person', id: person.id, surname: single });
  }
  const surname = surnameOf(person.name);
  if (surname && !names.has(surname)) gazetteer.add(surname, { type: 'person', id: person.id, surname: true, derived: true });
}

/** Undoes {@link addPerson}. */
export function removePerson(gazetteer: Gazetteer, person: Pick<KbPerson, 'id' | 'name' | 'aliases'>): void {
  const names = new Set([person.name, ...person.aliases]);
  for (const alias of names) gazetteer.remove(alias, { type: 'person', id: person.id, surname: !/\s/.test(alias.trim()) });
  const surname = surnameOf(person.name);
  if (surname && !names.has(surname)) gazetteer.remove(surname, { type: 'person', id: person.id, surname: true, derived: true });
}

/** Builds the phrase index for a knowledge base. */
export function buildGazetteer(kb: Knowledge, tokenize: Tokenize): Gazetteer {
  const g = new Gazetteer(tokenize);
  // Sovereign states first: a name or demonym shared with a territory ("American") goes to the state.
  const states = [...kb.states.values()].sort((a, b) => Number(b.sovereign) - Number(a.sovereign));
  for (const state of states) {
    const once = { unlessTaken: true };
    const given = new Set(state.givenNames);
    for (const name of [state.name, ...state.aliases]) g.add(name, given.has(name) ? { type: 'state', code: state.code, givenName: true } : { type: 'state', code: state.code }, once);
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
    for (const word of agent.words) g.add(word, { type: 'agent', sector: agent.sector, role: agent.role });
  }
  return g;
}
