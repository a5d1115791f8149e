/**
 * Event patterns and CAMEO codes: parsed and validated from the files in `data/` (see
 * data/README.md). Parsing is pure; reading the files is the caller's job.
 */

export const PLOVER_TYPES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
] as const;
export type PloverType = (typeof PLOVER_TYPES)[number];

export interface CameoCode {
  code: string;
  name: string;
  goldstein: number;
  quad: 1 | 2 | 3 | 4;
  plover?: string;
  mode?: string;
}

/** One element of a compiled pattern. */
export type Element =
  | { kind: 'word'; options: Set<string>; optional: boolean }
  | { kind: 'gap'; max: number }
  | { kind: 'slot'; role: 'target' | 'source' };

export interface EventPattern {
  id: string;
  source: string;
  elements: Element[];
  /** Index of the element whose word is looked up first. */
  anchor: number;
  type: PloverType;
  mode?: string;
  cameo: CameoCode;
  symmetric: boolean;
  /** Number of required words: more specific patterns win over less specific ones. */
  weight: number;
}

export interface ModalityWords {
  negation: string[][];
  failure: string[][];
  denial: string[][];
  hypothetical: string[][];
  planned: string[][];
  alleged: string[][];
  requested: string[][];
  reported: string[][];
}

export interface EventKnowledge {
  patterns: EventPattern[];
  cameo: Map<string, CameoCode>;
  modality: ModalityWords;
  /** Phrases that make a quote an accusation of the actor it names (see data/quote-cues.json). */
  accusations?: string[][];
  /** Patterns by every word their anchor accepts. */
  byAnchor: Map<string, EventPattern[]>;
}

export class PatternError extends Error {
  override name = 'PatternError';
}

/** Tokens a `…` in a pattern may skip: room for "talks about its disputed nuclear program with". */
export const GAP = 6;

/** Words too common to look patterns up by; another word of the pattern is used instead. */
const WEAK_ANCHORS = new Set(['be', 'a', 'an', 'the', 'to', 'of', 'with', 'on', 'by', 'in', 'for', 'at', 'have', 'its', 'their', 'his', 'her', 'and', 'from', 'against', 'over', 'into', 'as', 'that']);

function linesOf(path: string, text: string, schema: string): { at: string; value: Record<string, unknown> }[] {
  const out: { at: string; value: Record<string, unknown> }[] = [];
  let header = false;
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const at = `${path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new PatternError(`${at}: malformed JSON: ${(err as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PatternError(`${at}: each line must be a JSON object`);
    const v = value as Record<string, unknown>;
    if (!header) {
      if (v.$schema !== schema || v.version !== 1) throw new PatternError(`${at}: the first line must be {"$schema": "${schema}", "version": 1}`);
      header = true;
      return;
    }
    out.push({ at, value: v });
  });
  if (!header) throw new PatternError(`${path}: empty file (it needs at least its header line)`);
  return out;
}

/** Parses the CAMEO code table. */
export function parseCameo(path: string, text: string): Map<string, CameoCode> {
  const codes = new Map<string, CameoCode>();
  for (const { at, value } of linesOf(path, text, 'entente-events/cameo')) {
    const code = value.code;
    if (typeof code !== 'string' || !/^\d{2,4}$/.test(code)) throw new PatternError(`${at}: "code" must be 2 to 4 digits`);
    if (typeof value.goldstein !== 'number' || value.goldstein < -10 || value.goldstein > 10) throw new PatternError(`${at}: "goldstein" must be a number from -10 to 10`);
    const quad = value.quad;
    if (quad !== 1 && quad !== 2 && quad !== 3 && quad !== 4) throw new PatternError(`${at}: "quad" must be 1, 2, 3 or 4`);
    if (codes.has(code)) throw new PatternError(`${at}: code ${code} appears twice`);
    codes.set(code, {
      code,
      name: typeof value.name === 'string' ? value.name : code,
      goldstein: value.goldstein,
      quad,
      ...(typeof value.plover === 'string' ? { plover: value.plover } : {}),
      ...(typeof value.mode === 'string' ? { mode: value.mode } : {}),
    });
  }
  return codes;
}

/** Compiles one pattern string: words, `a|b` alternatives, `x?` optional, `…` gaps, `[target]`/`[source]` slots. */
export function compilePattern(pattern: string, at: string): { elements: Element[]; anchor: number } {
  const elements: Element[] = [];
  const parts = pattern.trim().split(/\s+/);
  const seen = new Set<string>();
  for (const raw of parts) {
    if (raw === '…' || raw === '...') {
      elements.push({ kind: 'gap', max: GAP });
      continue;
    }
    const slot = /^\[(target|source)\]$/.exec(raw);
    if (slot) {
      if (seen.has(slot[1])) throw new PatternError(`${at}: [${slot[1]}] appears twice in "${pattern}"`);
      seen.add(slot[1]);
      elements.push({ kind: 'slot', role: slot[1] as 'target' | 'source' });
      continue;
    }
    const optional = raw.endsWith('?');
    let body = optional ? raw.slice(0, -1) : raw;
    if (body.startsWith('(') !== body.endsWith(')')) throw new PatternError(`${at}: unbalanced parentheses in "${raw}"`);
    if (body.startsWith('(')) body = body.slice(1, -1);
    const options = body.split('|').map((w) => w.toLowerCase());
    if (options.some((w) => w === '' || /[()[\]]/.test(w))) throw new PatternError(`${at}: bad token "${raw}" in "${pattern}"`);
    elements.push({ kind: 'word', options: new Set(options), optional });
  }
  const words = elements.map((e, i) => ({ e, i })).filter(({ e }) => e.kind === 'word' && !e.optional);
  if (words.length === 0) throw new PatternError(`${at}: "${pattern}" needs at least one required word`);
  const strong = words.find(({ e }) => e.kind === 'word' && [...e.options].some((w) => !WEAK_ANCHORS.has(w)));
  return { elements, anchor: (strong ?? words[0]).i };
}

/** Parses and validates the pattern file against the CAMEO table. */
export function parsePatterns(path: string, text: string, cameo: Map<string, CameoCode>): EventPattern[] {
  const ids = new Set<string>();
  const patterns: EventPattern[] = [];
  for (const { at, value } of linesOf(path, text, 'entente-events/patterns')) {
    const { id, pattern, type, mode, symmetric } = value;
    if (typeof id !== 'string' || id === '') throw new PatternError(`${at}: "id" must be a non-empty string`);
    if (ids.has(id)) throw new PatternError(`${at}: id "${id}" appears twice`);
    ids.add(id);
    if (typeof pattern !== 'string' || pattern.trim() === '') throw new PatternError(`${at}: "pattern" must be a non-empty string`);
    if (typeof type !== 'string' || !(PLOVER_TYPES as readonly string[]).includes(type)) throw new PatternError(`${at}: "type" must be a PLOVER 2021 type (${PLOVER_TYPES.join(', ')})`);
    const code = cameo.get(String(value.cameo));
    if (!code) throw new PatternError(`${at}: "cameo" ${JSON.stringify(value.cameo)} is not in the CAMEO table`);
    if (mode !== undefined && mode !== null && typeof mode !== 'string') throw new PatternError(`${at}: "mode" must be a string`);
    const { elements, anchor } = compilePattern(pattern, at);
    patterns.push({
      id,
      source: pattern,
      elements,
      anchor,
      type: type as PloverType,
      ...(typeof mode === 'string' ? { mode } : {}),
      cameo: code,
      symmetric: symmetric === true,
      weight: elements.filter((e) => e.kind === 'word' && !e.optional).length,
    });
  }
  return patterns;
}

/** Parses the modality word lists; each entry is a phrase of base forms, `…` for a short gap. */
export function parseModality(path: string, text: string): ModalityWords {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new PatternError(`${path}: malformed JSON: ${(err as Error).message}`);
  }
  if (value.$schema !== 'entente-events/modality' || value.version !== 1) throw new PatternError(`${path}: expected "$schema": "entente-events/modality", "version": 1`);
  const list = (key: keyof ModalityWords): string[][] => {
    const v = value[key];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === '')) throw new PatternError(`${path}: "${key}" must be a list of phrases`);
    return (v as string[]).map((p) => p.toLowerCase().split(/\s+/));
  };
  return { negation: list('negation'), failure: list('failure'), denial: list('denial'), hypothetical: list('hypothetical'), planned: list('planned'), alleged: list('alleged'), requested: list('requested'), reported: list('reported') };
}

/** Parses and validates `quote-cues.json`: phrases, in the form of modality cues. */
export function parseQuoteCues(path: string, text: string): string[][] {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new PatternError(`${path}: malformed JSON: ${(err as Error).message}`);
  }
  if (value.$schema !== 'entente-events/quote-cues' || value.version !== 1) throw new PatternError(`${path}: expected "$schema": "entente-events/quote-cues", "version": 1`);
  for (const key of Object.keys(value)) if (!['$schema', 'version', 'description', 'accusation'].includes(key)) throw new PatternError(`${path}: unknown key "${key}"`);
  const list = value.accusation;
  if (!Array.isArray(list) || list.length === 0 || list.some((x) => typeof x !== 'string' || x.trim() === '' || x !== x.toLowerCase())) {
    throw new PatternError(`${path}: "accusation" must be a non-empty list of lower-case phrases`);
  }
  const seen = new Set<string>();
  for (const phrase of list as string[]) {
    if (seen.has(phrase)) throw new PatternError(`${path}: "${phrase}" is listed twice`);
    seen.add(phrase);
  }
  return (list as string[]).map((p) => p.split(/\s+/));
}

/** Builds the lookup tables the matcher uses. */
export function indexPatterns(patterns: EventPattern[], cameo: Map<string, CameoCode>, modality: ModalityWords): EventKnowledge {
  const byAnchor = new Map<string, EventPattern[]>();
  for (const p of patterns) {
    const anchor = p.elements[p.anchor];
    if (anchor.kind !== 'word') continue;
    for (const w of anchor.options) {
      const list = byAnchor.get(w) ?? [];
      list.push(p);
      byAnchor.set(w, list);
    }
  }
  return { patterns, cameo, modality, byAnchor };
}
