import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SourceDocument } from '../model/model.ts';
import { createPipeline } from '../pipeline/runner.ts';
import { InputError } from '../readers/input-error.ts';
import { listInputs, readInput } from '../readers/read-inputs.ts';
import { Store } from '../store/store.ts';
import type { ArticleRows } from '../store/article-rows.ts';
import { PipelinePool } from '../ingest/pool.ts';
import { BatchScheduler, type BatchJob, type CodedCounts } from '../ingest/scheduler.ts';
import { BATCH, batchesOf } from '../ingest/ingest.ts';
import { EXIT } from './exit.ts';
import { table } from './format.ts';
import { floorRun, FloorThreads } from './floor.ts';
import { StatusLine } from './status-line.ts';
import { cpuBetween, ownThreadId, threadCpuSeconds, type ThreadCpu } from '../ingest/thread-cpu.ts';

export interface BenchOptions {
  corpus?: string;
  limit?: number;
  json?: boolean;
  /** Also measure this many coding threads: this one, which also stores, and `workers - 1` workers. */
  workers?: number;
  /** Time the first pass, JIT warm-up included, instead of the steady state. */
  cold?: boolean;
  /**
   * Time the floor and the pipeline this many times each, alternately, and report the median run:
   * on a machine whose speed drifts, one run can be a third off.
   */
  repeat?: number;
}

/** The middle value (the lower of the two middle ones for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1];
}

/**
 * Documents read once, uncounted, before timing. V8 keeps optimising for thousands of documents:
 * after 2,000 one-sentence documents the pipeline still ran 20% slower than after 8,000.
 */
const WARM_UP_DOCUMENTS = 10_000;

/** A copy of a source document for another run (stages fill in `articles`). */
const fresh = (d: SourceDocument): SourceDocument => ({ ...d, articles: [] });

/**
 * The paragraphs the segment stage hands to wink-nlp: the cleaned articles' paragraphs. Raw text
 * would not do: wire copy wrapped at 70 characters is one short "paragraph" per line until
 * cleaning joins the lines, and wink-nlp reads short lines much faster.
 */
function paragraphsOf(docs: SourceDocument[]): string[][] {
  const clean = createPipeline({ until: 'clean' });
  return docs.map((d) => clean.run(fresh(d)).articles.flatMap((a) => a.paragraphs.map((p) => a.text.slice(p.start, p.end))));
}

/** The whole pipeline into a throw-away SQLite file, timed, with the store's share measured apart. */
function pipelineRun(docs: SourceDocument[]) {
  const dir = mkdtempSync(join(tmpdir(), 'entente-bench-'));
  const store = Store.open(join(dir, 'bench.db'));
  const pipeline = createPipeline();
  let sentences = 0;
  let articles = 0;
  let events = 0;
  let withEvents = 0;
  let storeNs = 0n;
  const cpuBefore = threadCpuSeconds();
  const started = process.hrtime.bigint();
  try {
    store.beginFile();
    for (const batch of batchesOf(docs, BATCH)) {
      for (const doc of pipeline.runBatch(batch)) {
        for (const article of doc.articles) {
          articles++;
          sentences += article.sentences.length;
          events += article.events.length;
          withEvents += new Set(article.events.map((e) => e.sentence)).size;
          const t = process.hrtime.bigint();
          store.saveArticle(article);
          storeNs += process.hrtime.bigint() - t;
        }
        // Drop what was stored, as ingest does: memory must not grow with the corpus.
        doc.articles = [];
      }
    }
    // Closing is timed too: it copies what the WAL still holds into the database file.
    const t = process.hrtime.bigint();
    store.commitFile();
    store.close();
    storeNs += process.hrtime.bigint() - t;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { pipeline, sentences, articles, events, withEvents, storeNs, seconds, cpu: cpuSince(cpuBefore, []) };
  } finally {
    if (store.db.open) store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `entente bench`: runs a corpus through the whole pipeline into a fresh SQLite file and reports
 * where the time goes, the throughput, its ratio to wink-nlp's own tokenising and tagging (the
 * floor under Entente's cost), the events found and the peak resident memory.
 */
export async function runBench(opts: BenchOptions): Promise<number> {
  const corpus = opts.corpus ?? resolve(import.meta.dirname, '..', '..', 'samples');
  // A whole corpus, warmed up and repeated, takes minutes: a terminal is told which part is running.
  const status = new StatusLine(process.stderr, 'bench: ');
  try {
    return await bench(corpus, opts, status);
  } finally {
    status.clear();
  }
}

async function bench(corpus: string, opts: BenchOptions, status: StatusLine): Promise<number> {
  status.set('reading the corpus');
  const listing = await listInputs([corpus]);
  for (const err of listing.errors) process.stderr.write(`error: ${err.message}\n`);
  if (listing.files.length === 0) return EXIT.inputFailed;
  const docs: SourceDocument[] = [];
  let bytes = 0;
  for (const file of listing.files) {
    for await (const item of readInput(file, { onBytes: (n) => (bytes += n) })) {
      if (item instanceof InputError) continue;
      if (opts.limit !== undefined && docs.length >= opts.limit) break;
      docs.push(item);
    }
  }
  // JIT warm-up: the first thousands of sentences through freshly loaded code run at half speed or
  // less. Both the floor and the pipeline first read the start of the corpus once, uncounted, so
  // the figures are the steady state a long ingest runs at, and the two are compared alike.
  const warmUp = opts.cold ? 0 : Math.min(docs.length, WARM_UP_DOCUMENTS);
  const paragraphs = paragraphsOf(docs);
  if (warmUp > 0) {
    status.set(`warming up on ${warmUp.toLocaleString('en-US')} documents`);
    floorRun(paragraphs.slice(0, warmUp));
    pipelineRun(docs.slice(0, warmUp).map(fresh));
  }
  // Workers load their models and get the same warm-up as the single thread before any timing.
  if (opts.workers && opts.workers > 1) status.set(`starting ${opts.workers - 1} worker thread${opts.workers > 2 ? 's' : ''} and warming ${opts.workers > 2 ? 'them' : 'it'} up`);
  const pool = opts.workers && opts.workers > 1 ? await startWorkers(docs, opts.workers, warmUp) : undefined;
  let floorThreads: FloorThreads | undefined;
  // Floor, pipeline and workers alternate, so that a drift in the machine's speed touches all alike.
  const timed: { floorSeconds: number; run: ReturnType<typeof pipelineRun>; parallel?: WorkersRun & { floorSeconds: number } }[] = [];
  let parallel:
    | { workers: number; seconds: number; sentencesPerSecond: number; speedup: number; floorSpeedup: number; sameEvents: boolean; runs: number[]; coded: CodedCounts; cpu?: ThreadCpu }
    | undefined;
  try {
    if (pool) {
      status.set(`starting wink-nlp alone in ${pool.size + 1} threads`);
      floorThreads = await FloorThreads.start(paragraphs, pool.size + 1);
    }
    // A cold run can only happen once.
    const repeats = opts.cold ? 1 : Math.max(1, opts.repeat ?? 1);
    for (let r = 0; r < repeats; r++) {
      const of = repeats > 1 ? `run ${r + 1} of ${repeats}: ` : '';
      status.set(`${of}wink-nlp floor`);
      const floorSeconds = floorRun(paragraphs).seconds;
      status.set(`${of}pipeline, one thread`);
      const run = pipelineRun(r === 0 ? docs : docs.map(fresh));
      if (pool) status.set(`${of}pipeline, ${pool.size + 1} threads`);
      timed.push({ floorSeconds, run, parallel: pool && floorThreads ? { ...(await workersRun(pool, docs)), floorSeconds: await floorThreads.run() } : undefined });
    }
  } finally {
    await pool?.close();
    await floorThreads?.close();
  }
  // The run with the median pipeline time gives the stage table; ratios are the median of each run's own.
  const middle = median(timed.map((t) => t.run.seconds));
  const run = timed.find((t) => t.run.seconds === middle)!.run;
  const floor = { seconds: median(timed.map((t) => t.floorSeconds)) };
  const ratioToFloor = median(timed.map((t) => t.floorSeconds / t.run.seconds));
  const { pipeline, sentences, articles, events, withEvents, storeNs } = run;
  const totalSeconds = run.seconds;
  if (pool) {
    const seconds = median(timed.map((t) => t.parallel!.seconds));
    const middleRun = timed.find((t) => t.parallel!.seconds === seconds)!.parallel!;
    parallel = {
      workers: pool.size + 1,
      seconds,
      sentencesPerSecond: sentences / seconds,
      speedup: median(timed.map((t) => t.run.seconds / t.parallel!.seconds)),
      // Each thread read all of it: as many times the work as there are threads.
      floorSpeedup: median(timed.map((t) => ((pool.size + 1) * t.floorSeconds) / t.parallel!.floorSeconds)),
      sameEvents: timed.every((t) => t.parallel!.events === t.run.events),
      runs: timed.map((t) => t.parallel!.seconds),
      coded: middleRun.coded,
      cpu: middleRun.cpu,
    };
  }

  const stages = [...pipeline.timings].map(([name, ns]) => ({ name, seconds: Number(ns) / 1e9 }));
  stages.push({ name: 'store', seconds: Number(storeNs) / 1e9 });
  const result = {
    corpus,
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    documents: docs.length,
    articles,
    sentences,
    megabytes: bytes / 1e6,
    seconds: totalSeconds,
    sentencesPerSecond: sentences / totalSeconds,
    articlesPerSecond: articles / totalSeconds,
    warmUpDocuments: warmUp,
    // The same sentences in the time wink-nlp alone takes to read them.
    floorSentencesPerSecond: sentences / floor.seconds,
    ratioToFloor,
    runs: timed.map((t) => ({ seconds: t.run.seconds, floorSeconds: t.floorSeconds, sentencesPerSecond: sentences / t.run.seconds, floorSentencesPerSecond: sentences / t.floorSeconds })),
    events,
    sentencesWithEvents: withEvents,
    shareWithEvents: sentences === 0 ? 0 : withEvents / sentences,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    // CPU seconds of the median run, by thread: V8 compiles and collects garbage on threads of its own.
    ...(run.cpu ? { cpu: { here: run.cpu.here, other: run.cpu.other } } : {}),
    ...(parallel ? { parallel } : {}),
    stages: stages.map((s) => ({ ...s, share: s.seconds / totalSeconds, sentencesPerSecond: sentences / s.seconds })),
  };
  status.clear();
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [
    `corpus ${corpus}: ${result.documents} documents, ${articles} articles, ${sentences} sentences, ${result.megabytes.toFixed(1)} MB (${result.machine})`,
    warmUp > 0
      ? `timed after a warm-up pass over the first ${warmUp.toLocaleString('en-US')} documents, for the floor and the pipeline alike (--cold to time the first pass)`
      : 'first pass timed, JIT warm-up included (cold)',
    ...(timed.length > 1 ? [`floor and pipeline${parallel ? ' and workers' : ''} timed ${timed.length} times each, alternately; medians shown (the stage table is the median run's)`] : []),
    '',
    table(
      ['STAGE', 'SECONDS', 'SHARE', 'SENTENCES/S'],
      result.stages.map((s) => [s.name, s.seconds.toFixed(2), `${(s.share * 100).toFixed(1)}%`, Math.round(s.sentencesPerSecond).toLocaleString('en-US')]),
    ),
    '',
    `whole pipeline into SQLite: ${Math.round(result.sentencesPerSecond).toLocaleString('en-US')} sentences/s, ${Math.round(result.articlesPerSecond).toLocaleString('en-US')} articles/s, ${(result.megabytes / totalSeconds).toFixed(2)} MB/s${spread(result.runs.map((r) => r.sentencesPerSecond))}`,
    `wink-nlp floor (sentences, tokens, POS alone): ${Math.round(result.floorSentencesPerSecond).toLocaleString('en-US')} sentences/s${spread(result.runs.map((r) => r.floorSentencesPerSecond))}; pipeline at ${(result.ratioToFloor * 100).toFixed(0)}% of it`,
    `events: ${events}; sentences with at least one event: ${withEvents} (${(result.shareWithEvents * 100).toFixed(1)}%)`,
    `peak resident memory: ${Math.round(result.peakRssMB)} MB${parallel ? ', the worker threads included' : ''}`,
    ...(run.cpu ? [`CPU seconds, one thread (median run): this thread ${run.cpu.here.toFixed(2)}, other threads (V8's compiler and garbage collector) ${run.cpu.other.toFixed(2)}, in ${totalSeconds.toFixed(2)} s`] : []),
    ...(parallel
      ? [
          `--workers ${parallel.workers} (this thread coding and storing, ${parallel.workers - 1} worker thread${parallel.workers > 2 ? 's' : ''} coding): ${Math.round(parallel.sentencesPerSecond).toLocaleString('en-US')} sentences/s${spread(parallel.runs.map((s) => sentences / s))}, ${parallel.speedup.toFixed(2)}× one thread; batches coded here ${parallel.coded.here}, on workers ${parallel.coded.workers}; same events: ${parallel.sameEvents ? 'yes' : 'NO'} (worker start-up not counted)`,
          ...(parallel.cpu
            ? [`CPU seconds, ${parallel.workers} threads (median run): this thread ${parallel.cpu.here.toFixed(2)}, worker${parallel.workers > 2 ? 's' : ''} ${parallel.cpu.workers.toFixed(2)}, other threads ${parallel.cpu.other.toFixed(2)}, in ${parallel.seconds.toFixed(2)} s on ${availableParallelism()} cores`]
            : []),
          `wink-nlp floor in ${parallel.workers} threads at once, each reading it all: ${parallel.floorSpeedup.toFixed(2)}× one thread (how far this machine lets wink-nlp alone scale right now)`,
        ]
      : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** The range of several runs' figures, for the report; nothing for a single run. */
function spread(values: number[]): string {
  if (values.length < 2) return '';
  const round = (v: number) => Math.round(v).toLocaleString('en-US');
  return ` (runs: ${round(Math.min(...values))}–${round(Math.max(...values))})`;
}

/** One timed pass through the worker threads. */
interface WorkersRun {
  seconds: number;
  events: number;
  coded: CodedCounts;
  cpu: ThreadCpu | undefined;
}

/** CPU seconds each kind of thread used since `before` (undefined where threads' CPU cannot be read). */
function cpuSince(before: Map<number, number> | undefined, workers: readonly number[]): ThreadCpu | undefined {
  const after = threadCpuSeconds();
  const here = ownThreadId();
  return before && after && here !== undefined ? cpuBetween(before, after, here, workers) : undefined;
}

/**
 * A pool of `threads - 1` worker threads with their models loaded and warmed up like the single
 * thread: neither loading nor warm-up is part of the throughput. Each worker first codes the
 * warm-up documents alone; then one untimed pass of the threads together warms up what only they
 * run (this thread storing documents decoded from the workers' messages, whose objects V8 lays
 * out differently from the ones the pipeline builds here).
 */
async function startWorkers(docs: SourceDocument[], threads: number, warmUp: number): Promise<PipelinePool> {
  const pool = new PipelinePool(threads - 1, {});
  try {
    // In batches of the ingest's size: one batch of ten thousand long articles (Reuters) overran a
    // worker's heap limit. Each batch is offered once per worker, so every worker codes all of them.
    for (const batch of batchesOf(docs.slice(0, Math.max(warmUp, 1)), BATCH)) {
      await Promise.all(Array.from({ length: pool.size }, () => pool.offer(batch.map(fresh)).result));
    }
    if (warmUp > 0) await workersRun(pool, docs.slice(0, warmUp));
  } catch (err) {
    await pool.close();
    throw err;
  }
  return pool;
}

/**
 * The corpus coded by this thread and the pool's workers, as `entente ingest --workers N` does,
 * while this thread stores in order.
 */
async function workersRun(pool: PipelinePool, docs: SourceDocument[]): Promise<WorkersRun> {
  const dir = mkdtempSync(join(tmpdir(), 'entente-bench-'));
  const store = Store.open(join(dir, 'bench.db'));
  const here = createPipeline();
  try {
    let events = 0;
    const cpuBefore = threadCpuSeconds();
    const started = process.hrtime.bigint();
    const job: BatchJob = {
      errors: [],
      save: (rows: ArticleRows[]) => {
        for (const article of rows) {
          events += article.events.length;
          store.saveRows(article);
        }
      },
    };
    const scheduler = new BatchScheduler(pool, () => here);
    store.beginFile();
    // Fresh copies: the single-thread run already filled in the originals.
    for (const batch of batchesOf(docs, BATCH)) await scheduler.submit(batch.map(fresh), job);
    await scheduler.drain();
    if (job.failed !== undefined) throw job.failed;
    store.commitFile();
    store.close();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { seconds, events, coded: scheduler.coded, cpu: cpuSince(cpuBefore, pool.threadIds) };
  } finally {
    if (store.db.open) store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
