import type { Article, Span } from '../model/model.ts';

/**
 * Scoring of the dates and places stages against hand-marked gold files, as the gold files' README
 * defines it. Gold offsets are into the document as given; the pipeline's are into each article's
 * cleaned text, so predictions are first placed back in the document (`sourceSpan`).
 */

/** A time expression marked in a gold document. */
export interface GoldDate extends Span {
  text: string;
  type: string;
  value: string;
}

/** A place name marked in a gold document, with its true point. */
export interface GoldPlace extends Span {
  text: string;
  lat: number;
  lon: number;
}

/** A predicted date, placed in the document. */
export interface PredictedDate extends Span {
  value: string;
}

/** A predicted place, placed in the document; without coordinates when its place has none. */
export interface PredictedPlace extends Span {
  lat?: number;
  lon?: number;
}

/**
 * Where an article's span lies in the document it came from: its paragraph's offset in the
 * document, plus the offset inside the paragraph when cleaning left the paragraph's text as it was;
 * otherwise the span's text is looked for from the paragraph's start. Undefined when it is not found.
 */
export function sourceSpan(article: Article, source: string, span: Span): Span | undefined {
  const paragraph = article.paragraphs.find((p) => p.start <= span.start && span.end <= p.end);
  if (!paragraph) return undefined;
  const words = article.text.slice(span.start, span.end);
  const at = paragraph.sourceStart + (span.start - paragraph.start);
  if (source.startsWith(words, at)) return { start: at, end: at + words.length };
  const found = source.indexOf(words, paragraph.sourceStart);
  return found >= 0 ? { start: found, end: found + words.length } : undefined;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** A calendar value: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
const CALENDAR = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

export interface DateCounts {
  /** Calendar dates marked (DATE expressions with a calendar value). */
  gold: number;
  /** Of those, found with exactly the marked value. */
  found: number;
  /** Predictions that count for precision: overlapping a calendar date, or no marked expression. */
  predicted: number;
  /** Of those, right. */
  right: number;
}

/**
 * Dates: a prediction is right when it overlaps a marked calendar date with exactly its value.
 * Predictions overlapping other marked expressions (durations, times, sets, dates without a
 * calendar value) count neither way; those overlapping nothing marked are wrong.
 */
export function scoreDates(predicted: PredictedDate[], gold: GoldDate[]): DateCounts {
  const calendar = gold.filter((g) => g.type === 'DATE' && CALENDAR.test(g.value));
  const counts: DateCounts = { gold: calendar.length, found: 0, predicted: 0, right: 0 };
  for (const g of calendar) if (predicted.some((p) => overlaps(p, g) && p.value === g.value)) counts.found++;
  for (const p of predicted) {
    const onCalendar = calendar.filter((g) => overlaps(p, g));
    if (onCalendar.length === 0 && gold.some((g) => overlaps(p, g))) continue;
    counts.predicted++;
    if (onCalendar.some((g) => g.value === p.value)) counts.right++;
  }
  return counts;
}

/** Within this distance of the true point a place counts as right: 161 km, 100 miles. */
export const PLACE_TOLERANCE_KM = 161;

export interface PlaceCounts {
  gold: number;
  /** Marked places a prediction overlaps. */
  detected: number;
  /** Marked places a prediction overlaps and puts within `PLACE_TOLERANCE_KM` of the true point. */
  right: number;
  /** For each detected place with coordinates predicted, the least distance of an overlapping prediction, in km. */
  errorsKm: number[];
  /** Predictions overlapping no marked place. */
  unmarked: number;
}

/** Places: per marked place, whether a prediction overlaps it and how far from the true point it puts it. */
export function scorePlaces(predicted: PredictedPlace[], gold: GoldPlace[]): PlaceCounts {
  const counts: PlaceCounts = { gold: gold.length, detected: 0, right: 0, errorsKm: [], unmarked: 0 };
  for (const g of gold) {
    const over = predicted.filter((p) => overlaps(p, g));
    if (over.length === 0) continue;
    counts.detected++;
    const distances = over.filter((p) => p.lat !== undefined && p.lon !== undefined).map((p) => distanceKm(p.lat!, p.lon!, g.lat, g.lon));
    if (distances.length === 0) continue;
    const best = Math.min(...distances);
    counts.errorsKm.push(best);
    if (best <= PLACE_TOLERANCE_KM) counts.right++;
  }
  counts.unmarked = predicted.filter((p) => !gold.some((g) => overlaps(p, g))).length;
  return counts;
}

/** Great-circle distance in km between two points given in degrees. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The middle value of a list of numbers (the mean of the middle two for an even count); undefined for none. */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
