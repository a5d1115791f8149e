import { parentPort, workerData } from 'node:worker_threads';
import type { SourceDocument } from '../model/model.ts';
import { createPipeline } from '../pipeline/runner.ts';
import type { PipelineOptions } from '../pipeline/stage.ts';
import { runDocuments } from './scheduler.ts';
import { encodeDocs, type WorkMessage, type WorkRequest } from './pool.ts';

/**
 * A worker thread of the pool: runs batches through its own pipeline and sends back the articles
 * without their tokens and the documents without their raw text (the store keeps neither; leaving
 * them out more than halves what is copied between threads, and the storing thread decodes it all).
 */
const pipeline = createPipeline(workerData.options as PipelineOptions);
const port = parentPort!;

port.on('message', (request: WorkRequest) => {
  const errors: Error[] = [];
  let result: WorkMessage;
  try {
    const docs = runDocuments(pipeline, request.docs, errors);
    result = { id: request.id, json: encodeDocs(docs.map(slim)), errors: errors.map((e) => e.message) };
  } catch (err) {
    result = { id: request.id, json: '[]', errors: [], fatal: (err as Error).message };
  }
  port.postMessage(result);
});
port.postMessage({ ready: true });

function slim(doc: SourceDocument): SourceDocument {
  for (const article of doc.articles) article.sentences = article.sentences.map((s) => ({ start: s.start, end: s.end, paragraph: s.paragraph, tokens: [] }));
  doc.text = '';
  return doc;
}
