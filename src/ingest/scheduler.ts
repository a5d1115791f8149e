import type { SourceDocument } from '../model/model.ts';
import { StageError, type Pipeline } from '../pipeline/runner.ts';
import { articleRows, type ArticleRows } from '../store/article-rows.ts';
import type { PipelinePool } from './pool.ts';

/** Batches each worker may hold, the one it codes included: one more waits so it never idles. */
const QUEUED_PER_WORKER = 3;

/** How many batches each kind of thread coded. */
export interface CodedCounts {
  here: number;
  workers: number;
}

/**
 * Codes batches on this thread and on a pool of worker threads, and hands each batch's documents
 * to `save` in the order the batches were submitted, so the store ends up the same whatever
 * thread coded what.
 *
 * A batch goes to a worker while one has room (and has loaded its models) and is coded here
 * otherwise. This thread also stores, so it codes only what the workers cannot take: on a machine
 * with as many cores as coding threads, no core waits and none is shared by two busy threads.
 */
export class BatchScheduler {
  /** Batches submitted and not yet saved, oldest first. */
  private readonly pending: Promise<void>[] = [];
  /** The save of the newest batch: the next batch's save waits for it. */
  private previous: Promise<void> = Promise.resolve();
  private aborted = false;
  readonly coded: CodedCounts = { here: 0, workers: 0 };

  constructor(
    private readonly pool: PipelinePool | undefined,
    /** This thread's pipeline, created on first use. */
    private readonly here: () => Pipeline,
    /** Stores a batch's articles, as rows, in the order the batches were submitted. */
    private readonly save: (rows: ArticleRows[]) => void,
    /** Receives the documents that failed in a stage, each as its own error. */
    private readonly errors: Error[],
  ) {}

  /** Submits a batch; returns once few enough batches are in flight to bound memory. */
  async submit(batch: SourceDocument[]): Promise<void> {
    const pool = this.pool;
    let coded: Promise<ArticleRows[]>;
    if (pool && pool.hasRoom(QUEUED_PER_WORKER)) {
      this.coded.workers++;
      coded = pool.run(batch).then((r) => {
        this.errors.push(...r.errors.map((m) => new Error(m)));
        return r.rows;
      });
    } else {
      this.coded.here++;
      coded = Promise.resolve(rowsOf(runDocuments(this.here(), batch, this.errors)));
    }
    const stored = Promise.all([coded, this.previous]).then(([rows]) => {
      if (!this.aborted) this.save(rows);
    });
    // Awaited in order below; this handler only keeps a failure from being reported twice.
    stored.catch(() => undefined);
    this.previous = stored;
    this.pending.push(stored);
    const limit = pool ? (pool.size + 1) * QUEUED_PER_WORKER + 1 : 1;
    while (this.pending.length >= limit) await this.pending.shift();
    // Coding here blocks this thread: let the workers' finished batches in before deciding where
    // the next one goes, or they would wait unseen while this thread codes on.
    if (pool) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Waits until every submitted batch is saved; throws the first failure. */
  async drain(): Promise<void> {
    while (this.pending.length > 0) await this.pending.shift();
  }

  /** After a failure: saves nothing more and waits for the batches still being coded. */
  async abort(): Promise<void> {
    this.aborted = true;
    await Promise.allSettled(this.pending.splice(0));
  }
}

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

/** The rows the store writes for every article of coded documents, in order. */
export function rowsOf(docs: SourceDocument[]): ArticleRows[] {
  const rows: ArticleRows[] = [];
  for (const doc of docs) for (const article of doc.articles) rows.push(articleRows(article));
  return rows;
}
