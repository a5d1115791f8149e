import type Database from 'better-sqlite3';

/**
 * The course of relationships, computed from merged events (one event from many reports, so a
 * story told a hundred times counts once). Only events said to have happened or announced count:
 * denied events, hypotheses and the acts alleged inside accusations (the accusation itself counts)
 * stay out of the scores.
 */

export type Period = 'day' | 'week' | 'month';
/** States (by country code) by default; actors (by id or code) on request. */
export type Level = 'state' | 'actor';

/** Quad-class counts: verbal cooperation, material cooperation, verbal conflict, material conflict. */
export type QuadCounts = [number, number, number, number];

export interface Scores {
  events: number;
  mentions: number;
  quad: QuadCounts;
  goldsteinSum: number;
  goldsteinMean: number;
  /** (cooperation − conflict) / events, from −1 (all conflict) to +1 (all cooperation). */
  index: number;
}

export interface DyadPoint extends Scores {
  period: string;
}

export interface Trend {
  /** Index over the latest `window` periods and the ones before them. */
  recent: number | null;
  earlier: number | null;
  change: number | null;
  direction: 'improving' | 'worsening' | 'steady' | 'unknown';
}

/** A merged event with the words of its first report, as evidence. */
export interface EvidenceEvent {
  id: number;
  date: string | null;
  source: { id: string; code: string; name: string | null; country: string | null };
  target: { id: string; code: string | null; name: string | null; country: string | null } | null;
  type: string;
  cameo: string;
  goldstein: number;
  quad: number;
  modality: string;
  mentions: number;
  articles: number;
  outlets: number;
  /** The first report: its event id, article and words. */
  firstEvent: number;
  article: number;
  articleTitle: string | null;
  evidence: { start: number; end: number; text: string };
}

export interface EvidenceQuote {
  id: number;
  article: number;
  start: number;
  end: number;
  text: string;
  speaker: { text: string | null; id: string | null; name: string | null; country: string | null };
  published: string | null;
}

export interface DyadReport {
  a: string;
  b: string;
  level: Level;
  by: Period;
  points: DyadPoint[];
  totals: Scores;
  trend: Trend;
  /** The events that move the score most: strongest Goldstein weight, most reported. */
  evidence: EvidenceEvent[];
  /** Quotes by one side that name the other. */
  quotes: EvidenceQuote[];
}

export interface DyadOptions {
  by?: Period;
  level?: Level;
  from?: string;
  to?: string;
  /** Periods in the trend's recent window. */
  window?: number;
  /** Number of evidence events and quotes. */
  evidence?: number;
}

const COUNTED = "m.polarity = 'asserted' AND m.modality NOT IN ('hypothetical', 'alleged')";

function periodExpr(by: Period): string {
  if (by === 'month') return 'substr(m.date, 1, 7)';
  if (by === 'week') return "CASE WHEN length(m.date) = 10 THEN strftime('%Y-W%W', m.date) ELSE m.date END";
  return 'm.date';
}

/** SQL matching one side of an event to a state code or an actor id or code. */
function sideMatch(side: 'source' | 'target', param: string, level: Level): string {
  return level === 'state' ? `(m.${side}_country = @${param} OR m.${side}_code = @${param})` : `(m.${side}_id = @${param} OR m.${side}_code = @${param})`;
}

function scoresOf(r: { events: number; mentions: number | null; q1: number; q2: number; q3: number; q4: number; gsum: number | null }): Scores {
  const quad: QuadCounts = [r.q1 ?? 0, r.q2 ?? 0, r.q3 ?? 0, r.q4 ?? 0];
  const gsum = r.gsum ?? 0;
  return {
    events: r.events,
    mentions: r.mentions ?? 0,
    quad,
    goldsteinSum: round(gsum),
    goldsteinMean: r.events === 0 ? 0 : round(gsum / r.events),
    index: r.events === 0 ? 0 : round((quad[0] + quad[1] - quad[2] - quad[3]) / r.events),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const AGGREGATES = `count(*) AS events, sum(m.mentions) AS mentions,
  sum(m.quad = 1) AS q1, sum(m.quad = 2) AS q2, sum(m.quad = 3) AS q3, sum(m.quad = 4) AS q4, sum(m.goldstein) AS gsum`;

/** The trend of the index: the latest `window` periods against the `window` before them. */
export function trendOf(points: DyadPoint[], window: number): Trend {
  const mean = (ps: DyadPoint[]) => {
    const events = ps.reduce((n, p) => n + p.events, 0);
    if (events === 0) return null;
    return round(ps.reduce((n, p) => n + p.quad[0] + p.quad[1] - p.quad[2] - p.quad[3], 0) / events);
  };
  const recent = mean(points.slice(-window));
  const earlier = mean(points.slice(-2 * window, -window));
  if (recent === null || earlier === null) return { recent, earlier, change: null, direction: 'unknown' };
  const change = round(recent - earlier);
  return { recent, earlier, change, direction: change > 0.1 ? 'improving' : change < -0.1 ? 'worsening' : 'steady' };
}

/** Scores between two actors (both directions) per period, with the trend and the evidence. */
export function dyad(db: Database.Database, a: string, b: string, options: DyadOptions = {}): DyadReport {
  const by = options.by ?? 'month';
  const level = options.level ?? 'state';
  const params = { a: level === 'state' ? a.toUpperCase() : a, b: level === 'state' ? b.toUpperCase() : b, from: options.from ?? '', to: options.to ? `${options.to}\uffff` : '\uffff' };
  const where = `((${sideMatch('source', 'a', level)} AND ${sideMatch('target', 'b', level)}) OR (${sideMatch('source', 'b', level)} AND ${sideMatch('target', 'a', level)}))
    AND ${COUNTED} AND m.date IS NOT NULL AND m.date >= @from AND m.date <= @to`;
  const rows = db.prepare(`SELECT ${periodExpr(by)} AS period, ${AGGREGATES} FROM merged_events m WHERE ${where} GROUP BY period ORDER BY period`).all(params) as any[];
  const points = rows.map((r) => ({ period: r.period as string, ...scoresOf(r) }));
  const total = db.prepare(`SELECT ${AGGREGATES} FROM merged_events m WHERE ${where}`).get(params) as any;
  const limit = options.evidence ?? 10;
  const evidence = (
    db
      .prepare(
        `SELECT m.*, e.article_id, e.evidence_start, e.evidence_end, e.evidence_text, ar.title AS article_title
         FROM merged_events m JOIN events e ON e.id = m.first_event JOIN articles ar ON ar.id = e.article_id
         WHERE ${where} ORDER BY abs(m.goldstein) * (1 + ln(m.mentions)) DESC, m.date DESC, m.id LIMIT @limit`,
      )
      .all({ ...params, limit }) as any[]
  ).map(evidenceOf);
  const quotes = quotesBetween(db, params.a, params.b, level, options.from, options.to, limit);
  return { a: params.a, b: params.b, level, by, points, totals: scoresOf(total), trend: trendOf(points, options.window ?? 3), evidence, quotes };
}

function evidenceOf(r: any): EvidenceEvent {
  return {
    id: r.id,
    date: r.date,
    source: { id: r.source_id, code: r.source_code, name: r.source_name, country: r.source_country },
    target: r.target_id ? { id: r.target_id, code: r.target_code, name: r.target_name, country: r.target_country } : null,
    type: r.type,
    cameo: r.cameo,
    goldstein: r.goldstein,
    quad: r.quad,
    modality: r.modality,
    mentions: r.mentions,
    articles: r.articles,
    outlets: r.outlets,
    firstEvent: r.first_event,
    article: r.article_id,
    articleTitle: r.article_title,
    evidence: { start: r.evidence_start, end: r.evidence_end, text: r.evidence_text },
  };
}

/** Quotes by a speaker on one side that name an actor on the other. */
export function quotesBetween(db: Database.Database, a: string, b: string, level: Level, from?: string, to?: string, limit = 10): EvidenceQuote[] {
  const speaker = (p: string) => (level === 'state' ? `(q.speaker_country = @${p} OR q.speaker_code = @${p})` : `(q.speaker_id = @${p} OR q.speaker_code = @${p})`);
  const named = (p: string) => `EXISTS (SELECT 1 FROM mentions mn JOIN actors ac ON ac.id = mn.actor_id
    WHERE mn.article_id = q.article_id AND mn.start >= q.start AND mn.end <= q.end AND ${level === 'state' ? `(ac.country = @${p} OR ac.code = @${p})` : `(ac.id = @${p} OR ac.code = @${p})`})`;
  const rows = db
    .prepare(
      `SELECT q.*, ar.published FROM quotes q JOIN articles ar ON ar.id = q.article_id
       WHERE ((${speaker('a')} AND ${named('b')}) OR (${speaker('b')} AND ${named('a')}))
         AND coalesce(ar.published, '') >= @from AND coalesce(ar.published, '') <= @to
       ORDER BY ar.published DESC, q.id LIMIT @limit`,
    )
    .all({ a, b, from: from ?? '', to: to ? `${to}\uffff` : '\uffff', limit }) as any[];
  return rows.map((r) => ({
    id: r.id,
    article: r.article_id,
    start: r.start,
    end: r.end,
    text: r.text,
    speaker: { text: r.speaker_text, id: r.speaker_id, name: r.speaker_name, country: r.speaker_country },
    published: r.published,
  }));
}

export interface Relation extends Scores {
  a: string;
  b: string;
  aName: string | null;
  bName: string | null;
  first: string | null;
  last: string | null;
  trend: Trend;
}

export interface RelationsOptions {
  actor?: string;
  since?: string;
  until?: string;
  level?: Level;
  limit?: number;
}

/**
 * Pairs of actors ranked by activity, with their scores and the direction of change: the index
 * over the later half of the period against the earlier half.
 */
export function relations(db: Database.Database, options: RelationsOptions = {}): Relation[] {
  const level = options.level ?? 'state';
  const left = level === 'state' ? 'm.source_country' : 'm.source_id';
  const right = level === 'state' ? 'm.target_country' : 'm.target_id';
  const params: Record<string, unknown> = { since: options.since ?? '', until: options.until ? `${options.until}\uffff` : '\uffff', limit: options.limit ?? -1 };
  const where = [`${COUNTED}`, 'm.date IS NOT NULL', 'm.date >= @since', 'm.date <= @until', `${left} IS NOT NULL`, `${right} IS NOT NULL`, `${left} <> ${right}`];
  if (options.actor) {
    params.actor = level === 'state' ? options.actor.toUpperCase() : options.actor;
    where.push(`(${sideMatch('source', 'actor', level)} OR ${sideMatch('target', 'actor', level)})`);
  }
  const pair = `min(${left}, ${right})`;
  const other = `max(${left}, ${right})`;
  const span = db.prepare(`SELECT min(m.date) AS first, max(m.date) AS last FROM merged_events m WHERE ${where.join(' AND ')}`).get(params) as { first: string | null; last: string | null };
  if (!span.first || !span.last) return [];
  // The midpoint of the period splits it into an earlier and a later half.
  const mid = new Date((Date.parse(pad(span.first)) + Date.parse(pad(span.last))) / 2).toISOString().slice(0, 10);
  const nameOf = level === 'state' ? 'NULL' : `max(CASE WHEN ${left} = ${pair} THEN m.source_name ELSE m.target_name END)`;
  const nameOfB = level === 'state' ? 'NULL' : `max(CASE WHEN ${left} = ${other} THEN m.source_name ELSE m.target_name END)`;
  const rows = db
    .prepare(
      `SELECT ${pair} AS a, ${other} AS b, ${nameOf} AS a_name, ${nameOfB} AS b_name, ${AGGREGATES}, min(m.date) AS first, max(m.date) AS last,
         sum(CASE WHEN m.date > @mid THEN 1 ELSE 0 END) AS late_events,
         sum(CASE WHEN m.date > @mid THEN (m.quad <= 2) - (m.quad >= 3) ELSE 0 END) AS late_net,
         sum(CASE WHEN m.date <= @mid THEN 1 ELSE 0 END) AS early_events,
         sum(CASE WHEN m.date <= @mid THEN (m.quad <= 2) - (m.quad >= 3) ELSE 0 END) AS early_net
       FROM merged_events m WHERE ${where.join(' AND ')}
       GROUP BY a, b ORDER BY events DESC, mentions DESC, a, b LIMIT @limit`,
    )
    .all({ ...params, mid }) as any[];
  return rows.map((r) => {
    const recent = r.late_events > 0 ? round(r.late_net / r.late_events) : null;
    const earlier = r.early_events > 0 ? round(r.early_net / r.early_events) : null;
    const change = recent !== null && earlier !== null ? round(recent - earlier) : null;
    const direction = change === null ? 'unknown' : change > 0.1 ? 'improving' : change < -0.1 ? 'worsening' : 'steady';
    return { a: r.a, b: r.b, aName: r.a_name, bName: r.b_name, first: r.first, last: r.last, ...scoresOf(r), trend: { recent, earlier, change, direction } };
  });
}

function pad(date: string): string {
  return date.length === 4 ? `${date}-07-01` : date.length === 7 ? `${date}-15` : date;
}
