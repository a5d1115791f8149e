import { sentenceWords, type Article, type Mention, type Quote, type Sentence, type Speaker } from '../../model/model.ts';
import { findMarkPairs, isMarkChar, type MarkPair } from './marks.ts';
import type { Frame, QuoteWords, SpeechVerb } from './words.ts';

/** A sentence's tokens as parallel arrays, with the mentions that start and end at each token. */
interface View {
  /** Index into `Article.sentences`. */
  s: number;
  sentence: Sentence;
  words: string[];
  lower: string[];
  pos: string[];
  lemma: string[];
  startsAt: (Mention | undefined)[];
  endsAt: (Mention | undefined)[];
}

/** A quotation or reported clause found in the text, before its speaker is known. */
type Candidate =
  | { kind: 'direct'; start: number; end: number; pair: MarkPair }
  | { kind: 'indirect'; start: number; end: number; sentence: number; verb: number };

/** Subject pronouns that can say something. Possessives ("his") are never speakers. */
const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'we', 'i', 'it']);
const PERSONAL = new Set(['he', 'she']);
const POSSESSIVES = new Set(['his', 'her', 'its', 'their', 'our', 'my']);
/** Words between a subject and its verb that do not change who speaks ("Raisi also said", "has said"). */
const BETWEEN_POS = new Set(['ADV', 'AUX']);
const NOUN_PHRASE_POS = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM']);
const CLAUSE_SUBJECT_POS = new Set(['DET', 'PRON', 'PROPN', 'NOUN', 'ADJ', 'NUM']);
const ADVERBIAL_POS = new Set(['ADP', 'DET', 'NOUN', 'PROPN', 'NUM', 'ADJ', 'ADV', 'PRON']);
const POSSESSIVE_MARKS = new Set(["'s", '’s', "'", '’']);
const SENTENCE_PUNCT = new Set(['.', ';', '?', '!']);
/** Function words a title may keep in lower case ("Time for Peace"). */
const TITLE_SMALL_POS = new Set(['ADP', 'DET', 'CCONJ', 'PART', 'PUNCT', 'SCONJ']);
const ANY_FRAME: readonly Frame[] = ['direct', 'that', 'bare', 'phrase'];
const DIRECT: readonly Frame[] = ['direct'];
const ATTRIBUTING: readonly Frame[] = ['direct', 'phrase', 'that'];
const INDIRECT: readonly Frame[] = ['that', 'bare'];
/** Verbs that attribute words away from any quotation mark; "direct"-only verbs ("continue", "ask") do so only next to one. */
const AT_A_DISTANCE: readonly Frame[] = ['that', 'bare', 'phrase'];
/** How far, in tokens, the parts of a frame may lie from each other. */
const WINDOW = 10;

/**
 * Finds the direct and indirect quotes of an article and who said them. Works from tokens and the
 * actors stage's mentions; an article with no quotation mark and no verb of saying costs one scan
 * of its tokens.
 */
export function findQuotes(article: Article, words: QuoteWords): Quote[] {
  return new QuoteFinder(article, words).run();
}

class QuoteFinder {
  private readonly views: (View | undefined)[] = [];
  private readonly pairs: MarkPair[];
  /** Opening offset of each paired closing mark, so a trimmed clause keeps balanced marks. */
  private readonly openOf = new Map<number, number>();
  /** Content spans of the quotations, sorted: verbs inside them are the quoted speaker's, not the article's. */
  private readonly quoted: { start: number; end: number }[] = [];
  /** Ids of the article's people, built on the first quote (most articles never need it). */
  private personIds: Set<string> | undefined;
  private readonly quotes: Quote[] = [];
  private lastPerson: string | undefined;

  constructor(
    private readonly article: Article,
    private readonly lex: QuoteWords,
  ) {
    const text = article.text;
    // One search for any mark first: most sentences of most articles have none.
    this.pairs = /[“”"«»]/.test(text) ? findMarkPairs(text, article.paragraphs) : [];
    for (const pair of this.pairs) {
      if (pair.close !== undefined) this.openOf.set(pair.close, pair.open);
      this.quoted.push({ start: pair.open, end: pair.close ?? article.paragraphs[pair.paragraph].end });
    }
  }

  run(): Quote[] {
    const candidates: Candidate[] = [];
    for (const pair of this.pairs) {
      const span = this.directSpan(pair);
      if (span) candidates.push({ kind: 'direct', ...span, pair });
    }
    this.article.sentences.forEach((sentence, s) => this.indirectIn(sentence, s, candidates));
    if (candidates.length === 0) return [];
    // In text order, so that "the last person who spoke" and "the quote before" mean what they say.
    candidates.sort((a, b) => a.start - b.start || b.end - a.end);
    for (const c of candidates) {
      if (c.kind === 'indirect') this.emit(c.start, c.end, 'indirect', c.sentence, this.subjectOf(c.sentence, c.verb, 0));
      else this.direct(c.start, c.end, c.pair);
    }
    this.runOnSpeakers();
    return this.quotes;
  }

  /**
   * A quotation left open at the end of its paragraph goes on in the next one, where the speaker
   * is often named only at its close: "“We are ready to talk.¶“But we will not wait,” Raisi said."
   */
  private runOnSpeakers(): void {
    const paragraphs = this.article.paragraphs;
    for (let i = this.quotes.length - 2; i >= 0; i--) {
      const q = this.quotes[i];
      const next = this.quotes[i + 1];
      if (q.speaker || q.kind !== 'direct' || next.kind !== 'direct' || !next.speaker) continue;
      const p = this.article.sentences[q.sentence].paragraph;
      // Open-ended: the quote runs to its paragraph's end and the next one opens the next paragraph.
      if (q.end === paragraphs[p].end && p + 1 < paragraphs.length && next.start === paragraphs[p + 1].start + 1) q.speaker = next.speaker;
    }
  }

  // ---- direct quotes ----

  /** The quoted words inside a pair of marks, without the frame's comma and a phrase's full stop. */
  private directSpan(pair: MarkPair): { start: number; end: number } | undefined {
    const text = this.article.text;
    let start = pair.open + 1;
    let end = pair.close ?? this.article.paragraphs[pair.paragraph].end;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /[\s,;:]/.test(text[end - 1])) end--;
    // "which is “a crime against humanity.”": the full stop ends the reporting sentence, not the phrase.
    if (end > start && text[end - 1] === '.' && /\p{Ll}/u.test(text[start])) end--;
    return end > start ? { start, end } : undefined;
  }

  private direct(start: number, end: number, pair: MarkPair): void {
    const open = this.locate(pair.open);
    if (!open) return;
    const ov = this.view(open.s);
    const close = pair.close !== undefined ? this.locate(pair.close) : undefined;
    const startsSentence = ov.sentence.tokens.slice(0, open.t).every((t) => t.type === 'punctuation');
    const contentSentence = this.locate(start)?.s ?? open.s;
    // Only a quotation that opens a sentence may run on to the paragraph's end; a stray mark inside one quotes nothing.
    if (!close && !startsSentence) return;
    if (this.isName(ov, open.t, close, startsSentence)) return;

    if (!startsSentence) {
      // "He added, “…”" / "X told reporters: “…”" / "Trump said … that “…”".
      const lead = this.lead(ov, open.t);
      if (lead) return this.emit(start, end, 'direct', contentSentence, lead);
      // Words quoted inside a reported clause are the reported speaker's ("… said that the truce
      // would not hold “if the commitments remain on paper,” according to state media").
      const enclosing = this.enclosingSpeaker(start);
      if (enclosing) return this.emit(start, end, 'direct', contentSentence, enclosing);
    }
    // "“…,” Raisi said" / "“…,” said Raisi" / "“…,” according to the ministry".
    if (close) {
      const speaker = this.tail(close.s, close.t + 1);
      if (speaker) return this.emit(start, end, 'direct', contentSentence, speaker);
    }
    if (!startsSentence) {
      // A quoted phrase inside a sentence: the words of whoever speaks or judges in that sentence.
      const speaker = this.phraseSpeaker(open.s, open.t);
      if (speaker) this.emit(start, end, 'direct', contentSentence, speaker);
      return;
    }
    const speaker = this.around(open.s, close?.s ?? open.s);
    if (speaker) return this.emit(start, end, 'direct', contentSentence, speaker);
    // A whole quoted sentence with nobody near is still a quotation; a quoted fragment is not.
    if (this.isClause(start, end)) this.emit(start, end, 'direct', contentSentence, undefined);
  }

  /**
   * Quoted words that name something rather than report speech: "Operation “Iron Sword”", "the
   * so-called “resistance”", "what the ministry called the “liberated territories”", and short
   * title-case phrases inside a sentence ("the “Time for Peace” meeting").
   */
  private isName(v: View, o: number, close: { s: number; t: number } | undefined, startsSentence: boolean): boolean {
    let b = o - 1;
    if (v.pos[b] === 'PUNCT' && NAME_BRACKETS.has(v.lower[b])) return false;
    if (this.lex.nameHeads.has(v.lower[b])) return true;
    // "called the “liberated territories”": an article outside the marks makes the quoted words a noun, a name.
    const article = v.pos[b] === 'DET';
    if (article) b--;
    const before = v.lower[b];
    if (before === 'called' && v.lower[b - 1] === '-' && v.lower[b - 2] === 'so') return true;
    if (before === 'so-called' || (before === 'as' && v.lemma[b - 1] === 'know')) return true;
    if (b >= 0 && v.pos[b] === 'VERB') {
      if (this.lex.namingVerbs.has(v.lemma[b])) return true;
      if (article && this.lex.verbs.get(v.lemma[b])?.needsObject) return true;
    }
    if (close && close.s === v.s && this.lex.nameHeads.has(v.lower[close.t + 1])) return true;
    if (startsSentence || !close || close.s !== v.s) return false;
    if (v.lower[o - 1] === ':' || v.lower[o - 1] === ',') return false;
    let words = 0;
    for (let t = o + 1; t < close.t; t++) {
      if (TITLE_SMALL_POS.has(v.pos[t])) continue;
      if (!/^\p{Lu}/u.test(v.words[t])) return false;
      words++;
    }
    return words > 0 && words <= 6;
  }

  /** The attribution right after a closing mark, if there is one. */
  private tail(s: number, from: number): Speaker | undefined {
    const v = this.view(s);
    const n = v.lower.length;
    let j = from;
    if (v.lower[j] === ',') j++;
    if (j >= n) return undefined;
    if (v.lower[j] === 'according' && v.lower[j + 1] === 'to') return this.after(v, j + 2);
    const k = this.attributionVerb(v, j, DIRECT);
    // "“groundless,” saying Armenia was …": a participle goes on with the sentence's speaker.
    if (k === undefined || (k === j && v.lower[k].endsWith('ing'))) return undefined;
    return k === j ? this.after(v, k + 1) : this.subjectOf(s, k, 0);
  }

  /**
   * The verb of an attribution starting at token `j`: a speech verb reached through a subject and
   * adverbs only ("Raisi also said", "a senior Iranian official said"), or at `j` itself ("said
   * Raisi").
   */
  private attributionVerb(v: View, j: number, frames: readonly Frame[]): number | undefined {
    for (let k = j; k < v.lower.length && k < j + WINDOW; k++) {
      if (this.speechVerb(v, k, frames)) return k;
      // "Raisi was quoted as saying"
      if (v.lemma[k] === 'quote' && v.lower[k + 1] === 'as') {
        k++;
        continue;
      }
      const p = v.pos[k];
      if (p === 'VERB' || p === 'SCONJ' || p === 'CCONJ') return undefined;
      if (p === 'PUNCT' && v.lower[k] !== '-' && !POSSESSIVE_MARKS.has(v.lower[k])) return undefined;
      if (p === 'ADP' && v.lower[k] !== 'of' && v.lower[k] !== 'for') return undefined;
    }
    return undefined;
  }

  /** The speaker named after a verb or "according to": "said Raisi", "said a senior official". */
  private after(v: View, j: number): Speaker | undefined {
    let k = j;
    if (v.pos[k] === 'DET') k++;
    const m = v.startsAt[k] ?? v.startsAt[j];
    if (m && m.kind !== 'place') return this.fromMention(m);
    if (v.pos[j] === 'PRON' && SUBJECT_PRONOUNS.has(v.lower[j])) return this.pronoun(v, j);
    let end = j;
    while (end < v.lower.length && end - j < 8 && (NOUN_PHRASE_POS.has(v.pos[end]) || POSSESSIVE_MARKS.has(v.lower[end]))) end++;
    while (end > j && v.pos[end - 1] !== 'NOUN' && v.pos[end - 1] !== 'PROPN') end--;
    return end > j ? this.words(v, j, end) : undefined;
  }

  /** A verb of saying just before an opening mark, with nothing but its object, adverbials, "that" or a colon between. */
  private lead(v: View, o: number): Speaker | undefined {
    let j = o - 1;
    if (v.lower[j] === ',' || v.lower[j] === ':') j--;
    if (v.lower[j] === 'that') j--;
    // Headline style: "Raisi: “…”".
    if (v.lower[o - 1] === ':' && v.endsAt[o - 2] && this.isFirstMention(v, v.endsAt[o - 2]!)) return this.fromMention(v.endsAt[o - 2]!);
    for (let steps = 0; j >= 0 && steps < WINDOW; j--, steps++) {
      if (this.speechVerb(v, j, ATTRIBUTING)) return this.subjectOf(v.s, j, 0);
      const p = v.pos[j];
      if (p === 'VERB' || p === 'AUX' || isMarkChar(v.words[j]) || SENTENCE_PUNCT.has(v.lower[j])) return undefined;
    }
    return undefined;
  }

  private isFirstMention(v: View, m: Mention): boolean {
    return v.sentence.tokens[0].start === m.start;
  }

  /** The speaker of the reported clause a position lies in, if it has one. */
  private enclosingSpeaker(start: number): Speaker | undefined {
    for (let i = this.quotes.length - 1; i >= 0; i--) {
      const q = this.quotes[i];
      if (q.kind === 'indirect' && q.start <= start && q.end >= start) return q.speaker;
    }
    return undefined;
  }

  /** The speaker of a quoted phrase inside a sentence: the subject of the nearest verb of saying or judging before it. */
  private phraseSpeaker(s: number, o: number): Speaker | undefined {
    const v = this.view(s);
    for (let j = o - 1; j >= 0; j--) {
      if (this.speechVerb(v, j, AT_A_DISTANCE) && !this.insideQuote(v.sentence.tokens[j].start)) return this.subjectOf(s, j, 0);
    }
    return undefined;
  }

  /**
   * The speaker of a quotation that stands alone as a sentence or paragraph, from the sentences
   * around it: a lead-in ending in a colon, the quote just before (a quotation running over several
   * paragraphs), an attribution opening the next sentence ("“…” He said …"), or whoever spoke in
   * the sentence before.
   */
  private around(first: number, last: number): Speaker | undefined {
    const sentences = this.article.sentences;
    const near = (a: number, b: number) => b >= 0 && b < sentences.length && Math.abs(sentences[a].paragraph - sentences[b].paragraph) <= 1;
    const prev = first - 1;
    if (near(first, prev)) {
      const pv = this.view(prev);
      if (pv.lower[pv.lower.length - 1] === ':') {
        const speaker = this.lastSpeaker(prev);
        if (speaker) return speaker;
      }
      const before = this.quotes[this.quotes.length - 1];
      if (before?.speaker && before.end >= sentences[prev].start && before.end <= sentences[first].start) return before.speaker;
    }
    const next = last + 1;
    if (near(last, next)) {
      const nv = this.view(next);
      const k = this.attributionVerb(nv, 0, DIRECT);
      if (k !== undefined) {
        const speaker = k === 0 ? this.after(nv, 1) : this.subjectOf(next, k, 0);
        if (speaker) return speaker;
      }
    }
    return near(first, prev) ? this.lastSpeaker(prev) : undefined;
  }

  /** The subject of the last verb of saying in a sentence, outside quotation marks. */
  private lastSpeaker(s: number): Speaker | undefined {
    const v = this.view(s);
    for (let j = v.lower.length - 1; j >= 0; j--) {
      if (this.speechVerb(v, j, AT_A_DISTANCE) && !this.insideQuote(v.sentence.tokens[j].start)) return this.subjectOf(s, j, 0);
    }
    return undefined;
  }

  /** True when the quoted words form a clause (a verb and a few words), not a scare-quoted term. */
  private isClause(start: number, end: number): boolean {
    const at = this.locate(start);
    if (!at) return false;
    let words = 0;
    let verb = false;
    for (let s = at.s; s < this.article.sentences.length && this.article.sentences[s].start < end; s++) {
      for (const t of this.article.sentences[s].tokens) {
        if (t.start < start || t.end > end) continue;
        if (t.type === 'word') words++;
        if (t.pos === 'VERB' || t.pos === 'AUX') verb = true;
      }
    }
    return verb && words >= 3;
  }

  // ---- indirect quotes ----

  /**
   * The reported clauses of one sentence: after "that" ("stressed that his government…") or, for
   * verbs that allow it, straight after the verb ("said Iran was compelled…"). A clause ends at
   * the sentence's end or where the same speaker goes on ("…, adding that …", "… and added that
   * …"), which starts the next clause. A verb of saying inside a reported clause with a subject of
   * its own is part of what was reported, not a second quote.
   */
  private indirectIn(sentence: Sentence, s: number, out: Candidate[]): void {
    const tokens = sentence.tokens;
    const reporting = this.lex.reporting;
    let i = 0;
    // Cheap scan first: most sentences have no verb of saying.
    while (i < tokens.length && !reporting.has(tokens[i].lemma)) i++;
    if (i === tokens.length) return;
    const v = this.view(s);
    let covered = -1;
    for (let k = i; k < tokens.length; k++) {
      const verb = this.speechVerb(v, k, INDIRECT);
      if (!verb || k < covered || this.insideQuote(tokens[k].start)) continue;
      let start: number;
      const that = this.thatAfter(v, k, verb);
      if (that !== undefined) {
        // "said … that “…”": the quotation marks make it a direct quote.
        if (isMarkChar(v.words[that + 1] ?? '')) continue;
        start = that + 1;
      } else if (verb.frames.has('bare') && !verb.particle && this.clauseAt(v, k + 1)) {
        start = k + 1;
      } else {
        continue;
      }
      let cut = this.clauseEnd(v, start);
      covered = cut;
      // "Raisi, who said that the talks had failed, left Baku": a relative clause ends at its comma.
      if (this.relativeSubject(v, k)) {
        const comma = v.lower.indexOf(',', start);
        if (comma >= 0 && comma < cut) cut = comma;
      }
      const span = this.trimClause(v, start, cut);
      if (span) out.push({ kind: 'indirect', start: tokens[span[0]].start, end: tokens[span[1] - 1].end, sentence: s, verb: k });
    }
  }

  private relativeSubject(v: View, k: number): boolean {
    let i = k - 1;
    while (i >= 0 && BETWEEN_POS.has(v.pos[i])) i--;
    return v.lower[i] === 'who' || v.lower[i] === 'which';
  }

  /**
   * The "that" after a verb of saying: only adverbials may come between ("said on Monday that",
   * "said in a statement that"), and who was told for verbs that take a listener ("told reporters
   * that").
   */
  private thatAfter(v: View, k: number, verb: SpeechVerb): number | undefined {
    let j = k + 1;
    if (verb.particle) j++;
    if (v.lower[j] === 'that') return j;
    const first = v.pos[j];
    if (!verb.listener && first !== 'ADP' && first !== 'ADV' && v.lower[j] !== ',') return undefined;
    for (let steps = 0; j < v.lower.length && steps < WINDOW; j++, steps++) {
      if (v.lower[j] === 'that') return j;
      if (v.lower[j] === ',') continue;
      if (!ADVERBIAL_POS.has(v.pos[j]) && !POSSESSIVE_MARKS.has(v.lower[j])) return undefined;
    }
    return undefined;
  }

  /** True when a clause with its own subject and verb starts at token `j`: "Iran was…", "the meeting focused…". */
  private clauseAt(v: View, j: number): boolean {
    let k = j;
    const listed = (t: number) => (v.lower[t] === ',' || v.lower[t] === 'and') && t > j && CLAUSE_SUBJECT_POS.has(v.pos[t + 1]);
    // "said Azerbaijan, Türkiye and Pakistan were …": a list of subjects, but not "said goodbye and left".
    while (k < v.lower.length && k - j < 12 && (CLAUSE_SUBJECT_POS.has(v.pos[k]) || POSSESSIVE_MARKS.has(v.lower[k]) || v.lower[k] === '-' || listed(k))) k++;
    if (k === j) return false;
    // "said the draft “sought to rewrite the facts”": the clause's verb may open a quotation.
    while (v.pos[k] === 'ADV' || isMarkChar(v.words[k] ?? '')) k++;
    return v.pos[k] === 'AUX' || v.pos[k] === 'VERB';
  }

  /**
   * Where a reported clause ends: the sentence's end, a semicolon, or a comma or conjunction
   * before someone goes on speaking: the same speaker (", adding that", "and added that") or
   * another one (", while Aliyev said that"), each of whom starts a clause of their own.
   */
  private clauseEnd(v: View, start: number): number {
    const n = v.lower.length;
    for (let k = start + 1; k < n; k++) {
      if (v.lower[k] === ';') return k;
      if (!CLAUSE_JOINS.has(v.lower[k])) continue;
      let j = k + 1;
      while (j < n && (CLAUSE_JOINS.has(v.lower[j]) || v.pos[j] === 'ADV')) j++;
      // The same speaker goes on: "…, adding that", "… and urged Baku to …".
      if (this.reportsFrom(v, j) || (v.lower[k] !== ',' && this.speechVerb(v, j, ANY_FRAME))) return k;
      // Another speaker: "…, while Aliyev said that …"; not a relative clause ("…, which he called “…”").
      if (RELATIVES.has(v.lower[j])) continue;
      const other = this.attributionVerb(v, j, ATTRIBUTING);
      if (other !== undefined && other > j && this.reportsFrom(v, other)) return k;
    }
    return n;
  }

  /** True when the token is a verb of saying followed by what it reports: "that", a clause, or a quotation. */
  private reportsFrom(v: View, j: number): boolean {
    const verb = this.speechVerb(v, j, ATTRIBUTING);
    if (!verb) return false;
    if (this.thatAfter(v, j, verb) !== undefined || isMarkChar(v.words[j + 1] ?? '') || isMarkChar(v.words[j + 2] ?? '')) return true;
    return verb.frames.has('bare') && !verb.particle && this.clauseAt(v, j + 1);
  }

  /** The clause's token range without a closing attribution (", Reuters reported") and trailing punctuation. */
  private trimClause(v: View, start: number, end: number): [number, number] | undefined {
    for (let k = end - 1; k > start; k--) {
      if (v.lower[k] !== ',') continue;
      // "… the Iranian nation,” according to state media": the closing mark stays with the clause.
      const mark = isMarkChar(v.words[k + 1] ?? '') && this.openOf.has(v.sentence.tokens[k + 1].start);
      if (this.isClosingAttribution(v, mark ? k + 2 : k + 1, end)) end = mark ? k + 2 : k;
      break;
    }
    const tokens = v.sentence.tokens;
    while (end > start && v.pos[end - 1] === 'PUNCT') {
      const opened = this.openOf.get(tokens[end - 1].start);
      // Keep a closing mark whose opening mark is inside the clause.
      if (opened !== undefined && opened >= tokens[start].start) break;
      end--;
    }
    while (start < end && v.pos[start] === 'PUNCT' && !isMarkChar(v.words[start])) start++;
    return end > start ? [start, end] : undefined;
  }

  /** True for tokens `[from, to)` that are only an attribution: "Reuters reported on Sunday", "he said". */
  private isClosingAttribution(v: View, from: number, to: number): boolean {
    if (v.lower[from] === 'according' && v.lower[from + 1] === 'to') return true;
    const k = this.attributionVerb(v, from, DIRECT);
    if (k === undefined) return false;
    for (let j = k + 1; j < to; j++) {
      if (!ADVERBIAL_POS.has(v.pos[j]) && !(v.pos[j] === 'PUNCT' && SENTENCE_PUNCT.has(v.lower[j]))) return false;
    }
    return true;
  }

  // ---- speakers ----

  /**
   * Who does the saying of the verb at token `k`: the mention, pronoun or noun phrase just before
   * it ("Aliyev stressed", "he affirmed", "a senior Iranian official confirmed"), past an aside
   * ("Baku, however, says", "Raisi, who met Bayramov, said"); the one after it when the verb
   * follows a closing mark ("“…,” said Raisi"); and for a verb with no subject of its own
   * (", adding that", "and added that", "…,” saying") the speaker of the verb of saying before it,
   * else the subject of the sentence.
   */
  private subjectOf(s: number, k: number, depth: number): Speaker | undefined {
    const v = this.view(s);
    // "quoted Raisi as saying", "Raisi was quoted as saying".
    if (v.lower[k - 1] === 'as') {
      if (v.endsAt[k - 2]) return this.fromMention(v.endsAt[k - 2]!);
      let q = k - 2;
      if (v.lemma[q] === 'quote') {
        while (q > 0 && v.pos[q - 1] === 'AUX') q--;
        return this.subjectOf(s, q, depth + 1);
      }
    }
    let i = k - 1;
    let passive = false;
    while (i >= 0 && (BETWEEN_POS.has(v.pos[i]) || (v.pos[i] === 'PART' && v.lower[i] !== 'to' && !POSSESSIVE_MARKS.has(v.lower[i])))) {
      if (v.pos[i] === 'AUX' && v.lemma[i] === 'be') passive = true;
      i--;
    }
    // "was described by Raisi as …": the speaker follows "by"; with no "by", nobody is named.
    if (passive) {
      for (let j = k + 1; j < k + 4 && j < v.lower.length; j++) if (v.lower[j] === 'by') return this.after(v, j + 1);
      return undefined;
    }
    i = this.skipTimePhrase(v, i);
    if (i < 0) return this.after(v, k + 1);
    // A participle never comes before its subject: "…,” saying Armenia was …" is not Armenia speaking.
    const participle = v.lower[k].endsWith('ing');
    if (!participle && (isMarkChar(v.words[i]) || (v.lower[i] === ',' && isMarkChar(v.words[i - 1] ?? '')))) return this.after(v, k + 1);
    if (v.lower[i] === ',' && !participle) {
      const aside = this.asideBefore(v, i);
      if (aside !== undefined) i = aside - 1;
    }
    const found = this.subjectAt(v, i);
    if (found) return found;
    if (participle || v.lower[i] === ',' || v.lower[i] === 'and' || v.lower[i] === 'but' || isMarkChar(v.words[i])) {
      if (depth < 4) {
        for (let j = i; j >= 0; j--) {
          if (j < k && this.speechVerb(v, j, ANY_FRAME) && !this.insideQuote(v.sentence.tokens[j].start)) return this.subjectOf(s, j, depth + 1);
        }
      }
      return this.mainSubject(v, i);
    }
    return undefined;
  }

  /** The speaker whose words end at token `i`: a mention, a subject pronoun, "…, who", or a noun phrase. */
  private subjectAt(v: View, i: number): Speaker | undefined {
    if (i < 0) return undefined;
    const m = v.endsAt[i];
    if (m && m.kind !== 'place') return this.joint(v, m) ?? this.fromMention(m, v);
    if (v.pos[i] === 'PRON' && SUBJECT_PRONOUNS.has(v.lower[i])) return this.pronoun(v, i);
    // "Raisi, who said that …": the relative pronoun stands for the name before it.
    if ((v.lower[i] === 'who' || v.lower[i] === 'which') && v.lower[i - 1] === ',') return this.subjectAt(v, i - 2);
    if (v.pos[i] === 'NOUN' || v.pos[i] === 'PROPN') {
      let from = i;
      while (from > 0 && i - from < 7 && (NOUN_PHRASE_POS.has(v.pos[from - 1]) || POSSESSIVE_MARKS.has(v.lower[from - 1]) || v.lower[from - 1] === '-')) from--;
      if (from > 0 && POSSESSIVES.has(v.lower[from - 1])) from--;
      return this.words(v, from, i + 1);
    }
    return undefined;
  }

  /**
   * "Iran, Russia and Türkiye said": several actors speaking together. The speaker is the whole
   * list, with no actor id, since no one of them said it alone.
   */
  private joint(v: View, last: Mention): Speaker | undefined {
    let first = this.firstToken(v, last);
    let joined = false;
    // A list ends with "and": "Iran, Aliyev stressed" is a sentence's opening clause and its subject.
    if (v.lower[first - 1] !== 'and') return undefined;
    while (first >= 2 && (v.lower[first - 1] === 'and' || v.lower[first - 1] === ',')) {
      const before = v.endsAt[first - 2];
      if (!before || before.kind === 'place' || before.kind === 'pronoun') break;
      first = this.firstToken(v, before);
      joined = true;
    }
    if (!joined) return undefined;
    const start = v.sentence.tokens[first].start;
    return { start, end: last.end, text: this.article.text.slice(start, last.end) };
  }

  private firstToken(v: View, m: Mention): number {
    const tokens = v.sentence.tokens;
    let t = 0;
    while (t < tokens.length && tokens[t].start < m.start) t++;
    return t;
  }

  /**
   * The opening comma of an aside that ends at the comma `close`, when there is one: a relative
   * clause ("Raisi, who met Bayramov on Monday,"), an apposition ("Bayramov, the Azerbaijani
   * foreign minister,") or a few words with no verb ("Baku, however,", "Aliyev, for his part,").
   */
  private asideBefore(v: View, close: number): number | undefined {
    for (let j = close - 1; j > 0 && close - j < 15; j--) {
      if (v.lower[j] !== ',') continue;
      const opener = v.lower[j + 1];
      if (opener === 'who' || opener === 'whose' || opener === 'which' || v.pos[j + 1] === 'DET' || v.startsAt[j + 1]) return j;
      if (close - j <= 5 && !v.pos.slice(j + 1, close).some((p) => p === 'VERB' || p === 'AUX')) return j;
      return undefined;
    }
    return undefined;
  }

  /** The token after an aside that starts at the comma `open` ("Aliyev, for his part, thanked …"), or `open` when there is none. */
  private pastAside(v: View, open: number): number {
    if (v.lower[open] !== ',') return open;
    for (let j = open + 1; j < v.lower.length && j - open < 15; j++) {
      if (v.lower[j] === ',') return this.asideBefore(v, j) === open ? j + 1 : open;
    }
    return open;
  }

  /** Skips a short time or source phrase between subject and verb: "Raisi on Monday said", "the ministry in a statement said". */
  private skipTimePhrase(v: View, i: number): number {
    for (let j = i; j >= 0 && i - j < 4; j--) {
      // "the head of the IAEA said": "of" and "for" belong to the subject, they do not follow it.
      if (v.pos[j] === 'ADP') return j > 0 && v.lower[j] !== 'of' && v.lower[j] !== 'for' && (v.endsAt[j - 1] || SUBJECT_PRONOUNS.has(v.lower[j - 1])) ? j - 1 : i;
      if (!NOUN_PHRASE_POS.has(v.pos[j])) return i;
    }
    return i;
  }

  /** The subject of the sentence's main clause: its first actor followed by a verb, perhaps past an aside. */
  private mainSubject(v: View, before: number): Speaker | undefined {
    for (let t = 0; t < before; t++) {
      const m = v.endsAt[t];
      if (!m || m.kind === 'place' || (m.kind === 'pronoun' && !m.actorId)) continue;
      let next = this.pastAside(v, t + 1);
      while (BETWEEN_POS.has(v.pos[next])) next++;
      if (v.pos[next] === 'VERB') return this.subjectAt(v, t);
    }
    return undefined;
  }

  /**
   * A speaker from a mention. "The spokesman for the ministry": a speaking head noun before "of" or
   * "for" makes the whole phrase the speaker, on behalf of the actor named; any other noun there
   * ("the son of Raisi") keeps the phrase and drops the actor.
   */
  private fromMention(m: Mention, v?: View): Speaker {
    if (v) {
      const first = v.sentence.tokens.findIndex((t) => t.start === m.start);
      let of = first - 1;
      if (v.pos[of] === 'DET') of--;
      if (of > 0 && (v.lower[of] === 'of' || v.lower[of] === 'for') && v.pos[of - 1] === 'NOUN') {
        let from = of - 1;
        while (from > 0 && of - from < 5 && NOUN_PHRASE_POS.has(v.pos[from - 1])) from--;
        const speaker = this.words(v, from, v.sentence.tokens.findIndex((t) => t.end === m.end) + 1);
        return this.lex.speakerHeads.has(v.lower[of - 1]) && m.actorId ? { ...speaker, actorId: m.actorId } : speaker;
      }
    }
    return { start: m.start, end: m.end, text: m.text, ...(m.actorId ? { actorId: m.actorId } : {}) };
  }

  /**
   * A pronoun as speaker: the actors stage's resolution when it made one; else "he" or "she" is
   * taken to be the last person quoted, and other pronouns stay unresolved.
   */
  private pronoun(v: View, i: number): Speaker {
    const m = v.startsAt[i];
    if (m?.actorId) return this.fromMention(m);
    const t = v.sentence.tokens[i];
    const fallback = PERSONAL.has(v.lower[i]) ? this.lastPerson : undefined;
    return { start: t.start, end: t.end, text: v.words[i], ...(fallback ? { actorId: fallback } : {}) };
  }

  private words(v: View, from: number, to: number): Speaker {
    const tokens = v.sentence.tokens;
    const start = tokens[from].start;
    const end = tokens[to - 1].end;
    // A named actor ending the phrase ("a senior Iranian official") is still who speaks.
    const m = v.endsAt[to - 1];
    return { start, end, text: this.article.text.slice(start, end), ...(m?.actorId && m.kind !== 'place' ? { actorId: m.actorId } : {}) };
  }

  // ---- output ----

  private emit(start: number, end: number, kind: Quote['kind'], sentence: number, speaker: Speaker | undefined): void {
    this.personIds ??= new Set(this.article.actors.filter((a) => a.kind === 'person').map((a) => a.id));
    if (speaker?.actorId && this.personIds.has(speaker.actorId)) this.lastPerson = speaker.actorId;
    this.quotes.push({
      start,
      end,
      text: this.article.text.slice(start, end),
      kind,
      sentence,
      ...(speaker ? { speaker } : {}),
      about: this.about(start, end),
    });
  }

  /** Ids of the actors mentioned inside a span, in order of first mention. */
  private about(start: number, end: number): string[] {
    const mentions = this.article.mentions;
    const ids: string[] = [];
    for (let i = lowerBound(mentions, start); i < mentions.length && mentions[i].start < end; i++) {
      const id = mentions[i].actorId;
      if (id && mentions[i].end <= end && !ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  // ---- lookups ----

  /** The verb of saying at token `k` with one of the frames, unless negated ("did not say"). */
  private speechVerb(v: View, k: number, frames: readonly Frame[]): SpeechVerb | undefined {
    if (v.pos[k] !== 'VERB') return undefined;
    const verb = this.lex.verbs.get(v.lemma[k]);
    if (!verb || this.negated(v, k)) return undefined;
    if (verb.particle && v.lower[k + 1] !== verb.particle) return undefined;
    return frames.some((f) => verb.frames.has(f)) ? verb : undefined;
  }

  /** "did not say", "has never said", "refused to say": nobody said anything. */
  private negated(v: View, k: number): boolean {
    let j = k - 1;
    if (v.lower[j] === 'to' && REFUSING.has(v.lemma[j - 1])) return true;
    while (j >= 0 && (BETWEEN_POS.has(v.pos[j]) || v.pos[j] === 'PART')) {
      if (NEGATORS.has(v.lower[j])) return true;
      j--;
    }
    return false;
  }

  private insideQuote(offset: number): boolean {
    const q = this.quoted;
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (q[mid].start <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && offset < q[lo - 1].end;
  }

  private view(s: number): View {
    let v = this.views[s];
    if (v) return v;
    const sentence = this.article.sentences[s];
    const { words, lower } = sentenceWords(this.article, sentence);
    const tokens = sentence.tokens;
    const startsAt: (Mention | undefined)[] = new Array(tokens.length);
    const endsAt: (Mention | undefined)[] = new Array(tokens.length);
    const mentions = this.article.mentions;
    let t = 0;
    for (let i = lowerBound(mentions, sentence.start); i < mentions.length && mentions[i].start < sentence.end; i++) {
      const m = mentions[i];
      while (t < tokens.length && tokens[t].start < m.start) t++;
      if (t < tokens.length && tokens[t].start === m.start) startsAt[t] = m;
      let e = t;
      while (e < tokens.length && tokens[e].end < m.end) e++;
      if (e < tokens.length && tokens[e].end === m.end) endsAt[e] = m;
    }
    v = { s, sentence, words, lower, pos: tokens.map((x) => x.pos), lemma: tokens.map((x) => x.lemma), startsAt, endsAt };
    this.views[s] = v;
    return v;
  }

  /** Index of the sentence holding an offset (or the next one after a gap). */
  private locateSentence(offset: number): number {
    const sentences = this.article.sentences;
    let lo = 0;
    let hi = sentences.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sentences[mid].end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Sentence and token holding an offset. */
  private locate(offset: number): { s: number; t: number } | undefined {
    const s = this.locateSentence(offset);
    const sentence = this.article.sentences[s];
    if (!sentence || sentence.start > offset) return undefined;
    const tokens = sentence.tokens;
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokens[mid].start <= offset) lo = mid + 1;
      else hi = mid;
    }
    return { s, t: Math.max(0, lo - 1) };
  }
}

const RELATIVES = new Set(['who', 'whom', 'whose', 'which', 'that']);
/** Words that join a reported clause to what follows it. */
const CLAUSE_JOINS = new Set([',', 'and', 'but', 'while', 'whereas']);
const NEGATORS = new Set(['not', "n't", 'n’t', 'never', 'no longer']);
const REFUSING = new Set(['refuse', 'decline', 'fail']);

/** Brackets that open a parenthesis right before a quote; a name check does not look past them. */
const NAME_BRACKETS = new Set(['(', '[']);

/** First index whose span starts at or after `offset`; spans sorted by start. */
function lowerBound(spans: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
