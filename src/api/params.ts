/**
 * Query-parameter parsing for the HTTP API. Every parameter is checked; a bad one raises a
 * {@link BadRequest} whose message names the parameter and says what was expected.
 */

/** A request the API refuses with 400 and the message. */
export class BadRequest extends Error {
  override name = 'BadRequest';
}

type Query = Record<string, string | undefined>;

/** Refuses parameters the endpoint does not know, so a typo is not silently ignored. */
export function onlyKnown(query: Query, known: readonly string[]): void {
  for (const key of Object.keys(query)) {
    if (!known.includes(key)) throw new BadRequest(`unknown parameter "${key}"; this endpoint takes: ${known.join(', ') || 'none'}`);
  }
}

export function text(query: Query, name: string, max = 200): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (v.trim() === '') throw new BadRequest(`parameter "${name}" is empty`);
  if (v.length > max) throw new BadRequest(`parameter "${name}" is longer than ${max} characters`);
  return v.trim();
}

export function integer(query: Query, name: string, { min = 1, max = Number.MAX_SAFE_INTEGER, fallback }: { min?: number; max?: number; fallback?: number } = {}): number | undefined {
  const v = query[name];
  if (v === undefined) return fallback;
  if (!/^-?\d+$/.test(v)) throw new BadRequest(`parameter "${name}" must be a whole number, got "${v.slice(0, 40)}"`);
  const n = Number(v);
  if (n < min || n > max) throw new BadRequest(`parameter "${name}" must be from ${min} to ${max}, got ${n}`);
  return n;
}

export function fraction(query: Query, name: string): number | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new BadRequest(`parameter "${name}" must be a number from 0 to 1, got "${v.slice(0, 40)}"`);
  return n;
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export function partialDate(query: Query, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) throw new BadRequest(`parameter "${name}" must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got "${v.slice(0, 40)}"`);
  return v;
}

export function day(query: Query, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new BadRequest(`parameter "${name}" must be a date as YYYY-MM-DD, got "${v.slice(0, 40)}"`);
  return v;
}

export function choice<T extends string>(query: Query, name: string, options: readonly T[], fallback?: T): T | undefined {
  const v = query[name];
  if (v === undefined) return fallback;
  const hit = options.find((o) => o === v || o === v.toUpperCase());
  if (!hit) throw new BadRequest(`parameter "${name}" must be one of ${options.join(', ')}, got "${v.slice(0, 40)}"`);
  return hit;
}

export function flag(query: Query, name: string): boolean {
  const v = query[name];
  if (v === undefined) return false;
  if (v === '' || v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new BadRequest(`parameter "${name}" must be true or false, got "${v.slice(0, 40)}"`);
}

/** Two codes separated by a comma: `IRN,AZE`. */
export function pair(query: Query, name: string): [string, string] | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  const parts = v.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length !== 2 || parts.some((p) => p.length > 100)) throw new BadRequest(`parameter "${name}" must be two actors separated by a comma, e.g. IRN,AZE`);
  return [parts[0], parts[1]];
}

/** An opaque continuation token: the position after the last item of a page. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(query: Query, name: string, check: (v: unknown) => v is T): T | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(v, 'base64url').toString('utf8'));
    if (check(parsed)) return parsed;
  } catch {
    // Falls through to the error below: a cursor is only ever one the API handed out.
  }
  throw new BadRequest(`parameter "${name}" is not a cursor this API returned`);
}
