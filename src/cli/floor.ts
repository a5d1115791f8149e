import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { workerModule } from '../ingest/worker-module.ts';

let floorNlp: WinkMethods | undefined;

/**
 * The floor: wink-nlp alone reading the same paragraphs as the pipeline: sentences, tokens and
 * POS. Its own instance, so that its lexicon (which grows as it reads) is not the pipeline's.
 */
export function floorRun(paragraphs: string[][]): { seconds: number } {
  const nlp = (floorNlp ??= winkNLP(model, ['sbd', 'pos']));
  const started = process.hrtime.bigint();
  for (const doc of paragraphs) {
    for (const para of doc) {
      const read = nlp.readDoc(para);
      read.sentences().length();
      read.tokens().out(nlp.its.pos);
    }
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const WORKER = workerModule('floor-worker', new URL('./floor-worker.ts', import.meta.url));

/**
 * The floor in several threads at once: this one and `threads - 1` workers each read all the
 * paragraphs. It shows how far wink-nlp alone scales over threads on this machine at the moment of
 * the run, the most any coding on as many threads could gain.
 */
export class FloorThreads {
  private readonly workers: Worker[] = [];

  private constructor(private readonly paragraphs: string[][]) {}

  /** Starts the workers and waits until each has loaded the model and read the paragraphs once. */
  static async start(paragraphs: string[][], threads: number): Promise<FloorThreads> {
    const floor = new FloorThreads(paragraphs);
    try {
      for (let i = 1; i < threads; i++) {
        const worker = new Worker(WORKER.file, { workerData: { ...WORKER.data, paragraphs } });
        floor.workers.push(worker);
        // Rejects if the worker fails instead.
        await once(worker, 'message');
      }
    } catch (err) {
      await floor.close();
      throw err;
    }
    return floor;
  }

  /** Every thread reads all the paragraphs at once; the seconds until the last one is done. */
  async run(): Promise<number> {
    const started = process.hrtime.bigint();
    const others = this.workers.map((w) => {
      const done = once(w, 'message');
      w.postMessage('run');
      return done;
    });
    floorRun(this.paragraphs);
    await Promise.all(others);
    return Number(process.hrtime.bigint() - started) / 1e9;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
