import { Store, type EventFilter, type StoredEvent } from '../store/store.ts';
import { requireDb } from './db.ts';
import { EXIT } from './exit.ts';
import { table } from './format.ts';

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

/** Writes events in one of the export formats. */
export function formatEvents(events: StoredEvent[], format: EventFormat): string {
  switch (format) {
    case 'jsonl':
      return events.map((e) => `${JSON.stringify(e)}\n`).join('');
    case 'tsv':
      return [TSV_COLUMNS.join('\t'), ...events.map((e) => tsvRow(e).map((f) => f.replace(/[\t\n\r]+/g, ' ')).join('\t'))].join('\n') + '\n';
    case 'csv':
      return [TSV_COLUMNS.join(','), ...events.map((e) => tsvRow(e).map(csvField).join(','))].join('\n') + '\n';
    default:
      return `${table(
        ['DATE', 'SOURCE', 'TYPE', 'TARGET', 'CAMEO', 'GS', 'POL', 'MODALITY', 'CONF', 'EVIDENCE'],
        events.map((e) => [
          e.date ?? '-', e.source.code, e.type, e.target?.code ?? '-', e.cameo, e.goldstein.toFixed(1), e.polarity === 'negated' ? 'not' : '', e.modality, e.confidence.toFixed(2), e.evidence.text,
        ]),
        [10, 12, 10, 12, 5, 5, 4, 12, 4, 90],
      )}\n${events.length} event${events.length === 1 ? '' : 's'}\n`;
  }
}

/** The store's filter, plus where to read and how to print. */
export interface EventsCommandOptions extends Omit<EventFilter, 'includeNegated'> {
  db: string;
  negated?: boolean;
  format: EventFormat;
}

/** `entente events`: stored events, filtered, as a table or an export format. */
export function runEvents(opts: EventsCommandOptions): number {
  if (!requireDb(opts.db)) return EXIT.inputFailed;
  const store = Store.open(opts.db, { readonly: true });
  try {
    const { db: _db, negated, format, ...filter } = opts;
    process.stdout.write(formatEvents(store.listEvents({ ...filter, includeNegated: negated }), format));
    return EXIT.ok;
  } finally {
    store.close();
  }
}
