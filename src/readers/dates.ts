const MONTHS: Record<string, string> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06',
  jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
};

/**
 * Normalises a publication date from feeds and metadata to `YYYY-MM-DD`, keeping the calendar day
 * as written (an RFC 822 date late in the evening west of Greenwich must not move to the next day).
 * Returns undefined when the value is not a recognisable date.
 */
export function normalizePublished(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const s = String(value).trim();
  if (s === '') return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (iso) return validDay(iso[1], iso[2], iso[3]);
  const rfc = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})/.exec(s);
  if (rfc && MONTHS[rfc[2].toLowerCase()]) return validDay(rfc[3], MONTHS[rfc[2].toLowerCase()], rfc[1].padStart(2, '0'));
  const mdy = /([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(s);
  if (mdy && MONTHS[mdy[1].toLowerCase()]) return validDay(mdy[3], MONTHS[mdy[1].toLowerCase()], mdy[2].padStart(2, '0'));
  return undefined;
}

function validDay(y: string, m: string, d: string): string | undefined {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  return `${y}-${m}-${d}`;
}

/** True for a well-formed calendar date `YYYY-MM-DD`. */
export function isIsoDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && normalizePublished(value) === value;
}
