import { parentPort, workerData } from 'node:worker_threads';
import { floorRun } from './floor.ts';

/**
 * A worker thread that reads the bench's paragraphs with wink-nlp alone, as the floor does, each
 * time it is asked: the bench runs it alongside this thread's own floor to see how far the floor
 * itself scales over threads on this machine at that moment.
 */
const paragraphs = workerData.paragraphs as string[][];
const port = parentPort!;
port.on('message', () => port.postMessage(floorRun(paragraphs).seconds));
// Loading the model and a first pass happen before any timing.
floorRun(paragraphs);
port.postMessage('ready');
