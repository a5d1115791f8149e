import type { Article, SourceDocument } from '../model/model.ts';
import type { Knowledge } from '../stages/04-actors/knowledge.ts';
import type { LearnedPerson } from '../stages/04-actors/resolve.ts';
import type { EventKnowledge } from '../stages/08-events/patterns.ts';

/** Options every stage may read; set once when a pipeline is created. */
export interface PipelineOptions {
  /** Publication date to assume when an article has none (ISO `YYYY-MM-DD`). */
  defaultPublished?: string;
  /** Outlet to assume when an article names none. */
  defaultSource?: string;
  /** Actor knowledge base; the bundled one is read when absent. */
  knowledge?: Knowledge;
  /** People learned from text in earlier runs (from the store). */
  learned?: LearnedPerson[];
  /** Event patterns and codes; the bundled ones are read when absent. */
  events?: EventKnowledge;
}

interface StageBase<State> {
  /** Short name used in errors, benchmarks and `--until`. */
  name: string;
  /** Fields of the model this stage reads. Documentation for people and a check for the runner. */
  needs: string[];
  /** Fields of the model this stage fills in. */
  adds: string[];
  /** Loads what the stage needs once (models, tables). Runs before the first document. */
  init(options: PipelineOptions): State;
}

/** A stage over a whole source document: it may create, split or drop articles. */
export interface SourceStage<State = unknown> extends StageBase<State> {
  scope: 'source';
  run(doc: SourceDocument, state: State): void;
}

/** A stage over one article at a time. */
export interface ArticleStage<State = unknown> extends StageBase<State> {
  scope: 'article';
  run(article: Article, state: State): void;
}

export type Stage<State = unknown> = SourceStage<State> | ArticleStage<State>;

/** Declares a stage with its state type inferred; just returns its argument. */
export function defineStage<State>(stage: Stage<State>): Stage<State> {
  return stage;
}
