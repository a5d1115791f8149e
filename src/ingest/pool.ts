import { Worker } from 'node:worker_threads';
import type { SourceDocument } from '../model/model.ts';
import type { PipelineOptions } from '../pipeline/stage.ts';
import { decodeRows, type ArticleRows } from '../store/article-rows.ts';

/** A batch sent to a worker. */
export interface WorkRequest {
  id: number;
  docs: SourceDocument[];
}

/** What a worker sends back: the coded articles as the rows the store writes, the messages of documents that failed. */
export interface WorkResult {
  id: number;
  rows: ArticleRows[];
  errors: string[];
  /** Set when the worker could not run the batch at all. */
  fatal?: string;
}

/**
 * A result as it travels: the rows as JSON text (see `encodeRows`). The storing thread decodes
 * every batch the workers code; rows of plain values are about a fifth of the JSON of the
 * articles themselves and parse in a fraction of the time, and the worker has done the preparing.
 */
export type WorkMessage = Omit<WorkResult, 'rows'> & { json: string };

/**
 * A worker holds only the batch it codes and its models (about 130 MB live): a cap keeps V8 from
 * growing each worker's heap far beyond that, which it otherwise does when allocation is brisk.
 */
const WORKER_HEAP_MB = 320;

const BOOT = new URL('./worker-boot.js', import.meta.url);
const WORKER = new URL('./pipeline-worker.ts', import.meta.url).href;

/**
 * Worker threads that each run their own pipeline. `run` hands a batch to the least busy worker
 * and resolves with its result; the caller stores results in the order it asked for them, so the
 * database ends up the same as with one thread.
 */
export class PipelinePool {
  private readonly workers: { worker: Worker; busy: number; ready: Promise<void>; loaded: boolean }[] = [];
  private readonly waiting = new Map<number, { resolve: (r: WorkResult) => void; reject: (e: Error) => void; worker: number }>();
  private nextId = 0;

  constructor(
    readonly size: number,
    options: Pick<PipelineOptions, 'defaultPublished' | 'defaultSource' | 'learned'>,
  ) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(BOOT, { workerData: { module: WORKER, options }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
      const slot = { worker, busy: 0, ready: Promise.resolve(), loaded: false };
      slot.ready = new Promise<void>((ready, fail) => {
        worker.once('error', fail);
        worker.once('message', () => {
          slot.loaded = true;
          ready();
        });
      });
      worker.on('message', (m: WorkMessage | { ready: true }) => {
        if ('ready' in m) return;
        const job = this.waiting.get(m.id);
        if (!job) return;
        this.waiting.delete(m.id);
        this.workers[job.worker].busy--;
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

  /**
   * Whether a worker that has loaded its models holds fewer than `limit` batches. A worker still
   * loading (a few seconds) takes nothing, so that the first batches are not held up behind it.
   */
  hasRoom(limit: number): boolean {
    return this.workers.some((w) => w.loaded && w.busy < limit);
  }

  /** Runs a batch on a worker. */
  async run(docs: SourceDocument[]): Promise<WorkResult> {
    // The least busy worker, those that have loaded their models first.
    let best = 0;
    for (let i = 1; i < this.workers.length; i++) {
      const [a, b] = [this.workers[i], this.workers[best]];
      if ((a.loaded && !b.loaded) || (a.loaded === b.loaded && a.busy < b.busy)) best = i;
    }
    const slot = this.workers[best];
    slot.busy++;
    await slot.ready;
    const id = this.nextId++;
    return new Promise<WorkResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, worker: best });
      slot.worker.postMessage({ id, docs } satisfies WorkRequest);
    });
  }

  private failAll(err: Error): void {
    for (const job of this.waiting.values()) job.reject(err);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
