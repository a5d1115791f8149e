import { describeOrigin, type Article, type SourceDocument } from '../model/model.ts';
import type { PipelineOptions, Stage } from './stage.ts';
import { STAGES } from './stages.ts';

/** A stage failed: names the stage and the article (or source) it failed on. */
export class StageError extends Error {
  constructor(
    readonly stage: string,
    readonly where: string,
    override readonly cause: unknown,
  ) {
    super(`stage "${stage}" failed on ${where}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StageError';
  }
}

/** Time spent in each stage, in nanoseconds, accumulated over every document a pipeline ran. */
export type StageTimings = Map<string, bigint>;

export interface Pipeline {
  readonly stages: readonly Stage[];
  /** Runs every stage over one source document, filling in `doc.articles`. */
  run(doc: SourceDocument): SourceDocument;
  /** Runs every stage over several documents, stage by stage; a failing stage fails the batch. */
  runBatch(docs: SourceDocument[]): SourceDocument[];
  readonly timings: StageTimings;
}

export interface CreatePipelineOptions extends PipelineOptions {
  /** Stop after the stage with this name (inclusive). */
  until?: string;
  /** Use these stages instead of the standard list (tests, benchmarks). */
  stages?: readonly Stage[];
}

/** Selects the stages up to and including `until`; throws on an unknown name. */
export function selectStages(all: readonly Stage[], until?: string): Stage[] {
  if (until === undefined) return [...all];
  const at = all.findIndex((s) => s.name === until);
  if (at < 0) throw new Error(`unknown stage "${until}"; stages are: ${all.map((s) => s.name).join(', ')}`);
  return all.slice(0, at + 1);
}

/** Checks that each stage's needs are added by an earlier stage or are present from the start. */
export function checkStageOrder(stages: readonly Stage[]): void {
  const have = new Set(['source.text', 'source.meta', 'source.origin']);
  for (const stage of stages) {
    for (const need of stage.needs) {
      if (!have.has(need)) throw new Error(`stage "${stage.name}" needs "${need}", which no earlier stage adds`);
    }
    for (const add of stage.adds) have.add(add);
  }
}

/** Builds a pipeline: loads every stage's state once, then runs documents through the list. */
export function createPipeline(options: CreatePipelineOptions = {}): Pipeline {
  const stages = selectStages(options.stages ?? STAGES, options.until);
  checkStageOrder(stages);
  const states = stages.map((stage) => {
    try {
      return stage.init(options);
    } catch (err) {
      throw new StageError(stage.name, 'start-up', err);
    }
  });
  const timings: StageTimings = new Map(stages.map((s) => [s.name, 0n]));

  /**
   * Runs a batch of documents stage by stage: each stage's code and tables stay hot for the whole
   * batch. Results are the same as running the documents one by one, in order.
   */
  function runBatch(docs: SourceDocument[]): SourceDocument[] {
    stages.forEach((stage, i) => {
      const started = process.hrtime.bigint();
      for (const doc of docs) {
        if (stage.scope === 'source') {
          try {
            stage.run(doc, states[i]);
          } catch (err) {
            throw new StageError(stage.name, describeOrigin(doc.origin), err);
          }
          continue;
        }
        for (const article of doc.articles) {
          try {
            stage.run(article, states[i]);
          } catch (err) {
            throw new StageError(stage.name, describeArticle(article), err);
          }
        }
      }
      timings.set(stage.name, (timings.get(stage.name) ?? 0n) + process.hrtime.bigint() - started);
    });
    return docs;
  }

  function run(doc: SourceDocument): SourceDocument {
    return runBatch([doc])[0];
  }

  return { stages, run, runBatch, timings };
}

function describeArticle(article: Article): string {
  const title = article.meta.title ? ` "${article.meta.title.slice(0, 60)}"` : '';
  return `article ${article.index + 1}${title} of ${describeOrigin(article.origin)}`;
}
