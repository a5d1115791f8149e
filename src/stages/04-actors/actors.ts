import type { WinkMethods } from 'wink-nlp';
import { readKnowledgeFiles } from '../../readers/knowledge-files.ts';
import { defineStage } from '../../pipeline/stage.ts';
import { hasPossessiveEnding, loadNlp } from '../02-segment/segment.ts';
import { buildGazetteer } from './gazetteer.ts';
import { parseKnowledge, type Knowledge } from './knowledge.ts';
import { indexHolder, learnPerson, resolveArticle, type ActorState, type LearnedPerson } from './resolve.ts';

/**
 * Tokenizes knowledge-base phrases exactly as sentences are tokenized, so they line up: wink-nlp's
 * tokens, with a possessive ending split off as the segment stage splits it.
 */
export function phraseTokenizer(nlp: WinkMethods): (phrase: string) => string[] {
  return (phrase) => (nlp.readDoc(phrase).tokens().out(nlp.its.value) as string[]).flatMap((v) => (hasPossessiveEnding(v) ? [v.slice(0, -2), v.slice(-2)] : [v]));
}

/** Builds the actors stage's state from a knowledge base and the people learned in earlier runs. */
export function createActorState(kb: Knowledge, nlp: WinkMethods, learned: LearnedPerson[] = [], today = new Date().toISOString().slice(0, 10)): ActorState {
  const state: ActorState = { kb, gazetteer: buildGazetteer(kb, phraseTokenizer(nlp)), learned: new Map(), today, holders: new Map() };
  for (const person of kb.people.values()) indexHolder(state, person);
  for (const person of learned) learnPerson(state, person);
  return state;
}

/**
 * Stage: mentions of states, people, organisations and groups, resolved to actors by the
 * article's date, with coreference and people learned from titles.
 */
export const actorsStage = defineStage({
  name: 'actors',
  scope: 'article',
  needs: ['article.sentences', 'article.tokens'],
  adds: ['article.mentions', 'article.actors'],
  init: (options) => createActorState(options.knowledge ?? parseKnowledge(readKnowledgeFiles()), loadNlp(), options.learned),
  run(article, state) {
    resolveArticle(article, state);
  },
});
