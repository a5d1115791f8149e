/**
 * Load run of the API's GET endpoints: starts `entente serve` on a database in a child process,
 * then drives each endpoint with autocannon from this one and prints the median and 99th
 * percentile latency. Usage:
 *   npx tsx scripts/load-api.ts DB [SECONDS]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const [db, seconds = '5'] = process.argv.slice(2);
if (!db) {
  process.stderr.write('usage: npx tsx scripts/load-api.ts DB [SECONDS]\n');
  process.exit(2);
}
const sample = new Database(db, { readonly: true });
const article = (sample.prepare('SELECT article_id FROM events ORDER BY id DESC LIMIT 1').pluck().get() as number | undefined) ?? 1;
const pair = sample.prepare('SELECT source_country AS a, target_country AS b, count(*) AS n FROM merged_events WHERE source_country IS NOT NULL AND target_country IS NOT NULL AND source_country <> target_country GROUP BY 1, 2 ORDER BY n DESC LIMIT 1').get() as { a: string; b: string } | undefined;
const actor = (sample.prepare("SELECT id FROM actors WHERE kind = 'person' LIMIT 1").pluck().get() as string | undefined) ?? 'IRN';
sample.close();

const server = spawn(process.execPath, [join(import.meta.dirname, '..', 'bin', 'entente.js'), 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise<string>((resolve, reject) => {
  server.stdout.on('data', (chunk: Buffer) => {
    const m = /http:\/\/([\d.]+):(\d+)\//.exec(chunk.toString());
    if (m) resolve(`http://${m[1]}:${m[2]}`);
  });
  server.once('exit', (code) => reject(new Error(`server stopped (${code})`)));
});

const paths = [
  '/api/health',
  '/api/articles?limit=50',
  `/api/articles/${article}`,
  '/api/events?limit=50',
  `/api/events?limit=50&dyad=${pair?.a ?? 'IRN'},${pair?.b ?? 'AZE'}`,
  '/api/events?limit=50&type=ACCUSE&from=1987',
  '/api/actors?limit=50',
  `/api/actors/${encodeURIComponent(actor)}`,
  '/api/quotes?limit=50',
  `/api/dyad?a=${pair?.a ?? 'IRN'}&b=${pair?.b ?? 'AZE'}&by=month`,
  '/api/relations',
  '/api/search?q=oil+prices',
  '/api/places',
];
process.stdout.write(`${'endpoint'.padEnd(60)} ${'median'.padStart(8)} ${'p99'.padStart(8)} ${'req/s'.padStart(8)}\n`);
try {
  for (const path of paths) {
    const result = await autocannon({ url: base + path, connections: 4, duration: Number(seconds) });
    if (result.non2xx > 0) process.stdout.write(`  ${path}: ${result.non2xx} responses were not 2xx\n`);
    process.stdout.write(`${path.padEnd(60)} ${`${result.latency.p50} ms`.padStart(8)} ${`${result.latency.p99} ms`.padStart(8)} ${String(Math.round(result.requests.average)).padStart(8)}\n`);
  }
} finally {
  server.kill('SIGINT');
}
