import { EVENTS_DIR, readDataFile } from '../../readers/knowledge-files.ts';
import { defineStage } from '../../pipeline/stage.ts';
import worldCountriesModule, { type Country } from 'world-countries';
import type { Actor } from '../../model/model.ts';
import { codeEvents } from './code-events.ts';
import { matcherTables } from './matcher-tables.ts';
import { indexPatterns, parseCameo, parseModality, parsePatterns, parseQuoteCues, type EventKnowledge } from './patterns.ts';

/** English names of states by code, for member states of a grouping that the text does not name one by one. */
const STATE_NAMES = new Map((worldCountriesModule as unknown as Country[]).map((c) => [c.cca3 === 'UNK' ? 'XKX' : c.cca3, c.name.common]));

/** Loads and validates the bundled event files. */
export function loadEventKnowledge(dir = EVENTS_DIR): EventKnowledge {
  const cameoFile = readDataFile(dir, 'cameo-codes.jsonl');
  const cameo = parseCameo(cameoFile.path, cameoFile.text);
  const patternFile = readDataFile(dir, 'patterns.jsonl');
  const modalityFile = readDataFile(dir, 'modality.json');
  const cuesFile = readDataFile(dir, 'quote-cues.json');
  return {
    ...indexPatterns(parsePatterns(patternFile.path, patternFile.text, cameo), cameo, parseModality(modalityFile.path, modalityFile.text)),
    accusations: parseQuoteCues(cuesFile.path, cuesFile.text),
  };
}

/** Stage: events (source, target, PLOVER and CAMEO type, polarity, modality, date, evidence). */
export const eventsStage = defineStage({
  name: 'events',
  scope: 'article',
  needs: ['article.sentences', 'article.mentions', 'article.actors', 'article.dates', 'article.places', 'article.quotes'],
  adds: ['article.events'],
  init: (options) => {
    const knowledge = options.events ?? loadEventKnowledge();
    // The matcher's tables: built at start-up rather than on the first article.
    matcherTables(knowledge);
    return knowledge;
  },
  run(article, knowledge) {
    // Inline, not a named const: the TypeScript loader wraps every named closure in a naming call, per article.
    article.events = codeEvents(article, knowledge, (code: string): Actor => article.actors.find((a) => a.id === code) ?? { id: code, name: STATE_NAMES.get(code) ?? code, kind: 'state', country: code, code, roles: [] });
  },
});
