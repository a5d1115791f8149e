import { parentPort, workerData } from 'node:worker_threads';
import { createPipeline } from '../pipeline/runner.ts';
import type { PipelineOptions } from '../pipeline/stage.ts';
import { encodeRows } from '../store/article-rows.ts';
import { rowsOf, runDocuments } from './scheduler.ts';
import { ownThreadId } from './thread-cpu.ts';
import { CLAIM_SLOTS, CLAIMED_BY_WORKER, UNCLAIMED, type WorkMessage, type WorkRequest } from './pool.ts';

/**
 * A worker thread of the pool: runs batches through its own pipeline and sends back each article
 * as the rows the store writes (see `articleRows`), so the storing thread decodes and prepares as
 * little as possible.
 */
const pipeline = createPipeline(workerData.options as PipelineOptions);
const port = parentPort!;

const claims = workerData.claims as Int32Array;

port.on('message', (request: WorkRequest) => {
  // The storing thread may have claimed the batch while it waited here: then it is coding it.
  if (Atomics.compareExchange(claims, request.id % CLAIM_SLOTS, UNCLAIMED, CLAIMED_BY_WORKER) !== UNCLAIMED) {
    port.postMessage({ id: request.id, json: '[]', errors: [], skipped: true } satisfies WorkMessage);
    return;
  }
  const errors: Error[] = [];
  let result: WorkMessage;
  try {
    const docs = runDocuments(pipeline, request.docs, errors);
    result = { id: request.id, json: encodeRows(rowsOf(docs)), errors: errors.map((e) => e.message) };
  } catch (err) {
    result = { id: request.id, json: '[]', errors: [], fatal: (err as Error).message };
  }
  port.postMessage(result);
});
// Its thread id lets `entente bench` tell this thread's CPU time from the others'.
port.postMessage({ ready: true, tid: ownThreadId() });
