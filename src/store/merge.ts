import type Database from 'better-sqlite3';

/**
 * One event from many reports. Events from different articles with the same source, target, type,
 * polarity and modality, dated within a day of each other (or in the same month when only the
 * month is known, the same year when only the year is), are one merged event; it counts the
 * mentions, articles and distinct outlets that report it, and when it was first and last seen.
 * Merging is incremental: each new event either joins the closest merged event or starts one,
 * and only that merged event's counts are recomputed.
 */

/** The fields of a stored event that merging reads. */
export interface MergeInput {
  eventId: number;
  sourceId: string;
  sourceCode: string;
  sourceName: string | null;
  sourceCountry: string | null;
  targetId: string | null;
  targetCode: string | null;
  targetName: string | null;
  targetCountry: string | null;
  type: string;
  mode: string | null;
  cameo: string;
  goldstein: number;
  quad: number;
  polarity: string;
  modality: string;
  date: string | null;
  datePrecision: string | null;
  placeId: string | null;
  placeName: string | null;
  placeCountry: string | null;
  lat: number | null;
  lon: number | null;
}

/** The key two events must share to be one: who, to whom, what, and whether it is said to have happened. */
export function mergeKey(e: Pick<MergeInput, 'sourceId' | 'targetId' | 'type' | 'polarity' | 'modality'>): string {
  return [e.sourceId, e.targetId ?? '', e.type, e.polarity, e.modality].join('|');
}

/** Whole days from `a` to `b` (both `YYYY-MM-DD`). */
export function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T12:00:00Z`) - Date.parse(`${a}T12:00:00Z`)) / 86_400_000);
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whether two dated reports can be the same event: a day apart at most, or the same month or year at the coarser precision. */
export function datesAgree(a: { date: string; precision: string }, b: { date: string; precision: string }): boolean {
  if (a.precision === 'day' && b.precision === 'day') return Math.abs(dayDiff(a.date, b.date)) <= 1;
  if (a.precision === 'year' || b.precision === 'year') return a.date.slice(0, 4) === b.date.slice(0, 4);
  return a.date.slice(0, 7) === b.date.slice(0, 7);
}

/** Prepared statements for merging, bound to one database. */
export class EventMerger {
  private readonly candidates;
  private readonly insert;
  private readonly link;
  private readonly recountStatement;

  constructor(db: Database.Database) {
    this.candidates = db.prepare('SELECT id, date, date_precision FROM merged_events WHERE merge_key = ? AND date >= ? AND date <= ?');
    this.insert = db.prepare(`INSERT INTO merged_events (merge_key, source_id, source_code, source_name, source_country, target_id, target_code, target_name, target_country,
      type, mode, cameo, goldstein, quad, polarity, modality, date, date_precision, place_id, place_name, place_country, lat, lon, first_event, mentions, articles, outlets, first_seen, last_seen)
      VALUES (${Array.from({ length: 25 }, () => '?').join(', ')}, 1, 1, ?, ?)`);
    this.link = db.prepare('UPDATE events SET merged_id = ? WHERE id = ?');
    // Counts come from the events themselves, so a merged event is always exactly what its reports say.
    this.recountStatement = db.prepare(`UPDATE merged_events SET
      mentions = (SELECT coalesce(sum(e.mentions), 0) FROM events e WHERE e.merged_id = @id),
      articles = (SELECT count(DISTINCT e.article_id) FROM events e WHERE e.merged_id = @id),
      outlets = (SELECT count(DISTINCT coalesce(a.source, 'article ' || a.id)) FROM events e JOIN articles a ON a.id = e.article_id WHERE e.merged_id = @id),
      first_seen = (SELECT min(coalesce(a.published, a.ingested_at)) FROM events e JOIN articles a ON a.id = e.article_id WHERE e.merged_id = @id),
      last_seen = (SELECT max(coalesce(a.published, a.ingested_at)) FROM events e JOIN articles a ON a.id = e.article_id WHERE e.merged_id = @id),
      place_id = coalesce(place_id, @placeId), place_name = coalesce(place_name, @placeName), place_country = coalesce(place_country, @placeCountry),
      lat = coalesce(lat, @lat), lon = coalesce(lon, @lon)
      WHERE id = @id`);
  }

  /** The merged event a report belongs to: the one dated closest within the tolerance, if any. */
  private find(e: MergeInput): number | undefined {
    if (!e.date || !e.datePrecision) return undefined;
    // Candidates by string range over the surrounding months; the exact test is done below.
    const [lower, upper] =
      e.datePrecision === 'day' ? [addDays(e.date, -1).slice(0, 7), addDays(e.date, 1).slice(0, 7)] : e.datePrecision === 'month' ? [e.date.slice(0, 7), e.date.slice(0, 7)] : [e.date.slice(0, 4), e.date.slice(0, 4)];
    let best: { id: number; distance: number } | undefined;
    for (const c of this.candidates.all(mergeKey(e), lower, `${upper}\uffff`) as { id: number; date: string; date_precision: string }[]) {
      if (!datesAgree({ date: e.date, precision: e.datePrecision }, { date: c.date, precision: c.date_precision })) continue;
      const distance = e.datePrecision === 'day' && c.date_precision === 'day' ? Math.abs(dayDiff(e.date, c.date)) : 2;
      if (!best || distance < best.distance) best = { id: c.id, distance };
    }
    return best?.id;
  }

  /**
   * Chooses the merged event for a report that is about to be stored with id `e.eventId`: an
   * existing one (the caller stores the report, then calls {@link recount}), or a new one that
   * already counts this report (`seen`: when its article was published, or stored).
   */
  assign(e: MergeInput, mentions: number, seen: string): { id: number; created: boolean } {
    const found = this.find(e);
    if (found !== undefined) return { id: found, created: false };
    const id = Number(
      this.insert.run(
        mergeKey(e), e.sourceId, e.sourceCode, e.sourceName, e.sourceCountry, e.targetId, e.targetCode, e.targetName, e.targetCountry,
        e.type, e.mode, e.cameo, e.goldstein, e.quad, e.polarity, e.modality, e.date, e.datePrecision,
        e.placeId, e.placeName, e.placeCountry, e.lat, e.lon, e.eventId, mentions, seen, seen,
      ).lastInsertRowid,
    );
    return { id, created: true };
  }

  /** Recomputes a merged event's counts after a report joined it. */
  recount(id: number, e: Pick<MergeInput, 'placeId' | 'placeName' | 'placeCountry' | 'lat' | 'lon'>): void {
    this.recountStatement.run({ id, placeId: e.placeId, placeName: e.placeName, placeCountry: e.placeCountry, lat: e.lat, lon: e.lon });
  }

  /** Merges a report already stored without a merged event (databases from before merging). */
  mergeStored(e: MergeInput): number {
    const found = this.find(e);
    const id = found ?? this.assign(e, 0, '').id;
    this.link.run(id, e.eventId);
    this.recount(id, e);
    return id;
  }
}
