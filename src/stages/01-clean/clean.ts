import { buildArticle, type Article, type ArticleMeta, type ParagraphDraft, type SourceDocument } from '../../model/model.ts';
import { defineStage } from '../../pipeline/stage.ts';
import { compileRules, type CleanRules } from './rules.ts';

/** A candidate paragraph: one line, or several hard-wrapped lines joined. */
export interface Block {
  text: string;
  /** Offset of the first character in the source text. */
  sourceStart: number;
  /** Blank or residue lines right before this block. */
  gapBefore: number;
  /** Normalised text for comparing repeats. */
  key: string;
}

/** How far ahead (in blocks) a repeated headline or caption is looked for. */
const REPEAT_WINDOW = 8;
/** Headlines and captions are short; a line longer than this is body text. */
const MAX_TITLE_LENGTH = 200;
/** A paragraph this long seen twice in one article is a scraping repeat, not a table row. */
const MIN_WORDS_REPEATED = 12;
/** Blank lines that, before a headline-like line, separate two articles in one file. */
const ARTICLE_GAP = 3;

/**
 * Splits lines into blocks: one per line, except in hard-wrapped text (wire copy wrapped at a fixed
 * width) where lines are joined until a blank line or an indented line starts a new paragraph.
 * Residue lines are dropped here and count as gaps, like blank lines.
 */
export function toBlocks(text: string, rules: CleanRules): Block[] {
  const lines: { text: string; start: number; indented: boolean; blank: boolean }[] = [];
  let pos = 0;
  for (const raw of text.split('\n')) {
    const lead = raw.length - raw.trimStart().length;
    const body = collapse(raw);
    lines.push({ text: body, start: pos + lead, indented: /^(\t| {2,})/.test(raw), blank: body === '' || isResidue(body, rules) });
    pos += raw.length + 1;
  }
  const wrapped = isHardWrapped(lines.filter((l) => !l.blank).map((l) => l.text));
  const blocks: Block[] = [];
  let gap = 0;
  let current: Block | null = null;
  for (const line of lines) {
    if (line.blank) {
      if (current) blocks.push(current);
      current = null;
      gap++;
      continue;
    }
    if (current && wrapped && !line.indented) {
      current.text = joinWrapped(current.text, line.text);
      continue;
    }
    if (current) blocks.push(current);
    current = { text: line.text, sourceStart: line.start, gapBefore: gap, key: '' };
    gap = 0;
  }
  if (current) blocks.push(current);
  for (const block of blocks) {
    block.text = stripTrailers(block.text, rules);
    block.key = normalizeKey(block.text);
  }
  return blocks.filter((b) => b.text !== '' && !isResidue(b.text, rules));
}

/**
 * Turns one source document into clean articles: finds where each article starts (a headline
 * repeated with its photo captions, as scraped pages print them, or a headline after a wide gap),
 * keeps each headline once, moves captions out of the text, drops repeats and residue.
 */
export function cleanDocument(doc: SourceDocument, rules: CleanRules, defaults: { published?: string; source?: string } = {}): Article[] {
  const blocks = toBlocks(doc.text, rules);
  const groups = splitArticles(blocks, rules);
  const articles: Article[] = [];
  for (const group of groups) {
    const meta: ArticleMeta = { ...doc.meta };
    if (groups.length > 1) {
      // Metadata of the file describes the file, not each article in it: keep only what is shared.
      meta.title = group.title?.text;
      meta.externalId = undefined;
    }
    if (meta.title !== undefined) meta.title = collapse(meta.title) || undefined;
    meta.published ??= defaults.published;
    meta.source ??= defaults.source;
    const parts: ParagraphDraft[] = [];
    const seen = new Set<string>();
    let title = group.title;
    if (!title) title = inferTitle(group.body, meta);
    if (title) {
      meta.title ??= title.text;
      parts.push({ text: title.text, kind: 'title', sourceStart: title.sourceStart });
      seen.add(title.key);
    } else if (meta.title) {
      const key = normalizeKey(meta.title);
      parts.push({ text: collapse(meta.title), kind: 'title', sourceStart: -1 });
      seen.add(key);
    }
    const captions = new Set(group.captions.map((c) => c.text));
    for (const caption of group.captions) seen.add(caption.key);
    let previous = title?.key ?? (meta.title ? normalizeKey(meta.title) : '');
    for (const block of group.body) {
      // Scraped pages print captions and paragraphs twice; tables legitimately repeat short rows.
      const repeat = block.key === previous || (seen.has(block.key) && (block.key.split(' ').length >= MIN_WORDS_REPEATED || captions.has(block.text)));
      previous = block.key;
      if (repeat) continue;
      seen.add(block.key);
      if (isCaption(block, rules)) {
        captions.add(block.text);
        continue;
      }
      parts.push({ text: block.text, kind: isTitleLike(block.text) ? 'heading' : 'body', sourceStart: block.sourceStart });
    }
    if (!parts.some((p) => p.kind !== 'title')) continue;
    articles.push(buildArticle(parts, { index: articles.length, meta, origin: doc.origin, captions: [...captions] }));
  }
  return articles;
}

/** Whether block `i`'s text comes again in the blocks up to `until`. */
function repeatsAhead(blocks: Block[], i: number, until: number): boolean {
  for (let j = i + 1; j <= Math.min(until, blocks.length - 1); j++) if (blocks[j].key === blocks[i].key) return true;
  return false;
}

interface ArticleGroup {
  title?: Block;
  captions: Block[];
  body: Block[];
}

/**
 * Finds article starts. A header cluster is a headline-like block that is repeated a few blocks
 * later, together with the blocks around it that also repeat (the photo captions scraped pages
 * print twice). Each cluster after some body text starts a new article; so does a headline-like
 * block after a wide gap, once the current article has body text.
 */
export function splitArticles(blocks: Block[], rules: CleanRules): ArticleGroup[] {
  const groups: ArticleGroup[] = [];
  let current: ArticleGroup = { captions: [], body: [] };
  let i = 0;
  while (i < blocks.length) {
    const block = blocks[i];
    const startsHeader = (i === 0 || block.gapBefore > 0) && isTitleLike(block.text) && !isCaption(block, rules) && repeatsAhead(blocks, i, i + REPEAT_WINDOW);
    let k = i + 1;
    if (startsHeader) {
      const members = new Set([block.key]);
      while (k < blocks.length && (members.has(blocks[k].key) || repeatsAhead(blocks, k, k + REPEAT_WINDOW)) && isTitleLike(blocks[k].text)) {
        members.add(blocks[k].key);
        k++;
      }
    }
    // The headline's repeat must lie inside the cluster: in tables a row repeated further down is
    // not a headline printed twice.
    if (startsHeader && blocks.slice(i + 1, k).some((b) => b.key === block.key)) {
      if (current.body.length > 0 || current.title) {
        groups.push(current);
        current = { captions: [], body: [] };
      }
      current.title = block;
      const seen = new Set([block.key]);
      for (let m = i + 1; m < k; m++) {
        if (seen.has(blocks[m].key)) continue;
        seen.add(blocks[m].key);
        current.captions.push(blocks[m]);
      }
      i = k;
      continue;
    }
    if (block.gapBefore >= ARTICLE_GAP && current.body.length >= 2 && isTitleLike(block.text) && i + 1 < blocks.length) {
      groups.push(current);
      current = { title: block, captions: [], body: [] };
      i++;
      continue;
    }
    current.body.push(block);
    i++;
  }
  if (current.body.length > 0 || current.title) groups.push(current);
  return groups;
}

/** A short first line without a sentence's final stop reads as the headline. */
function inferTitle(body: Block[], meta: ArticleMeta): Block | undefined {
  if (body.length < 2 || meta.title) return undefined;
  const first = body[0];
  if (!isTitleLike(first.text) || first.text.length > 150) return undefined;
  body.shift();
  return first;
}

/** Short, several words, and no sentence-final punctuation (headlines may end in ? or !). */
export function isTitleLike(text: string): boolean {
  if (text.length > MAX_TITLE_LENGTH || text.length < 8) return false;
  if (!/\s/.test(text)) return false;
  const end = text.replace(/["'”’»)\]]+$/u, '');
  return !/[.,;:…]$/u.test(end);
}

/** A short line ending in a photo credit, not in a sentence's full stop. */
function isCaption(block: Block, rules: CleanRules): boolean {
  return block.text.length <= 300 && !/[.!?]["”’]?$/u.test(block.text) && rules.credits.some((r) => r.re.test(block.text));
}

function isResidue(line: string, rules: CleanRules): boolean {
  return line.length <= 200 && rules.lines.some((r) => r.re.test(line));
}

function stripTrailers(text: string, rules: CleanRules): string {
  let out = text;
  for (const rule of rules.trailers) out = out.replace(rule.re, '');
  return out;
}

/** Whitespace of any kind (tabs, no-break spaces, runs) becomes one space; ends are trimmed. */
function collapse(text: string): string {
  // Most lines have nothing to collapse: the two replacements below would each build a copy.
  if (!needsCollapsing(text)) return text.trim();
  // Control characters (terminal escapes among them) are never article text.
  // No "u" flag: every character here is a single UTF-16 unit, and the plain regex is faster.
  return text.replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '').replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ').trim();
}

/**
 * Whether `collapse` has anything to do besides trimming: a control character, a space other than
 * U+0020 (the characters `\s` and the collapse class match), or two spaces in a row.
 */
function needsCollapsing(text: string): boolean {
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || (c === 0x20 && previous === 0x20)) return true;
    if (c >= 0x1680 && (c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff)) return true;
    previous = c;
  }
  return false;
}

/** Lower case, letters and digits only: repeats match despite typography and spacing. */
export function normalizeKey(text: string): string {
  const lower = text.toLowerCase();
  // Plain ASCII, the usual case, needs no Unicode classes: letters and digits are a-z and 0-9.
  return (NON_ASCII.test(lower) ? lower.replace(/[^\p{L}\p{N}]+/gu, ' ') : lower.replace(/[^a-z0-9]+/g, ' ')).trim();
}

const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * Wire copy is wrapped at a fixed width: most lines are of similar length near a ceiling under
 * about 100 characters, and many end mid-sentence.
 */
function isHardWrapped(lines: string[]): boolean {
  if (lines.length < 4) return false;
  const lengths = lines.map((l) => l.length).sort((a, b) => a - b);
  const p90 = lengths[Math.floor(lengths.length * 0.9)];
  if (p90 > 100 || p90 < 30) return false;
  const near = lines.filter((l) => l.length >= p90 * 0.6).length;
  const open = lines.filter((l) => !/[.!?:"”]$/u.test(l)).length;
  return near >= lines.length * 0.5 && open >= lines.length * 0.3;
}

function joinWrapped(a: string, b: string): string {
  return /\p{L}-$/u.test(a) ? a + b : `${a} ${b}`;
}

/** Stage: source text → clean articles with paragraphs. */
export const cleanStage = defineStage({
  name: 'clean',
  scope: 'source',
  needs: ['source.text', 'source.meta'],
  adds: ['articles', 'article.text', 'article.paragraphs', 'article.captions'],
  init: (options) => ({ rules: compileRules(), defaults: { published: options.defaultPublished, source: options.defaultSource } }),
  run(doc, state) {
    doc.articles = cleanDocument(doc, state.rules, state.defaults);
  },
});
