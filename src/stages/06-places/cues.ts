/**
 * Words around a name that say it is a place: a locative preposition before it ("in Geneva"), a
 * place noun ("the city of Split", "the Nakhchivan exclave"). Shared by recognition (a name that
 * is also a common word needs such a cue) and by `placeOfClause` (which wants "in"/"at"/"near").
 */

/** Prepositions that put what follows in a place. */
export const LOCATIVE = new Set(['in', 'at', 'near', 'from', 'to', 'outside', 'across', 'into', 'inside', 'around', 'toward', 'towards', 'via', 'through', 'throughout', 'within', 'off', 'over', 'between', 'beyond']);

/** Nouns that name a kind of place: "the city of", "the Nakhchivan exclave", "the capital, Baku". */
export const PLACE_NOUNS = new Set([
  'city', 'cities', 'town', 'towns', 'village', 'villages', 'capital', 'port', 'region', 'regions', 'province', 'provinces', 'district', 'districts',
  'exclave', 'enclave', 'governorate', 'oblast', 'county', 'territory', 'territories', 'area', 'suburb', 'suburbs', 'outskirts', 'island', 'islands',
  'peninsula', 'valley', 'corridor', 'strait', 'municipality', 'state', 'border', 'airport', 'harbour', 'harbor', 'coast', 'sector', 'sectors',
  'heart', 'centre', 'center', 'edge', 'countryside', 'vicinity', 'environs',
]);

/** Words that make "of" introduce a place: "north of Darayya", "inside of Darayya". */
const OF_PLACE = new Set(['inside', 'outside', 'north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest']);

/** Words of direction and position that may stand between a preposition and a name: "in northern Gaza". */
export const DIRECTIONS = new Set([
  'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'central', 'northeast', 'northwest', 'southeast', 'southwest',
  'northeastern', 'northwestern', 'southeastern', 'southwestern', 'downtown', 'occupied', 'greater', 'upper', 'lower',
]);

/** Capitalised words that may follow a place name without making it part of a longer name: "in Tehran Monday". */
export const CALENDAR = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/** What stands before a name at token `i`. */
export interface Introducer {
  /** The locative preposition, lower case, if one introduces the name. */
  prep?: string;
  /** Position of that preposition's token. */
  prepAt?: number;
  /** True when "the" or "a" stands between the preposition and the name ("at the Summit"). */
  article: boolean;
  /** True when a place noun introduces the name: "the city of Split", "the Iranian capital, Tehran", "north of Basra". */
  noun: boolean;
}

/** Adjectives and demonyms skipped between "the" and a place noun: "the southern port city of Aden". */
const MAX_MODIFIERS = 3;

/**
 * Walks back from the name at token `i` over the words that may introduce a place: "of" after a
 * place noun, the noun with its modifiers ("the Swiss city of"), direction words ("northern"),
 * "the", up to a locative preposition. `lower(k)` is token k in lower case ('' outside the
 * sentence); `pos(k)` its part of speech.
 */
export function introducer(lower: (k: number) => string, pos: (k: number) => string, i: number): Introducer {
  let j = i - 1;
  let noun = false;
  let article = false;
  if (lower(j) === ',' && PLACE_NOUNS.has(lower(j - 1))) j--;
  if (lower(j) === 'of' && (PLACE_NOUNS.has(lower(j - 1)) || OF_PLACE.has(lower(j - 1)))) {
    noun = true;
    j -= 2;
  } else if (PLACE_NOUNS.has(lower(j)) && lower(j) !== 'state') {
    noun = true;
    j--;
  }
  if (noun) {
    for (let skipped = 0; skipped < MAX_MODIFIERS && j >= 0 && (pos(j) === 'ADJ' || pos(j) === 'PROPN' || PLACE_NOUNS.has(lower(j)) || DIRECTIONS.has(lower(j))); skipped++) j--;
  }
  while (j >= 0 && DIRECTIONS.has(lower(j))) j--;
  if (lower(j) === 'the' || lower(j) === 'a' || lower(j) === 'an') {
    article = true;
    j--;
  }
  while (j >= 0 && DIRECTIONS.has(lower(j))) j--;
  const word = lower(j);
  return LOCATIVE.has(word) ? { prep: word, prepAt: j, article, noun } : { article, noun };
}
