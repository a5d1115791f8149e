import cliProgress from 'cli-progress';
import { ingestPaths, type IngestSummary } from '../ingest/ingest.ts';
import { Store } from '../store/store.ts';
import { EXIT } from './exit.ts';

export interface IngestCommandOptions {
  db: string;
  published?: string;
  source?: string;
  maxSize?: number;
  progress: boolean;
  quiet?: boolean;
  workers?: number;
}

/** `entente ingest`: reads inputs into the database; a progress bar on a terminal, a summary at the end. */
export async function runIngest(paths: string[], opts: IngestCommandOptions): Promise<number> {
  const store = Store.open(opts.db);
  const showBar = opts.progress && !opts.quiet && process.stderr.isTTY === true;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: 'ingest [{bar}] {percentage}% | {files} files | {articles} articles | {file}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = false;
  let summary: IngestSummary;
  try {
    summary = await ingestPaths(paths, store, {
      maxBytes: opts.maxSize,
      published: opts.published,
      source: opts.source,
      workers: opts.workers,
      onProgress: (p) => {
        if (!bar) return;
        const payload = { files: `${p.filesDone}/${p.filesTotal}`, articles: p.articles, file: shorten(p.file) };
        if (!started) {
          bar.start(Math.max(p.bytesTotal, 1), 0, payload);
          started = true;
        }
        bar.update(Math.min(p.bytesDone, Math.max(p.bytesTotal, 1)), payload);
      },
    });
  } finally {
    if (started) bar?.stop();
    store.close();
  }
  for (const err of summary.errors) process.stderr.write(`error: ${err.message}\n`);
  if (!opts.quiet) process.stdout.write(`${describeSummary(summary, opts.db)}\n`);
  return summary.errors.length > 0 ? EXIT.inputFailed : EXIT.ok;
}

/** The one-line summary printed at the end of an ingest. */
export function describeSummary(s: IngestSummary, db: string): string {
  const parts = [
    `${s.files} file${s.files === 1 ? '' : 's'} read`,
    `${s.articles} article${s.articles === 1 ? '' : 's'} found`,
    `${s.stored} stored`,
    `${s.duplicates} already stored`,
    `${s.nearDuplicates} near-duplicate${s.nearDuplicates === 1 ? '' : 's'} linked`,
  ];
  if (s.skipped.length > 0) parts.push(`${s.skipped.length} skipped (unsupported type)`);
  if (s.errors.length > 0) parts.push(`${s.errors.length} error${s.errors.length === 1 ? '' : 's'}`);
  return `${parts.join(', ')} into ${db} in ${s.seconds.toFixed(1)} s${s.threads > 1 ? ` on ${s.threads} threads` : ''}`;
}

function shorten(path: string): string {
  return path.length > 40 ? `…${path.slice(-39)}` : path;
}
