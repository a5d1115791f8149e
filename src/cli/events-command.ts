import { Store, type EventFilter, type StoredEvent } from '../store/store.ts';
import { requireDb } from './db.ts';
import { EXIT } from './exit.ts';
import { table, writeChunked } from './format.ts';

export type EventFormat = 'table' | 'jsonl' | 'csv' | 'tsv';

/** Columns of the GDELT-like TSV export: GDELT's event columns first, then Entente's own. */
export const TSV_COLUMNS = [
  'GLOBALEVENTID', 'SQLDATE', 'Actor1Code', 'Actor1Name', 'Actor1CountryCode', 'Actor2Code', 'Actor2Name', 'Actor2CountryCode',
  'IsRootEvent', 'EventCode', 'EventBaseCode', 'EventRootCode', 'QuadClass', 'GoldsteinScale', 'NumMentions', 'NumArticles',
  'SOURCEURL', 'PloverType', 'PloverMode', 'Polarity', 'Modality', 'Confidence', 'Rule', 'ArticleId', 'Evidence',
] as const;

function tsvRow(e: StoredEvent): string[] {
  return [
    String(e.id), (e.date ?? '').replaceAll('-', '').padEnd(8, '0').slice(0, 8), e.source.code, e.source.name ?? '', e.source.country ?? '',
    e.target?.code ?? '', e.target?.name ?? '', e.target?.country ?? '', '1', e.cameo, e.cameo.slice(0, 3), e.cameo.slice(0, 2), String(e.quad),
    String(e.goldstein), String(e.mentions), '1', e.url ?? '', e.type, e.mode ?? '', e.polarity, e.modality, String(e.confidence), e.rule,
    String(e.article), e.evidence.text,
  ];
}

/** A CSV field: quoted when it holds a comma, quote or line break. */
function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The lines of an export format, header first, one per event, each ending in a line break. */
export function* exportLines(events: Iterable<StoredEvent>, format: Exclude<EventFormat, 'table'>): Generator<string> {
  if (format === 'tsv') yield `${TSV_COLUMNS.join('\t')}\n`;
  if (format === 'csv') yield `${TSV_COLUMNS.join(',')}\n`;
  for (const e of events) {
    if (format === 'jsonl') yield `${JSON.stringify(e)}\n`;
    else if (format === 'tsv') yield `${tsvRow(e).map((f) => f.replace(/[\t\n\r]+/g, ' ')).join('\t')}\n`;
    else yield `${tsvRow(e).map(csvField).join(',')}\n`;
  }
}

/** Events as a table for reading in a terminal, with their count. */
export function eventTable(events: StoredEvent[]): string {
  return `${table(
    ['DATE', 'SOURCE', 'TYPE', 'TARGET', 'CAMEO', 'GS', 'POL', 'MODALITY', 'CONF', 'EVIDENCE'],
    events.map((e) => [
      e.date ?? '-', e.source.code, e.type, e.target?.code ?? '-', e.cameo, e.goldstein.toFixed(1), e.polarity === 'negated' ? 'not' : '', e.modality, e.confidence.toFixed(2), e.evidence.text,
    ]),
    [10, 12, 10, 12, 5, 5, 4, 12, 4, 90],
  )}\n${events.length} event${events.length === 1 ? '' : 's'}\n`;
}

/** The store's filter, plus where to read and how to print. */
export interface EventsCommandOptions extends Omit<EventFilter, 'includeNegated'> {
  db: string;
  negated?: boolean;
  format: EventFormat;
}

/**
 * `entente events`: stored events, filtered, as a table or an export format. Exports are written
 * as the rows are read, so exporting a large database takes little memory; the table's columns
 * are as wide as their widest cell, so it is built whole.
 */
export async function runEvents(opts: EventsCommandOptions): Promise<number> {
  if (!requireDb(opts.db)) return EXIT.inputFailed;
  const store = Store.open(opts.db, { readonly: true });
  try {
    const { db: _db, negated, format, ...filter } = opts;
    const query = { ...filter, includeNegated: negated };
    if (format === 'table') process.stdout.write(eventTable(store.listEvents(query)));
    else await writeChunked(process.stdout, exportLines(store.eachEvent(query), format));
    return EXIT.ok;
  } finally {
    store.close();
  }
}
