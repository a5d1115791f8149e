/**
 * The Entente document model: one module, no I/O.
 *
 * A source (a file, a feed item, a JSON line, stdin) becomes a {@link SourceDocument}; cleaning
 * turns it into one or more {@link Article}s. Every annotation on an article is a {@link Span} of
 * UTF-16 character offsets into `Article.text`, so `article.text.slice(span.start, span.end)` is
 * always the annotated text. Later stages add mentions, actors, dates, places, events and quotes.
 */

/** Half-open range of UTF-16 offsets into an article's text: `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** Input formats the readers understand. */
export type SourceFormat = 'text' | 'html' | 'rss' | 'atom' | 'jsonl';

/** Where a piece of input came from, precise enough to find it again. */
export interface Origin {
  /** File path as given by the user, or `-` for standard input. */
  path: string;
  format: SourceFormat;
  /** 1-based line number, for JSON Lines. */
  line?: number;
  /** 1-based position of the item in a feed. */
  item?: number;
}

/** Metadata an article carries from its source. All optional: real input often lacks them. */
export interface ArticleMeta {
  title?: string;
  /** ISO date `YYYY-MM-DD` or full ISO timestamp. */
  published?: string;
  /** Outlet or agency, e.g. "Reuters". */
  source?: string;
  url?: string;
  /** Identifier given by the input (a JSON line's `id`, a feed item's guid). */
  externalId?: string;
}

/**
 * What a reader produces: the raw text of one input unit before cleaning. For HTML the reader has
 * already extracted the main text, one paragraph per line.
 */
export interface SourceDocument {
  text: string;
  meta: ArticleMeta;
  origin: Origin;
  /** Articles produced from this source by the cleaning stage. */
  articles: Article[];
}

/** Role of a paragraph within an article. */
export type ParagraphKind = 'title' | 'heading' | 'body';

export interface Paragraph extends Span {
  kind: ParagraphKind;
  /** Offset of this paragraph's first character in the source document's raw text. */
  sourceStart: number;
}

export interface Token extends Span {
  /** Universal POS tag from wink-nlp (NOUN, VERB, PROPN, …). */
  pos: string;
  /** Base form in lower case ("held" → "hold"). */
  lemma: string;
  /** wink-nlp's token type: word, number, punctuation, … */
  type: string;
}

export interface Sentence extends Span {
  /** Index into `Article.paragraphs`. */
  paragraph: number;
  tokens: Token[];
}

/** Kinds of things a mention can name. */
export type MentionKind = 'state' | 'person' | 'igo' | 'group' | 'org' | 'place' | 'agent' | 'pronoun';

/** How a mention names its actor. */
export type MentionForm =
  | 'name' | 'surname' | 'title' | 'demonym' | 'state' | 'metonym' | 'seat' | 'organisation'
  | 'grouping' | 'group' | 'agent' | 'pronoun' | 'counterpart' | 'learned';

export interface Mention extends Span {
  text: string;
  kind: MentionKind;
  form: MentionForm;
  /** Role key of a title in the mention ("foreign-minister" in "Foreign Minister Bayramov"). */
  role?: string;
  /** Country the words point to (a demonym, a state's name), before resolution. */
  country?: string;
  /** Sector given by an agent word (GOV, MIL, …). */
  sector?: string;
  /** Id of the resolved actor in `Article.actors`, when resolution succeeded. */
  actorId?: string;
}

export type ActorKind = 'state' | 'person' | 'igo' | 'group' | 'org' | 'grouping';

export interface Role {
  /** Role key shared with the knowledge base: president, foreign-minister, … */
  key?: string;
  title: string;
  country?: string;
  sector?: string;
  from?: string;
  to?: string;
  source: 'kb' | 'text';
}

export interface Actor {
  id: string;
  name: string;
  kind: ActorKind;
  /** ISO 3166-1 alpha-3. */
  country?: string;
  sector?: string;
  /** CAMEO-style combined code, e.g. IRNGOV; an organisation's own code, e.g. IAEA. */
  code: string;
  /** The role held on the article's date, for people. */
  role?: Role;
  /** Every known role, for people. */
  roles: Role[];
  /** Member states, for groupings such as the E3. */
  members?: string[];
  /** For an actor learned from this article: the words that introduced it. */
  learnedFrom?: Span & { text: string; seen: string };
}

export type DatePrecision = 'day' | 'month' | 'year';

export interface DateRef extends Span {
  text: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  value: string;
  precision: DatePrecision;
  /** False when the date was assumed (the publication date), not written in the text. */
  stated: boolean;
}

/** Kinds of named place. */
export type PlaceKind = 'city' | 'state' | 'region';

/** A place named in the text, resolved to one place of the world. */
export interface Place extends Span {
  text: string;
  /** Stable id of the resolved place (e.g. `city:2660646`, `state:QAT`, `region:nakhchivan`). */
  id: string;
  /** The place's English name ("Geneva", not the text's "Genève"). */
  name: string;
  kind: PlaceKind;
  /** ISO 3166-1 alpha-3 of the state it lies in (or claims it, for disputed areas: see the places data). */
  country?: string;
  lat?: number;
  lon?: number;
}

export type Polarity = 'asserted' | 'negated';
export type Modality = 'actual' | 'planned' | 'alleged' | 'hypothetical' | 'reported';

/** One end of an event: the actor and the words that named it. */
export interface EventActor {
  actorId: string;
  code: string;
  name: string;
  kind: ActorKind;
  country?: string;
  sector?: string;
  mention: Span & { text: string };
}

export interface Event {
  id: string;
  sentence: number;
  evidence: Span & { text: string };
  source: EventActor;
  target?: EventActor;
  type: string;
  mode?: string;
  cameo: string;
  goldstein: number;
  quad: 1 | 2 | 3 | 4;
  polarity: Polarity;
  modality: Modality;
  date?: DateRef;
  place?: Place;
  confidence: number;
  /** Id of the pattern that fired. */
  rule: string;
  /** Other places in the article that report the same event (a headline and its body). */
  repeats?: (Span & { text: string })[];
}

/** Who said a quote: the words that name the speaker and the actor they resolve to. */
export interface Speaker extends Span {
  text: string;
  actorId?: string;
}

/**
 * Something an actor said. The span covers the quoted words only (inside the quotation marks for
 * a direct quote, the clause after "that" for an indirect one).
 */
export interface Quote extends Span {
  text: string;
  kind: 'direct' | 'indirect';
  /** Index into `Article.sentences` of the sentence the quote starts in. */
  sentence: number;
  speaker?: Speaker;
  /** Ids of the actors mentioned inside the quote. */
  about: string[];
}

/** Fingerprints used to find exact and near duplicates; computed without looking at the store. */
export interface Fingerprint {
  /** Hash of the normalised text: equal for articles that differ only in case, spacing, punctuation. */
  exact: string;
  /** MinHash signature over word shingles, for near-duplicate search; empty for texts too short to compare. */
  minhash: Uint32Array;
  /** Words in the normalised text: short texts are too small to compare by shingles. */
  words: number;
}

export interface Article {
  /** Stable id derived from the exact fingerprint; assigned by the fingerprint stage. */
  id: string;
  /** Position of the article within its source document (0-based). */
  index: number;
  meta: ArticleMeta;
  origin: Origin;
  /** The cleaned text every span points into. */
  text: string;
  /** Captions found in the source, kept out of `text` but not thrown away. */
  captions: string[];
  paragraphs: Paragraph[];
  sentences: Sentence[];
  mentions: Mention[];
  actors: Actor[];
  dates: DateRef[];
  places: Place[];
  events: Event[];
  quotes: Quote[];
  fingerprint?: Fingerprint;
}

/** A paragraph before it is joined into article text: its raw text and where it came from. */
export interface ParagraphDraft {
  text: string;
  kind: ParagraphKind;
  sourceStart: number;
}

/**
 * Builds an article from cleaned paragraphs. Paragraphs are joined with a blank line so that the
 * text reads naturally and no sentence can run across a paragraph break.
 */
export function buildArticle(
  parts: ParagraphDraft[],
  init: { index: number; meta: ArticleMeta; origin: Origin; captions?: string[] },
): Article {
  const paragraphs: Paragraph[] = [];
  let text = '';
  for (const part of parts) {
    if (text.length > 0) text += PARAGRAPH_SEPARATOR;
    paragraphs.push({ start: text.length, end: text.length + part.text.length, kind: part.kind, sourceStart: part.sourceStart });
    text += part.text;
  }
  return {
    id: '',
    index: init.index,
    meta: init.meta,
    origin: init.origin,
    text,
    captions: init.captions ?? [],
    paragraphs,
    sentences: [],
    mentions: [],
    actors: [],
    dates: [],
    places: [],
    events: [],
    quotes: [],
  };
}

/** What separates two paragraphs in `Article.text`. */
export const PARAGRAPH_SEPARATOR = '\n\n';

/** The text a span covers. */
export function spanText(article: Pick<Article, 'text'>, span: Span): string {
  return article.text.slice(span.start, span.end);
}

/** A new, empty source document. */
export function sourceDocument(text: string, origin: Origin, meta: ArticleMeta = {}): SourceDocument {
  return { text, meta, origin, articles: [] };
}

/** Human-readable name of where an article came from, for messages: `file.jsonl:12`. */
export function describeOrigin(origin: Origin): string {
  if (origin.line !== undefined) return `${origin.path}:${origin.line}`;
  if (origin.item !== undefined) return `${origin.path} (item ${origin.item})`;
  return origin.path;
}

/** The words of a sentence as written and in lower case, one per token. */
export interface SentenceWords {
  words: string[];
  lower: string[];
}

const sentenceWordCache = new WeakMap<Sentence, SentenceWords>();

/**
 * The token texts of a sentence, computed once and shared by every stage that reads words (the
 * actors, places, events and quotes stages would otherwise each slice and lower-case them again).
 */
export function sentenceWords(article: Pick<Article, 'text'>, sentence: Sentence): SentenceWords {
  let cached = sentenceWordCache.get(sentence);
  if (!cached) {
    const words = sentence.tokens.map((t) => article.text.slice(t.start, t.end));
    cached = { words, lower: words.map((w) => w.toLowerCase()) };
    sentenceWordCache.set(sentence, cached);
  }
  return cached;
}
