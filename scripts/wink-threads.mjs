// How far wink-nlp alone scales over threads on this machine: the same work (reading a corpus three
// times) in one worker thread, then in N at once. Usage: node scripts/wink-threads.mjs CORPUS.jsonl [N]
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

if (isMainThread) {
  const [corpus, n = '2'] = process.argv.slice(2);
  if (!corpus) {
    console.error('usage: node scripts/wink-threads.mjs CORPUS.jsonl [THREADS]');
    process.exit(2);
  }
  /** Milliseconds each of `threads` workers takes for its share, timed inside the worker (model loading left out). */
  const run = (threads) =>
    Promise.all(Array.from({ length: threads }, () => new Promise((resolve, reject) => {
      new Worker(new URL(import.meta.url), { workerData: { corpus } }).on('message', resolve).on('error', reject);
    })));
  const one = Math.max(...(await run(1)));
  const many = Math.max(...(await run(Number(n))));
  console.log(`one thread: ${one} ms; ${n} threads, each doing the same work: ${many} ms; speed-up ${((Number(n) * one) / many).toFixed(2)}×`);
} else {
  const winkNLP = (await import('wink-nlp')).default;
  const model = (await import('wink-eng-lite-web-model')).default;
  const nlp = winkNLP(model, ['sbd', 'pos']);
  const texts = readFileSync(workerData.corpus, 'utf8').trim().split('\n').map((l) => JSON.parse(l).text);
  const started = Date.now();
  for (let round = 0; round < 3; round++) for (const text of texts) nlp.readDoc(text).tokens().out(nlp.its.pos);
  parentPort.postMessage(Date.now() - started);
}
