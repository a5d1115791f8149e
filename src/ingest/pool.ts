import { Worker } from 'node:worker_threads';
import type { SourceDocument } from '../model/model.ts';
import type { PipelineOptions } from '../pipeline/stage.ts';
import { decodeRows, type ArticleRows } from '../store/article-rows.ts';
import { workerModule } from './worker-module.ts';

/** A batch sent to a worker. */
export interface WorkRequest {
  id: number;
  docs: SourceDocument[];
}

/**
 * Claims on offered batches, shared by every thread: a batch is coded by whichever thread claims it
 * first. The slot of batch `id` is `id % CLAIM_SLOTS`; far fewer batches are ever in flight.
 */
export const CLAIM_SLOTS = 4096;
/** A slot's values: offered and not yet claimed, claimed by the storing thread, claimed by a worker. */
export const UNCLAIMED = 0;
export const CLAIMED_HERE = 1;
export const CLAIMED_BY_WORKER = 2;

/** What a worker sends back: the coded articles as the rows the store writes, the messages of documents that failed. */
export interface WorkResult {
  id: number;
  rows: ArticleRows[];
  errors: string[];
  /** Set when the worker could not run the batch at all. */
  fatal?: string;
  /** Set when the storing thread had claimed the batch first: the worker left it alone. */
  skipped?: boolean;
}

/** A batch offered to the pool: the storing thread may still claim it and code it itself. */
export interface Offer {
  id: number;
  /** The worker's result; undefined when this thread claimed the batch first. */
  result: Promise<WorkResult | undefined>;
}

/**
 * A result as it travels: the rows as JSON text (see `encodeRows`). The storing thread decodes
 * every batch the workers code; rows of plain values parse in about 40% of the time of the
 * articles themselves, and the worker has done the preparing.
 */
export type WorkMessage = Omit<WorkResult, 'rows'> & { json: string };

/**
 * A worker holds only the batch it codes and its models (about 130 MB live): a cap keeps V8 from
 * growing each worker's heap far beyond that, which it otherwise does when allocation is brisk.
 */
const WORKER_HEAP_MB = 320;

const WORKER = workerModule('pipeline-worker', new URL('./pipeline-worker.ts', import.meta.url));

/**
 * Worker threads that each run their own pipeline. Every batch is offered to the worker with the
 * fewest unfinished ones and can still be claimed back by the storing thread until the worker
 * starts on it (`claim`): a thread that would otherwise wait (for a worker's result, at the end of
 * a file, while a worker loads its models) codes the oldest unclaimed batch itself, so no core
 * idles while there is work. The caller stores results in the order it offered them, so the
 * database ends up the same as with one thread.
 */
export class PipelinePool {
  private readonly workers: { worker: Worker; unfinished: number; ready: Promise<void> }[] = [];
  private readonly waiting = new Map<number, { resolve: (r: WorkResult | undefined) => void; reject: (e: Error) => void; worker: number }>();
  private readonly claims = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  private nextId = 0;
  /** The workers' thread ids (see `thread-cpu.ts`), as each reports it once loaded. */
  readonly threadIds: number[] = [];

  constructor(
    readonly size: number,
    options: Pick<PipelineOptions, 'defaultPublished' | 'defaultSource' | 'learned'>,
  ) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER.file, { workerData: { ...WORKER.data, options, claims: this.claims }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
      const slot = { worker, unfinished: 0, ready: Promise.resolve() };
      slot.ready = new Promise<void>((ready, fail) => {
        worker.once('error', fail);
        worker.once('message', () => ready());
      });
      worker.on('message', (m: WorkMessage | { ready: true; tid?: number }) => {
        if ('ready' in m) {
          if (m.tid !== undefined) this.threadIds.push(m.tid);
          return;
        }
        const job = this.waiting.get(m.id);
        if (!job) return;
        this.waiting.delete(m.id);
        if (m.skipped) return job.resolve(undefined);
        this.workers[job.worker].unfinished--;
        if (m.fatal) job.reject(new Error(m.fatal));
        else job.resolve({ id: m.id, rows: decodeRows(m.json), errors: m.errors });
      });
      worker.on('error', (err) => this.failAll(err));
      worker.on('exit', (code) => {
        if (code !== 0) this.failAll(new Error(`a pipeline worker stopped (exit code ${code})`));
      });
      this.workers.push(slot);
    }
  }

  /** Resolves once every worker has loaded its models. */
  async loaded(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.ready));
  }

  /** Offers a batch to the worker with the fewest unfinished batches. */
  offer(docs: SourceDocument[]): Offer {
    let best = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.workers[i].unfinished < this.workers[best].unfinished) best = i;
    const slot = this.workers[best];
    slot.unfinished++;
    const id = this.nextId++;
    Atomics.store(this.claims, id % CLAIM_SLOTS, UNCLAIMED);
    const result = new Promise<WorkResult | undefined>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, worker: best });
    });
    slot.worker.postMessage({ id, docs } satisfies WorkRequest);
    return { id, result };
  }

  /**
   * Claims an offered batch for this thread; false if a worker has started on it. A claimed batch
   * is the caller's to code: the worker skips it and its offer resolves to undefined.
   */
  claim(id: number): boolean {
    if (Atomics.compareExchange(this.claims, id % CLAIM_SLOTS, UNCLAIMED, CLAIMED_HERE) !== UNCLAIMED) return false;
    const job = this.waiting.get(id);
    if (job) this.workers[job.worker].unfinished--;
    return true;
  }

  private failAll(err: Error): void {
    for (const job of this.waiting.values()) job.reject(err);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
