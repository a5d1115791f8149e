import data from './data/speech-verbs.json' with { type: 'json' };

/** How a verb of saying reports: see `data/README.md`. */
export type Frame = 'direct' | 'that' | 'bare' | 'phrase';

const FRAMES: readonly Frame[] = ['direct', 'that', 'bare', 'phrase'];

/** A verb of saying and the frames it reports in. */
export interface SpeechVerb {
  lemma: string;
  frames: ReadonlySet<Frame>;
  /** A word that must follow the verb ("out" in "point out"). */
  particle?: string;
  /** A quotation after the verb and an article is a name, not speech ("called the “liberated territories”"). */
  needsObject: boolean;
  /** Who was told may stand between the verb and "that" ("told reporters that…"). */
  listener: boolean;
}

/** The word lists of the quotes stage, ready for lookups. */
export interface QuoteWords {
  /** Verbs by lemma. */
  verbs: ReadonlyMap<string, SpeechVerb>;
  /** Lemmas of the verbs that report a clause (frame `that` or `bare`): the cheap first test of a sentence. */
  reporting: ReadonlySet<string>;
  namingVerbs: ReadonlySet<string>;
  nameHeads: ReadonlySet<string>;
  speakerHeads: ReadonlySet<string>;
}

const FILE = 'src/stages/07-quotes/data/speech-verbs.json';
const WORD = /^[a-z][a-z-]*$/;
const TOP_FIELDS = new Set(['$schema', 'version', 'description', 'verbs', 'namingVerbs', 'nameHeads', 'speakerHeads']);
const VERB_FIELDS = new Set(['lemma', 'frames', 'particle', 'needsObject', 'listener', 'note']);

/**
 * Validates and indexes the quote word lists (format in `data/README.md`). Errors name the file,
 * the field and the entry so whoever edits the data sees what to fix.
 */
export function loadQuoteWords(raw: unknown = data): QuoteWords {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${FILE}: not a JSON object`);
  const doc = raw as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (!TOP_FIELDS.has(key)) throw new Error(`${FILE}: unknown field "${key}"`);
  if (doc.$schema !== 'entente-quote-words') throw new Error(`${FILE}: "$schema" must be "entente-quote-words"`);
  if (doc.version !== 1) throw new Error(`${FILE}: unsupported version ${String(doc.version)} (expected 1)`);
  if (typeof doc.description !== 'string') throw new Error(`${FILE}: "description" must be a string`);
  if (!Array.isArray(doc.verbs) || doc.verbs.length === 0) throw new Error(`${FILE}: "verbs" must be a non-empty list`);

  const verbs = new Map<string, SpeechVerb>();
  doc.verbs.forEach((entry: unknown, i: number) => {
    const where = `${FILE}: verbs[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(`${where}: must be an object`);
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) if (!VERB_FIELDS.has(key)) throw new Error(`${where}: unknown field "${key}"`);
    if (typeof e.lemma !== 'string' || !WORD.test(e.lemma)) throw new Error(`${where}: "lemma" must be a lower-case word`);
    if (e.particle !== undefined && (typeof e.particle !== 'string' || !WORD.test(e.particle))) throw new Error(`${where}: "particle" must be a lower-case word`);
    for (const flag of ['needsObject', 'listener'] as const) {
      if (e[flag] !== undefined && typeof e[flag] !== 'boolean') throw new Error(`${where}: "${flag}" must be true or false`);
    }
    if (e.note !== undefined && typeof e.note !== 'string') throw new Error(`${where}: "note" must be a string`);
    if (!Array.isArray(e.frames) || e.frames.length === 0) throw new Error(`${where}: "frames" must be a non-empty list`);
    const frames = new Set<Frame>();
    for (const f of e.frames) {
      if (!FRAMES.includes(f as Frame)) throw new Error(`${where}: unknown frame ${JSON.stringify(f)} (frames are ${FRAMES.join(', ')})`);
      if (frames.has(f as Frame)) throw new Error(`${where}: frame "${String(f)}" given twice`);
      frames.add(f as Frame);
    }
    // A verb is looked up by its lemma alone, so one lemma can have one entry.
    if (verbs.has(e.lemma)) throw new Error(`${where}: lemma "${e.lemma}" given twice`);
    verbs.set(e.lemma, { lemma: e.lemma, frames, ...(e.particle ? { particle: e.particle as string } : {}), needsObject: e.needsObject === true, listener: e.listener === true });
  });

  const list = (key: 'namingVerbs' | 'nameHeads' | 'speakerHeads'): Set<string> => {
    const value = doc[key];
    if (!Array.isArray(value)) throw new Error(`${FILE}: "${key}" must be a list`);
    const out = new Set<string>();
    value.forEach((w: unknown, i: number) => {
      if (typeof w !== 'string' || !WORD.test(w)) throw new Error(`${FILE}: ${key}[${i}] must be a lower-case word`);
      if (out.has(w)) throw new Error(`${FILE}: ${key}[${i}]: "${w}" given twice`);
      out.add(w);
    });
    return out;
  };
  const reporting = new Set([...verbs.values()].filter((v) => v.frames.has('that') || v.frames.has('bare')).map((v) => v.lemma));
  return { verbs, reporting, namingVerbs: list('namingVerbs'), nameHeads: list('nameHeads'), speakerHeads: list('speakerHeads') };
}
