import type { Paragraph } from '../../model/model.ts';

/** A pair of double quotation marks in one paragraph; offsets into `Article.text`. */
export interface MarkPair {
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark; absent when the paragraph ends first (a quote running on). */
  close?: number;
  /** Index into `Article.paragraphs`. */
  paragraph: number;
}

/** Every character treated as a double quotation mark. Single quotes are apostrophes too often to count. */
const ANY_MARK = /[“”"«»]/g;
const OPENERS_BEFORE = new Set(['(', '[', '{', '—', '–', '-', '/', ':', '“', '«']);

/** True for the characters `findMarkPairs` pairs. */
export function isMarkChar(ch: string): boolean {
  return ch === '“' || ch === '”' || ch === '"' || ch === '«' || ch === '»';
}

/**
 * Pairs the double quotation marks of each paragraph. Curly and guillemet marks say which way they
 * face; a straight mark opens only where an opening mark can stand (after a space or a bracket,
 * before a non-space), so `12" pipe` opens nothing. A straight mark inside a curly quotation is a
 * nested quote and is left alone. An opening mark with no closing one before the paragraph ends
 * is kept open-ended: news copy opens each paragraph of a long quotation and closes only the last.
 */
export function findMarkPairs(text: string, paragraphs: readonly Paragraph[]): MarkPair[] {
  const pairs: MarkPair[] = [];
  let p = 0;
  let open: number | undefined;
  let curly = false;
  const finishParagraph = () => {
    if (open !== undefined) pairs.push({ open, paragraph: p });
    open = undefined;
  };
  ANY_MARK.lastIndex = 0;
  for (let m = ANY_MARK.exec(text); m !== null; m = ANY_MARK.exec(text)) {
    const at = m.index;
    while (p < paragraphs.length && at >= paragraphs[p].end) {
      finishParagraph();
      p++;
    }
    if (p >= paragraphs.length) break;
    if (at < paragraphs[p].start) continue;
    const ch = m[0];
    if (ch === '“' || ch === '«') {
      // A second opening mark means the first was never closed: trust the later one.
      open = at;
      curly = true;
    } else if (ch === '”' || ch === '»') {
      if (open !== undefined) pairs.push({ open, close: at, paragraph: p });
      open = undefined;
    } else if (open === undefined) {
      if (opensHere(text, at, paragraphs[p].start)) {
        open = at;
        curly = false;
      }
    } else if (!curly) {
      pairs.push({ open, close: at, paragraph: p });
      open = undefined;
    }
  }
  finishParagraph();
  return pairs;
}

function opensHere(text: string, at: number, paragraphStart: number): boolean {
  const before = at > paragraphStart ? text[at - 1] : ' ';
  const after = text[at + 1];
  return (before === ' ' || before === '\n' || before === '\t' || OPENERS_BEFORE.has(before)) && after !== undefined && after !== ' ' && after !== '\n';
}
