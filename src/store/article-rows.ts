import type { Article } from '../model/model.ts';
import { bands, MIN_WORDS_FOR_NEAR } from '../stages/03-fingerprint/fingerprint.ts';
import type { MergeInput } from './merge.ts';

/**
 * An article as the rows the store writes for it, worked out without the database: everything
 * `Store.saveRows` binds except what only the database knows (the article's id, near duplicates,
 * event ids and merged events, which actors are already stored). Worker threads build these and
 * send them to the storing thread, which then only writes: it decodes arrays of plain values
 * instead of whole articles and does none of the preparing. On the political sentences that is
 * 8.4 MB of JSON per pass instead of 11.8, decoded in about 40% of the time (53 against 130 ms).
 */
export interface ArticleRows {
  /** The exact fingerprint: the article's unique key in the store. */
  uid: string;
  /** The `articles` row from `title` to `unresolved_mentions`, but for `uid`, `minhash`, `near_duplicate_of`, `similarity` and `ingested_at`. */
  article: ArticleValues;
  /** The MinHash signature (empty for texts too short to compare) and its band buckets. */
  minhash: Uint32Array;
  buckets: number[];
  /** The actors the article names; `learned` ones carry the words that introduced them. */
  actors: ActorValues[];
  /** Actors an event stands for without the text naming them (the members of "the E3"). */
  eventActors: ActorValues[];
  /** `events` rows with their first three values (id, merged id, article id) left null. */
  events: EventValues[];
  /** `mentions` rows of mentions that name an actor, from `idx` on. */
  mentions: MentionValues[];
  /** `places` rows from `idx` on. */
  places: PlaceValues[];
  /** `quotes` rows from `idx` on. */
  quotes: QuoteValues[];
  /** `dates` rows (dates the text states) from `idx` on. */
  dates: DateValues[];
  /** Mentions per actor id. */
  actorMentions: [string, number][];
  /** Per place: the place (as first named), the mentions naming it and the events placed there. */
  placeCounts: [PlaceStatValues, number, number][];
  /** Sentences, for progress and summaries. */
  sentences: number;
}

/** title, published, source, url, external_id, origin_path, origin_format, origin_line, origin_item, position, text, captions, paragraph_spans, sentence_spans, unresolved_mentions. */
export type ArticleValues = [
  string | null, string | null, string | null, string | null, string | null,
  string, string, number | null, number | null, number, string, string, string, string, string | null,
];
/** id, name, kind, country, sector, code, roles, members, learned, first_seen, evidence_start, evidence_end, evidence_text. */
export type ActorValues = [string, string, string, string | null, string | null, string, string, string | null, 0 | 1, string | null, number | null, number | null, string | null];
/** The 38 values of an `events` row, in column order (see `Store`'s insert). */
export type EventValues = (string | number | null)[];
/** idx, start, end, text, kind, form, role, actor_id, actor_code, actor_role. */
export type MentionValues = [number, number, number, string, string, string, string | null, string, string, string | null];
/** idx, start, end, text, place_id, name, kind, country, lat, lon. */
export type PlaceValues = [number, number, number, string, string, string, string, string | null, number | null, number | null];
/** place_id, name, kind, country, lat, lon. */
export type PlaceStatValues = [string, string, string, string | null, number | null, number | null];
/** idx, sentence, start, end, text, kind, speaker_start, speaker_end, speaker_text, speaker_id, speaker_name, speaker_code, speaker_country, about. */
export type QuoteValues = [number, number, number, number, string, string, number | null, number | null, string | null, string | null, string | null, string | null, string | null, string];
/** idx, start, end, text, value, precision. */
export type DateValues = [number, number, number, string, string, string];

/** Positions in {@link EventValues}. */
export const EVENT_ID = 0;
export const EVENT_MERGED_ID = 1;
export const EVENT_ARTICLE_ID = 2;
const EVENT_SENTENCE = 4;
const EVENT_MENTIONS = 32;

/** The sentence an event row was found in. */
export function eventSentence(values: EventValues): number {
  return values[EVENT_SENTENCE] as number;
}

/** How many reports in its article an event row stands for. */
export function eventMentions(values: EventValues): number {
  return values[EVENT_MENTIONS] as number;
}

/** What merging reads of an event row. */
export function mergeInputOfValues(v: EventValues): MergeInput {
  return {
    eventId: v[EVENT_ID] as number,
    sourceId: v[8] as string,
    sourceCode: v[9] as string,
    sourceName: v[10] as string | null,
    sourceCountry: v[12] as string | null,
    targetId: v[14] as string | null,
    targetCode: v[15] as string | null,
    targetName: v[16] as string | null,
    targetCountry: v[18] as string | null,
    type: v[20] as string,
    mode: v[21] as string | null,
    cameo: v[22] as string,
    goldstein: v[23] as number,
    quad: v[24] as number,
    polarity: v[25] as string,
    modality: v[26] as string,
    date: v[27] as string | null,
    datePrecision: v[28] as string | null,
    placeId: v[33] as string | null,
    placeName: v[34] as string | null,
    placeCountry: v[35] as string | null,
    lat: v[36] as number | null,
    lon: v[37] as number | null,
  };
}

/** The rows of a coded article (see {@link ArticleRows}); throws if the fingerprint stage did not run. */
export function articleRows(article: Article): ArticleRows {
  const fp = article.fingerprint;
  if (!fp) throw new Error('article has no fingerprint: the fingerprint stage did not run');
  const published = article.meta.published ?? null;
  const actors = new Map(article.actors.map((a) => [a.id, a]));
  // Mentions that name no actor ("officials", "the ministry") are only ever read with their
  // article: kept in its row, not one row each, they cost a sixth less of the store's time (they
  // were 43% of the mentions of the political sentences).
  const unresolved: (string | number | null)[][] = [];
  const mentions: MentionValues[] = [];
  const actorMentions = new Map<string, number>();
  for (let i = 0; i < article.mentions.length; i++) {
    const m = article.mentions[i];
    if (m.actorId) actorMentions.set(m.actorId, (actorMentions.get(m.actorId) ?? 0) + 1);
    const actor = m.actorId ? actors.get(m.actorId) : undefined;
    if (!actor) unresolved.push([i, m.start, m.end, m.text, m.kind, m.form, m.role ?? null]);
    else mentions.push([i, m.start, m.end, m.text, m.kind, m.form, m.role ?? null, actor.id, actor.code, actor.role?.title ?? null]);
  }
  const eventActors: ActorValues[] = [];
  for (const e of article.events) {
    for (const side of [e.source, e.target]) {
      if (!side || actors.has(side.actorId)) continue;
      eventActors.push([side.actorId, side.name, side.kind, side.country ?? null, side.sector ?? null, side.code, '[]', null, 0, published, null, null, null]);
    }
  }
  const perPlace = new Map<string, [PlaceStatValues, number, number]>();
  const placeEntry = (p: Article['places'][number]) => {
    let entry = perPlace.get(p.id);
    if (!entry) perPlace.set(p.id, (entry = [[p.id, p.name, p.kind, p.country ?? null, p.lat ?? null, p.lon ?? null], 0, 0]));
    return entry;
  };
  for (const p of article.places) placeEntry(p)[1]++;
  for (const e of article.events) if (e.place) placeEntry(e.place)[2]++;
  return {
    uid: fp.exact,
    article: [
      article.meta.title ?? null,
      published,
      article.meta.source ?? null,
      article.meta.url ?? null,
      article.meta.externalId ?? null,
      article.origin.path,
      article.origin.format,
      article.origin.line ?? null,
      article.origin.item ?? null,
      article.index,
      article.text,
      article.captions.length === 0 ? '[]' : JSON.stringify(article.captions),
      jsonList(article.paragraphs, paragraphSpan),
      jsonList(article.sentences, sentenceSpan),
      unresolved.length === 0 ? null : JSON.stringify(unresolved),
    ],
    minhash: fp.minhash,
    buckets: fp.words >= MIN_WORDS_FOR_NEAR ? bands(fp.minhash) : [],
    actors: article.actors.map((actor): ActorValues => [
      actor.id,
      actor.name,
      actor.kind,
      actor.country ?? null,
      actor.sector ?? null,
      actor.code,
      // Most actors are states, with no roles.
      actor.roles.length === 0 ? '[]' : JSON.stringify(actor.roles),
      actor.members ? JSON.stringify(actor.members) : null,
      actor.learnedFrom ? 1 : 0,
      actor.learnedFrom?.seen ?? published,
      actor.learnedFrom?.start ?? null,
      actor.learnedFrom?.end ?? null,
      actor.learnedFrom?.text ?? null,
    ]),
    eventActors,
    events: article.events.map((e, i) => {
      const place = e.place;
      return [
        null, null, null, i, e.sentence, e.evidence.start, e.evidence.end, e.evidence.text,
        e.source.actorId, e.source.code, e.source.name, e.source.kind, e.source.country ?? null, e.source.mention.text,
        e.target?.actorId ?? null, e.target?.code ?? null, e.target?.name ?? null, e.target?.kind ?? null, e.target?.country ?? null, e.target?.mention.text ?? null,
        e.type, e.mode ?? null, e.cameo, e.goldstein, e.quad, e.polarity, e.modality,
        e.date?.value ?? null, e.date?.precision ?? null, e.date ? (e.date.stated ? 1 : 0) : null,
        e.confidence, e.rule, 1 + (e.repeats?.length ?? 0),
        place?.id ?? null, place?.name ?? null, place?.country ?? null, place?.lat ?? null, place?.lon ?? null,
      ];
    }),
    mentions,
    places: article.places.map((p, i): PlaceValues => [i, p.start, p.end, p.text, p.id, p.name, p.kind, p.country ?? null, p.lat ?? null, p.lon ?? null]),
    quotes: article.quotes.map((q, i): QuoteValues => {
      const speaker = q.speaker?.actorId ? actors.get(q.speaker.actorId) : undefined;
      return [
        i, q.sentence, q.start, q.end, q.text, q.kind,
        q.speaker?.start ?? null, q.speaker?.end ?? null, q.speaker?.text ?? null,
        speaker?.id ?? null, speaker?.name ?? null, speaker?.code ?? null, speaker?.country ?? null,
        JSON.stringify(q.about),
      ];
    }),
    dates: statedDates(article.dates),
    actorMentions: [...actorMentions],
    placeCounts: [...perPlace.values()],
    sentences: article.sentences.length,
  };
}

/**
 * A list as JSON, each item written by `item`: for the spans every article carries, whose numbers
 * and paragraph kinds need no escaping, so no arrays are made just for `JSON.stringify`.
 */
function jsonList<T>(items: readonly T[], item: (x: T) => string): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i === 0 ? '' : ',') + item(items[i]);
  return `${out}]`;
}

const paragraphSpan = (p: Article['paragraphs'][number]) => `[${p.start},${p.end},"${p.kind}",${p.sourceStart}]`;
const sentenceSpan = (s: Article['sentences'][number]) => `[${s.start},${s.end},${s.paragraph}]`;

/** `dates` rows of the dates the text states. */
function statedDates(dates: Article['dates']): DateValues[] {
  const out: DateValues[] = [];
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i];
    if (d.stated) out.push([i, d.start, d.end, d.text, d.value, d.precision]);
  }
  return out;
}

/**
 * Rows as JSON text, for the trip from a worker thread. The only value JSON cannot carry is the
 * MinHash signature, which travels as base64.
 */
export function encodeRows(rows: ArticleRows[]): string {
  const signatures = rows.map((r) => r.minhash);
  for (const r of rows) (r as { minhash: unknown }).minhash = Buffer.from(r.minhash.buffer, r.minhash.byteOffset, r.minhash.byteLength).toString('base64');
  const json = JSON.stringify(rows);
  rows.forEach((r, i) => (r.minhash = signatures[i]));
  return json;
}

/** The rows `encodeRows` wrote, signatures restored. */
export function decodeRows(json: string): ArticleRows[] {
  const rows = JSON.parse(json) as ArticleRows[];
  for (const r of rows) {
    const encoded = r.minhash as unknown;
    if (typeof encoded !== 'string') continue;
    const bytes = Buffer.from(encoded, 'base64');
    // A copy, not a view: Buffer's pool does not align its slices for 32-bit reads.
    const signature = new Uint32Array(bytes.length / 4);
    new Uint8Array(signature.buffer).set(bytes);
    r.minhash = signature;
  }
  return rows;
}
