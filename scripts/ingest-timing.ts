/**
 * Times an ingest with and without merging events into one event per real-world event, then the
 * `dyad` and `relations` queries on the merged database. Usage:
 *   npx tsx scripts/ingest-timing.ts CORPUS.jsonl [A B]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../src/ingest/ingest.ts';
import { createPipeline } from '../src/pipeline/runner.ts';
import { Store } from '../src/store/store.ts';

const [corpus, a = 'USA', b = 'JPN'] = process.argv.slice(2);
if (!corpus) {
  process.stderr.write('usage: npx tsx scripts/ingest-timing.ts CORPUS.jsonl [A B]\n');
  process.exit(2);
}
const pipeline = createPipeline();
const dir = mkdtempSync(join(tmpdir(), 'entente-timing-'));
// Without, with, and without again: the first run also pays for warming up.
for (const [run, merge] of [false, true, false].entries()) {
  const store = Store.open(join(dir, `run-${run}.db`), { merge });
  const summary = await ingestPaths([corpus], store, { pipeline, workers: 1 });
  const counts = store.countEvents();
  process.stdout.write(`${merge ? 'with' : 'without'} merging: ${summary.seconds.toFixed(1)} s for ${summary.stored} articles, ${counts.events} events, ${counts.merged} merged events\n`);
  if (merge) {
    for (const [name, run] of [
      [`dyad ${a} ${b} by month`, () => store.dyad(a, b, { by: 'month' })],
      [`dyad ${a} ${b} by day`, () => store.dyad(a, b, { by: 'day' })],
      ['relations (all pairs)', () => store.relations()],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = process.hrtime.bigint();
        run();
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((x, y) => x - y);
      process.stdout.write(`  ${name}: median ${times[10].toFixed(1)} ms, max ${times[19].toFixed(1)} ms\n`);
    }
  }
  store.close();
}
rmSync(dir, { recursive: true, force: true });
