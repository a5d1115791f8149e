import { readFileSync, writeFileSync } from 'node:fs';
import { sourceDocument, type Event } from '../model/model.ts';
import { createPipeline } from '../pipeline/runner.ts';
import { scoreDocument, summarise, toPrediction, type DocumentScore, type GoldEvent } from '../eval/score.ts';
import { EXIT } from './exit.ts';
import { loadEventKnowledge } from '../stages/08-events/events.ts';

interface GoldDocument {
  id: string;
  published: string | null;
  title?: string | null;
  text: string;
  events: GoldEvent[];
}

const pct = (x: number) => x.toFixed(3);

/** `entente eval GOLD.jsonl`: runs the pipeline on each gold document and prints the scores. */
export function runEval(file: string, opts: { predictions?: string; verbose?: boolean }): number {
  let docs: GoldDocument[];
  try {
    docs = readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, i }) => {
        try {
          const d = JSON.parse(line) as GoldDocument;
          if (typeof d.text !== 'string' || !Array.isArray(d.events)) throw new Error('needs "text" and "events"');
          return d;
        } catch (err) {
          throw new Error(`${file}:${i + 1}: ${(err as Error).message}`);
        }
      });
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message.startsWith(file) ? '' : `${file}: `}${(err as Error).message}\n`);
    return EXIT.inputFailed;
  }
  const pipeline = createPipeline(process.env.ENTENTE_EVENTS_DIR ? { events: loadEventKnowledge(process.env.ENTENTE_EVENTS_DIR) } : {});
  const scores: DocumentScore[] = [];
  const lines: string[] = [];
  for (const doc of docs) {
    const source = sourceDocument(doc.text, { path: doc.id, format: 'text' }, { ...(doc.published ? { published: doc.published } : {}), ...(doc.title ? { title: doc.title } : {}) });
    const articles = pipeline.run(source).articles;
    const events = articles.flatMap((a) => a.events);
    scores.push(scoreDocument(doc.id, events.map(toPrediction), doc.events));
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
  process.stdout.write(`${docs.length} documents, ${scores.reduce((n, s) => n + s.counts.type.requiredGold, 0)} required gold events\n`);
  for (const level of ['type', 'quad', 'dyad'] as const) {
    const r = summarise(scores, level);
    process.stdout.write(`${level.padEnd(5)} P ${pct(r.precision)}  R ${pct(r.recall)}  F1 ${pct(r.f1)}  (right ${r.tp}, wrong ${r.fp}, matched ${r.matched}/${r.required})\n`);
  }
  const denied = scores.flatMap((s) => s.deniedAsHappened);
  process.stdout.write(`denied, feared or hypothetical events reported as having happened: ${denied.length}${denied.length ? ` (${denied.map((p) => p.evidence).join(' | ')})` : ''}\n`);
  process.stdout.write(`date  ${dateTotal === 0 ? 'n/a' : pct(dateRight / dateTotal)} of ${dateTotal} matched events with a gold date\n`);
  return EXIT.ok;
}
