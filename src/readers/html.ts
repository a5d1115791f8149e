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
  // Control characters only get into text from binary junk or broken encodings.
  return s
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/g, '')
    .replace(/[\s\u00a0\u200b\u200c\u200d\ufeff]+/g, ' ')
    .trim();
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
  if (!selectorOnly) {
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

interface Frame {
  node: Node;
  inLink: boolean;
  blockTag: string;
  kind: 'block' | 'cell' | 'inline';
}

/**
 * Splits an element into paragraphs at block boundaries and line breaks. Iterative, so that a
 * page of ten thousand unclosed tags cannot overflow the stack.
 */
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
  const stack: Frame[] = [];
  let inLink = false;
  let blockTag = tagOf(root);
  let node: Node | null = root.firstChild;
  for (;;) {
    if (!node) {
      const frame = stack.pop();
      if (!frame) break;
      if (frame.kind === 'block') flush();
      else if (frame.kind === 'cell') buf += ' ';
      ({ inLink, blockTag } = frame);
      node = frame.node.nextSibling;
      continue;
    }
    if (node.nodeType === 3) {
      const value = node.nodeValue ?? '';
      if (!buf.trim()) tag = blockTag;
      buf += value;
      if (inLink) linkChars += collapse(value).length;
    } else if (node.nodeType === 1) {
      const t = tagOf(node);
      if (t === 'br') {
        flush();
      } else if (!SKIP_TAGS.has(t) && node.firstChild) {
        let kind: Frame['kind'] = 'inline';
        // A data table reads row by row: "Palm Bay 18 22 13 17 — 70" is one line, not six.
        if ((t === 'td' || t === 'th') && !hasBlockChild(node as El)) kind = 'cell';
        else if (BLOCK_TAGS.has(t)) kind = 'block';
        stack.push({ node, inLink, blockTag, kind });
        if (kind === 'block') {
          flush();
          blockTag = t;
        } else if (kind === 'cell') {
          buf += ' ';
        } else if (t === 'a') {
          inLink = true;
        }
        node = node.firstChild;
        continue;
      } else if (BLOCK_TAGS.has(t)) {
        flush();
      }
    }
    node = node.nextSibling;
  }
  flush();
  return out;
}

const SENTENCE_END = /[.!?…。！？"”’»)]$/;

// Lines that credit or label pictures, however they are marked up.
const CAPTION_LINE =
  /^(\(?(image|photo|picture|video|graphic|illustration|foto|bild)s?( credit)?\s*[:©]|image copyright|image caption|media caption|copyright\b|©|\(c\)|credit:|source:|getty images|image \d+ of|(\d+\s*)?of\s*\/?\s*\d+$)/i;
const CREDIT_TAIL =
  /(\(\s*(image|photo|picture)s?\s*:[^)]*\)|credit:\s*[^.]*|[|/]\s*(getty( images)?|reuters|ap|afp|epa|bloomberg)\b[^.]*|\b(photos?|images?|pictures?)\s*(©|courtesy\b)[^.]*)$/i;
// Agency credit lines: "Additional reporting by …", "Reporting by …; Editing by …".
const STAFF_CREDIT = /^(additional )?(reporting|writing|editing|research) by\b/i;

// Share/newsletter/navigation prompts that survive inside article containers; the first
// alternatives are "advertisement" in the languages the adverts are labelled in.
const PROMPT_LINE =
  /^(advertisement|advert|ad|anzeige|werbung|publicité|publicidad|publicidade|pubblicità|iklan|reklama|реклама|广告|広告|sponsored|continue reading( below)?|read more|read next|more:?|related:?|(related|read more|see more|see also|also read|read also|more|watch):\s.*|related (articles|stories|coverage|content|news)\b.*|recommended( for you)?|you (may|might) (also )?like\b.*|don'?t miss:?|trending|latest|popular|most (read|popular|viewed)|share( this( article| story)?)?:?|tweet|email|print|comments?|leave a (comment|reply)|sign (in|up)\b.*|subscribe\b.*|click here\b.*|tags?:.*|filed under:?.*|topics?:.*|loading( content)?\W*|skip to (main )?content|enlarge (image|photo)|close|caption|view (author archive|comments|gallery)|follow (us|him|her)\b.*|join (us|the conversation)\b.*|get (the|our) .*(newsletter|app)\b.*|this (slideshow|video|content) requires .*|(this )?(article|story) continues below.*)$/iu;

const MONTH =
  '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro';
const DATE_WORDS = new RegExp(
  `\\b(${MONTH}|(mon|tues|wednes|thurs|fri|satur|sun)day|(mon|tue|wed|thu|fri|sat|sun)\\.?|am|pm|a\\.m|p\\.m|[ecmp][sd]?t|gmt|utc|cet|cest|bst|ist|jst|at|on|of|de|le|um|updated|published|posted|modified|last|date|ago|\\d+(st|nd|rd|th)?|hours?|minutes?|mins?|days?|weeks?|months?|years?|yesterday|today|and)\\b`,
  'giu',
);
const HAS_DATE = new RegExp(`\\b(${MONTH})\\b.*\\d|\\d.*\\b(${MONTH})\\b|\\d{1,2}[:.]\\d{2}\\s*([ap]\\.?m\\b|[a-z]{2,4}\\b)|\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}|\\bago\\b`, 'iu');
const DATE_PREFIX = new RegExp(
  `^(updated|published|posted|last (updated|modified)|modified|created|date|datum|publicado|publié)[:\\s]*((on|at)\\s+)?(\\d|(${MONTH})\\b|(mon|tue|wed|thu|fri|sat|sun)[a-z]*\\b)`,
  'iu',
);

/** A line made of nothing but a date, a time and words like "Updated" or "Published". */
function isDateLine(text: string): boolean {
  if (text.length > 100 || !HAS_DATE.test(text)) return false;
  if (DATE_PREFIX.test(text) && text.length < 80) return true;
  const rest = text.replace(/^by\s[^|\-–—•·,]+[|\-–—•·,]/i, '').replace(DATE_WORDS, ' ');
  return !/\p{L}{2,}/u.test(rest);
}
const BYLINE_LINE = /^([Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Dd]oor)\s+[\p{Lu}][\p{L}.'’-]+(\s+[\p{L}.'’-]+){0,4}(\s*(,|and|&|\||-|–|—)\s*[\p{L}.'’ -]+){0,4}$/u;

// Site notices that read like sentences but are about the website, not the story.
const NOTICE_LINE =
  /\b(uses? cookies|cookie policy|accept (all )?cookies|affiliate (and\/or referral )?links|all rights reserved|this (material|content) may not be (published|reproduced)|is subject to copyright)\b/i;
// Shortcodes a CMS failed to render: "[button link=…]Label[/button]".
const SHORTCODE_LINE = /^\[\w+[^\]]*\].*\[\/\w+\]$/;

/** True for a paragraph that reads like page furniture rather than prose. */
function isBoilerplateLine(text: string): boolean {
  if (text.length < 300 && NOTICE_LINE.test(text)) return true;
  if (SHORTCODE_LINE.test(text)) return true;
  if (PROMPT_LINE.test(text)) return true;
  if (CAPTION_LINE.test(text)) return true;
  if (text.length < 160 && CREDIT_TAIL.test(text)) return true;
  if (isDateLine(text)) return true;
  if (text.length < 80 && BYLINE_LINE.test(text)) return true;
  if (text.length < 200 && STAFF_CREDIT.test(text)) return true;
  if (/^https?:\/\/\S+$/.test(text)) return true;
  return false;
}

/** Short, unpunctuated, mostly linked: a menu item, a tag or a teaser link. */
function isLinkBlock(b: Block): boolean {
  if (b.linkChars === 0) return false;
  const density = b.linkChars / b.text.length;
  if (density >= 0.8) return true;
  return density >= 0.5 && b.text.length < 100 && !SENTENCE_END.test(b.text);
}

/** Prose: long enough and punctuated like a sentence. */
function isProse(text: string): boolean {
  if (text.length >= 80) return true;
  // Chinese and Japanese sentences have no spaces but end in full-width stops.
  if (/[。！？]$/.test(text) && text.length >= 10) return true;
  return text.length >= 25 && SENTENCE_END.test(text) && /\s/.test(text);
}

// Appeals to the reader that close many stories: follow, subscribe, sign up, send a tip.
const CALL_TO_ACTION =
  /^(follow|subscribe|sign up|join|listen|watch|download|like us|(have|got) a (news )?tip|send us|tell us|share your|if you (enjoyed|liked|value)|for more (news|stories|coverage)|read (more|the full|our)|click here|to (subscribe|sign up)|get (the|our) (latest|best))\b|\b(our newsletters?|subscribe to (our|the)|follow (us|him|her|me|them) on|(can|may) be reached at)\b/i;

function isCallToAction(text: string): boolean {
  return text.length < 300 && CALL_TO_ACTION.test(text);
}

// At most this many leading labels (kicker, headline, dateline) are trimmed before the first
// sentence, and at most this many closing appeals after the last; a longer run is content
// (a list, a table) that happens to sit at the edge.
const EDGE_MAX = 3;

function cleanBlocks(blocks: Block[], titles: string[]): string[] {
  const kept = blocks.filter((b) => !isLinkBlock(b) && !isBoilerplateLine(b.text));
  let start = 0;
  while (start < kept.length && !isProse(kept[start].text)) start++;
  // No sentence at all (a short note, a results table) is content of its own kind, kept whole.
  if (start > EDGE_MAX || start === kept.length) start = 0;
  let end = kept.length;
  while (end > start && kept.length - end < EDGE_MAX && isCallToAction(kept[end - 1].text)) end--;
  const headline = new Set(titles.map((t) => t.toLowerCase()));
  return kept
    .slice(start, end)
    .map((b) => b.text)
    .filter((t) => !headline.has(t.toLowerCase()));
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
    if (share >= 0.6 && share < 1) return found[0];
  }
  return content;
}

// ---- metadata ------------------------------------------------------------------------------

/** Values of the first element matching each selector, in selector order. */
function metaValues(doc: Document, selectors: string[]): string[] {
  const out: string[] = [];
  for (const sel of selectors) {
    const el = doc.querySelector(sel);
    const value = collapse(el?.getAttribute('content') ?? el?.getAttribute('datetime') ?? el?.getAttribute('href') ?? '');
    if (value) out.push(value);
  }
  return out;
}

function metaContent(doc: Document, selectors: string[]): string | undefined {
  return metaValues(doc, selectors)[0];
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
function normaliseDate(value: string): string | undefined {
  const s = value.trim();
  const ymd = /^(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s])/.exec(s);
  if (ymd) return plausible(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  // Without the time of day and its zone, Date.parse reads the date as local midnight, so the
  // local calendar date is the one written: "Tue, 19 Nov 2019 23:30 -0500" stays the 19th.
  const dateOnly = s.replace(/\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([ap]\.?m\.?)?(\s*([a-z]{1,5}|[+-]\d{2}:?\d{2})\b)?/gi, ' ');
  const ms = Date.parse(dateOnly);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms);
  return plausible(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

function plausible(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

interface PageMeta {
  title?: string;
  /** Candidate publication dates, best source first. */
  dates: string[];
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
  const dates = [
    ...metaValues(doc, [
      'meta[property="article:published_time"]',
      'meta[name="article:published_time"]',
      '[itemprop="datePublished"]',
      'meta[name="pubdate"]',
      'meta[name="publishdate"]',
      'meta[name="date"]',
      'meta[name="dc.date"]',
      'meta[name="DC.date.issued"]',
    ]),
    ldField('datePublished'),
    metaContent(doc, ['time[datetime]']),
  ].filter((d): d is string => Boolean(d));
  const url = metaContent(doc, ['link[rel="canonical"]', 'meta[property="og:url"]']);
  // Author meta tags often hold a profile URL rather than a name.
  const author = [metaContent(doc, ['meta[name="author"]', 'meta[property="article:author"]']), ldField('author')].find(
    (a) => a && !/^https?:|^\/\//i.test(a),
  );
  return {
    title: metaContent(doc, ['meta[property="og:title"]', 'meta[name="twitter:title"]']) ?? ldField('headline'),
    dates,
    source: metaContent(doc, ['meta[property="og:site_name"]']),
    url: url && /^https?:\/\//i.test(url) ? url : undefined,
    byline: author,
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

type ReadabilityResult = NonNullable<ReturnType<Readability<El>['parse']>>;

/**
 * Rebuilds the page as `<html><head>…</head><body>…</body></html>` before parsing. linkedom does not
 * repair document structure the way browsers do: it drops text after `</body>` or `</html>`, text
 * in an `<html>` without `<body>`, and makes a `<body>`-only fragment its document element.
 */
function normaliseStructure(html: string): string {
  const headEnd = html.search(/<\/head\s*>/i);
  const bodyTag = /<body(\s[^>]*)?>/i;
  const afterHead = headEnd < 0 ? html : html.slice(headEnd);
  const bodyAt = afterHead.search(bodyTag);
  let head = '';
  let body = html;
  if (bodyAt >= 0) {
    const at = (headEnd < 0 ? 0 : headEnd) + bodyAt;
    head = html.slice(0, at);
    body = html.slice(at);
  } else if (headEnd >= 0) {
    head = html.slice(0, headEnd);
    body = html.slice(headEnd);
  }
  const strip = (part: string) => part.replace(/<!doctype[^>]*>|<\/?(html|head|body)(\s[^>]*)?>/gi, '');
  return `<!DOCTYPE html><html><head>${strip(head)}</head><body>${strip(body)}</body></html>`;
}

function parse(html: string): Document {
  return parseHTML(normaliseStructure(html)).document as unknown as Document;
}

// Real pages nest a few dozen elements deep. Far deeper trees come from unclosed tags, and
// Readability's recursive passes grow with depth until they overflow the stack.
const MAX_DEPTH = 400;

function depthExceeds(root: Node, limit: number): boolean {
  let depth = 0;
  let node: Node | null = root;
  while (node) {
    if (node.firstChild) {
      node = node.firstChild;
      if (++depth > limit) return true;
      continue;
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      depth--;
    }
    if (!node || node === root) return false;
    node = node.nextSibling;
  }
  return false;
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
  const docTitle = collapse(document.querySelector('title')?.textContent ?? '');
  const body = document.body;
  if (body && depthExceeds(body, MAX_DEPTH)) {
    // Too malformed for Readability: keep whatever text there is, cleaned line by line.
    const paragraphs = cleanBlocks(blocksOf(body), [meta.title ?? '', docTitle].filter(Boolean));
    if (paragraphs.length === 0) throw new Error('no main text found in the HTML');
    return withMetadata({ paragraphs }, meta, meta.title || docTitle, null, options.url);
  }
  if (body) removeBoilerplate(body, true);

  let article: ReadabilityResult | null = null;
  try {
    // Class names are kept for our own boilerplate pass, and the content comes back as a DOM
    // node so it need not be serialised and parsed again.
    article = new Readability<El>(document, { keepClasses: true, serializer: (node) => node as El }).parse();
  } catch {
    // Readability throws on some degenerate documents; the fallback below still applies.
  }
  const readabilityTitle = collapse(article?.title ?? '');
  const title = meta.title || readabilityTitle || docTitle;
  const titles = [meta.title ?? '', readabilityTitle, docTitle].filter(Boolean);

  let paragraphs: string[] = [];
  if (article?.content) {
    removeBoilerplate(article.content, false);
    paragraphs = cleanBlocks(blocksOf(narrowToArticle(article.content)), titles);
  }
  if (paragraphs.length === 0) {
    const fresh = parse(html);
    if (fresh.body) removeBoilerplate(fresh.body, false);
    const cluster = largestParagraphCluster(fresh);
    if (cluster) paragraphs = cleanBlocks(blocksOf(cluster), titles);
  }
  if (paragraphs.length === 0) throw new Error('no main text found in the HTML');

  return withMetadata({ paragraphs }, meta, title, article, options.url);
}

function withMetadata(
  extract: HtmlExtract,
  meta: PageMeta,
  title: string,
  article: ReadabilityResult | null,
  fallbackUrl: string | undefined,
): HtmlExtract {
  if (title) extract.title = title;
  // Templates sometimes fill a date field with a placeholder ("0001-01-01"); the next source
  // that parses to a plausible date wins, and an unparseable one is passed on as written.
  const dates = [...meta.dates, collapse(article?.publishedTime ?? '')].filter(Boolean);
  const published = dates.map(normaliseDate).find(Boolean) ?? dates.find((d) => !/^\d{4}-?\d{2}-?\d{2}/.test(d));
  if (published) extract.published = published;
  const source = meta.source || collapse(article?.siteName ?? '');
  if (source) extract.source = source;
  const url = meta.url ?? fallbackUrl;
  if (url) extract.url = url;
  const byline = (meta.byline || collapse(article?.byline ?? '')).replace(/^by\s+/i, '');
  if (byline) extract.byline = byline;
  return extract;
}
