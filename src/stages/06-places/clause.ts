import type { Article, Place, Token } from '../../model/model.ts';
import { introducer } from './cues.ts';

/** Prepositions that say where an event happened ("talks in Geneva", "a strike near Mosul"). */
const WHERE = new Set(['in', 'at', 'near', 'outside']);

/** Index of the token that starts at `offset`, or -1. */
function tokenAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else if (tokens[mid].start > offset) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Index of the first place that starts at or after `offset` (places are sorted by start). */
function firstPlaceFrom(places: Place[], offset: number): number {
  let lo = 0;
  let hi = places.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (places[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The place where a clause happens: the first place of `article.places` inside
 * `[fromOffset, toOffset)` of sentence `sentenceIndex` that is introduced, inside that range, by
 * "in", "at", "near" or "outside" — directly or through "the", direction words and place nouns
 * ("held talks in Geneva on Friday", "a drone struck near the southern port city of Aden",
 * "a U.S. base in Qatar"). Places named otherwise ("talks with Iran") are not where the clause
 * happens. Pure: reads the article's tokens and places (filled by the places stage), changes
 * nothing. Offsets are UTF-16 offsets into `article.text`, as every span's.
 */
export function placeOfClause(article: Article, sentenceIndex: number, fromOffset: number, toOffset: number): Place | undefined {
  const sentence = article.sentences[sentenceIndex];
  if (!sentence) return undefined;
  const from = Math.max(fromOffset, sentence.start);
  const to = Math.min(toOffset, sentence.end);
  const tokens = sentence.tokens;
  const lower = (k: number) => (k >= 0 && k < tokens.length ? article.text.slice(tokens[k].start, tokens[k].end).toLowerCase() : '');
  const pos = (k: number) => (k >= 0 && k < tokens.length ? tokens[k].pos : '');
  for (let p = firstPlaceFrom(article.places, from); p < article.places.length; p++) {
    const place = article.places[p];
    if (place.end > to) break;
    const at = tokenAt(tokens, place.start);
    if (at < 0) continue;
    const intro = introducer(lower, pos, at);
    if (intro.prep && intro.prepAt !== undefined && WHERE.has(intro.prep) && tokens[intro.prepAt].start >= from) return place;
  }
  return undefined;
}
