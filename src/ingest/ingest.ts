import { InputError } from '../readers/input-error.ts';
import { listInputs, readInput, type InputFile } from '../readers/read-inputs.ts';
import type { SourceDocument } from '../model/model.ts';
import { createPipeline, StageError, type Pipeline } from '../pipeline/runner.ts';
import type { Store } from '../store/store.ts';

/** Documents run through the pipeline together: stage by stage is faster than document by document. */
const BATCH_SIZE = 128;

/**
 * Runs a batch through the pipeline. When a stage fails, the batch is run again one document at a
 * time so that only the document that fails is reported and left out.
 */
export function runDocuments(pipeline: Pipeline, docs: SourceDocument[], errors: Error[]): SourceDocument[] {
  if (docs.length === 0) return [];
  try {
    return pipeline.runBatch(docs);
  } catch (err) {
    if (!(err instanceof StageError)) throw err;
  }
  const done: SourceDocument[] = [];
  for (const doc of docs) {
    try {
      done.push(pipeline.run(doc));
    } catch (err) {
      if (!(err instanceof StageError)) throw err;
      errors.push(err);
    }
  }
  return done;
}

export interface IngestOptions {
  /** Largest input file accepted, in bytes. */
  maxBytes?: number;
  /** Publication date for articles that state none. */
  published?: string;
  /** Outlet for articles that name none. */
  source?: string;
  /** Told when a file starts, as bytes are read, and as articles are stored. */
  onProgress?: (progress: IngestProgress) => void;
  /** Reuse a pipeline (its models are loaded once). */
  pipeline?: Pipeline;
}

export interface IngestProgress {
  file: string;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  articles: number;
}

export interface IngestSummary {
  files: number;
  failedFiles: number;
  /** Articles the pipeline produced. */
  articles: number;
  stored: number;
  duplicates: number;
  nearDuplicates: number;
  sentences: number;
  /** Files inside folders that were skipped because Entente does not read their type. */
  skipped: string[];
  errors: Error[];
  seconds: number;
}

/**
 * Reads the given paths, runs each document through the pipeline and stores the articles. Each
 * file is one transaction: a file that cannot be read is rolled back whole and reported, and the
 * other files still go in. A bad record of a JSON Lines file is reported and skipped.
 */
export async function ingestPaths(paths: string[], store: Store, options: IngestOptions = {}): Promise<IngestSummary> {
  const started = process.hrtime.bigint();
  const pipeline = options.pipeline ?? createPipeline({ defaultPublished: options.published, defaultSource: options.source, learned: store.learnedPeople() });
  const listing = await listInputs(paths, { maxBytes: options.maxBytes });
  const summary: IngestSummary = {
    files: listing.files.length + listing.errors.length,
    failedFiles: listing.errors.length,
    articles: 0,
    stored: 0,
    duplicates: 0,
    nearDuplicates: 0,
    sentences: 0,
    skipped: listing.skipped,
    errors: [...listing.errors],
    seconds: 0,
  };
  const progress: IngestProgress = {
    file: '',
    filesDone: 0,
    filesTotal: listing.files.length,
    bytesDone: 0,
    bytesTotal: listing.files.reduce((n, f) => n + f.size, 0),
    articles: 0,
  };
  for (const file of listing.files) {
    progress.file = file.path;
    options.onProgress?.(progress);
    await ingestFile(file, store, pipeline, options, summary, progress);
    progress.filesDone++;
    options.onProgress?.(progress);
  }
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}

async function ingestFile(
  file: InputFile,
  store: Store,
  pipeline: Pipeline,
  options: IngestOptions,
  summary: IngestSummary,
  progress: IngestProgress,
): Promise<void> {
  const counts = { articles: 0, stored: 0, duplicates: 0, nearDuplicates: 0, sentences: 0 };
  const recordErrors: Error[] = [];
  store.beginFile();
  try {
    const reader = readInput(file, {
      maxBytes: options.maxBytes,
      onBytes: (n) => {
        progress.bytesDone += n;
      },
    });
    let batch: SourceDocument[] = [];
    const flush = () => {
      for (const doc of runDocuments(pipeline, batch, recordErrors)) {
        for (const article of doc.articles) {
          counts.articles++;
          counts.sentences += article.sentences.length;
          const result = store.saveArticle(article);
          if (result.status === 'duplicate') counts.duplicates++;
          else {
            counts.stored++;
            if (result.status === 'near-duplicate') counts.nearDuplicates++;
          }
        }
        progress.articles += doc.articles.length;
      }
      batch = [];
      options.onProgress?.(progress);
    };
    for await (const item of reader) {
      if (item instanceof InputError) {
        recordErrors.push(item);
        continue;
      }
      batch.push(item);
      if (batch.length >= BATCH_SIZE) flush();
    }
    flush();
    store.commitFile();
  } catch (err) {
    store.rollbackFile();
    summary.failedFiles++;
    summary.errors.push(err instanceof InputError ? err : new InputError(file.path, (err as Error).message));
    return;
  }
  summary.articles += counts.articles;
  summary.stored += counts.stored;
  summary.duplicates += counts.duplicates;
  summary.nearDuplicates += counts.nearDuplicates;
  summary.sentences += counts.sentences;
  summary.errors.push(...recordErrors);
}
