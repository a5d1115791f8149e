import { availableParallelism } from 'node:os';
import { InputError } from '../readers/input-error.ts';
import { listInputs, readInput, type InputFile } from '../readers/read-inputs.ts';
import type { SourceDocument } from '../model/model.ts';
import { createPipeline, type Pipeline } from '../pipeline/runner.ts';
import type { ArticleRows } from '../store/article-rows.ts';
import type { SaveResult, Store } from '../store/store.ts';
import { PipelinePool } from './pool.ts';
import { BATCH, BatchScheduler, runDocuments, type BatchJob, type BatchLimit, type CodedCounts } from './scheduler.ts';

export { BATCH, type BatchLimit } from './scheduler.ts';

/** Gathers documents, in order, into batches within a limit. */
export class Batcher {
  private batch: SourceDocument[] = [];
  private characters = 0;

  constructor(private readonly limit: BatchLimit) {}

  /** Adds a document; returns the batch when this one fills it. */
  add(doc: SourceDocument): SourceDocument[] | undefined {
    this.batch.push(doc);
    this.characters += doc.text.length;
    if (this.batch.length < this.limit.documents && this.characters < this.limit.characters) return undefined;
    return this.rest();
  }

  /** The documents gathered and not yet returned, if any. */
  rest(): SourceDocument[] | undefined {
    if (this.batch.length === 0) return undefined;
    const full = this.batch;
    this.batch = [];
    this.characters = 0;
    return full;
  }
}

/** Splits documents held in memory into batches within `limit`, in order. */
export function* batchesOf(docs: readonly SourceDocument[], limit: BatchLimit): Generator<SourceDocument[]> {
  const batcher = new Batcher(limit);
  for (const doc of docs) {
    const full = batcher.add(doc);
    if (full) yield full;
  }
  const rest = batcher.rest();
  if (rest) yield rest;
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
  /**
   * Threads that code documents: this one, which also stores them in order, and `workers - 1`
   * worker threads; 1 codes in this thread only. The stored result is the same for any number.
   * Each worker loads its own models (a second or two, about 120 MB). Default: `defaultWorkers`.
   */
  workers?: number;
  /** Batch limits; smaller ones let a test spread a few documents over several threads. */
  batch?: BatchLimit;
  /**
   * Wait until the workers have loaded their models before coding anything. By default this
   * thread codes the first batches itself meanwhile; a test that must see the workers code waits.
   */
  waitForWorkers?: boolean;
  /** Coding threads for an input of this many bytes when `workers` is not given; default `defaultWorkers`. */
  threadsFor?: (bytes: number) => number;
  /** What `-` reads; default: the process's standard input. */
  stdin?: AsyncIterable<Buffer>;
}

/**
 * Inputs smaller than this are coded on one thread unless told otherwise. A whole-input ingest also
 * pays each thread's first optimising compilation: measured on 2 cores, two threads were slower
 * than one on 2 to 6 MB of input (political sentences 5.6-6.9 s against 4.5-5.7; 200 files of
 * 30 Reuters articles 10.4-11.8 s against 10.7-11.4) and faster on the 18.7 MB Reuters corpus
 * (20-23 s against 24-30).
 */
export const WORKERS_MIN_BYTES = 16 * 1024 * 1024;
/**
 * At most this many threads by default: one thread stores every article, about a quarter of one
 * thread's whole work, so more threads than four cannot be faster, only larger.
 */
export const MAX_DEFAULT_WORKERS = 4;

/** Coding threads for an input of `bytes` on `cores` cores, when none are asked for: all cores (at most four) for large inputs, one for small ones. */
export function defaultWorkers(bytes: number, cores = availableParallelism()): number {
  return bytes < WORKERS_MIN_BYTES ? 1 : Math.max(1, Math.min(cores, MAX_DEFAULT_WORKERS));
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
  /** Batches coded on this thread and on worker threads. */
  coded: CodedCounts;
  /** Coding threads: this one and the workers. */
  threads: number;
}

/**
 * Reads the given paths, runs each document through the pipeline and stores the articles. Each
 * file is one transaction: a file that cannot be read is rolled back whole and reported, and the
 * other files still go in. A bad record of a JSON Lines file is reported and skipped.
 */
export async function ingestPaths(paths: string[], store: Store, options: IngestOptions = {}): Promise<IngestSummary> {
  const started = process.hrtime.bigint();
  // Every coding thread starts from the people learned before this ingest, whenever it starts.
  const pipelineOptions = { defaultPublished: options.published, defaultSource: options.source, learned: store.learnedPeople() };
  // This thread loads its models only when it first codes a batch itself.
  let pipeline = options.pipeline;
  const here = () => (pipeline ??= createPipeline(pipelineOptions));
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
    coded: { here: 0, workers: 0 },
    threads: 1,
  };
  const progress: IngestProgress = {
    file: '',
    filesDone: 0,
    filesTotal: listing.files.length,
    bytesDone: 0,
    bytesTotal: listing.files.reduce((n, f) => n + f.size, 0),
    articles: 0,
  };
  // One scheduler for every file: the next file is read and coded while the last batches of one
  // are stored and committed; each file's transaction begins once the previous one has ended.
  const scheduler = new BatchScheduler(undefined, here);
  // N coding threads: this one, which also stores, and N - 1 workers.
  let pool: PipelinePool | undefined;
  const useThreads = (threads: number) => {
    summary.threads = threads;
    if (threads > 1) scheduler.usePool((pool = new PipelinePool(threads - 1, pipelineOptions)), options.waitForWorkers);
  };
  const threadsFor = options.threadsFor ?? defaultWorkers;
  // Standard input's size is not known before it is read: unless told, or unless the files alone
  // are large enough, more threads start once enough of it has been read.
  let chosen = options.workers !== undefined || !listing.files.some((f) => f.path === '-') || threadsFor(progress.bytesTotal) > 1;
  if (chosen) useThreads(options.workers ?? threadsFor(progress.bytesTotal));
  let stdinBytes = 0;
  const onStdinRead = (bytes: number) => {
    stdinBytes += bytes;
    if (chosen) return;
    const threads = threadsFor(progress.bytesTotal + stdinBytes);
    if (threads > 1) {
      chosen = true;
      useThreads(threads);
    }
  };
  store.groupFiles(true);
  try {
    for (const file of listing.files) {
      progress.file = file.path;
      options.onProgress?.(progress);
      await ingestFile(file, store, scheduler, options, summary, progress, file.path === '-' ? onStdinRead : undefined);
    }
  } finally {
    // Whatever ended the loop, the files already read are stored or rolled back, in order, before
    // the last group of files is committed: no save may come after it.
    await scheduler.drain();
    store.groupFiles(false);
    summary.coded = { ...scheduler.coded };
    await pool?.close();
  }
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}

/**
 * Reads one file and submits its batches, to be stored in one transaction between two actions of
 * the scheduler: begin, and at the end commit (or roll back, if anything failed). Returns once the
 * file is read; the scheduler stores and commits it later, and counts it in `summary` then.
 */
async function ingestFile(
  file: InputFile,
  store: Store,
  scheduler: BatchScheduler,
  options: IngestOptions,
  summary: IngestSummary,
  progress: IngestProgress,
  /** Told how many more bytes of the file have been read (standard input, whose size is not listed). */
  onRead?: (bytes: number) => void,
): Promise<void> {
  const counts = { articles: 0, stored: 0, duplicates: 0, nearDuplicates: 0, sentences: 0 };
  const job: BatchJob = {
    errors: [],
    save: (rows) => {
      for (const article of rows) {
        counts.articles++;
        counts.sentences += article.sentences;
        const result = store.saveRows(article);
        if (result.status === 'duplicate') counts.duplicates++;
        else {
          counts.stored++;
          if (result.status === 'near-duplicate') counts.nearDuplicates++;
        }
      }
      progress.articles += rows.length;
      options.onProgress?.(progress);
    },
  };
  void scheduler.after(() => {
    try {
      store.beginFile();
    } catch (err) {
      job.failed ??= err;
    }
  });
  try {
    const reader = readInput(file, {
      maxBytes: options.maxBytes,
      stdin: options.stdin,
      onBytes: (n) => {
        progress.bytesDone += n;
        onRead?.(n);
      },
    });
    const batcher = new Batcher(options.batch ?? BATCH);
    for await (const item of reader) {
      if (item instanceof InputError) {
        job.errors.push(item);
        continue;
      }
      const batch = batcher.add(item);
      if (batch) await scheduler.submit(batch, job);
      if (job.failed !== undefined) break;
    }
    const rest = batcher.rest();
    if (rest && job.failed === undefined) await scheduler.submit(rest, job);
  } catch (err) {
    job.failed ??= err;
  }
  const ended = scheduler.after(() => {
    if (job.failed === undefined) {
      try {
        store.commitFile();
      } catch (err) {
        job.failed = err;
      }
    }
    progress.filesDone++;
    if (job.failed !== undefined) {
      store.rollbackFile();
      summary.failedFiles++;
      summary.errors.push(job.failed instanceof InputError ? job.failed : new InputError(file.path, (job.failed as Error).message));
    } else {
      summary.articles += counts.articles;
      summary.stored += counts.stored;
      summary.duplicates += counts.duplicates;
      summary.nearDuplicates += counts.nearDuplicates;
      summary.sentences += counts.sentences;
      summary.errors.push(...job.errors);
    }
    options.onProgress?.(progress);
  });
  // Only a rollback that fails gets here: the database itself is in trouble, and the file is reported.
  ended.catch((err) => summary.errors.push(new InputError(file.path, `could not be rolled back: ${(err as Error).message}`)));
}

/** What one in-memory ingest stored: each article's id and what happened to it. */
export interface IngestedDocument {
  id: number;
  title: string | null;
  status: SaveResult['status'];
  sentences: number;
  events: number;
}

/**
 * Runs documents already in memory (an HTTP body) through the pipeline and stores them in one
 * transaction: either all of them are stored or, if storing fails, none.
 */
export function ingestDocuments(docs: SourceDocument[], store: Store, pipeline: Pipeline): { articles: IngestedDocument[]; errors: Error[] } {
  const errors: Error[] = [];
  const articles: IngestedDocument[] = [];
  store.beginFile();
  try {
    for (const doc of runDocuments(pipeline, docs, errors)) {
      for (const article of doc.articles) {
        const result = store.saveArticle(article);
        articles.push({ id: result.id, title: article.meta.title ?? null, status: result.status, sentences: article.sentences.length, events: article.events.length });
      }
    }
    store.commitFile();
  } catch (err) {
    store.rollbackFile();
    throw err;
  }
  return { articles, errors };
}
