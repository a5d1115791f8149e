/**
 * Tables the matcher derives from the event knowledge, once, so that the work per sentence is one
 * lookup per token and reads of small flat arrays:
 * - every pattern, every word element of a pattern, and every word of a modality phrase or quote
 *   cue gets a number;
 * - every word met in the text (lemma and surface form) gets a number too, and, once, its keys,
 *   the patterns anchored on them, and the numbers of the elements and cue words they satisfy.
 * Knowledge objects with the same content share the tables, and so the words already met.
 */
import type { EventKnowledge, EventPattern, ModalityWords } from './patterns.ts';

/**
 * An element of a compiled pattern; a word element is known by its number. All kinds share one
 * shape, which keeps the matcher's property reads monomorphic.
 */
export interface CompiledElement {
  kind: 'word' | 'gap' | 'slot';
  /** Word: its number (-1 for other kinds). */
  id: number;
  optional: boolean;
  /** Gap: how many tokens it may skip. */
  max: number;
  /** Slot: the role its actor takes. */
  role: 'target' | 'source';
}

/** A pattern as the matcher runs it. */
export interface CompiledPattern {
  /** Its number, which indexes `MatcherTables.compiled` and `patterns`, and the required-word runs of `ElementSpans`. */
  index: number;
  elements: CompiledElement[];
  anchor: number;
}

/** A phrase of cue words, compiled. */
export interface Phrase {
  /** The cue number of the phrase's first entry: a sentence without it among its keys cannot hold the phrase. */
  head: number;
  /** The cue numbers of the words to find in order, without the `…` entries. */
  words: number[];
  /** For each word, how many tokens may be skipped before it (a `…` before the word allows 4). */
  gaps: number[];
  /** The phrase is the single word "may", which the month May must not trigger. */
  may: boolean;
}

/** A quote cue: the cue numbers of its words, and the words for the rule name. */
export interface Cue {
  ids: number[];
  words: string[];
}

/** The modality lists of `ModalityWords`, compiled. */
export type Phrases = { [K in keyof ModalityWords]: Phrase[] };

/** What the matcher derives from the content of the knowledge, shared by knowledge objects with the same content. */
interface SharedTables {
  modality: Phrases;
  /** Hypothetical cues other than a lone "would", which gets its own test. */
  hypotheticalOthers: Phrase[];
  /** The lone word "would". */
  would: Phrase[];
  /** "fear", "if" and "unless": a condition or a fear before an event makes it hypothetical. */
  conditions: Phrase[];
  /** The accusation cues of quotes, in file order. */
  accusations: Cue[];
  /** Which cue words the sentence being judged has. */
  cueMarks: CueMarks;
  /** Compiled patterns by number. */
  compiled: CompiledPattern[];
  lexicon: Lexicon;
  /** Where word elements occur in the sentence being matched. */
  spans: ElementSpans;
}

/** The matcher's tables for one knowledge object. */
export interface MatcherTables extends SharedTables {
  /** The knowledge's patterns by number. */
  patterns: EventPattern[];
}

/** Base forms a surface word may have, for headlines and words the lemmatiser left alone ("Criticizes"). */
function baseForms(w: string): string[] {
  const out = [w];
  if (w.length < 4) return out;
  if (w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
  else if (w.endsWith('es')) out.push(w.slice(0, -2), w.slice(0, -1));
  else if (w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1));
  if (w.endsWith('ied')) out.push(`${w.slice(0, -3)}y`);
  else if (w.endsWith('ed')) out.push(w.slice(0, -2), w.slice(0, -1), w.slice(0, -3));
  if (w.endsWith('ing')) out.push(w.slice(0, -3), `${w.slice(0, -3)}e`, w.slice(0, -4));
  // "reimposed", "reopened", "reaffirmed": the verb without its prefix.
  if (w.startsWith('re') && w.length > 6) out.push(...baseForms(w.slice(2)));
  return out;
}

/** Runs of numbers in one growing flat array, a run per index (word or pattern): `values[start[i] .. start[i + 1])`. */
class Runs {
  start: Int32Array = new Int32Array(1024);
  values: Int32Array = new Int32Array(4096);
  private length = 0;

  /** How many values the runs hold. */
  get size(): number {
    return this.length;
  }

  clear(): void {
    this.length = 0;
  }

  /** Adds the run of index i, which must be the next index. */
  push(i: number, run: number[]): void {
    if (i + 2 > this.start.length) this.start = grow(this.start, i + 2);
    if (this.length + run.length > this.values.length) this.values = grow(this.values, this.length + run.length);
    this.start[i] = this.length;
    for (const x of run) this.values[this.length++] = x;
    this.start[i + 1] = this.length;
  }

  /** Whether the run of index i holds anything. */
  any(i: number): boolean {
    return this.start[i + 1] > this.start[i];
  }

  /** Whether the run of index i holds x. */
  has(i: number, x: number): boolean {
    const values = this.values;
    for (let k = this.start[i], end = this.start[i + 1]; k < end; k++) if (values[k] === x) return true;
    return false;
  }
}

function grow(a: Int32Array, atLeast: number): Int32Array {
  const b = new Int32Array(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}

/** FNV-1a over the length and the first and last few UTF-16 code units of a string: enough to tell words apart. */
function hashString(s: string): number {
  const n = s.length;
  let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  if (n <= 8) {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  } else {
    for (let i = 0; i < 5; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    for (let i = n - 3; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** A free hash table of `slots` slots for `Lexicon`. */
function emptyTable(slots: number): (number | string | null)[] {
  const table: (number | string | null)[] = new Array(slots * 3);
  for (let k = 0; k < table.length; k += 3) {
    table[k] = -1;
    table[k + 1] = '';
    table[k + 2] = null;
  }
  return table;
}

/** Most words recur: they are kept, up to this many, then the lexicon starts over. */
const LEXICON_LIMIT = 200_000;

/**
 * The words met so far, numbered, with what each can match. The numbers index flat arrays, read
 * for every token: far cheaper than an object per word once the tables outgrow the CPU's caches.
 */
export class Lexicon {
  /** Keys of each word: its lemma and the base forms of its surface form, without repeats. */
  readonly keys: string[][] = [];
  /** Numbers of the patterns anchored on any key of each word, without repeats, in key order then pattern-file order. */
  readonly candidates = new Runs();
  /** Numbers of the pattern word elements that accept one of each word's keys, ascending. */
  readonly elements = new Runs();
  /** The same, only those some pattern requires beside its anchor (see `ElementSpans`). */
  readonly required = new Runs();
  /** Numbers of the cue words among each word's keys. */
  readonly cues = new Runs();
  /**
   * The words by a hash of their lemma, open addressing (the forms of a lemma share a probe
   * sequence). Slot k takes three entries: the word's code (see `lookup`, -1 when free), its
   * lemma, and its form (null for a word that is its own lemma), so that a probe reads one cache
   * line. Every token of every sentence is looked up, mostly while the table is out of the CPU's
   * caches: a Map keyed by strings, its entries and keys spread over the heap, costs twice as much.
   */
  private table: (number | string | null)[] = emptyTable(1 << 14);
  /** Words in the table. */
  private size = 0;

  constructor(
    /** Numbers of the patterns by the words their anchor accepts. */
    private readonly byAnchor: Map<string, number[]>,
    private readonly elementsByKey: Map<string, number[]>,
    private readonly requiredIds: Set<number>,
    private readonly cueIds: Map<string, number>,
  ) {}

  /** Starts over once the lexicon is full; call only between sentences, as it renumbers words. */
  startSentence(): void {
    if (this.keys.length < LEXICON_LIMIT) return;
    this.table = emptyTable(1 << 14);
    this.size = 0;
    this.keys.length = 0;
    this.candidates.clear();
    this.elements.clear();
    this.required.clear();
    this.cues.clear();
  }

  /**
   * A word's code, from its lemma and lower-cased surface form: twice its number, plus one if
   * patterns are anchored on its keys (most words are not, and a sentence without one is done).
   */
  lookup(lemma: string, lower: string): number {
    const table = this.table;
    const mask = table.length / 3 - 1;
    // Most words are their own lemma: they are stored without a form, and comparing the token's
    // two strings, which are in the CPU's cache, spares reading a stored one, which may not be.
    const form = lemma === lower ? null : lower;
    for (let k = hashString(lemma) & mask; ; k = (k + 1) & mask) {
      const code = table[3 * k] as number;
      if (code < 0) break;
      if (table[3 * k + 1] === lemma && table[3 * k + 2] === form) return code;
    }
    const w = this.add(lemma, lower);
    const code = 2 * w + (this.candidates.any(w) ? 1 : 0);
    this.place(code, lemma, form);
    this.size++;
    // Kept at most half full, so that probes stay short.
    if (this.size * 2 > mask + 1) this.rehash();
    return code;
  }

  private place(code: number, lemma: string, form: string | null): void {
    const table = this.table;
    const mask = table.length / 3 - 1;
    let k = hashString(lemma) & mask;
    while ((table[3 * k] as number) >= 0) k = (k + 1) & mask;
    table[3 * k] = code;
    table[3 * k + 1] = lemma;
    table[3 * k + 2] = form;
  }

  private rehash(): void {
    const old = this.table;
    this.table = emptyTable((old.length / 3) * 2);
    for (let k = 0; k < old.length; k += 3) if ((old[k] as number) >= 0) this.place(old[k] as number, old[k + 1] as string, old[k + 2] as string | null);
  }

  private add(lemma: string, lower: string): number {
    const w = this.keys.length;
    const keys = [...new Set([lemma, ...baseForms(lower)])];
    const candidates = new Set<number>();
    const elements = new Set<number>();
    const cues: number[] = [];
    for (const key of keys) {
      const list = this.byAnchor.get(key);
      if (list) for (const p of list) candidates.add(p);
      const ids = this.elementsByKey.get(key);
      if (ids) for (const id of ids) elements.add(id);
      const cue = this.cueIds.get(key);
      if (cue !== undefined) cues.push(cue);
    }
    this.keys.push(keys);
    this.candidates.push(w, [...candidates]);
    const ids = [...elements].sort((a, b) => a - b);
    this.elements.push(w, ids);
    this.required.push(w, ids.filter((id) => this.requiredIds.has(id)));
    this.cues.push(w, cues);
    return w;
  }
}

/**
 * Where each word element first and last occurs in one sentence: a pattern whose required words
 * do not occur on the right side of its anchor cannot match there, and trying it would cost more.
 * One instance serves sentence after sentence; an element's entries count only if stamped with
 * the current sentence's serial number.
 */
export class ElementSpans {
  /** Per element, three entries: the serial of the sentence last recorded, the first and the last token. */
  private readonly spans: Int32Array;
  private serial = 0;
  /** By pattern number, the required words after its anchor and those before it. */
  private readonly after = new Runs();
  private readonly before = new Runs();

  constructor(size: number, patterns: CompiledPattern[]) {
    this.spans = new Int32Array(size * 3);
    const required = (e: CompiledElement) => e.kind === 'word' && !e.optional;
    for (const p of patterns) {
      this.after.push(p.index, p.elements.slice(p.anchor + 1).filter(required).map((e) => e.id));
      this.before.push(p.index, p.elements.slice(0, p.anchor).filter(required).map((e) => e.id));
    }
  }

  /** Every element some pattern requires beside its anchor. */
  requiredElements(): Set<number> {
    return new Set([...this.after.values.subarray(0, this.after.size), ...this.before.values.subarray(0, this.before.size)]);
  }

  /**
   * Whether pattern p's required words occur on their side of token i of the recorded sentence:
   * the words after the anchor after it, those before before it. If not, p cannot match there.
   */
  allows(p: number, i: number): boolean {
    const spans = this.spans;
    const serial = this.serial;
    const { start: afterStart, values: afterIds } = this.after;
    for (let k = afterStart[p], end = afterStart[p + 1]; k < end; k++) {
      const at = afterIds[k] * 3;
      if (spans[at] !== serial || spans[at + 2] <= i) return false;
    }
    const { start: beforeStart, values: beforeIds } = this.before;
    for (let k = beforeStart[p], end = beforeStart[p + 1]; k < end; k++) {
      const at = beforeIds[k] * 3;
      if (spans[at] !== serial || spans[at + 1] >= i) return false;
    }
    return true;
  }

  /** Records the required elements of another sentence's words. */
  reset(words: number[], lexicon: Lexicon): void {
    if (this.serial === 0x7fffffff) {
      this.spans.fill(0);
      this.serial = 0;
    }
    const serial = ++this.serial;
    const spans = this.spans;
    const { start, values } = lexicon.required;
    for (let i = 0; i < words.length; i++) {
      for (let k = start[words[i]], end = start[words[i] + 1]; k < end; k++) {
        const at = values[k] * 3;
        if (spans[at] !== serial) {
          spans[at] = serial;
          spans[at + 1] = i;
        }
        spans[at + 2] = i;
      }
    }
  }
}

/**
 * Which cue words are keys of the words of a sentence, for rejecting phrases without trying them.
 * One instance serves sentence after sentence: marking a sentence unmarks the one before.
 */
export class CueMarks {
  private readonly marks: Int32Array;
  private serial = 0;

  constructor(size: number) {
    this.marks = new Int32Array(size);
  }

  /** Marks the cue words of a sentence's words; returns the mark to test them with. */
  mark(words: number[], lexicon: Lexicon): number {
    if (this.serial === 0x7fffffff) {
      this.marks.fill(0);
      this.serial = 0;
    }
    const serial = ++this.serial;
    const { start, values } = lexicon.cues;
    for (const w of words) for (let k = start[w]; k < start[w + 1]; k++) this.marks[values[k]] = serial;
    return serial;
  }

  /** Whether the sentence marked with `mark`, the last marked, has cue word `id`. */
  has(id: number, mark: number): boolean {
    return this.marks[id] === mark;
  }
}

/** Every pattern the anchor index can return (normally the pattern list itself), in the order they are numbered. */
function patternsOf(knowledge: EventKnowledge): EventPattern[] {
  const patterns = new Set(knowledge.patterns);
  for (const list of knowledge.byAnchor.values()) for (const p of list) patterns.add(p);
  return [...patterns];
}

/** Everything of the knowledge that `buildTables` reads, as a string: equal strings make equal tables. */
function contentKey(knowledge: EventKnowledge, patterns: EventPattern[]): string {
  const numbers = new Map(patterns.map((p, i) => [p, i]));
  return JSON.stringify({
    patterns: patterns.map((p) => [p.anchor, p.elements.map((e) => (e.kind === 'word' ? [[...e.options], e.optional] : e.kind === 'gap' ? e.max : e.role))]),
    byAnchor: [...knowledge.byAnchor].map(([word, list]) => [word, list.map((p) => numbers.get(p))]),
    modality: knowledge.modality,
    accusations: knowledge.accusations ?? null,
  });
}

function buildTables(knowledge: EventKnowledge, patterns: EventPattern[]): SharedTables {
  // Pattern word elements, numbered by the set of words they accept.
  const elementIds = new Map<string, number>();
  const elementsByKey = new Map<string, number[]>();
  const compiled = patterns.map((p, index): CompiledPattern => {
    const elements = p.elements.map((e): CompiledElement => {
      if (e.kind === 'gap') return { kind: 'gap', id: -1, optional: false, max: e.max, role: 'target' };
      if (e.kind === 'slot') return { kind: 'slot', id: -1, optional: false, max: 0, role: e.role };
      const name = [...e.options].sort().join('|');
      let id = elementIds.get(name);
      if (id === undefined) {
        id = elementIds.size;
        elementIds.set(name, id);
        for (const w of e.options) {
          const ids = elementsByKey.get(w);
          if (ids) ids.push(id);
          else elementsByKey.set(w, [id]);
        }
      }
      return { kind: 'word', id, optional: e.optional, max: 0, role: 'target' };
    });
    return { index, elements, anchor: p.anchor };
  });
  const numbers = new Map(patterns.map((p, i) => [p, i]));
  const byAnchor = new Map([...knowledge.byAnchor].map(([word, list]) => [word, list.map((p) => numbers.get(p)!)]));
  const spans = new ElementSpans(elementIds.size, compiled);

  // Cue words, numbered as the phrases are compiled. Every entry of a phrase is numbered, `…`
  // too: a token can be "…", and a phrase is tried only when a token has its first entry as a key.
  const cueIds = new Map<string, number>();
  const cueId = (w: string): number => {
    let id = cueIds.get(w);
    if (id === undefined) cueIds.set(w, (id = cueIds.size));
    return id;
  };
  const compilePhrase = (phrase: string[]): Phrase => {
    const words = phrase.filter((w) => w !== '…');
    // The gap is looked up at the word's first occurrence in the phrase, as the matcher always did.
    const gaps = words.map((w) => (phrase[phrase.indexOf(w) - 1] === '…' ? 4 : 0));
    return { head: cueId(phrase[0]), words: words.map(cueId), gaps, may: phrase.length === 1 && phrase[0] === 'may' };
  };
  const compile = (list: string[][]) => list.map(compilePhrase);
  const m = knowledge.modality;
  const modality: Phrases = {
    negation: compile(m.negation),
    failure: compile(m.failure),
    denial: compile(m.denial),
    hypothetical: compile(m.hypothetical),
    planned: compile(m.planned),
    alleged: compile(m.alleged),
    requested: compile(m.requested),
    reported: compile(m.reported),
  };
  const hypotheticalOthers = compile(m.hypothetical.filter((p) => !(p.length === 1 && p[0] === 'would')));
  const would = compile([['would']]);
  const conditions = compile([['fear'], ['if'], ['unless']]);
  const accusations = (knowledge.accusations ?? []).map((words) => ({ ids: words.map(cueId), words }));

  return {
    modality,
    hypotheticalOthers,
    would,
    conditions,
    accusations,
    cueMarks: new CueMarks(cueIds.size),
    compiled,
    lexicon: new Lexicon(byAnchor, elementsByKey, spans.requiredElements(), cueIds),
    spans,
  };
}

const tablesByKnowledge = new WeakMap<EventKnowledge, MatcherTables>();
/**
 * Tables by the content of the knowledge they were built from. Each pipeline loads its own
 * knowledge, mostly from the same files: sharing the tables shares the words learnt, which are
 * most of the cost of a sentence until they are known.
 */
const tablesByContent = new Map<string, SharedTables>();

/** The knowledge asked for last, and its tables: a pipeline asks for the same for every article. */
let lastKnowledge: EventKnowledge | undefined;
let lastTables: MatcherTables | undefined;

/** The matcher's tables for a knowledge object, built on first use (the stage asks for them at start-up). */
export function matcherTables(knowledge: EventKnowledge): MatcherTables {
  if (knowledge === lastKnowledge && lastTables) return lastTables;
  let tables = tablesByKnowledge.get(knowledge);
  if (!tables) {
    const patterns = patternsOf(knowledge);
    const key = contentKey(knowledge, patterns);
    let shared = tablesByContent.get(key);
    if (!shared) {
      shared = buildTables(knowledge, patterns);
      tablesByContent.set(key, shared);
    }
    tables = { ...shared, patterns };
    tablesByKnowledge.set(knowledge, tables);
  }
  lastKnowledge = knowledge;
  lastTables = tables;
  return tables;
}

/** Whether the phrase occurs starting at a token in `[from, to)` and ending before `to`. */
export function hasPhrase(lexicon: Lexicon, words: number[], phrase: Phrase, from: number, to: number): boolean {
  const ids = phrase.words;
  const gaps = phrase.gaps;
  for (let i = Math.max(0, from); i < to; i++) {
    let j = i;
    let ok = true;
    for (let w = 0; w < ids.length; w++) {
      let found = false;
      for (let g = 0; g <= gaps[w]; g++) {
        if (j + g < to && j + g < words.length && lexicon.cues.has(words[j + g], ids[w])) {
          j += g + 1;
          found = true;
          break;
        }
      }
      if (!found) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

/** Whether the cue's words are keys of the tokens from `at` on. */
export function cueAt(lexicon: Lexicon, words: number[], cue: Cue, at: number): boolean {
  for (let k = 0; k < cue.ids.length; k++) if (at + k >= words.length || !lexicon.cues.has(words[at + k], cue.ids[k])) return false;
  return true;
}
