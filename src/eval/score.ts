import type { Actor, Event } from '../model/model.ts';

/**
 * Scoring of predicted events against hand-coded gold events, as the gold files' README defines
 * it: per document, each prediction is matched to at most one gold event with the same source,
 * target (either order when symmetric), type (or an accepted alternative) and polarity.
 */

export interface GoldEvent {
  source: string;
  target: string | null;
  type: string;
  alt?: string[];
  polarity: 'asserted' | 'negated';
  symmetric?: boolean;
  required?: boolean;
  date?: string;
  evidence?: string;
}

/** A predicted event reduced to what scoring compares. */
export interface Prediction {
  source: string[];
  target: string[] | null;
  type: string;
  polarity: string;
  modality: string;
  date?: string;
  evidence: string;
  rule: string;
}

export type Level = 'type' | 'quad' | 'dyad';

export interface Counts {
  tp: number;
  fp: number;
  matchedGold: number;
  requiredGold: number;
}

export interface DocumentScore {
  id: string;
  counts: Record<Level, Counts>;
  dateRight: number;
  dateTotal: number;
  missed: GoldEvent[];
  wrong: Prediction[];
  /** Predictions reported as having happened that match an event the gold says did not or may not happen. */
  deniedAsHappened: Prediction[];
}

const QUAD: Record<string, number> = {
  AGREE: 1, CONSULT: 1, SUPPORT: 1, REQUEST: 1,
  CONCEDE: 2, COOPERATE: 2, AID: 2, RETREAT: 2,
  ACCUSE: 3, REJECT: 3, THREATEN: 3, PROTEST: 3,
  SANCTION: 4, MOBILIZE: 4, COERCE: 4, ASSAULT: 4,
};

/** The codes a predicted actor answers to: its country, its own code, and the generic IGO/NGO/IMG. */
export function actorCodes(actor: Pick<Actor, 'kind' | 'country' | 'code' | 'sector'>): string[] {
  const codes = new Set<string>();
  if (actor.country) codes.add(actor.country);
  if (actor.kind === 'igo' || actor.kind === 'grouping') {
    codes.add(actor.code);
    codes.add('IGO');
  }
  if (actor.kind === 'org') {
    codes.add(actor.code);
    codes.add('NGO');
    codes.add('IGO');
  }
  if (actor.kind === 'group') {
    codes.add(actor.code);
    codes.add('IMG');
  }
  // A person acting for a body of no state (the UN's secretary-general) answers as the body does.
  if (actor.kind === 'person' && !actor.country) {
    codes.add(actor.code);
    if (actor.sector === 'IGO') codes.add('IGO');
    else if (actor.sector === 'NGO') codes.add('NGO').add('IGO');
    else if (actor.sector) codes.add('IMG');
  }
  if (codes.size === 0) codes.add(actor.code);
  return [...codes];
}

/** Predictions that claim something happened: asserted, and neither alleged nor hypothetical. */
export function countsAsHappened(p: Prediction): boolean {
  return p.polarity === 'asserted' && p.modality !== 'alleged' && p.modality !== 'hypothetical';
}

function typeFits(level: Level, p: Prediction, g: GoldEvent): boolean {
  if (level === 'dyad') return true;
  const accepted = [g.type, ...(g.alt ?? [])];
  if (level === 'type') return accepted.includes(p.type);
  return accepted.some((t) => QUAD[t] === QUAD[p.type]);
}

function dyadFits(p: Prediction, g: GoldEvent): boolean {
  const fits = (codes: string[] | null, code: string | null) => (code === null ? codes === null || codes.length === 0 : codes !== null && codes.includes(code));
  if (fits(p.source, g.source) && fits(p.target, g.target)) return true;
  return g.symmetric === true && g.target !== null && p.target !== null && p.target.includes(g.source) && p.source.includes(g.target);
}

/** Scores one document's predictions against its gold events. */
export function scoreDocument(id: string, predictions: Prediction[], gold: GoldEvent[]): DocumentScore {
  const counts = {} as Record<Level, Counts>;
  let missed: GoldEvent[] = [];
  let wrong: Prediction[] = [];
  let dateRight = 0;
  let dateTotal = 0;
  for (const level of ['type', 'quad', 'dyad'] as Level[]) {
    const matched = new Set<number>();
    const c: Counts = { tp: 0, fp: 0, matchedGold: 0, requiredGold: gold.filter((g) => g.required !== false && g.polarity === 'asserted').length };
    const levelWrong: Prediction[] = [];
    for (const p of predictions) {
      const candidates = gold.map((g, i) => ({ g, i })).filter(({ g }) => g.polarity === p.polarity && dyadFits(p, g) && typeFits(level, p, g));
      const fresh = candidates.find(({ i }) => !matched.has(i));
      if (fresh) {
        matched.add(fresh.i);
        if (!countsAsHappened(p)) continue;
        if (fresh.g.required !== false) {
          c.tp++;
          if (level === 'type' && fresh.g.date) {
            dateTotal++;
            if (p.date !== undefined && p.date.startsWith(fresh.g.date)) dateRight++;
          }
        }
        continue;
      }
      // A repeat of an event already matched is neither right nor wrong.
      if (candidates.length > 0 || !countsAsHappened(p)) continue;
      c.fp++;
      levelWrong.push(p);
    }
    c.matchedGold = [...matched].filter((i) => gold[i].required !== false && gold[i].polarity === 'asserted').length;
    counts[level] = c;
    if (level === 'type') {
      missed = gold.filter((g, i) => g.required !== false && g.polarity === 'asserted' && !matched.has(i));
      wrong = levelWrong;
    }
  }
  const negated = gold.filter((g) => g.polarity === 'negated');
  const asserted = gold.filter((g) => g.polarity === 'asserted');
  const deniedAsHappened = predictions.filter(
    (p) => countsAsHappened(p) && negated.some((g) => dyadFits(p, g) && typeFits('type', p, g)) && !asserted.some((g) => dyadFits(p, g) && typeFits('type', p, g)),
  );
  return { id, counts, dateRight, dateTotal, missed, wrong, deniedAsHappened };
}

export interface Summary {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  matched: number;
  required: number;
}

/** Micro-averaged precision, recall and F1 over documents. */
export function summarise(scores: DocumentScore[], level: Level): Summary {
  let tp = 0;
  let fp = 0;
  let matched = 0;
  let required = 0;
  for (const s of scores) {
    tp += s.counts[level].tp;
    fp += s.counts[level].fp;
    matched += s.counts[level].matchedGold;
    required += s.counts[level].requiredGold;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = required === 0 ? 0 : matched / required;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, matched, required };
}

/** Reduces a pipeline event to a prediction: the codes each side answers to, and what scoring compares. */
export function toPrediction(e: Event): Prediction {
  return {
    source: actorCodes(e.source),
    target: e.target ? actorCodes(e.target) : null,
    type: e.type,
    polarity: e.polarity,
    modality: e.modality,
    ...(e.date ? { date: e.date.value } : {}),
    evidence: e.evidence.text,
    rule: e.rule,
  };
}
