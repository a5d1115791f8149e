import { defineStage } from '../../pipeline/stage.ts';

/** Stage: place names resolved to cities, states and regions with coordinates. */
export const placesStage = defineStage({
  name: 'places',
  scope: 'article',
  needs: ['article.sentences', 'article.mentions', 'article.actors'],
  adds: ['article.places'],
  init: () => null,
  run(article) {
    article.places = [];
  },
});
