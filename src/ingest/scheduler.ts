import type { SourceDocument } from '../model/model.ts';
import { StageError, type Pipeline } from '../pipeline/runner.ts';
import { articleRows, type ArticleRows } from '../store/article-rows.ts';
import type { PipelinePool } from './pool.ts';

/** Batches offered and not yet stored, per coding thread: enough that no thread waits for work. */
const IN_FLIGHT_PER_THREAD = 3;

/** How many batches each kind of thread coded. */
export interface CodedCounts {
  here: number;
  workers: number;
}

/** A batch offered to the pool that this thread may still claim. */
interface Offered {
  id: number;
  batch: SourceDocument[];
  /** Settles the batch's rows when this thread codes it. */
  codedHere: (rows: ArticleRows[]) => void;
  failedHere: (err: unknown) => void;
  /** The worker's result has arrived (the batch is no longer this thread's to claim). */
  done: boolean;
}

/**
 * Codes batches on this thread and on a pool of worker threads, and hands each batch's rows to
 * `save` in the order the batches were submitted, so the store ends up the same whatever thread
 * coded what.
 *
 * Every batch is offered to the workers. This thread also stores, so it codes only when it would
 * otherwise wait: when as many batches are in flight as the threads can hold, and at the end, it
 * claims the oldest batch no worker has started and codes it itself. On a machine with as many
 * cores as coding threads no core waits, and none is shared by two busy threads.
 */
export class BatchScheduler {
  /** Stores of the batches submitted and not yet saved, oldest first, with whether each has settled. */
  private readonly pending: { stored: Promise<void>; settled: boolean }[] = [];
  /** Batches offered to the pool, oldest first, that this thread may still claim. */
  private readonly offered: Offered[] = [];
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
    if (!pool) {
      this.coded.here++;
      this.chain(Promise.resolve(this.codeHere(batch)));
      await this.pending.shift()!.stored;
      return;
    }
    const offer = pool.offer(batch);
    let codedHere!: Offered['codedHere'];
    let failedHere!: Offered['failedHere'];
    const here = new Promise<ArticleRows[]>((resolve, reject) => {
      codedHere = resolve;
      failedHere = reject;
    });
    const entry: Offered = { id: offer.id, batch, codedHere, failedHere, done: false };
    this.offered.push(entry);
    const fromWorker = offer.result.then((r) => {
      entry.done = true;
      this.forgetDone();
      if (!r) return here;
      this.coded.workers++;
      this.errors.push(...r.errors.map((m) => new Error(m)));
      return r.rows;
    });
    this.chain(fromWorker);
    const limit = (pool.size + 1) * IN_FLIGHT_PER_THREAD;
    while (this.pending.length >= limit) await this.progress();
  }

  /** Waits until every submitted batch is saved; throws the first failure. */
  async drain(): Promise<void> {
    while (this.pending.length > 0) await this.progress();
  }

  /** After a failure: saves nothing more and waits for the batches still being coded. */
  async abort(): Promise<void> {
    this.aborted = true;
    for (const entry of this.offered.splice(0)) {
      if (this.pool?.claim(entry.id)) entry.codedHere([]);
    }
    await Promise.allSettled(this.pending.splice(0).map((p) => p.stored));
  }

  /** Stores a batch's rows once they are coded and every earlier batch is stored. */
  private chain(coded: Promise<ArticleRows[]>): void {
    const entry = { stored: Promise.resolve(), settled: false };
    entry.stored = Promise.all([coded, this.previous]).then(([rows]) => {
      if (!this.aborted) this.save(rows);
    });
    // Awaited in order (see progress); this handler only keeps a failure from being reported twice.
    entry.stored.then(
      () => (entry.settled = true),
      () => (entry.settled = true),
    );
    this.previous = entry.stored;
    this.pending.push(entry);
  }

  /**
   * One step towards fewer batches in flight: codes the oldest batch no worker has started, then
   * lets the workers' results in; with none left to claim, waits for the oldest batch's store.
   */
  private async progress(): Promise<void> {
    const entry = this.claimOldest();
    if (entry) {
      this.coded.here++;
      try {
        entry.codedHere(this.codeHere(entry.batch));
      } catch (err) {
        entry.failedHere(err);
      }
      // Coding here blocks this thread: let the workers' finished batches in (and stored).
      await new Promise<void>((resolve) => setImmediate(resolve));
    } else {
      await this.pending[0].stored;
    }
    // Throws the first failure, in order.
    while (this.pending.length > 0 && this.pending[0].settled) await this.pending.shift()!.stored;
  }

  /** The oldest offered batch this thread could claim, claimed; undefined when the workers have them all. */
  private claimOldest(): Offered | undefined {
    while (this.offered.length > 0) {
      const entry = this.offered.shift()!;
      if (!entry.done && this.pool!.claim(entry.id)) return entry;
    }
    return undefined;
  }

  /** Drops the offers at the front whose workers are done with them, and their documents. */
  private forgetDone(): void {
    while (this.offered.length > 0 && this.offered[0].done) this.offered.shift();
  }

  private codeHere(batch: SourceDocument[]): ArticleRows[] {
    return rowsOf(runDocuments(this.here(), batch, this.errors));
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
