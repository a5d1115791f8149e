import { defineStage } from '../../pipeline/stage.ts';

/** Stage: direct and indirect quotes with their speakers. */
export const quotesStage = defineStage({
  name: 'quotes',
  scope: 'article',
  needs: ['article.sentences', 'article.mentions', 'article.actors'],
  adds: ['article.quotes'],
  init: () => null,
  run(article) {
    article.quotes = [];
  },
});
