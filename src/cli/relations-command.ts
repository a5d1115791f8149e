import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { Store, type EventFilter, type MergedEvent } from '../store/store.ts';
import type { DyadReport, Level, Period, Relation } from '../store/relations.ts';
import { requireDb } from './db.ts';
import { EXIT } from './exit.ts';
import { printable, table, writeChunked } from './format.ts';

/** Opens the store read-only for a reporting command, or says why it cannot. */
function withStore<T>(db: string, f: (store: Store) => T): T | undefined {
  if (!requireDb(db)) return undefined;
  const store = Store.open(db);
  try {
    return f(store);
  } finally {
    store.close();
  }
}

/** `entente quotes`: who said what, newest first. */
export function runQuotes(opts: { db: string; speaker?: string; about?: string; search?: string; limit?: number; json?: boolean }): number {
  const out = withStore(opts.db, (store) => {
    const quotes = store.listQuotes({ speaker: opts.speaker, about: opts.about, search: opts.search, limit: opts.limit ?? 50 });
    if (opts.json) return quotes.map((q) => `${JSON.stringify(q)}\n`).join('');
    return `${table(
      ['DATE', 'SPEAKER', 'ACTOR', 'KIND', 'QUOTE'],
      quotes.map((q) => [q.published?.slice(0, 10) ?? '-', q.speaker?.text ?? '?', q.speaker?.code ?? '-', q.kind, q.text]),
      [10, 28, 10, 8, 100],
    )}\n${quotes.length} quote${quotes.length === 1 ? '' : 's'}\n`;
  });
  if (out === undefined) return EXIT.inputFailed;
  process.stdout.write(out);
  return EXIT.ok;
}

/** `entente places`: places named in the stored articles, with coordinates. */
export function runPlaces(opts: { db: string; country?: string; limit?: number; json?: boolean }): number {
  const out = withStore(opts.db, (store) => {
    const places = store.listPlaces({ country: opts.country, limit: opts.limit ?? 50 });
    if (opts.json) return places.map((p) => `${JSON.stringify(p)}\n`).join('');
    return `${table(
      ['PLACE', 'KIND', 'COUNTRY', 'LAT', 'LON', 'MENTIONS', 'ARTICLES', 'EVENTS'],
      places.map((p) => [p.name, p.kind, p.country ?? '-', p.lat?.toFixed(3) ?? '-', p.lon?.toFixed(3) ?? '-', String(p.mentions), String(p.articles), String(p.events)]),
    )}\n${places.length} place${places.length === 1 ? '' : 's'}\n`;
  });
  if (out === undefined) return EXIT.inputFailed;
  process.stdout.write(out);
  return EXIT.ok;
}

const BAR_WIDTH = 20;

/** One line of the terminal chart: conflict to the left of the axis, cooperation to the right. */
export function chartLine(index: number): string {
  const n = Math.round(Math.abs(index) * BAR_WIDTH);
  const left = index < 0 ? '▒'.repeat(n).padStart(BAR_WIDTH) : ' '.repeat(BAR_WIDTH);
  const right = index > 0 ? '█'.repeat(n).padEnd(BAR_WIDTH) : ' '.repeat(BAR_WIDTH);
  return `${left}|${right}`;
}

/** The dyad report as text: a table per period with a small chart, the trend, and the evidence. */
export function formatDyad(report: DyadReport): string {
  const lines: string[] = [];
  lines.push(`${report.a} – ${report.b}, by ${report.by} (${report.level === 'state' ? 'states' : 'actors'}; merged events, both directions)`);
  lines.push('');
  if (report.points.length === 0) {
    lines.push('no events between them');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    table(
      ['PERIOD', 'EVENTS', 'VCOOP', 'MCOOP', 'VCONF', 'MCONF', 'GS SUM', 'GS MEAN', 'INDEX', 'conflict ◀ ▶ cooperation'],
      report.points.map((p) => [p.period, String(p.events), ...p.quad.map(String), p.goldsteinSum.toFixed(1), p.goldsteinMean.toFixed(2), p.index.toFixed(2), chartLine(p.index)]),
    ),
  );
  const t = report.totals;
  lines.push('');
  lines.push(`total: ${t.events} events (${t.mentions} mentions), cooperation ${t.quad[0] + t.quad[1]}, conflict ${t.quad[2] + t.quad[3]}, Goldstein mean ${t.goldsteinMean.toFixed(2)}, index ${t.index.toFixed(2)}`);
  const tr = report.trend;
  lines.push(
    tr.direction === 'unknown'
      ? 'trend: not enough periods to compare'
      : `trend: ${tr.direction} (index ${tr.earlier?.toFixed(2)} → ${tr.recent?.toFixed(2)} over the latest periods)`,
  );
  if (report.evidence.length > 0) {
    lines.push('');
    lines.push('evidence (the events that weigh most):');
    lines.push(
      table(
        ['DATE', 'SOURCE', 'TYPE', 'TARGET', 'GS', 'REPORTS', 'EVIDENCE'],
        report.evidence.map((e) => [e.date ?? '-', e.source.code, e.type, e.target?.code ?? '-', e.goldstein.toFixed(1), `${e.articles}/${e.outlets}`, `${e.evidence.text} [article ${e.article}]`]),
        [10, 12, 10, 12, 5, 7, 100],
      ),
    );
  }
  if (report.quotes.length > 0) {
    lines.push('');
    lines.push('quotes:');
    for (const q of report.quotes) lines.push(`  ${printable(q.speaker.name ?? q.speaker.text ?? '?')}: “${printable(q.text)}” [article ${q.article}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** `entente dyad A B`: how two actors are getting on, period by period, and why we think so. */
export function runDyad(a: string, b: string, opts: { db: string; by?: Period; level?: Level; from?: string; to?: string; json?: boolean }): number {
  const out = withStore(opts.db, (store) => {
    const report = store.dyad(a, b, { by: opts.by, level: opts.level, from: opts.from, to: opts.to });
    return opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatDyad(report);
  });
  if (out === undefined) return EXIT.inputFailed;
  process.stdout.write(out);
  return EXIT.ok;
}

const ARROWS = { improving: '↑ improving', worsening: '↓ worsening', steady: '→ steady', unknown: '·' } as const;

/** `entente relations`: partners ranked by activity, with the direction of change. */
export function runRelations(opts: { db: string; actor?: string; since?: string; level?: Level; limit?: number; json?: boolean }): number {
  const out = withStore(opts.db, (store) => {
    const rows = store.relations({ actor: opts.actor, since: opts.since, level: opts.level, limit: opts.limit ?? 30 });
    if (opts.json) return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
    return `${table(
      ['A', 'B', 'EVENTS', 'COOP', 'CONFLICT', 'GS MEAN', 'INDEX', 'CHANGE', 'FIRST', 'LAST'],
      rows.map((r: Relation) => [
        r.aName ? `${r.aName} (${r.a})` : r.a, r.bName ? `${r.bName} (${r.b})` : r.b, String(r.events), String(r.quad[0] + r.quad[1]), String(r.quad[2] + r.quad[3]),
        r.goldsteinMean.toFixed(2), r.index.toFixed(2), ARROWS[r.trend.direction], r.first ?? '-', r.last ?? '-',
      ]),
      [30, 30],
    )}\n${rows.length} pair${rows.length === 1 ? '' : 's'}\n`;
  });
  if (out === undefined) return EXIT.inputFailed;
  process.stdout.write(out);
  return EXIT.ok;
}

export type ExportFormat = 'gdelt-tsv' | 'jsonl' | 'csv' | 'graphml';

/** GDELT 2.0's event columns that Entente fills, then its own. */
export const EXPORT_COLUMNS = [
  'GLOBALEVENTID', 'SQLDATE', 'Actor1Code', 'Actor1Name', 'Actor1CountryCode', 'Actor2Code', 'Actor2Name', 'Actor2CountryCode',
  'IsRootEvent', 'EventCode', 'EventBaseCode', 'EventRootCode', 'QuadClass', 'GoldsteinScale', 'NumMentions', 'NumSources', 'NumArticles',
  'ActionGeo_FullName', 'ActionGeo_CountryCode', 'ActionGeo_Lat', 'ActionGeo_Long', 'SOURCEURL',
  'PloverType', 'PloverMode', 'Polarity', 'Modality', 'Confidence', 'Rule', 'FirstSeen', 'LastSeen', 'ArticleId', 'Evidence',
] as const;

function exportRow(e: MergedEvent): string[] {
  return [
    String(e.id), (e.date ?? '').replaceAll('-', '').padEnd(8, '0').slice(0, 8), e.source.code, e.source.name ?? '', e.source.country ?? '',
    e.target?.code ?? '', e.target?.name ?? '', e.target?.country ?? '', '1', e.cameo, e.cameo.slice(0, 3), e.cameo.slice(0, 2), String(e.quad),
    String(e.goldstein), String(e.mentions), String(e.outlets), String(e.articles),
    e.place?.name ?? '', e.place?.country ?? '', e.place?.lat?.toString() ?? '', e.place?.lon?.toString() ?? '', e.url ?? '',
    e.type, e.mode ?? '', e.polarity, e.modality, String(e.confidence), e.rule, e.firstSeen ?? '', e.lastSeen ?? '', String(e.article), e.evidence.text,
  ];
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** The relations graph as GraphML: actors as nodes, one edge per pair with its scores. */
export function graphml(rows: Relation[]): string {
  const nodes = new Map<string, string>();
  for (const r of rows) {
    nodes.set(r.a, r.aName ?? r.a);
    nodes.set(r.b, r.bName ?? r.b);
  }
  const keys = [
    ['label', 'node', 'string'], ['events', 'edge', 'int'], ['cooperation', 'edge', 'int'], ['conflict', 'edge', 'int'],
    ['goldstein_mean', 'edge', 'double'], ['index', 'edge', 'double'], ['trend', 'edge', 'string'],
  ];
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'];
  for (const [id, on, type] of keys) out.push(`  <key id="${id}" for="${on}" attr.name="${id}" attr.type="${type}"/>`);
  out.push('  <graph id="relations" edgedefault="undirected">');
  for (const [id, label] of nodes) out.push(`    <node id="${xml(id)}"><data key="label">${xml(label)}</data></node>`);
  rows.forEach((r, i) => {
    out.push(
      `    <edge id="e${i}" source="${xml(r.a)}" target="${xml(r.b)}"><data key="events">${r.events}</data><data key="cooperation">${r.quad[0] + r.quad[1]}</data>` +
        `<data key="conflict">${r.quad[2] + r.quad[3]}</data><data key="goldstein_mean">${r.goldsteinMean}</data><data key="index">${r.index}</data><data key="trend">${r.trend.direction}</data></edge>`,
    );
  });
  out.push('  </graph>', '</graphml>');
  return `${out.join('\n')}\n`;
}

/** The lines of a merged-event export, header first, each ending in a line break. */
function* mergedLines(events: Iterable<MergedEvent>, format: Exclude<ExportFormat, 'graphml'>): Generator<string> {
  if (format === 'csv') yield `${EXPORT_COLUMNS.join(',')}\n`;
  if (format === 'gdelt-tsv') yield `${EXPORT_COLUMNS.join('\t')}\n`;
  for (const e of events) {
    if (format === 'jsonl') yield `${JSON.stringify(e)}\n`;
    else if (format === 'csv') yield `${exportRow(e).map(csvField).join(',')}\n`;
    else yield `${exportRow(e).map((f) => f.replace(/[\t\n\r]+/g, ' ')).join('\t')}\n`;
  }
}

/**
 * `entente export`: merged events in GDELT-like TSV, JSON Lines or CSV, or the relations graph as
 * GraphML. Events are written as they are read, so a large database exports in little memory. A
 * file given with --output appears whole or not at all: it is written under another name first.
 */
export async function runExport(opts: { db: string; format: ExportFormat; output?: string; level?: Level } & EventFilter): Promise<number> {
  if (!requireDb(opts.db)) return EXIT.inputFailed;
  const store = Store.open(opts.db);
  try {
    const pieces =
      opts.format === 'graphml'
        ? [graphml(store.relations({ level: opts.level, since: opts.from, until: opts.to, actor: opts.actor }))]
        : mergedLines(store.eachMergedEvent({ actor: opts.actor, dyad: opts.dyad, type: opts.type, from: opts.from, to: opts.to, includeNegated: opts.includeNegated }), opts.format);
    if (!opts.output) {
      await writeChunked(process.stdout, pieces);
      return EXIT.ok;
    }
    const partial = join(dirname(opts.output), `.${basename(opts.output)}.${process.pid}.partial`);
    try {
      const file = createWriteStream(partial);
      // A failure (the folder cannot be written, the disk is full) rejects the wait for the
      // stream to drain or finish, and is reported below.
      file.on('error', () => undefined);
      await writeChunked(file, pieces);
      file.end();
      await finished(file);
      renameSync(partial, opts.output);
    } catch (err) {
      rmSync(partial, { force: true });
      throw new Error(`${opts.output}: cannot write the export: ${(err as Error).message}`);
    }
    return EXIT.ok;
  } finally {
    store.close();
  }
}
