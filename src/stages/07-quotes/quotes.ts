import { defineStage } from '../../pipeline/stage.ts';
import { findQuotes } from './find-quotes.ts';
import { loadQuoteWords } from './words.ts';

/**
 * Stage: direct quotes (inside quotation marks) and indirect ones (the clause a verb of saying
 * reports), each with its speaker resolved through the actors stage's mentions.
 *
 * Direct quotes are the words between paired double marks (curly, straight or guillemets; single
 * marks are apostrophes too often). Quoted names are dropped: titles ("Operation “Iron Sword”",
 * title-case phrases inside a sentence), words after a naming verb or "so-called", and
 * "called the “…”". The speaker comes from, in order: a verb of saying just before the marks
 * ("He added, “…”", "told reporters: “…”", "said … that “…”"); for a phrase inside a reported
 * clause, that clause's speaker; an attribution right after them ("“…,” Raisi said", "said
 * Raisi", "according to …"); for a phrase inside a sentence, the subject of the nearest verb of
 * saying or judging before it ("described the attack as “…”"); for a quotation that stands alone,
 * the sentences around it (a lead-in ending in a colon, the quote before, "He said" opening the
 * next sentence, whoever spoke in the sentence before). A quoted phrase with no speaker is a
 * scare quote and dropped; a quoted sentence with no speaker is kept without one.
 *
 * Indirect quotes are the clause after "that" following a verb of saying (with only adverbials,
 * or for "tell"-like verbs who was told, between), or right after "say"-like verbs when a subject
 * and verb follow ("said Iran was …"). A clause ends at the sentence's end, a semicolon, or where
 * a speaker goes on (", adding that", "and urged", ", while Aliyev said that"); a closing
 * attribution (", Reuters reported") is cut off; reported speech inside a clause stays in it.
 * Negated verbs ("did not say") and "deny" report nothing.
 *
 * Speakers are mentions from the actors stage with their actor ids, found before the verb past
 * adverbs, time phrases and asides, after it when it follows a closing mark, after "by" for a
 * passive, or through the verb of saying before a participle or coordinated verb. A pronoun the
 * actors stage left unresolved ("he", "she") is the last person quoted; an unnamed speaker with no
 * mention is its noun phrase, with no actor id. Word lists are in `data/speech-verbs.json`.
 */
export const quotesStage = defineStage({
  name: 'quotes',
  scope: 'article',
  needs: ['article.sentences', 'article.mentions', 'article.actors'],
  adds: ['article.quotes'],
  init: () => loadQuoteWords(),
  run(article, words) {
    article.quotes = findQuotes(article, words);
  },
});
