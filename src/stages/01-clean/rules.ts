import data from './boilerplate.json' with { type: 'json' };

/** A compiled rule: where it came from and why it exists, for error messages and debugging. */
export interface LineRule {
  re: RegExp;
  why: string;
}

export interface CleanRules {
  /** A whole line matching one of these is site residue. */
  lines: LineRule[];
  /** Text matching one of these at the end of the last line is cut off. */
  trailers: LineRule[];
  /** A line matching one of these is a photo caption. */
  credits: LineRule[];
}

const FILE = 'src/stages/01-clean/boilerplate.json';

/**
 * Validates and compiles the boilerplate rules. A broken rule names the file, the list and the
 * entry, so whoever edits the data file sees what to fix.
 */
export function compileRules(raw: unknown = data): CleanRules {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${FILE}: not a JSON object`);
  const doc = raw as Record<string, unknown>;
  if (doc.version !== 1) throw new Error(`${FILE}: unsupported version ${String(doc.version)} (expected 1)`);
  const list = (key: 'lines' | 'trailers' | 'credits'): LineRule[] => {
    const entries = doc[key];
    if (!Array.isArray(entries)) throw new Error(`${FILE}: "${key}" must be a list`);
    return entries.map((entry, i) => {
      const where = `${FILE}: ${key}[${i}]`;
      if (typeof entry !== 'object' || entry === null) throw new Error(`${where}: must be an object`);
      const { pattern, why, caseSensitive } = entry as Record<string, unknown>;
      if (typeof pattern !== 'string' || pattern === '') throw new Error(`${where}: "pattern" must be a non-empty string`);
      if (typeof why !== 'string' || why === '') throw new Error(`${where}: "why" must say why the rule exists`);
      if (caseSensitive !== undefined && typeof caseSensitive !== 'boolean') throw new Error(`${where}: "caseSensitive" must be true or false`);
      try {
        return { re: new RegExp(pattern, caseSensitive ? 'u' : 'iu'), why };
      } catch (err) {
        throw new Error(`${where}: bad regular expression: ${(err as Error).message}`);
      }
    });
  };
  return { lines: list('lines'), trailers: list('trailers'), credits: list('credits') };
}
