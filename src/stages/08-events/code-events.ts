import { sentenceWords, type Actor, type Article, type DateRef, type Event, type EventActor, type Mention, type Modality, type Polarity, type Sentence } from '../../model/model.ts';
import { placeOfClause } from '../06-places/clause.ts';
import { cueAt, hasPhrase, matcherTables, type CompiledElement, type CueMarks, type Lexicon, type MatcherTables, type Phrase } from './matcher-tables.ts';
import type { EventKnowledge, EventPattern } from './patterns.ts';

/** Actors by id; of actors that share an id, the last, as a Map built from the list would give. */
class ActorsById {
  private map?: Map<string, Actor>;

  constructor(private readonly list: Actor[]) {}

  get(id: string): Actor | undefined {
    const list = this.list;
    // Most articles name a few actors: a scan is cheaper than building a Map for them.
    if (list.length <= 8) {
      for (let k = list.length - 1; k >= 0; k--) if (list[k].id === id) return list[k];
      return undefined;
    }
    this.map ??= new Map(list.map((a) => [a.id, a]));
    return this.map.get(id);
  }
}

/** A mention placed on the tokens of its sentence: `[first, end)`. */
interface Placed {
  mention: Mention;
  actor: Actor;
  first: number;
  end: number;
}

interface SentenceView {
  /** Each token's number in the lexicon, which tells its keys and what they match. */
  words: number[];
  lexicon: Lexicon;
  lemma: string[];
  lower: string[];
  pos: string[];
  /** The sentence's tokens and the article's text, for `isCapital`. */
  tokens: Sentence['tokens'];
  text: string;
  /** End tokens of REQUEST events in the sentence, filled in as hits are found. */
  requests: number[];
  /** Tokens inside a stated date. */
  dated: boolean[];
  /** The cue words that are keys of some token, for quick rejection of phrases: marked when first needed. */
  cueMarks: CueMarks;
  /** The sentence's mark in `cueMarks`, 0 until marked. */
  cueMark: number;
  placed: Placed[];
  startsAt: Map<number, Placed[]>;
  endsAt: Map<number, Placed[]>;
}

interface Hit {
  pattern: EventPattern;
  first: number;
  end: number;
  /** Token the pattern was looked up by. */
  anchor: number;
  target: Placed[];
  source: Placed[];
}

const PREPOSITIONS = new Set(['in', 'with', 'to', 'from', 'of', 'against', 'by', 'for', 'on', 'at', 'between', 'among', 'over', 'into', 'toward', 'towards', 'about', 'under', 'after', 'before', 'during', 'than', 'near', 'across', 'through', 'via', 'like', 'including', 'despite', 'amid']);
/** Words that open a clause whose subject may be the event's source: "after Azerbaijan opened …". */
const SUBORDINATORS = new Set(['after', 'before', 'when', 'as', 'because', 'since', 'while', 'until', 'once', 'although', 'though', 'if']);
const SKIPPABLE = new Set(['DET', 'ADJ', 'NUM', 'PRON', 'ADV']);
const CLAUSE_BREAK = new Set([',', ';', ':', '—', '–', '(', ')', '“', '”', '"', 'but', 'while', 'whereas', 'although', 'though']);
const POSSESSIVE = new Set(["'s", '’s', "'", '’']);
/** "South Lebanon", "northern Syria": a direction before a state still names the state. */
const DIRECTIONS = new Set(['north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'central', 'northeastern', 'northwestern', 'southeastern', 'southwestern']);
/** Quantity words before an actor: "arrested more than 100 Palestinians", "kidnapped up to 16 Russian advisers". */
const QUANTITY = new Set(['more', 'than', 'less', 'fewer', 'least', 'at', 'about', 'some', 'up', 'to', 'nearly', 'almost', 'over', 'dozens', 'hundreds', 'thousands', 'scores', 'of', 'several', 'many', 'two', 'three']);

/** First token that starts at or after `at`, or -1: tokens are in text order. */
function firstTokenFrom(tokens: Sentence['tokens'], at: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid].start >= at) hi = mid;
    else lo = mid + 1;
  }
  return lo < tokens.length ? lo : -1;
}

/** Whether token k starts with a character that changes in lower case; ASCII without building strings. */
function isCapital(v: SentenceView, k: number): boolean {
  const at = v.tokens[k].start;
  const code = v.text.charCodeAt(at);
  if (code < 128) return code >= 65 && code <= 90;
  const c = v.text[at];
  return c !== c.toLowerCase();
}

/**
 * The sentence as the matcher sees it, or undefined when no event is possible in it: no actor is
 * mentioned, or no word of it anchors a pattern. `mentions[from, to)` are the sentence's mentions.
 */
function view(article: Article, sentence: Sentence, actors: ActorsById, mentions: Mention[], from: number, to: number, tables: MatcherTables): SentenceView | undefined {
  const tokens = sentence.tokens;
  const placed: Placed[] = [];
  for (let q = from; q < to; q++) {
    const mention = mentions[q];
    if (mention.start < sentence.start || mention.end > sentence.end || !mention.actorId) continue;
    const actor = actors.get(mention.actorId);
    if (!actor) continue;
    const first = firstTokenFrom(tokens, mention.start);
    // A mention that starts inside the sentence's last token covers no whole token.
    if (first < 0) continue;
    let end = first;
    while (end < tokens.length && tokens[end].end <= mention.end) end++;
    if (end <= first) continue;
    placed.push({ mention, actor, first, end });
  }
  if (placed.length === 0) return undefined;
  const { lower } = sentenceWords(article, sentence);
  const n = tokens.length;
  const lexicon = tables.lexicon;
  lexicon.startSentence();
  const words: number[] = new Array(n);
  let anchored = false;
  for (let i = 0; i < n; i++) {
    const code = lexicon.lookup(tokens[i].lemma, lower[i]);
    words[i] = code >> 1;
    if ((code & 1) === 1) anchored = true;
  }
  // Without a pattern to try the sentence has no hits, and so no events.
  if (!anchored) return undefined;
  const startsAt = new Map<number, Placed[]>();
  const endsAt = new Map<number, Placed[]>();
  for (const p of placed) {
    const starting = startsAt.get(p.first);
    if (starting) starting.push(p);
    else startsAt.set(p.first, [p]);
    const ending = endsAt.get(p.end);
    if (ending) ending.push(p);
    else endsAt.set(p.end, [p]);
  }
  const lemma: string[] = new Array(n);
  const pos: string[] = new Array(n);
  const dated: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    lemma[i] = t.lemma;
    pos[i] = t.pos;
    dated[i] = false;
  }
  for (const d of article.dates) {
    if (d.start < sentence.start || d.end > sentence.end) continue;
    for (let i = 0; i < n; i++) if (tokens[i].start >= d.start && tokens[i].end <= d.end) dated[i] = true;
  }
  return { words, lexicon, cueMarks: tables.cueMarks, cueMark: 0, lemma, lower, pos, tokens, text: article.text, requests: [], dated, placed, startsAt, endsAt };
}

/** Marks the cue words that are keys of the sentence's tokens, once; returns the sentence's mark. */
function cueMark(v: SentenceView): number {
  if (v.cueMark === 0) v.cueMark = v.cueMarks.mark(v.words, v.lexicon);
  return v.cueMark;
}

/** Whether token i satisfies a word element: one of its keys is among the element's words. */
function wordAt(v: SentenceView, el: CompiledElement, i: number): boolean {
  return i >= 0 && i < v.words.length && v.lexicon.elements.has(v.words[i], el.id);
}

/** Actors joined to `p` by commas and "and", left to right: "Britain, France, Germany and the United States". */
function coordinatedAfter(v: SentenceView, p: Placed): Placed[] {
  const chain = [p];
  let closed = 1;
  let at = p.end;
  for (;;) {
    let next = at;
    if (v.lower[next] === ',') next++;
    const comma = next > at;
    const conjunction = v.lower[next] === 'and' || v.lower[next] === 'or';
    if (conjunction) next++;
    if (next === at) break;
    // "Türkiye, which supports Azerbaijan, and Russia": ", and" after a single actor joins clauses, not a list.
    if (comma && conjunction && chain.length === 1) break;
    while (next < v.lower.length && v.lower[next] === 'the') next++;
    const m = v.startsAt.get(next)?.find((x) => x.mention.kind !== 'pronoun');
    if (!m) break;
    chain.push(m);
    at = m.end;
    // A list joined by commas counts only once an "and" closes it: "Iran, Aliyev said" is no list.
    if (conjunction) closed = chain.length;
  }
  return chain.slice(0, closed);
}

function coordinatedBefore(v: SentenceView, p: Placed): Placed[] {
  const chain = [p];
  let at = p.first;
  for (;;) {
    let prev = at - 1;
    while (prev >= 0 && v.lower[prev] === 'the') prev--;
    if (v.lower[prev] !== 'and' && v.lower[prev] !== ',') break;
    prev--;
    if (v.lower[prev] === ',') prev--;
    while (prev >= 0 && v.lower[prev] === 'the') prev--;
    const m = v.endsAt.get(prev + 1)?.find((x) => x.mention.kind !== 'pronoun');
    if (!m) break;
    chain.unshift(m);
    at = m.first;
  }
  return chain;
}

/** A slot going forward: an actor's mention, perhaps after a determiner or adjective ("a U.S. base"). */
function slotForward(v: SentenceView, i: number): Placed[] | undefined {
  for (let k = i; k < Math.min(i + 5, v.lower.length); k++) {
    const here = v.startsAt.get(k)?.find((p) => usable(p) && (p.mention.kind !== 'pronoun' || p.mention.text.toLowerCase() !== 'it'));
    // "his Iranian counterpart": the possessive only introduces the actor that follows it.
    const possessive = here?.mention.kind === 'pronoun' && /^(his|her|its|their)$/i.test(here.mention.text) && v.startsAt.has(k + 1);
    if (here && !possessive) return coordinatedAfter(v, here);
    if (possessive) continue;
    // Determiners, adjectives and a common noun in apposition may come first: "its close ally Türkiye".
    const lowerNoun = v.pos[k] === 'NOUN' && !isCapital(v, k) && k + 1 < v.lower.length && v.startsAt.has(k + 1);
    // "positions of the Palestinian security forces", "inspectors of the IAEA", "contact with the
    // United States": the actor owns or shares the object.
    if (v.pos[k] === 'NOUN' && !isCapital(v, k) && (v.lower[k + 1] === 'of' || v.lower[k + 1] === 'with')) {
      const at = v.lower[k + 2] === 'the' ? k + 3 : k + 2;
      const owner = v.startsAt.get(at)?.find((p) => usable(p) && p.mention.kind !== 'pronoun');
      if (owner) return coordinatedAfter(v, owner);
    }
    if (!SKIPPABLE.has(v.pos[k]) && v.lower[k] !== 'the' && !lowerNoun && !QUANTITY.has(v.lower[k]) && !DIRECTIONS.has(v.lower[k])) return undefined;
  }
  return undefined;
}

/** Generic groupings ("the international community") stay out of events. */
function usable(p: Placed): boolean {
  return !(p.actor.kind === 'grouping' && (p.actor.members?.length ?? 0) === 0);
}

function slotBackward(v: SentenceView, end: number): Placed[] | undefined {
  const here = v.endsAt.get(end)?.[0];
  return here ? coordinatedBefore(v, here) : undefined;
}

type Bindings = { target?: Placed[]; source?: Placed[] };
/** Bindings are copied, never changed, when a slot binds: every match can start from this one. */
const NO_BINDINGS: Bindings = Object.freeze({});

/** Matches elements [e, …] forward from token i; returns the end token and slot bindings. */
function forward(v: SentenceView, els: CompiledElement[], e: number, i: number, b: Bindings, anchor = e): { end: number; b: Bindings } | undefined {
  if (e === els.length) return { end: i, b };
  // A date between the words of an event ("rejected on Thursday a U.N. appeal") does not break it.
  if (e > anchor) while (i < v.dated.length && v.dated[i]) i++;
  const el = els[e];
  if (el.kind === 'word') {
    if (wordAt(v, el, i)) {
      const r = forward(v, els, e + 1, i + 1, b, anchor);
      if (r) return r;
    }
    return el.optional ? forward(v, els, e + 1, i, b, anchor) : undefined;
  }
  if (el.kind === 'gap') {
    for (let g = 0; g <= el.max && i + g <= v.lower.length; g++) {
      if (g > 0 && (v.lower[i + g - 1] === ';' || v.lower[i + g - 1] === '.')) break;
      const r = forward(v, els, e + 1, i + g, b, anchor);
      if (r) return r;
    }
    return undefined;
  }
  const slot = slotForward(v, i);
  if (!slot) return undefined;
  return forward(v, els, e + 1, slot[slot.length - 1].end, { ...b, [el.role]: slot }, anchor);
}

/** Matches elements [… e] backward so that element e ends right before token i. */
function backward(v: SentenceView, els: CompiledElement[], e: number, i: number, b: Bindings): { first: number; b: Bindings } | undefined {
  if (e < 0) return { first: i, b };
  const el = els[e];
  if (el.kind === 'word') {
    if (wordAt(v, el, i - 1)) {
      const r = backward(v, els, e - 1, i - 1, b);
      if (r) return r;
    }
    return el.optional ? backward(v, els, e - 1, i, b) : undefined;
  }
  if (el.kind === 'gap') {
    for (let g = 0; g <= el.max && i - g >= 0; g++) {
      const r = backward(v, els, e - 1, i - g, b);
      if (r) return r;
    }
    return undefined;
  }
  const slot = slotBackward(v, i);
  if (!slot) return undefined;
  return backward(v, els, e - 1, slot[0].first, { ...b, [el.role]: slot });
}

const RELATIVE_PRONOUNS = new Set(['which', 'who', 'that']);

function findHits(v: SentenceView, tables: MatcherTables): Hit[] {
  const hits: Hit[] = [];
  const { lexicon, words } = v;
  const spans = tables.spans;
  spans.reset(words, lexicon);
  const { start, values } = lexicon.candidates;
  for (let i = 0; i < words.length; i++) {
    for (let k = start[words[i]], end = start[words[i] + 1]; k < end; k++) {
      if (!spans.allows(values[k], i)) continue;
      const compiled = tables.compiled[values[k]];
      const fwd = forward(v, compiled.elements, compiled.anchor, i, NO_BINDINGS);
      if (!fwd) continue;
      const back = backward(v, compiled.elements, compiled.anchor - 1, i, fwd.b);
      if (!back) continue;
      const pattern = tables.patterns[values[k]];
      hits.push({ pattern, first: back.first, end: fwd.end, anchor: i, target: back.b.target ?? [], source: back.b.source ?? [] });
    }
  }
  // Where patterns overlap, the more specific one wins.
  hits.sort((a, b) => Number(b.target.length > 0) - Number(a.target.length > 0) || b.pattern.weight - a.pattern.weight || b.end - b.first - (a.end - a.first));
  const kept: Hit[] = [];
  for (const h of hits) {
    // A reading without a target gives way to an overlapping one with a target.
    if (h.target.length === 0 && hits.some((k) => k.target.length > 0 && h.first < k.end && k.first < h.end)) continue;
    // "Türkiye, which supports Azerbaijan": a relative clause in the present tense describes, it does not report.
    if (RELATIVE_PRONOUNS.has(v.lower[h.first - 1]) && v.lower[h.anchor].endsWith('s') && v.lemma[h.anchor] !== v.lower[h.anchor] && v.pos[h.anchor] === 'VERB') continue;
    // Overlapping readings of the same words compete; an act inside an accusation ("accused X of
    // attacking") is a second event, not a rival reading.
    if (kept.some((k) => h.first < k.end && k.first < h.end && (k.anchor === h.anchor || k.pattern.type === h.pattern.type || h.pattern.type === 'ACCUSE'))) continue;
    // An act inside a threat's or request's own words ("threatened to break relations with …") is not a second event.
    if (kept.some((k) => k.pattern.type !== 'ACCUSE' && k.first <= h.first && h.end <= k.end && k.target.length > 0)) continue;
    kept.push(h);
  }
  return kept.sort((a, b) => a.first - b.first);
}

/** The subject of a clause: the nearest actor before the words of the event that is not inside a prepositional phrase. */
function subjectBefore(v: SentenceView, first: number, exclude: Set<Placed>): Placed[] {
  // "a resolution that aims to impose a blockade": a relative clause on a plain noun has that noun as its subject.
  for (let k = first - 1; k > 0; k--) {
    if (CLAUSE_BREAK.has(v.lower[k])) break;
    // Only when the clause has no subject of its own ("that aims"); "reports that drones attacked" is a complement.
    const verbNext = v.pos[k + 1] === 'VERB' || v.pos[k + 1] === 'AUX' || v.pos[k + 1] === 'ADV';
    if (/^(that|which|who)$/.test(v.lower[k]) && verbNext && (v.pos[k - 1] === 'NOUN' || v.pos[k - 1] === 'PROPN') && !v.endsAt.has(k)) return [];
  }
  const before = v.placed.filter((p) => p.end <= first && !exclude.has(p) && p.mention.kind !== 'place' && usable(p)).sort((a, b) => b.end - a.end);
  for (const p of before) {
    const prev = v.lower[p.first - 1];
    const prevPos = v.pos[p.first - 1];
    // "Pakistan, a key U.S. ally in the war, has refused …": an apposition is not the subject.
    if (inApposition(v, p, first)) continue;
    // Followed by its verb, a mention is a subject even after "after" or "when": "after Azerbaijan opened …".
    const verbNext = v.pos[p.end] === 'VERB' || v.pos[p.end] === 'AUX' || (v.pos[p.end] === 'ADV' && (v.pos[p.end + 1] === 'VERB' || v.pos[p.end + 1] === 'AUX'));
    if (prev && (PREPOSITIONS.has(prev) || prevPos === 'ADP') && !(verbNext && SUBORDINATORS.has(prev))) continue;
    // An object or apposition ("arch-enemy Israel", "received Bayramov") is not the subject.
    if ((prevPos === 'NOUN' || prevPos === 'VERB') && !verbNext) continue;
    // "Turkish-backed neighbour", "the Group of Eight summit": the actor only modifies the subject.
    if (v.lower[p.end] === '-' && /^(backed|supported|funded|based|born|allied|sponsored|brokered|made)$/.test(v.lower[p.end + 1] ?? '')) continue;
    if ((p.mention.kind === 'igo' || p.mention.form === 'grouping') && v.pos[p.end] === 'NOUN' && !isCapital(v, p.end)) continue;
    if (POSSESSIVE.has(v.lower[p.end] ?? '') && p.end < first) continue;
    return coordinatedBefore(v, p).filter((x) => !exclude.has(x));
  }
  return [];
}

/** A past participle after a form of "be" or "get": "was detained", "have been attacked". */
function isPassive(v: SentenceView, anchor: number): boolean {
  if (v.pos[anchor] !== 'VERB' || v.lemma[anchor] === v.lower[anchor]) return false;
  let k = anchor - 1;
  while (k >= 0 && v.pos[k] === 'ADV') k--;
  return k >= 0 && (v.lemma[k] === 'be' || v.lemma[k] === 'get') && v.lower[k] !== 'being';
}

/** The agent of a passive: the actor after "by" in the next few words. */
function agentAfter(v: SentenceView, end: number): Placed[] {
  for (let k = end; k < Math.min(end + 6, v.lower.length); k++) {
    if (CLAUSE_BREAK.has(v.lower[k])) break;
    if (v.lower[k] === 'by') {
      const agent = slotForward(v, k + 1);
      return agent ?? [];
    }
  }
  return [];
}

function inApposition(v: SentenceView, p: Placed, first: number): boolean {
  let open = -1;
  for (let k = p.first - 1; k >= 0; k--) {
    if (v.lower[k] === ',') {
      open = k;
      break;
    }
  }
  if (open < 0 || !/^(a|an|the)$/.test(v.lower[open + 1] ?? '')) return false;
  for (let k = p.end; k < first; k++) if (v.lower[k] === ',') return true;
  return false;
}

/** Reported speech with the speaker after the event: "…, X said" or "X reported". */
function speakerAfter(v: SentenceView, end: number, exclude: Set<Placed>): Placed[] {
  for (const p of v.placed) {
    if (p.first < end || exclude.has(p) || p.mention.kind === 'place') continue;
    const next = v.lemma.slice(p.end, p.end + 3);
    if (next.some((l) => l === 'say' || l === 'tell' || l === 'report' || l === 'announce' || l === 'state')) return [p];
  }
  return [];
}

/** Start of the clause that holds token i: after the last clause break before it. */
function clauseStart(v: SentenceView, i: number): number {
  for (let k = i - 1; k >= 0; k--) if (CLAUSE_BREAK.has(v.lower[k])) return k + 1;
  return 0;
}

/**
 * Hypothetical words before the event. "Would" after a verb of saying ("said they would boycott")
 * is the future of reported speech, a plan rather than a hypothesis.
 */
function hypothetical(v: SentenceView, tables: MatcherTables, from: number, to: number): boolean {
  if (within(v, tables.hypotheticalOthers, from, to)) return true;
  if (!within(v, tables.would, from, to)) return false;
  const would = v.lower.lastIndexOf('would', to - 1);
  return !v.lemma.slice(Math.max(0, would - 4), would).some((l) => REPORTING.has(l));
}

const REPORTING = new Set(['say', 'tell', 'announce', 'state', 'declare', 'pledge', 'promise', 'vow', 'warn', 'insist', 'add', 'confirm']);

/** "May" the month, not the modal: capitalised inside the sentence. */
function monthMay(v: SentenceView, from: number, to: number): boolean {
  for (let k = Math.max(from, 1); k < to; k++) if (v.lower[k] === 'may' && v.lexicon.keys[v.words[k]][0] === 'may' && isCapital(v, k)) return true;
  return false;
}

/** "criticized Azerbaijan for establishing relations": the act blamed is taken as done, not alleged. */
function accusedFor(v: SentenceView, hit: Hit): boolean {
  for (let k = hit.first - 1; k >= Math.max(0, hit.first - 3); k--) if (v.lower[k] === 'for') return true;
  return false;
}

/** Whether one of the phrases occurs in tokens `[from, to)`. */
function within(v: SentenceView, list: Phrase[], from: number, to: number): boolean {
  // Most phrases cannot match at all: their first word is nowhere in the sentence.
  const mark = cueMark(v);
  for (const p of list) if (v.cueMarks.has(p.head, mark) && hasPhrase(v.lexicon, v.words, p, from, to) && !(p.may && monthMay(v, from, to))) return true;
  return false;
}

function judge(v: SentenceView, hit: Hit, tables: MatcherTables): { polarity: Polarity; modality: Modality } {
  const m = tables.modality;
  const clause = clauseStart(v, hit.first);
  const window = Math.max(clause, hit.first - 6);
  let polarity: Polarity = 'asserted';
  if (within(v, m.negation, window, hit.end) || within(v, m.failure, window, hit.first + 1) || within(v, m.denial, 0, hit.first)) polarity = 'negated';
  let modality: Modality = 'actual';
  // What someone is urged or asked to do has not happened: "called on X to lift the siege", also
  // when no request event was coded ("called on President Reagan in a non-binding resolution to
  // retaliate": the requested party was not an actor the patterns could bind).
  const requested = v.requests.some((r) => r < hit.first) || (v.lower[hit.first - 1] === 'to' && within(v, m.requested, Math.max(clause, hit.first - 14), hit.first - 1));
  // An allegation reaches to the end of its clause, not into a relative clause that reports something else.
  let relative = 0;
  for (let k = hit.first - 1; k > 0; k--) {
    if (v.lower[k - 1] === ',' && /^(where|which|who|whom|whose|when)$/.test(v.lower[k])) {
      relative = k;
      break;
    }
  }
  if (hit.pattern.type !== 'ACCUSE' && within(v, m.alleged, relative, hit.first) && !accusedFor(v, hit)) modality = 'alleged';
  else if (requested || hypothetical(v, tables, window, hit.first) || within(v, tables.conditions, 0, hit.first)) modality = 'hypothetical';
  else if (within(v, m.planned, window, hit.first) || within(v, tables.would, window, hit.first)) modality = 'planned';
  return { polarity, modality };
}

function eventActor(p: Placed, actor: Actor): EventActor {
  return {
    actorId: actor.id,
    code: actor.code,
    name: actor.name,
    kind: actor.kind,
    ...(actor.country ? { country: actor.country } : {}),
    ...(actor.sector ? { sector: actor.sector } : {}),
    mention: { start: p.mention.start, end: p.mention.end, text: p.mention.text },
  };
}

/** Groupings with members (the E3) stand for each member state. */
function expand(list: Placed[], states: (code: string) => Actor): { placed: Placed; actor: Actor }[] {
  const out: { placed: Placed; actor: Actor }[] = [];
  for (const p of list) {
    if (p.actor.kind === 'grouping' && p.actor.members && p.actor.members.length > 0) for (const c of p.actor.members) out.push({ placed: p, actor: states(c) });
    else out.push({ placed: p, actor: p.actor });
  }
  return out;
}

function sameSide(a: Actor, b: Actor): boolean {
  return a.id === b.id || (a.country !== undefined && a.country === b.country);
}

/**
 * Codes the events of an article: patterns find the words of an event and its target, the clause
 * gives its source, the words around it its polarity and modality, and the nearest stated date
 * its date. The same event said twice (headline and body) is kept once.
 */
export function codeEvents(article: Article, knowledge: EventKnowledge, states: (code: string) => Actor): Event[] {
  const tables = matcherTables(knowledge);
  const actors = new ActorsById(article.actors);
  const events: Event[] = [];
  const published = article.meta.published?.slice(0, 10);
  // Mentions are in text order: each sentence looks only at its own.
  let m = 0;
  for (let s = 0; s < article.sentences.length; s++) {
    const sentence = article.sentences[s];
    while (m < article.mentions.length && article.mentions[m].start < sentence.start) m++;
    let n = m;
    while (n < article.mentions.length && article.mentions[n].start < sentence.end) n++;
    const v = view(article, sentence, actors, article.mentions, m, n, tables);
    if (!v) continue;
    const hits = findHits(v, tables);
    if (hits.length === 0) continue;
    v.requests = hits.filter((h) => h.pattern.type === 'REQUEST' || h.pattern.type === 'REJECT').map((h) => h.end - 1);
    // "threatened to break relations with Russia": the threat takes the act's target and words.
    for (const threat of hits.filter((h) => h.pattern.type === 'THREATEN' && h.target.length === 0)) {
      const act = hits.find((h) => h !== threat && h.first >= threat.end - 1 && h.first <= threat.end + 4 && v.lower.slice(threat.end - 1, h.first + 1).includes('to'));
      if (!act) continue;
      threat.end = Math.max(threat.end, act.end);
      // "to launch an offensive in its war with Iraq unless Baghdad …": a possessive is a weak target; the condition names a better one.
      const speaker = subjectBefore(v, threat.first, new Set());
      const weak = act.target.every((t) => t.mention.kind === 'pronoun' || speaker.some((p) => sameSide(p.actor, t.actor)));
      threat.target = !weak ? act.target : implicitTarget(v, threat);
      if (threat.target.length === 0) threat.target = act.target;
      hits.splice(hits.indexOf(act), 1);
    }
    for (const hit of hits) {
      // "accused Azerbaijan of attacking its facilities": the accused is the source of the alleged act,
      // and "its" is the accuser.
      const accusation = hits.find((h) => {
        if (h === hit || h.pattern.type !== 'ACCUSE' || h.target.length === 0) return false;
        const of = h.target[h.target.length - 1].end;
        return (v.lower[of] === 'of' || v.lower[of] === 'for') && hit.anchor > of && hit.anchor - of <= 3;
      });
      if (accusation && hit.source.length === 0) hit.source = accusation.target;
      // "used by Israeli drones to attack Iran": the agent of the passive does the infinitive.
      if (hit.source.length === 0 && v.lower[hit.first - 1] === 'to') {
        const agent = v.endsAt.get(hit.first - 1)?.[0];
        if (agent && v.lower[agent.first - 1] === 'by') hit.source = [agent];
      }
      // "Habib was detained in Pakistan": in the passive the subject suffers the act; the doer, if
      // named, follows "by".
      if (hit.source.length === 0 && hit.target.length === 0 && isPassive(v, hit.anchor)) {
        const patient = subjectBefore(v, hit.first, new Set());
        const agent = agentAfter(v, hit.end);
        if (patient.length === 0 || agent.length === 0) continue;
        hit.target = patient;
        hit.source = agent;
      }
      if (hit.target.length === 0) hit.target = implicitTarget(v, hit);
      const exclude = new Set(hit.target);
      // "Rebels kidnapped advisers … and exploded bombs": in coordinated verbs the object of the first is not the subject of the second.
      if (v.lower[hit.first - 1] === 'and' && v.pos[hit.anchor] === 'VERB') {
        for (const earlier of hits) if (earlier !== hit && earlier.end <= hit.first) for (const t of earlier.target) exclude.add(t);
      }
      let sources = hit.source.length > 0 ? hit.source : subjectBefore(v, hit.first, exclude);
      // A nominal event ("condemned the attack on Iran") does not belong to the subject of another verb.
      if (hit.source.length === 0 && sources.length > 0 && hit.pattern.cameo.quad === 4 && v.pos[hit.anchor] === 'NOUN' && hit.first === hit.anchor) {
        const from = sources[sources.length - 1].end;
        // "announced a suspension" is the subject's own act; "condemned the attack" is someone else's.
        if (v.lemma.slice(from, hit.first).some((l, i) => v.pos[from + i] === 'VERB' && EVALUATIVE.has(l))) sources = [];
      }
      let fallback = false;
      if (sources.length === 0) {
        sources = speakerAfter(v, hit.end, exclude);
        fallback = true;
      }
      if (sources.length === 0) continue;
      const { polarity, modality } = judge(v, hit, tables);
      const prepared = v.lemma.slice(Math.max(0, hit.first - 4), hit.first).some((l) => l === 'prepare' || l === 'poise' || l === 'gear');
      const coded = intent(hit.pattern, modality, knowledge, v.lower.slice(hit.end).some((w) => w === 'unless' || w === 'if'), prepared);
      let pairs: [{ placed: Placed; actor: Actor }, { placed: Placed; actor: Actor } | undefined][] = [];
      const src = expand(sources, states);
      const tgt = expand(hit.target, states);
      // "French and Egyptian warships launched war games": drills by several states together are joint exercises.
      if (tgt.length === 0 && coded.type === 'MOBILIZE' && new Set(src.map((x) => x.actor.country)).size > 1) {
        const joint = knowledge.cameo.get('062');
        if (joint) Object.assign(coded, { type: 'COOPERATE', mode: 'military', cameo: joint });
      }
      if (tgt.length > 0) for (const a of src) for (const b of tgt) pairs.push([a, b]);
      else if ((hit.pattern.symmetric || MUTUAL.has(coded.type)) && src.length > 1) {
        for (let i = 0; i < src.length; i++) for (let j = i + 1; j < src.length; j++) pairs.push([src[i], src[j]]);
      } else if (TARGETLESS.has(coded.type)) pairs = src.map((a) => [a, undefined]);
      else continue;
      // Where the event's own clause says it happened ("held talks in Geneva on Friday"): another
      // clause of the sentence may name a place that has nothing to do with it.
      let clauseEnd = hit.end;
      while (clauseEnd < v.lower.length && !CLAUSE_BREAK.has(v.lower[clauseEnd]) && !PLACE_CLAUSE_END.has(v.lower[clauseEnd])) clauseEnd++;
      const place = placeOfClause(article, s, sentence.tokens[clauseStart(v, hit.first)].start, clauseEnd < v.lower.length ? sentence.tokens[clauseEnd].start : sentence.end);
      const date = nearestDate(article.dates, sentence, v, hit) ?? (published ? { start: sentence.start, end: sentence.start, text: '', value: published, precision: 'day' as const, stated: false } : undefined);
      for (const [a, b] of pairs) {
        if (b && sameSide(a.actor, b.actor)) continue;
        const first = Math.min(a.placed.first, hit.first);
        const last = Math.max(hit.end, b ? b.placed.end : 0, fallback ? a.placed.end : 0);
        const start = sentence.tokens[first].start;
        const end = sentence.tokens[last - 1].end;
        const confidence = Math.min(0.95, 0.45 + 0.1 * hit.pattern.weight + (b ? 0.1 : 0) - (fallback ? 0.15 : 0) - (a.placed.mention.kind === 'pronoun' ? 0.1 : 0));
        events.push({
          id: '',
          sentence: s,
          evidence: { start, end, text: article.text.slice(start, end) },
          source: eventActor(a.placed, a.actor),
          ...(b ? { target: eventActor(b.placed, b.actor) } : {}),
          type: coded.type,
          ...(coded.mode ? { mode: coded.mode } : {}),
          cameo: coded.cameo.code,
          goldstein: coded.cameo.goldstein,
          quad: coded.cameo.quad,
          polarity,
          modality,
          ...(date ? { date } : {}),
          ...(place ? { place } : {}),
          confidence: Math.round(confidence * 100) / 100,
          rule: hit.pattern.id,
        });
      }
    }
  }
  if (knowledge.accusations) events.push(...quoteAccusations(article, knowledge, tables, actors, published));
  return mergeRepeats(article, events);
}

/**
 * Accusations made in speech: a speaker who calls what another actor did "a war crime", speaks of
 * its "double standards" or of its "aggression" accuses it, whatever verb reports the words. The
 * accused is an actor the quote names that is not on the speaker's side, or, for a quoted phrase,
 * the actor named right after it ("the “double standards” of the U.S.").
 */
function quoteAccusations(article: Article, knowledge: EventKnowledge, tables: MatcherTables, actors: ActorsById, published: string | undefined): Event[] {
  if (article.quotes.length === 0) return [];
  const code = knowledge.cameo.get('112');
  if (!code) return [];
  const out: Event[] = [];
  for (const q of article.quotes) {
    const speaker = q.speaker?.actorId ? actors.get(q.speaker.actorId) : undefined;
    const sentence = article.sentences[q.sentence];
    if (!speaker || !q.speaker || !sentence) continue;
    const tokens = sentence.tokens;
    const { lower } = sentenceWords(article, sentence);
    // Cues are matched by lemma or lower-cased word, like pattern words.
    tables.lexicon.startSentence();
    const words = tokens.map((t, i) => tables.lexicon.lookup(t.lemma, lower[i]) >> 1);
    let cue: { first: number; end: number; words: string[] } | undefined;
    for (let i = 0; i < tokens.length && !cue; i++) {
      if (tokens[i].start < q.start || tokens[i].end > q.end) continue;
      // A word that is no cue word starts no cue.
      if (!tables.lexicon.cues.any(words[i])) continue;
      const hit = tables.accusations.find((c) => cueAt(tables.lexicon, words, c, i) && tokens[i + c.ids.length - 1].end <= q.end);
      if (hit) cue = { first: i, end: i + hit.ids.length, words: hit.words };
    }
    if (!cue) continue;
    const other = (m: Mention) => {
      const a = m.actorId ? actors.get(m.actorId) : undefined;
      return a && m.kind !== 'pronoun' && !(a.kind === 'grouping' && (a.members?.length ?? 0) === 0) && !sameSide(a, speaker) ? a : undefined;
    };
    let target = article.mentions.find((m) => m.start >= q.start && m.end <= q.end && other(m));
    if (!target) {
      // "the “double standards” of the U.S.": the phrase's owner follows it.
      const after = article.mentions.find((m) => m.start >= q.end && m.start - q.end <= 12 && m.end <= sentence.end && other(m));
      if (after && /^[”"’']?\s+(of|by)\s+(the\s+)?$/i.test(article.text.slice(q.end, after.start))) target = after;
    }
    if (!target) continue;
    const accused = other(target)!;
    const span = q.end - q.start <= 300 ? { start: q.start, end: q.end } : { start: tokens[cue.first].start, end: tokens[cue.end - 1].end };
    const speakerMention = article.mentions.find((m) => m.start === q.speaker!.start && m.end === q.speaker!.end) ?? { ...q.speaker, kind: 'person' as const, form: 'name' as const };
    const dated = article.dates.filter((d) => d.start >= sentence.start && d.end <= sentence.end)[0];
    const date = dated ?? (published ? { start: sentence.start, end: sentence.start, text: '', value: published, precision: 'day' as const, stated: false } : undefined);
    out.push({
      id: '',
      sentence: q.sentence,
      evidence: { ...span, text: article.text.slice(span.start, span.end) },
      source: eventActor({ mention: speakerMention, actor: speaker, first: 0, end: 0 }, speaker),
      target: eventActor({ mention: target, actor: accused, first: 0, end: 0 }, accused),
      type: 'ACCUSE',
      ...(code.mode ? { mode: code.mode } : {}),
      cameo: code.code,
      goldstein: code.goldstein,
      quad: code.quad,
      polarity: 'asserted',
      modality: 'actual',
      ...(date ? { date } : {}),
      confidence: 0.6,
      rule: `accuse.quote.${cue.words.join('-')}`,
    });
  }
  return out;
}

/** Verbs whose object is an act judged, not done, by their subject. */
const EVALUATIVE = new Set(['condemn', 'criticize', 'criticise', 'denounce', 'deplore', 'protest', 'mourn', 'welcome', 'praise', 'regret', 'investigate', 'report', 'blame', 'deny', 'reject', 'discuss', 'recall', 'remember', 'commemorate', 'mark', 'witness', 'survive', 'fear', 'warn', 'decry', 'slam', 'lament', 'describe', 'call', 'term', 'label', 'investigate', 'probe', 'document', 'confirm', 'claim']);

/** Words after which a sentence tells of something else than the event: "… following Azerbaijan's victory in Karabakh". */
const PLACE_CLAUSE_END = new Set(['.', 'following', 'after', 'before', 'since', 'when', 'where', 'which', 'who', 'while', 'because', 'amid', 'despite']);

/** Types that may be coded without a target: a protest, a mobilisation, a resignation. */
const TARGETLESS = new Set(['PROTEST', 'MOBILIZE', 'RETREAT']);
/** Types where coordinated subjects act on each other: "Armenia and Azerbaijan signed …". */
const MUTUAL = new Set(['AGREE', 'CONSULT', 'COOPERATE']);
/** Words after which a pattern's object is the next actor: "demanded that the US …", "talks with". */
const OPEN_ENDINGS = new Set(['that', 'to', 'with', 'on', 'against', 'at', 'for', 'from', 'toward', 'towards']);

/** Whether a pattern's last word may be one after which its object follows. */
function opensOnto(options: Set<string>): boolean {
  for (const w of options) if (OPEN_ENDINGS.has(w)) return true;
  return false;
}

/**
 * A target the pattern did not bind: for a pattern that ends open ("demand that") the next actor;
 * for meetings and agreements an actor after "with" later in the clause.
 */
function implicitTarget(v: SentenceView, hit: Hit): Placed[] {
  // A threat is aimed at whoever the condition names: "… unless Baghdad accepted", "… if the United States goes ahead".
  if (hit.pattern.type === 'THREATEN') {
    for (let k = hit.end; k < v.lower.length; k++) {
      if (v.lower[k] === 'if' || v.lower[k] === 'unless') {
        const who = slotForward(v, k + 1);
        if (who) return who;
        break;
      }
    }
  }
  const last = hit.pattern.elements[hit.pattern.elements.length - 1];
  if (last.kind === 'word' && opensOnto(last.options)) {
    const next = slotForward(v, hit.end);
    if (next) return next;
  }
  // An actor inside the words of the event: "reject proposed Israeli changes".
  for (let k = hit.first + 1; k < hit.end; k++) {
    const inside = v.startsAt.get(k)?.find((p) => usable(p) && p.mention.kind !== 'pronoun' && p.mention.kind !== 'place' && p.end <= hit.end);
    if (inside) return [inside];
  }
  // "offered to hand over to Great Britain", "mobilized reservists for a war against Iraq": the first
  // actor in the rest of the clause, before another verb takes over.
  for (let k = hit.end; k < Math.min(hit.end + 9, v.lower.length); k++) {
    if (CLAUSE_BREAK.has(v.lower[k]) || v.lower[k] === '.' || (k > hit.end + 1 && v.pos[k] === 'VERB' && v.lower[k - 1] !== 'to' && v.lower[k - 1] !== '-')) break;
    const here = v.startsAt.get(k)?.find((p) => usable(p) && p.mention.kind !== 'pronoun' && p.mention.kind !== 'place');
    if (here) return coordinatedAfter(v, here);
  }
  if (MUTUAL.has(hit.pattern.type) || hit.pattern.symmetric) {
    for (let k = hit.end; k < Math.min(hit.end + 12, v.lower.length); k++) {
      if (v.lower[k] === ';' || v.lower[k] === '.') break;
      if (v.lower[k] === 'with') {
        const next = slotForward(v, k + 1);
        if (next) return next;
      }
    }
  }
  return [];
}

const COOPERATIVE_INTENT: Record<string, string> = { CONSULT: '036', AID: '033', COOPERATE: '031', SUPPORT: '032', CONCEDE: '030', RETREAT: '030' };
const HOSTILE_INTENT: Record<string, string> = { ASSAULT: '138', MOBILIZE: '138', COERCE: '137', SANCTION: '131', PROTEST: '133' };

/**
 * A planned action is coded as the intent it expresses, as CAMEO and PLOVER do: a planned
 * meeting or aid is an AGREE (intent to cooperate), a planned attack a THREATEN.
 */
function intent(pattern: EventPattern, modality: Modality, knowledge: EventKnowledge, conditional = false, prepared = false): { type: string; mode?: string; cameo: EventPattern['cameo'] } {
  // "prepared to resume shelling": getting ready to strike is a show of force, PLOVER's MOBILIZE.
  if (prepared && modality === 'planned' && HOSTILE_INTENT[pattern.type]) {
    const code = knowledge.cameo.get('150');
    if (code) return { type: 'MOBILIZE', mode: `prepare-${pattern.type.toLowerCase()}`, cameo: code };
  }
  // "will withdraw its force unless …": an act announced on conditions is a threat.
  if (conditional && modality === 'planned' && pattern.type !== 'AGREE' && pattern.type !== 'REQUEST') {
    const code = knowledge.cameo.get('130');
    if (code) return { type: 'THREATEN', mode: `conditional-${pattern.type.toLowerCase()}`, cameo: code };
  }
  if (modality === 'planned') {
    const coop = COOPERATIVE_INTENT[pattern.type];
    const hostile = HOSTILE_INTENT[pattern.type];
    const code = knowledge.cameo.get(coop ?? hostile ?? '');
    if (code) return { type: coop ? 'AGREE' : 'THREATEN', mode: `intent-${pattern.type.toLowerCase()}`, cameo: code };
  }
  return { type: pattern.type, mode: pattern.mode, cameo: pattern.cameo };
}

function nearestDate(dates: DateRef[], sentence: Sentence, v: SentenceView, hit: Hit): DateRef | undefined {
  const inside = dates.filter((d) => d.start >= sentence.start && d.end <= sentence.end);
  if (inside.length === 0) return undefined;
  const at = sentence.tokens[hit.first].start;
  return inside.reduce((a, b) => (Math.abs(b.start - at) < Math.abs(a.start - at) ? b : a));
}

/** One event per source, target, type, polarity and modality in an article; repeats add mentions. */
function mergeRepeats(article: Article, events: Event[]): Event[] {
  if (events.length === 0) return [];
  const byKey = new Map<string, Event>();
  for (const e of events) {
    const key = [e.source.actorId, e.target?.actorId ?? '', e.type, e.polarity, e.modality].join('|');
    const first = byKey.get(key);
    if (first) {
      first.repeats = [...(first.repeats ?? []), e.evidence];
      if (!first.date?.stated && e.date?.stated) first.date = e.date;
      continue;
    }
    byKey.set(key, e);
  }
  const out = [...byKey.values()];
  out.forEach((e, i) => {
    e.id = `${article.id}-e${i + 1}`;
  });
  return out;
}
