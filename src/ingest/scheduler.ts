import type { SourceDocument } from '../model/model.ts';
import { StageError, type Pipeline } from '../pipeline/runner.ts';
import { articleRows, type ArticleRows } from '../store/article-rows.ts';
import type { PipelinePool } from './pool.ts';

/** When a batch of documents is closed: at this many documents or this much text, whichever comes first. */
export interface BatchLimit {
  documents: number;
  characters: number;
}

/**
 * Documents run through the pipeline together, stage by stage (in this thread, or one message to a
 * worker): each stage's tables (the place index, the gazetteer, wink-nlp's lexicon) stay in the
 * processor's caches for the whole batch. Batches of 24 documents ran a third slower than batches
 * of 128 on the political sentences, although less was alive at each collection; 512 gained
 * nothing more. The text limit keeps batches of longer articles small: every document of a batch
 * stays alive until the batch is stored, so V8 copies a large batch's tokens and mentions out of
 * the young generation, and often promotes them, before they die. On Reuters articles (about 830
 * characters each), batches of 32,000 characters (some 38 articles) instead of 128 articles cut
 * the time in scavenges by a third and the full collections by a third to a half; in `entente
 * bench --limit 4000 --workers 2`, V8's collector threads took 0.24-0.32 CPU s instead of 0.9-1.1
 * beside one thread, and one thread ran 4-48% faster, two threads 6-20%. Political sentences
 * (160 characters each) still fill 128 documents first.
 */
export const BATCH: BatchLimit = { documents: 128, characters: 32_000 };

/**
 * Work offered and not yet stored, per coding thread: enough that no thread waits for work. Three
 * full batches; batches cut short by the end of a file (a folder of one-article files makes a batch
 * per article) count by their text, up to `MAX_BATCHES_PER_THREAD` of them: with three such
 * batches in flight, both threads spent most of their time waiting for each other.
 */
const IN_FLIGHT_PER_THREAD = 3;
const MAX_BATCHES_PER_THREAD = 32;

/** How many batches each kind of thread coded. */
export interface CodedCounts {
  here: number;
  workers: number;
}

/**
 * Where a batch's rows go: usually one input file, stored in one transaction. Once `failed` is set
 * (a batch could not be coded or stored, or the file could not be read), the job's remaining
 * batches are neither coded here nor saved, and its transaction is to be rolled back.
 */
export interface BatchJob {
  /** Stores a batch's rows; called in the order the batches were submitted. */
  save: (rows: ArticleRows[]) => void;
  /** Receives the documents that failed in a stage, each as its own error. */
  errors: Error[];
  /** The first failure of the job. */
  failed?: unknown;
}

/** A batch offered to the pool that this thread may still claim. */
interface Offered {
  id: number;
  batch: SourceDocument[];
  job: BatchJob;
  /** Settles the batch's rows when this thread codes it. */
  codedHere: (rows: ArticleRows[]) => void;
  failedHere: (err: unknown) => void;
  /** The worker's result has arrived (the batch is no longer this thread's to claim). */
  done: boolean;
}

/**
 * Codes batches on this thread and on a pool of worker threads, and saves each batch's rows in the
 * order the batches were submitted, so the store ends up the same whatever thread coded what.
 * Actions (`after`: begin or commit a file's transaction) run in that order too, between the saves
 * of the batches submitted before and after them. So the batches of the next file are read and coded
 * while the last ones of a file are stored and committed, and no thread waits at each file's end.
 *
 * Every batch is offered to the workers. This thread also stores, so it codes only when it would
 * otherwise wait: when as many batches are in flight as the threads can hold, and at the end, it
 * claims the oldest batch no worker has started and codes it itself. On a machine with as many
 * cores as coding threads no core waits, and none is shared by two busy threads.
 */
export class BatchScheduler {
  /** Saves of the batches submitted and not yet done, oldest first, with whether each has settled. */
  private readonly pending: { stored: Promise<void>; settled: boolean; characters: number }[] = [];
  /** The text of the batches in `pending`. */
  private inFlightCharacters = 0;
  /** Batches offered to the pool, oldest first, that this thread may still claim. */
  private readonly offered: Offered[] = [];
  /** The newest save or action: the next one waits for it. It never rejects. */
  private previous: Promise<void> = Promise.resolve();
  readonly coded: CodedCounts = { here: 0, workers: 0 };

  /** Set by `usePool` when batches are to wait for the workers' models. */
  private poolLoading: Promise<void> | undefined;

  constructor(
    private pool: PipelinePool | undefined,
    /** This thread's pipeline, created on first use. */
    private readonly here: () => Pipeline,
  ) {}

  /**
   * Codes the batches submitted from now on on `pool` too (the threads are chosen once standard
   * input's size is known). With `waitUntilLoaded`, the next batch waits for the workers' models.
   */
  usePool(pool: PipelinePool, waitUntilLoaded = false): void {
    if (this.pool) throw new Error('the scheduler already has a pool of workers');
    this.pool = pool;
    if (waitUntilLoaded) this.poolLoading = pool.loaded();
  }

  /** Submits a batch of `job`; returns once few enough batches are in flight to bound memory. */
  async submit(batch: SourceDocument[], job: BatchJob): Promise<void> {
    if (this.poolLoading) {
      await this.poolLoading;
      this.poolLoading = undefined;
    }
    const pool = this.pool;
    if (!pool) {
      this.coded.here++;
      this.chain(job, Promise.resolve().then(() => this.codeHere(batch, job)), 0);
      while (this.pending.length > 0) await this.progress();
      return;
    }
    const offer = pool.offer(batch);
    let codedHere!: Offered['codedHere'];
    let failedHere!: Offered['failedHere'];
    const here = new Promise<ArticleRows[]>((resolve, reject) => {
      codedHere = resolve;
      failedHere = reject;
    });
    const entry: Offered = { id: offer.id, batch, job, codedHere, failedHere, done: false };
    this.offered.push(entry);
    const fromWorker = offer.result.then((r) => {
      entry.done = true;
      this.forgetDone();
      if (!r) return here;
      this.coded.workers++;
      job.errors.push(...r.errors.map((m) => new Error(m)));
      return r.rows;
    });
    this.chain(job, fromWorker, batch.reduce((n, doc) => n + doc.text.length, 0));
    const threads = pool.size + 1;
    while (this.pending.length >= threads * MAX_BATCHES_PER_THREAD || this.inFlightCharacters >= threads * IN_FLIGHT_PER_THREAD * BATCH.characters) await this.progress();
  }

  /**
   * Runs `action` once every batch submitted before it is saved (or its job has failed), and
   * before any submitted after it is saved. Resolves when it has run; rejects with what it throws.
   */
  after(action: () => void): Promise<void> {
    const ran = this.previous.then(action);
    this.previous = ran.catch(() => undefined);
    return ran;
  }

  /** Waits until every submitted batch is saved and every action has run. */
  async drain(): Promise<void> {
    while (this.pending.length > 0) await this.progress();
    await this.previous;
  }

  /** Saves a batch's rows once they are coded and every earlier save and action is done. */
  private chain(job: BatchJob, coded: Promise<ArticleRows[]>, characters: number): void {
    const entry = { stored: Promise.resolve(), settled: false, characters };
    this.inFlightCharacters += characters;
    // A failure is the job's, not the next file's: the chain goes on.
    coded.catch(() => undefined);
    entry.stored = this.previous
      .then(async () => {
        const rows = await coded;
        if (job.failed === undefined) job.save(rows);
      })
      .catch((err) => {
        job.failed ??= err;
      })
      .finally(() => {
        entry.settled = true;
      });
    this.previous = entry.stored;
    this.pending.push(entry);
  }

  /**
   * One step towards fewer batches in flight: codes the oldest batch no worker has started, then
   * lets the workers' results in; with none left to claim, waits for the oldest batch's save.
   */
  private async progress(): Promise<void> {
    const entry = this.claimOldest();
    if (entry) {
      this.coded.here++;
      try {
        entry.codedHere(entry.job.failed === undefined ? this.codeHere(entry.batch, entry.job) : []);
      } catch (err) {
        entry.failedHere(err);
      }
      // Coding here blocks this thread: let the workers' finished batches in (and stored).
      await new Promise<void>((resolve) => setImmediate(resolve));
    } else if (this.pending.length > 0) {
      await this.pending[0].stored;
    }
    while (this.pending.length > 0 && this.pending[0].settled) this.inFlightCharacters -= this.pending.shift()!.characters;
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

  private codeHere(batch: SourceDocument[], job: BatchJob): ArticleRows[] {
    return rowsOf(runDocuments(this.here(), batch, job.errors));
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
