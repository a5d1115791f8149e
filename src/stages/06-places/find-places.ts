import { sentenceWords, type Actor, type Article, type Place, type Span, type Token } from '../../model/model.ts';
import { CALENDAR, DIRECTIONS, introducer, PLACE_NOUNS } from './cues.ts';
import { nameKey, topRank, type NameEntry, type PlaceIndex, type PlaceRecord } from './place-index.ts';

/** A place name found in a sentence, before it is resolved. Token positions are `[first, end)`. */
interface Found {
  first: number;
  end: number;
  start: number;
  stop: number;
  entry: NameEntry;
  /** Offset of a "the" that belongs to the name ("The Hague"). */
  theStart?: number;
  /** The state or region right after a comma ("Tripoli, Lebanon"), which narrows this one. */
  appositive?: Found;
  /** A dateline's place: it needs no other cue. */
  dated?: boolean;
}

/** Longest name, in tokens ("Democratic Republic of the Congo", "Saint Vincent and the Grenadines"). */
const MAX_TOKENS = 8;
/** A city in a state the article mentions must have at least this share of its largest namesake's population to be chosen over it. */
const CONTEXT_SHARE = 0.1;
/** Words that end a dateline's place: "GENEVA (Reuters) -", "BAKU, Oct 23". */
const DATELINE_END = new Set([',', '(', '-', '–', '—', ':']);
/** Towns below this size need a cue ("in", "the town of") unless the data file lists them. */
const MINOR_POPULATION = 100_000;
/** Lemmas of verbs whose subject is a person far more often than a town: "Castro said". */
const SAYING = new Set(['say', 'tell', 'add', 'note', 'announce', 'claim', 'deny', 'warn', 'urge', 'insist', 'stress', 'argue', 'write', 'ask', 'reply', 'accuse', 'blame', 'vow', 'pledge', 'admit', 'explain', 'declare', 'meet', 'visit', 'resign']);
const POSSESSIVE = new Set(["'s", '’s', "'", '’']);
/** Arabic articles written before a place name with a hyphen: "El-Arish", "al-Qusayr". */
const ARABIC_ARTICLES = new Set(['al', 'el', 'ad', 'ar', 'as', 'an', 'at', 'az', 'ash', 'ath', 'adh', 'ed', 'es', 'et']);
/** Lower-case words inside people's and places' names: "Abu al-Hareth", "dos Santos", "Lanao del Sur". */
const PARTICLES = new Set(['al', 'el', 'bin', 'ibn', 'bint', 'de', 'del', 'della', 'di', 'da', 'das', 'do', 'dos', 'du', 'van', 'von', 'der', 'den', 'la', 'le']);

/**
 * Finds the places of an article: names matched sentence by sentence with one index lookup per
 * candidate span, filtered by the words around them, then resolved with the whole article as
 * context. The result is sorted by offset and has no overlaps.
 */
export function findPlaces(article: Article, index: PlaceIndex): Place[] {
  const people: Span[] = [];
  const bodies: Span[] = [];
  for (const m of article.mentions) {
    // "the Hague" is not William Hague: a surname right after "the" is no person, whatever the actors stage thought.
    if (m.kind === 'person' && !(m.form === 'surname' && /\bthe\s+$/i.test(article.text.slice(Math.max(0, m.start - 4), m.start)))) people.push(m);
    else if (m.kind === 'igo' || m.kind === 'org' || m.kind === 'group') bodies.push(m);
  }
  people.sort(byStart);
  bodies.sort(byStart);
  const found: Found[] = [];
  const refused: Span[] = [];
  for (let s = 0; s < article.sentences.length; s++) {
    const raw = matchNames(article, s, index);
    if (raw.length === 0) continue;
    const sentence = article.sentences[s];
    new SentenceView(article, s, index, raw, within(people, sentence), within(bodies, sentence)).scan(found, refused);
  }
  const places = resolve(article, found);
  addStateMentions(article, index, places, refused);
  return places;
}

/** The spans of a list sorted by start that begin inside `range` (mentions never cross sentences). */
function within(spans: Span[], range: Span): Span[] {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < range.start) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < spans.length && spans[end].start < range.end) end++;
  return lo === end ? NONE : spans.slice(lo, end);
}

const NONE: Span[] = [];

function startsUpper(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  return /\p{Lu}/u.test(text[at]);
}

/** Spans in text order. */
function byStart(a: Span, b: Span): number {
  return a.start - b.start;
}

function overlaps(spans: Span[], start: number, end: number): boolean {
  for (const s of spans) if (s.start < end && start < s.end) return true;
  return false;
}

/** A longer name contains this one: "Kurdistan" in "Kurdistan Workers' Party". */
function containedIn(spans: Span[], start: number, end: number): boolean {
  for (const s of spans) if (s.start <= start && end <= s.end && s.end - s.start > end - start) return true;
  return false;
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/**
 * Names at their longest, left to right, in sentence `s`; the index's prefixes say when to stop
 * extending a match. A dateline's place ("GENEVA (Reuters) -") comes first, marked `dated`.
 */
function matchNames(article: Article, s: number, index: PlaceIndex): Found[] {
  const text = article.text;
  const sentence = article.sentences[s];
  const tokens = sentence.tokens;
  const n = tokens.length;
  const raw: Found[] = [];
  const words = sentenceWords(article, sentence).words;
  let i = dateline(article, s, index, raw);
  for (; i < n; i++) {
    const from = tokens[i].start;
    if (!startsUpper(text, from)) continue;
    let best = -1;
    let entry: NameEntry | undefined;
    for (let j = i; j < n && j < i + MAX_TOKENS; j++) {
      // A one-word name is the token's word, which the other stages have already looked up: its
      // hash is computed once, where a fresh slice of the text would be hashed again.
      const key = nameKey(j === i ? words[i] : text.slice(from, tokens[j].end));
      const hit = index.names.get(key);
      if (hit) {
        best = j;
        entry = hit;
      }
      if (!index.prefixes.has(key)) break;
    }
    if (entry) {
      raw.push({ first: i, end: best + 1, start: from, stop: tokens[best].end, entry });
      i = best;
    }
  }
  return raw;
}

/** A dateline's place at the start of a paragraph, written in capitals; returns the token to scan on from. */
function dateline(article: Article, s: number, index: PlaceIndex, raw: Found[]): number {
  const text = article.text;
  const sentence = article.sentences[s];
  const tokens = sentence.tokens;
  const paragraph = article.paragraphs[sentence.paragraph];
  if (!paragraph || sentence.start !== paragraph.start || tokens.length < 2 || tokens[0].end - tokens[0].start < 3) return 0;
  let k = 0;
  while (k < tokens.length && k < 3 && /^\p{Lu}[\p{Lu}'.-]*$/u.test(text.slice(tokens[k].start, tokens[k].end))) k++;
  if (k === 0 || k >= tokens.length || !DATELINE_END.has(text.slice(tokens[k].start, tokens[k].end))) return 0;
  const entry = index.names.get(nameKey(titleCase(text.slice(tokens[0].start, tokens[k - 1].end))));
  if (!entry) return 0;
  raw.push({ first: 0, end: k, start: tokens[0].start, stop: tokens[k - 1].end, entry, dated: true });
  return k;
}

/** One sentence with names in it: its tokens' words, and the tests on the words around a name. */
class SentenceView {
  private readonly text: string;
  private readonly tokens: Token[];
  private readonly n: number;
  private title: boolean | undefined;
  /** Names found, by first and by end token. */
  private readonly starts = new Map<number, Found>();
  private readonly ends = new Set<number>();

  constructor(
    private readonly article: Article,
    private readonly s: number,
    private readonly index: PlaceIndex,
    private readonly raw: Found[],
    private readonly people: Span[],
    private readonly bodies: Span[],
  ) {
    this.text = article.text;
    this.tokens = article.sentences[s].tokens;
    this.n = this.tokens.length;
    for (const f of raw) {
      this.starts.set(f.first, f);
      this.ends.add(f.end);
    }
  }

  word(k: number): string {
    return k >= 0 && k < this.n ? this.text.slice(this.tokens[k].start, this.tokens[k].end) : '';
  }

  lower(k: number): string {
    return this.word(k).toLowerCase();
  }

  pos(k: number): string {
    return k >= 0 && k < this.n ? this.tokens[k].pos : '';
  }

  /** A capitalised proper noun: part of a name when it touches a place name ("Lloyd Austin", "Geneva Conventions"). */
  nameWord(k: number): boolean {
    return k >= 0 && k < this.n && this.tokens[k].pos === 'PROPN' && startsUpper(this.text, this.tokens[k].start);
  }

  inTitle(): boolean {
    return (this.title ??= isTitleLine(this.article, this.s));
  }

  /** Only punctuation before token k: the sentence starts there, so its capital letter means nothing. */
  initial(k: number): boolean {
    for (let j = 0; j < k; j++) if (/[\p{L}\p{N}]/u.test(this.text[this.tokens[j].start])) return false;
    return true;
  }

  /** Adds the sentence's accepted names to `out`, and the spans of names it turned down to `refused`. */
  scan(out: Found[], refused: Span[]): void {
    const accepted: Found[] = [];
    for (const f of this.raw) {
      if (!this.acceptable(f)) {
        refused.push({ start: f.start, end: f.stop });
        continue;
      }
      if (this.lower(f.first - 1) === 'the' && f.entry.places.some((p) => p.name.startsWith('The '))) f.theStart = this.tokens[f.first - 1].start;
      accepted.push(f);
    }
    const kept = new Set(accepted);
    for (const f of accepted) {
      const next = this.starts.get(f.end + 1);
      if (this.word(f.end) === ',' && next && kept.has(next) && regional(next)) f.appositive = next;
    }
    out.push(...accepted);
  }

  private acceptable(f: Found): boolean {
    if (overlaps(this.people, f.start, f.stop) || containedIn(this.bodies, f.start, f.stop)) return false;
    const state = f.entry.preferred.some((p) => p.kind === 'state');
    if (f.dated) return true;
    if (this.partOfLongerName(f, state) && !this.inTitle()) return false;
    if (state) return true;
    const cue = this.hasCue(f);
    if (f.entry.homonym && !cue) {
      // A common word counts without a cue only where its capital letter means a name and the place is well known.
      if (f.entry.homonym === 'name' || !f.entry.known || this.inTitle() || this.initial(f.first)) return false;
    }
    if (!f.entry.known && f.entry.preferred.length === 0 && !cue) {
      // A town few readers know, named without "in", "the town of" and the like, is more often a
      // surname: "Castro said", "Taylor's forces", "a Bradley armored vehicle".
      if (minor(f.entry) || SAYING.has(this.tokens[f.end]?.lemma ?? '') || POSSESSIVE.has(this.word(f.end))) return false;
    }
    return true;
  }

  /**
   * The name is part of a longer one: a person's ("Lloyd Austin", "Michael Jordan", "Abu
   * al-Hareth", "dos Santos") or a thing's ("Geneva Conventions", "Tehran Times", "KwaZulu-Natal").
   * A state name followed by a noun is still the state ("Qatar Airways" is about Qatar).
   */
  private partOfLongerName(f: Found, state: boolean): boolean {
    const before = f.first - 1;
    if (this.nameWord(before) && !DIRECTIONS.has(this.lower(before))) return true;
    if (PARTICLES.has(this.lower(before)) && this.nameWord(before - 1)) return true;
    // "KwaZulu-Natal", "al-Dura"; but "El-Arish" (an Arabic article) and "the Damascus-Aleppo highway".
    const glued = this.text[f.start - 1];
    if ((glued === '-' || glued === '/') && /\p{L}/u.test(this.text[f.start - 2] ?? '')) {
      const word = /[\p{L}]+$/u.exec(this.text.slice(Math.max(0, f.start - 12), f.start - 1))?.[0].toLowerCase() ?? '';
      if (!ARABIC_ARTICLES.has(word) && !this.ends.has(f.first - 1)) return true;
    }
    if (state) return false;
    // "Morton-Thiokol", "Freeport-McMoRan"; but "Raleigh-Durham" is two places.
    if (this.text[f.stop] === '-' && startsUpper(this.text, f.stop + 1) && !this.starts.has(f.end + 1)) return true;
    // "Karabakh Armenians" and "in Tehran Monday" are still places.
    if (this.nameWord(f.end) && !CALENDAR.has(this.lower(f.end)) && !this.index.demonyms.has(this.word(f.end))) return true;
    return PARTICLES.has(this.lower(f.end)) && this.nameWord(f.end + 1);
  }

  private hasCue(f: Found): boolean {
    const intro = introducer((k) => this.lower(k), (k) => this.pos(k), f.first);
    if (intro.noun || (intro.prep && !intro.article)) return true;
    // "in Samarra, Balad and Ishaki": a list that goes on from a place.
    const joiner = this.lower(f.first - 1);
    if ((joiner === ',' || joiner === 'and' || joiner === 'or') && this.ends.has(f.first - 1)) return true;
    if (PLACE_NOUNS.has(this.lower(f.end))) return true;
    return this.word(f.end) === ',' && regional(this.starts.get(f.end + 1));
  }
}

/** Only small towns: no candidate reaches this population. */
function minor(entry: NameEntry): boolean {
  return entry.places.every((p) => p.kind === 'city' && p.population < MINOR_POPULATION);
}

/** A name whose preferred meaning is a state or region: it can narrow the name before its comma. */
function regional(f: Found | undefined): boolean {
  return f !== undefined && f.entry.preferred.some((p) => p.kind !== 'city');
}

/**
 * Headlines and title-case lines, where a capital letter says nothing about a name: a title or
 * heading paragraph, or a line of five or more longer words nearly all capitalised (fewer would
 * make "The Geneva Conventions apply." a headline).
 */
function isTitleLine(article: Article, s: number): boolean {
  const sentence = article.sentences[s];
  const kind = article.paragraphs[sentence.paragraph]?.kind;
  if (kind === 'title' || kind === 'heading') return true;
  let words = 0;
  let caps = 0;
  const text = article.text;
  for (const t of sentence.tokens) {
    if (t.end - t.start < 4) continue;
    const c = text.charCodeAt(t.start);
    const upper = startsUpper(text, t.start);
    // Lower-case ASCII letters and capitals count; digits and punctuation do not.
    if (!upper && !(c >= 97 && c <= 122) && !(c > 127 && /\p{L}/u.test(text[t.start]))) continue;
    words++;
    if (upper) caps++;
  }
  return words >= 5 && caps / words >= 0.8;
}

/** Countries named around the article: by mentions of actors, and by places with only one possible country. */
class CountryContext {
  private readonly counts = new Map<string, number>();
  private readonly spans: { start: number; end: number; country: string }[] = [];

  count(country: string, span: Span): void {
    this.counts.set(country, (this.counts.get(country) ?? 0) + 1);
    this.spans.push({ start: span.start, end: span.end, country });
  }

  /** Countries named somewhere other than at `span` (a name is no evidence for itself). */
  elsewhere(span: Span): (country: string) => boolean {
    const own = new Map<string, number>();
    for (const s of this.spans) if (s.start < span.end && span.start < s.end) own.set(s.country, (own.get(s.country) ?? 0) + 1);
    return (country) => (this.counts.get(country) ?? 0) - (own.get(country) ?? 0) > 0;
  }
}

/** A national capital or a city of a million: its name means it unless the text says otherwise. */
function prominent(p: PlaceRecord): boolean {
  return p.capital || p.population >= 1_000_000;
}

function largest(places: PlaceRecord[]): PlaceRecord {
  return places.reduce((a, b) => (b.population > a.population ? b : a));
}

/**
 * A place that context (its state or region named elsewhere) may choose over the largest
 * namesake `top`: a state or region, a capital, a place the data file gives the name to, or a
 * city with at least a tenth of `top`'s population when `top` is neither a capital nor a city of
 * millions. Boston, Lincolnshire never wins over Boston, Massachusetts because England is named.
 */
function contender(p: PlaceRecord, top: PlaceRecord, entry: NameEntry): boolean {
  return p.kind !== 'city' || p.capital || entry.preferred.includes(p) || (p.population >= top.population * CONTEXT_SHARE && !prominent(top));
}

/** Keeps the places that pass `test`, or all of them when none does. */
function narrow(places: PlaceRecord[], test: (p: PlaceRecord) => boolean): PlaceRecord[] {
  const kept = places.filter(test);
  return kept.length > 0 ? kept : places;
}

function lies(p: PlaceRecord, within: PlaceRecord): boolean {
  if (within.kind === 'state') return p.country === within.country;
  if (within.admin) return p.admin === within.admin;
  return within.country !== undefined && p.country === within.country && p !== within;
}

/**
 * Resolves each name to one place. In order: a state or region right after a comma ("Tripoli,
 * Lebanon"; "Birmingham, Alabama"); for a name the data file does not list, a region the article
 * names elsewhere (Alabama); the places the data file or a state's own names give the name
 * (Geneva is the Swiss city, not Geneva, Illinois); the highest kind (a state over a city of the
 * same name); a place in a state the article names elsewhere, if it is a `contender` (Birmingham,
 * Alabama in a story about the United States; never Wellington, Florida for New Zealand's
 * capital); the largest population. Region and state context only choose among contenders.
 */
function resolve(article: Article, found: Found[]): Place[] {
  const actors = new Map<string, Actor>(article.actors.map((a) => [a.id, a]));
  const context = new CountryContext();
  for (const m of article.mentions) {
    const country = m.country ?? (m.actorId ? actors.get(m.actorId)?.country : undefined);
    if (country) context.count(country, m);
  }
  const regions = new Map<string, Found[]>();
  for (const f of found) {
    const places = f.entry.plain;
    const countries = new Set(places.map((p) => p.country));
    const [only] = countries;
    if (countries.size === 1 && only) context.count(only, f);
    if (places.length === 1 && places[0].kind === 'region' && places[0].admin) regions.set(places[0].admin, [...(regions.get(places[0].admin) ?? []), f]);
  }
  const places: Place[] = [];
  for (const f of found) {
    let c = f.entry.places;
    if (f.appositive) {
      const [within, other] = f.appositive.entry.plain;
      if (within && !other) c = narrow(c, (p) => lies(p, within));
    }
    // A region named elsewhere is weaker evidence than a comma: it only chooses among namesakes the data file says nothing about.
    if (regions.size > 0 && f.entry.preferred.length === 0) {
      const top = largest(c);
      c = narrow(c, (p) => p.admin !== undefined && (regions.get(p.admin) ?? []).some((r) => r !== f) && contender(p, top, f.entry));
    }
    const preferred = c.filter((p) => f.entry.preferred.includes(p));
    if (preferred.length > 0) c = preferred;
    c = topRank(c);
    if (c.length > 1) {
      const named = context.elsewhere({ start: f.start, end: f.stop });
      const top = largest(c);
      c = narrow(c, (p) => p.country !== undefined && named(p.country) && contender(p, top, f.entry));
    }
    const pick = largest(c);
    const start = f.theStart ?? f.start;
    places.push(toPlace(pick, start, f.stop, article.text.slice(start, f.stop)));
  }
  return places;
}

function toPlace(p: PlaceRecord, start: number, end: number, text: string): Place {
  return {
    start,
    end,
    text,
    id: p.id,
    name: p.name,
    kind: p.kind,
    ...(p.country ? { country: p.country } : {}),
    ...(p.lat !== undefined && p.lon !== undefined ? { lat: p.lat, lon: p.lon } : {}),
  };
}

/**
 * States the actors stage found by names this index lacks (its knowledge base knows "the Islamic
 * Republic"): they are places too. Added where no place covers the words and the scan did not
 * turn them down.
 */
function addStateMentions(article: Article, index: PlaceIndex, places: Place[], refused: Span[]): void {
  let added = false;
  for (const m of article.mentions) {
    if (m.kind !== 'state' || m.form !== 'state' || !m.country || !startsUpper(article.text, m.start)) continue;
    const state = index.states.get(m.country);
    // Names this stage turned down ("Michael Jordan") or never takes ("Saudi") stay out.
    if (!state || index.never.has(m.text) || overlaps(places, m.start, m.end) || refused.some((r) => r.start <= m.start && m.end <= r.end)) continue;
    places.push(toPlace(state, m.start, m.end, m.text));
    added = true;
  }
  if (added) places.sort((a, b) => a.start - b.start);
}
