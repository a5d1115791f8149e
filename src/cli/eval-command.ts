import { readFileSync, writeFileSync } from 'node:fs';
import { sourceDocument, type Article, type Event } from '../model/model.ts';
import { createPipeline } from '../pipeline/runner.ts';
import { scoreDocument, summarise, toPrediction, type DocumentScore, type GoldEvent } from '../eval/score.ts';
import { median, PLACE_TOLERANCE_KM, scoreDates, scorePlaces, sourceSpan, type DateCounts, type GoldDate, type GoldPlace, type PlaceCounts, type PredictedDate, type PredictedPlace } from '../eval/components.ts';
import { EXIT } from './exit.ts';
import { loadEventKnowledge } from '../stages/08-events/events.ts';

/** What a gold file marks, told by the fields of its documents. */
type GoldKind = 'events' | 'dates' | 'places';

interface GoldDocument {
  id: string;
  published: string | null;
  title?: string | null;
  text: string;
  events?: GoldEvent[];
  dates?: GoldDate[];
  places?: GoldPlace[];
}

const pct = (x: number) => x.toFixed(3);
const documents = (n: number) => (n === 1 ? '1 document' : `${n} documents`);
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : pct(a / b));
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * `entente eval GOLD.jsonl`: runs the pipeline on each gold document and prints the scores. A file
 * of documents with "events" scores event coding; with "dates", the time expressions; with
 * "places", the resolved place names (see the gold files' README for each metric).
 */
export function runEval(file: string, opts: { predictions?: string; verbose?: boolean }): number {
  let docs: GoldDocument[];
  let kind: GoldKind | undefined;
  try {
    docs = readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, i }) => {
        try {
          const d = JSON.parse(line) as GoldDocument;
          const has = (['events', 'dates', 'places'] as const).find((k) => Array.isArray(d[k]));
          if (typeof d.text !== 'string' || !has) throw new Error('needs "text" and one of "events", "dates" or "places"');
          kind ??= has;
          if (has !== kind) throw new Error(`has "${has}" where the lines before have "${kind}"`);
          return d;
        } catch (err) {
          throw new Error(`${file}:${i + 1}: ${(err as Error).message}`);
        }
      });
    if (!kind) throw new Error('no gold documents');
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message.startsWith(file) ? '' : `${file}: `}${(err as Error).message}\n`);
    return EXIT.inputFailed;
  }
  if (kind === 'dates') return evalDates(docs, opts);
  if (kind === 'places') return evalPlaces(docs, opts);
  return evalEvents(docs, opts);
}

/** The articles a pipeline makes of a gold document (its text, publication date and title). */
function articlesOf(doc: GoldDocument, pipeline: ReturnType<typeof createPipeline>): Article[] {
  const source = sourceDocument(doc.text, { path: doc.id, format: 'text' }, { ...(doc.published ? { published: doc.published } : {}), ...(doc.title ? { title: doc.title } : {}) });
  return pipeline.run(source).articles;
}

function evalEvents(docs: GoldDocument[], opts: { predictions?: string; verbose?: boolean }): number {
  const pipeline = createPipeline(process.env.ENTENTE_EVENTS_DIR ? { events: loadEventKnowledge(process.env.ENTENTE_EVENTS_DIR) } : {});
  const scores: DocumentScore[] = [];
  const lines: string[] = [];
  for (const doc of docs) {
    const events = articlesOf(doc, pipeline).flatMap((a) => a.events);
    scores.push(scoreDocument(doc.id, events.map(toPrediction), doc.events!));
    if (opts.predictions) {
      const side = (s: Event['source']) => ({ code: s.code, kind: s.kind, name: s.name, country: s.country ?? null, sector: s.sector ?? null, text: s.mention.text });
      lines.push(
        JSON.stringify({
          id: doc.id,
          events: events.map((e) => ({
            source: side(e.source),
            target: e.target ? side(e.target) : null,
            type: e.type,
            mode: e.mode ?? null,
            cameo: e.cameo,
            goldstein: e.goldstein,
            quad: e.quad,
            polarity: e.polarity,
            modality: e.modality,
            date: e.date?.value ?? null,
            confidence: e.confidence,
            rule: e.rule,
            evidence: e.evidence,
          })),
        }),
      );
    }
  }
  if (opts.predictions) writeFileSync(opts.predictions, `${lines.join('\n')}\n`);
  if (opts.verbose) {
    for (const s of scores) {
      if (s.missed.length === 0 && s.wrong.length === 0) continue;
      const doc = docs.find((d) => d.id === s.id)!;
      process.stdout.write(`\n${s.id}${doc.text.length <= 400 ? `: ${doc.text}` : ''}\n`);
      for (const g of s.missed) process.stdout.write(`  missed ${g.source} → ${g.target ?? '-'} ${g.type}${g.alt?.length ? `/${g.alt.join('/')}` : ''}: ${g.evidence ?? ''}\n`);
      for (const p of s.wrong) process.stdout.write(`  wrong  ${p.source[0]} → ${p.target?.[0] ?? '-'} ${p.type} [${p.rule}] ${p.modality}: ${p.evidence}\n`);
    }
    process.stdout.write('\n');
  }
  const dateRight = scores.reduce((n, s) => n + s.dateRight, 0);
  const dateTotal = scores.reduce((n, s) => n + s.dateTotal, 0);
  process.stdout.write(`${documents(docs.length)}, ${scores.reduce((n, s) => n + s.counts.type.requiredGold, 0)} required gold events\n`);
  for (const level of ['type', 'quad', 'dyad'] as const) {
    const r = summarise(scores, level);
    process.stdout.write(`${level.padEnd(5)} P ${pct(r.precision)}  R ${pct(r.recall)}  F1 ${pct(r.f1)}  (right ${r.tp}, wrong ${r.fp}, matched ${r.matched}/${r.required})\n`);
  }
  const denied = scores.flatMap((s) => s.deniedAsHappened);
  process.stdout.write(`denied, feared or hypothetical events reported as having happened: ${denied.length}${denied.length ? ` (${denied.map((p) => p.evidence).join(' | ')})` : ''}\n`);
  process.stdout.write(`date  ${dateTotal === 0 ? 'n/a' : pct(dateRight / dateTotal)} of ${dateTotal} matched events with a gold date\n`);
  return EXIT.ok;
}

/** Each article's annotations of one kind, placed in the document; counts those that could not be placed. */
function placed<T extends { start: number; end: number }, U>(doc: GoldDocument, articles: Article[], pick: (a: Article) => T[], make: (item: T, start: number, end: number) => U, lost: { n: number }): U[] {
  const out: U[] = [];
  for (const article of articles) {
    for (const item of pick(article)) {
      const span = sourceSpan(article, doc.text, item);
      if (span) out.push(make(item, span.start, span.end));
      else lost.n++;
    }
  }
  return out;
}

function evalDates(docs: GoldDocument[], opts: { predictions?: string; verbose?: boolean }): number {
  const pipeline = createPipeline({ until: 'dates' });
  const total: DateCounts = { gold: 0, found: 0, predicted: 0, right: 0 };
  const lost = { n: 0 };
  const lines: string[] = [];
  for (const doc of docs) {
    const articles = articlesOf(doc, pipeline);
    const predicted = placed(doc, articles, (a) => a.dates.filter((d) => d.stated), (d, start, end): PredictedDate & { text: string } => ({ start, end, text: d.text, value: d.value }), lost);
    const counts = scoreDates(predicted, doc.dates!);
    for (const k of Object.keys(total) as (keyof DateCounts)[]) total[k] += counts[k];
    if (opts.predictions) lines.push(JSON.stringify({ id: doc.id, dates: predicted }));
    if (opts.verbose && (counts.found < counts.gold || counts.right < counts.predicted)) {
      const marked = doc.dates!.map((g) => `${g.text}=${g.value} (${g.type})`).join('; ');
      process.stdout.write(`${doc.id}\n  marked:    ${marked}\n  predicted: ${predicted.map((p) => `${p.text}=${p.value}`).join('; ')}\n`);
    }
  }
  if (opts.predictions) writeFileSync(opts.predictions, `${lines.join('\n')}\n`);
  const p = total.predicted === 0 ? 0 : total.right / total.predicted;
  const r = total.gold === 0 ? 0 : total.found / total.gold;
  process.stdout.write(`${documents(docs.length)}, ${total.gold} marked calendar dates (DATE expressions valued YYYY, YYYY-MM or YYYY-MM-DD)\n`);
  process.stdout.write(`dates P ${ratio(total.right, total.predicted)}  R ${ratio(total.found, total.gold)}  F1 ${pct(f1(p, r))}  (right ${total.right} of ${total.predicted} predicted; found ${total.found} of ${total.gold} marked)\n`);
  process.stdout.write(`predicted dates not found in their document's text: ${lost.n}\n`);
  return EXIT.ok;
}

function evalPlaces(docs: GoldDocument[], opts: { predictions?: string; verbose?: boolean }): number {
  const pipeline = createPipeline({ until: 'places' });
  const total: PlaceCounts = { gold: 0, detected: 0, right: 0, errorsKm: [], unmarked: 0 };
  const lost = { n: 0 };
  const lines: string[] = [];
  for (const doc of docs) {
    const articles = articlesOf(doc, pipeline);
    const predicted = placed(
      doc,
      articles,
      (a) => a.places,
      (pl, start, end): PredictedPlace & { text: string; id: string } => ({ start, end, text: pl.text, id: pl.id, ...(pl.lat !== undefined && pl.lon !== undefined ? { lat: pl.lat, lon: pl.lon } : {}) }),
      lost,
    );
    const counts = scorePlaces(predicted, doc.places!);
    total.gold += counts.gold;
    total.detected += counts.detected;
    total.right += counts.right;
    total.errorsKm.push(...counts.errorsKm);
    total.unmarked += counts.unmarked;
    if (opts.predictions) lines.push(JSON.stringify({ id: doc.id, places: predicted }));
    if (opts.verbose && counts.right < counts.gold) {
      process.stdout.write(`${doc.id}\n  marked:    ${doc.places!.map((g) => g.text).join('; ')}\n  predicted: ${predicted.map((p) => `${p.text}=${p.id}`).join('; ')}\n`);
    }
  }
  if (opts.predictions) writeFileSync(opts.predictions, `${lines.join('\n')}\n`);
  const middle = median(total.errorsKm);
  process.stdout.write(`${documents(docs.length)}, ${total.gold} marked places\n`);
  process.stdout.write(`places within ${PLACE_TOLERANCE_KM} km ${ratio(total.right, total.gold)} (${total.right} of ${total.gold}); detected ${ratio(total.detected, total.gold)} (${total.detected}); median error ${middle === undefined ? 'n/a' : `${Math.round(middle)} km`}\n`);
  process.stdout.write(`predicted places on no marked place: ${total.unmarked}; not found in their document's text: ${lost.n}\n`);
  return EXIT.ok;
}
