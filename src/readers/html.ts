/**
 * Main-text extraction for HTML news pages: Readability picks the article container, then our own
 * cleaning removes the boilerplate it tends to keep (captions, share widgets, "related" lists,
 * datelines, newsletter prompts) and the result is split into real paragraphs.
 *
 * Pure: no I/O. The caller reads the file and wraps errors with the path.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/** What {@link extractHtml} finds in a page. Metadata is present only when the page states it. */
export interface HtmlExtract {
  title?: string;
  /** ISO `YYYY-MM-DD` when the page's date could be parsed, else the page's own string. */
  published?: string;
  /** Outlet name, e.g. "Reuters". */
  source?: string;
  url?: string;
  byline?: string;
  /** Main text, one paragraph per entry, whitespace collapsed, in page order. */
  paragraphs: string[];
}

type El = Element;
const ABL = new Set((process.env.ABL ?? '').split(','));

// Elements that start a new paragraph in the output. Anything else is inline and joins its
// neighbours, which keeps links and emphasis inside the sentence they belong to.
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td',
  'tfoot', 'th', 'thead', 'tr', 'ul',
]);

// Never article text: code, media, and interactive controls whose labels read as stray words.
const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'video', 'audio', 'canvas',
  'button', 'select', 'textarea', 'input', 'label', 'option', 'head', 'title', 'meta', 'link',
]);

// Page furniture that is never part of a news story's body, removed before Readability scores the
// page so that it cannot win or drag the choice of container either.
const CHROME_SELECTOR = [
  'nav', 'aside', 'footer', 'form', 'figcaption', 'dialog', 'menu',
  '[role="navigation"]', '[role="complementary"]', '[role="contentinfo"]', '[role="banner"]', '[role="dialog"]',
  '[role="alert"]', '[role="search"]', '[role="menu"]', '[role="menubar"]', '[hidden]', '[aria-hidden="true"]',
].join(',');

// Class/id words of widgets that sit inside or next to article bodies. Matched against whole
// words of the class or id (split on -, _, spaces and camelCase), so "shared-content" or
// "articleBody" are not caught by "share" or "body".
const BOILERPLATE_WORDS = new Set([
  'share', 'sharing', 'sharebar', 'social', 'sociallinks', 'related', 'recommended', 'recommendations',
  'trending', 'popular', 'mostread', 'newsletter', 'newsletters', 'subscribe', 'subscription', 'signup', 'promo',
  'promotion', 'sponsor', 'sponsored', 'advert', 'advertisement', 'advertising', 'ad', 'ads', 'adslot', 'dfp',
  'outbrain', 'taboola', 'caption', 'captions', 'credit', 'credits', 'breadcrumb', 'breadcrumbs', 'comment',
  'comments', 'disqus', 'byline', 'dateline', 'timestamp', 'tags', 'toolbar', 'print', 'sidebar', 'widget', 'rail',
  'modal', 'popup', 'overlay', 'cookie', 'cookies', 'consent', 'gdpr', 'paywall', 'sronly', 'visuallyhidden',
  'gallery', 'slideshow', 'carousel', 'author', 'bio', 'masthead', 'pagination', 'pager', 'image', 'photo',
  'picture', 'figure',
]);

// Two-word class names whose words alone are too common to act on ("read" / "more").
const BOILERPLATE_PAIRS = new Set([
  'read-more', 'more-stories', 'more-news', 'also-read', 'see-also', 'most-popular', 'most-read', 'you-may',
  'sr-only', 'visually-hidden', 'screen-reader', 'about-author', 'author-bio', 'author-info', 'post-meta',
  'article-meta', 'entry-meta', 'article-tags', 'post-tags', 'image-credit', 'photo-credit', 'next-article',
]);

for (const w of (process.env.DROPW ?? '').split(',')) BOILERPLATE_WORDS.delete(w);
function classWords(el: El): string[] {
  const raw = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  if (!raw.trim()) return [];
  return raw
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function looksLikeBoilerplate(el: El): boolean {
  const words = classWords(el);
  for (let i = 0; i < words.length; i++) {
    if (BOILERPLATE_WORDS.has(words[i])) return true;
    if (i + 1 < words.length && BOILERPLATE_PAIRS.has(`${words[i]}-${words[i + 1]}`)) return true;
  }
  return false;
}

function collapse(s: string): string {
  return s.replace(/[\s\u00a0\u200b\u200c\u200d\ufeff]+/g, ' ').trim();
}

function tagOf(node: Node): string {
  return (node as El).localName?.toLowerCase() ?? '';
}

function textLength(el: Node): number {
  return collapse(el.textContent ?? '').length;
}

/**
 * Removes chrome and boilerplate widgets, but never an element holding most of the page's prose:
 * some sites put the whole story inside a container with a misleading class ("content-with-rail").
 */
function removeBoilerplate(root: El, selectorOnly: boolean): void {
  const total = textLength(root);
  const doomed: El[] = [];
  for (const el of Array.from(root.querySelectorAll(CHROME_SELECTOR))) doomed.push(el);
  if (!selectorOnly) {
    // Inside the chosen container, a <header> holds the headline, standfirst and dateline, and a
    // <figure> holds a picture and its caption: neither is story text.
    for (const el of Array.from(root.querySelectorAll('header,figure'))) doomed.push(el);
  }
  if (!selectorOnly) {
    for (const el of Array.from(root.querySelectorAll('[class],[id]'))) {
      const tag = tagOf(el);
      if (tag === 'body' || tag === 'html' || tag === 'article' || tag === 'main') continue;
      if (looksLikeBoilerplate(el)) doomed.push(el);
    }
  }
  if (!selectorOnly && !ABL.has('card')) {
    // A picture and several links inside running text is a hover card (a person's photo and
    // their latest stories) that the page shows on mouse-over; its text would split a sentence.
    const cards = Array.from(root.querySelectorAll('p span, p div')).filter(
      (el) => el.querySelector('img') && el.querySelectorAll('a').length >= 2,
    );
    // The innermost match is the card; its wrapper also holds the linked name in the sentence.
    doomed.push(...cards.filter((el) => !cards.some((other) => other !== el && el.contains(other))));
  }
  for (const el of doomed) {
    if (!el.parentNode) continue;
    if (textLength(el) > total * 0.4) continue;
    el.remove();
  }
}

const NESTED_BLOCKS = 'p,div,ul,ol,table,h1,h2,h3,h4,h5,h6,blockquote,pre,section';

function hasBlockChild(el: El): boolean {
  return el.querySelector(NESTED_BLOCKS) !== null;
}

interface Block {
  text: string;
  linkChars: number;
  tag: string;
}

/** Splits an element into paragraphs at block boundaries and line breaks. */
function blocksOf(root: El): Block[] {
  const out: Block[] = [];
  let buf = '';
  let linkChars = 0;
  let tag = 'div';
  const flush = () => {
    const text = collapse(buf);
    if (text) out.push({ text, linkChars, tag });
    buf = '';
    linkChars = 0;
  };
  const walk = (node: Node, inLink: boolean, blockTag: string) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        const value = child.nodeValue ?? '';
        if (!buf.trim()) tag = blockTag;
        buf += value;
        if (inLink) linkChars += collapse(value).length;
      } else if (child.nodeType === 1) {
        const t = tagOf(child);
        if (SKIP_TAGS.has(t)) continue;
        if (t === 'br') {
          flush();
        } else if ((t === 'td' || t === 'th') && !ABL.has('cells') && !hasBlockChild(child as El)) {
          // A data table reads row by row: "Palm Bay 18 22 13 17 — 70" is one line, not six.
          buf += ' ';
          walk(child, inLink, blockTag);
          buf += ' ';
        } else if (BLOCK_TAGS.has(t)) {
          flush();
          walk(child, inLink, t);
          flush();
        } else {
          walk(child, inLink || t === 'a', blockTag);
        }
      }
    }
  };
  walk(root, false, tagOf(root));
  flush();
  return out;
}

const SENTENCE_END = /[.!?…。！？"”’»)]$/;

// Lines that credit or label pictures, however they are marked up.
const CAPTION_LINE =
  /^(\(?(image|photo|picture|video|graphic|illustration|foto|bild)s?( credit)?\s*[:©]|image copyright|image caption|media caption|copyright\b|©|\(c\)|credit:|source:|getty images|image \d+ of|\d+ of \d+$)/i;
const CREDIT_TAIL = /(\(\s*(image|photo|picture)s?\s*:[^)]*\)|credit:\s*[^.]*|\|\s*(getty images|reuters|ap|afp|bloomberg)[^.]*)$/i;

// Share/newsletter/navigation prompts that survive inside article containers.
const PROMPT_LINE =
  /^(advertisement|advert|ad|sponsored|continue reading( below)?|read more|read next|more:?|related:?|related (articles|stories|coverage|content|news)\b.*|recommended( for you)?|you (may|might) (also )?like\b.*|see more:.*|don'?t miss:?|trending|latest|popular|most (read|popular|viewed)|share( this( article| story)?)?:?|tweet|email|print|comments?|leave a (comment|reply)|sign (in|up)\b.*|subscribe\b.*|click here\b.*|tags?:.*|filed under:?.*|topics?:.*|loading( content)?\W*|skip to (main )?content|enlarge (image|photo)|close|caption|view (author archive|comments|gallery)|follow (us|him|her)\b.*|join (us|the conversation)\b.*|get (the|our) .*(newsletter|app)\b.*|sign up\b.*|this (slideshow|video|content) requires .*|(this )?(article|story) continues below.*)$/i;

const MONTH =
  '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro';
const DATE_WORDS = new RegExp(
  `\\b(${MONTH}|(mon|tues|wednes|thurs|fri|satur|sun)day|(mon|tue|wed|thu|fri|sat|sun)\\.?|am|pm|a\\.m|p\\.m|[ecmp][sd]?t|gmt|utc|cet|cest|bst|ist|jst|at|on|of|de|le|am|um|updated|published|posted|modified|last|date|ago|\\d+(st|nd|rd|th)?|hours?|minutes?|mins?|days?|weeks?|months?|years?|yesterday|today|and)\\b`,
  'giu',
);
const HAS_DATE = new RegExp(`\\b(${MONTH})\\b.*\\d|\\d.*\\b(${MONTH})\\b|\\d{1,2}[:.]\\d{2}\\s*([ap]\\.?m\\b|[a-z]{2,4}\\b)|\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}|\\bago\\b`, 'iu');
const DATE_PREFIX = /^(updated|published|posted|last (updated|modified)|modified|created|date|datum|publicado|publié)\b/i;

/** A line made of nothing but a date, a time and words like "Updated" or "Published". */
export function isDateLine(text: string): boolean {
  if (text.length > 100 || !HAS_DATE.test(text)) return false;
  if (DATE_PREFIX.test(text) && text.length < 80) return true;
  const rest = text.replace(/^by\s[^|\-–—•·,]+[|\-–—•·,]/i, '').replace(DATE_WORDS, ' ');
  return !/\p{L}{2,}/u.test(rest);
}
const BYLINE_LINE = /^(by|von|par|por|di|door)\s+[\p{Lu}][\p{L}.'’-]+(\s+[\p{L}.'’-]+){0,4}(\s*(,|and|&|\||-|–|—)\s*[\p{L}.'’ -]+){0,4}$/u;

// Site notices that read like sentences but are about the website, not the story.
const NOTICE_LINE =
  /\b(uses? cookies|cookie policy|accept (all )?cookies|affiliate (and\/or referral )?links|all rights reserved|this (material|content) may not be (published|reproduced)|is subject to copyright)\b/i;
// Shortcodes a CMS failed to render: "[button link=…]Label[/button]".
const SHORTCODE_LINE = /^\[\w+[^\]]*\].*\[\/\w+\]$/;

/** True for a paragraph that reads like page furniture rather than prose. */
function isBoilerplateLine(text: string): boolean {
  if (!ABL.has('notice') && text.length < 300 && NOTICE_LINE.test(text)) return true;
  if (!ABL.has('notice') && SHORTCODE_LINE.test(text)) return true;
  if (!ABL.has('prompt') && PROMPT_LINE.test(text)) return true;
  if (!ABL.has('caption') && CAPTION_LINE.test(text)) return true;
  if (!ABL.has('credit') && text.length < 160 && CREDIT_TAIL.test(text)) return true;
  if (!ABL.has('date') && isDateLine(text)) return true;
  if (!ABL.has('byline') && text.length < 80 && BYLINE_LINE.test(text)) return true;
  if (!ABL.has('url') && /^https?:\/\/\S+$/.test(text)) return true;
  return false;
}

/** Short, unpunctuated, mostly linked: a menu item, a tag or a teaser link. */
function isLinkBlock(b: Block): boolean {
  if (b.linkChars === 0) return false;
  if (ABL.has('linkp') && (b.tag === 'p' || /^h[1-6]$/.test(b.tag))) return false;
  if (ABL.has('linkp2') && (b.tag === 'p')) return false;
  if (ABL.has('linkp3') && (b.tag === 'p') && b.text.length >= 20) return false;
  const density = b.linkChars / b.text.length;
  if (density >= 0.8) return true;
  return density >= 0.5 && b.text.length < 100 && !SENTENCE_END.test(b.text);
}

function isHeading(b: Block): boolean {
  return /^h[1-6]$/.test(b.tag);
}

/** Prose: long enough and punctuated like a sentence. */
function isProse(text: string): boolean {
  return text.length >= 80 || (text.length >= 25 && SENTENCE_END.test(text) && /\s/.test(text));
}

// Appeals to the reader that close many stories: follow, subscribe, sign up, send a tip.
const CALL_TO_ACTION =
  /^(follow|subscribe|sign up|join|listen|watch|download|like us|have a tip|got a (news )?tip|send us|tell us|share your|if you (enjoyed|liked|value)|for more (news|stories|coverage)|read (more|the full|our)|click here|to (subscribe|sign up))\b|\b(newsletters?|subscribe|subscription|follow (us|him|her|me|them)( on)?|on (twitter|facebook|instagram)|sign up (for|to)|can be reached at|may be reached at|contact (him|her|them) at)\b/i;

function isCallToAction(text: string): boolean {
  return text.length < 300 && CALL_TO_ACTION.test(text);
}

const EDGE_MAX = Number(process.env.EDGE ?? 3);
function cleanBlocks(blocks: Block[], title: string | undefined): string[] {
  const kept = blocks.filter((b) => (ABL.has('link') || !isLinkBlock(b)) && (ABL.has('line') || !isBoilerplateLine(b.text)));
  const texts = kept.map((b) => b.text);
  // Headlines, datelines and labels gather at the edges of the container Readability picks;
  // the story starts at the first real sentence and ends at the last one.
  let start = 0;
  while (!ABL.has('start') && start < kept.length && !isProse(kept[start].text)) start++;
  if (start > EDGE_MAX) start = 0;
  let end = kept.length;
  while (!ABL.has('end') && end > start && !isProse(kept[end - 1].text)) end--;
  if (kept.length - end > EDGE_MAX) end = kept.length;
  while (!ABL.has('cta') && end > start && kept.length - end < EDGE_MAX && isCallToAction(kept[end - 1].text)) end--;
  const body = texts.slice(start, end);
  const normTitle = title ? collapse(title).toLowerCase() : '';
  return body.filter((t) => t.toLowerCase() !== normTitle);
}

/**
 * Readability sometimes returns a whole-page wrapper around a story that the page itself marks
 * up as the article (schema.org articleBody, or a lone <article>); the marked element is then
 * the better boundary, leaving out breadcrumbs, comment teasers and cookie bars around it.
 */
function narrowToArticle(content: El): El {
  const total = textLength(content);
  if (total === 0) return content;
  for (const selector of ['[itemprop="articleBody"]', 'article']) {
    const found = Array.from(content.querySelectorAll(selector));
    if (found.length !== 1) continue;
    const share = textLength(found[0]) / total;
    if (share >= NARROW_MIN && share < 1) return found[0];
  }
  return content;
}
const NARROW_MIN = Number(process.env.NARROW ?? 0.6);

// ---- metadata ------------------------------------------------------------------------------

function metaContent(doc: Document, selectors: string[]): string | undefined {
  for (const sel of selectors) {
    const el = doc.querySelector(sel);
    const value = collapse(el?.getAttribute('content') ?? el?.getAttribute('datetime') ?? el?.getAttribute('href') ?? '');
    if (value) return value;
  }
  return undefined;
}

function jsonLdValues(doc: Document): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      out.push(o);
      if (o['@graph']) visit(o['@graph']);
    }
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse((script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')));
    } catch {
      // Hand-written JSON-LD is often malformed; the other metadata sources still apply.
    }
  }
  return out;
}

function stringOf(v: unknown): string | undefined {
  if (typeof v === 'string') return collapse(v) || undefined;
  if (Array.isArray(v)) return stringOf(v[0]);
  if (v && typeof v === 'object') return stringOf((v as Record<string, unknown>).name);
  return undefined;
}

/** Normalises a page date to `YYYY-MM-DD`, keeping the calendar date the page wrote. */
export function normaliseDate(value: string): string | undefined {
  const s = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const compact = /^(\d{4})(\d{2})(\d{2})(T|$)/.exec(s);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms);
  // Date.parse reads zone-less strings as local time; take the date in the same frame.
  const local = !/(z|gmt|utc|[+-]\d{2}:?\d{2})\s*$/i.test(s);
  const y = local ? d.getFullYear() : d.getUTCFullYear();
  const m = (local ? d.getMonth() : d.getUTCMonth()) + 1;
  const day = local ? d.getDate() : d.getUTCDate();
  if (y < 1900 || y > 2200) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface PageMeta {
  title?: string;
  published?: string;
  source?: string;
  url?: string;
  byline?: string;
}

function readMetadata(doc: Document): PageMeta {
  const ld = jsonLdValues(doc);
  const ldField = (field: string) => {
    for (const o of ld) {
      const v = stringOf(o[field]);
      if (v) return v;
    }
    return undefined;
  };
  const published =
    metaContent(doc, [
      'meta[property="article:published_time"]',
      'meta[name="article:published_time"]',
      'meta[itemprop="datePublished"]',
      '[itemprop="datePublished"][datetime]',
      'meta[name="pubdate"]',
      'meta[name="publishdate"]',
      'meta[name="date"]',
      'meta[name="dc.date"]',
      'meta[name="DC.date.issued"]',
    ]) ??
    ldField('datePublished') ??
    metaContent(doc, ['time[datetime]']);
  const docTitle = collapse(doc.querySelector('title')?.textContent ?? '') || undefined;
  const url = metaContent(doc, ['link[rel="canonical"]', 'meta[property="og:url"]']);
  return {
    title: metaContent(doc, ['meta[property="og:title"]', 'meta[name="twitter:title"]']) ?? ldField('headline') ?? docTitle,
    published,
    source: metaContent(doc, ['meta[property="og:site_name"]', 'meta[name="application-name"]']) ?? undefined,
    url: url && /^https?:\/\//i.test(url) ? url : undefined,
    byline: metaContent(doc, ['meta[name="author"]', 'meta[property="article:author"]']) ?? ldField('author'),
  };
}

// ---- fallback ------------------------------------------------------------------------------

/**
 * For pages Readability gives up on: the element whose direct <p> children hold the most text,
 * which is where a story's paragraphs sit on nearly every page.
 */
function largestParagraphCluster(doc: Document): El | undefined {
  const score = new Map<El, number>();
  for (const p of Array.from(doc.querySelectorAll('p'))) {
    const parent = p.parentElement;
    if (!parent) continue;
    score.set(parent, (score.get(parent) ?? 0) + textLength(p));
  }
  let best: El | undefined;
  let bestScore = 0;
  for (const [el, s] of score) {
    if (s > bestScore) {
      best = el;
      bestScore = s;
    }
  }
  return best ?? doc.body ?? undefined;
}

// ---- entry point ---------------------------------------------------------------------------

interface ReadabilityResult {
  title?: string | null;
  content?: El | null;
  byline?: string | null;
  siteName?: string | null;
  publishedTime?: string | null;
}

function parse(html: string): Document {
  // linkedom gives no <body> to a fragment; wrapping makes every input a full document.
  const source = /<body[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><body>${html}</body></html>`;
  return parseHTML(source).document as unknown as Document;
}

/**
 * Extracts the main text and metadata of a news page.
 *
 * Runs Readability on a pre-cleaned DOM, then drops the boilerplate paragraphs it keeps; when that
 * yields nothing, falls back to the largest cluster of paragraphs. Tolerates broken markup.
 *
 * @param html the page source
 * @param options.url where the page came from, used when the page names no canonical URL
 * @throws Error when the page has no main text at all
 */
export function extractHtml(html: string, options: { url?: string } = {}): HtmlExtract {
  const document = parse(html);
  const meta = readMetadata(document);
  if (document.body && !ABL.has('pre')) removeBoilerplate(document.body, true);

  let article: ReadabilityResult | null = null;
  try {
    article = new Readability(document, {
      keepClasses: true,
      serializer: (node: Node) => node,
    } as ConstructorParameters<typeof Readability>[1]).parse() as unknown as ReadabilityResult | null;
  } catch {
    // Readability throws on some degenerate documents; the fallback below still applies.
  }
  const title = meta.title ?? collapse(article?.title ?? '') ?? undefined;

  let paragraphs: string[] = [];
  if (article?.content) {
    if (!ABL.has('post')) removeBoilerplate(article.content, false);
    const body = ABL.has('narrow') ? article.content : narrowToArticle(article.content);
    paragraphs = cleanBlocks(blocksOf(body), title);
  }
  if (paragraphs.length === 0) {
    const fresh = parse(html);
    if (fresh.body) removeBoilerplate(fresh.body, false);
    const cluster = largestParagraphCluster(fresh);
    if (cluster) paragraphs = cleanBlocks(blocksOf(cluster), title);
    if (paragraphs.length === 0 && cluster) paragraphs = blocksOf(cluster).map((b) => b.text);
  }
  if (paragraphs.length === 0) throw new Error('no main text found in the HTML');

  const publishedRaw = meta.published ?? collapse(article?.publishedTime ?? '');
  const extract: HtmlExtract = { paragraphs };
  if (title) extract.title = title;
  if (publishedRaw) extract.published = normaliseDate(publishedRaw) ?? publishedRaw;
  const source = meta.source ?? collapse(article?.siteName ?? '');
  if (source) extract.source = source;
  const url = meta.url ?? options.url;
  if (url) extract.url = url;
  const byline = meta.byline ?? collapse(article?.byline ?? '');
  if (byline) extract.byline = byline;
  return extract;
}
