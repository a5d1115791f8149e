import { api } from '../api.ts';
import { h, link } from '../dom.ts';
import { href, replace } from '../router.ts';
import type { ArticleResponse, StoredEvent, StoredQuote } from '../types.ts';
import { empty, externalLink, meta, modalityBadges, QUAD_LABELS, sideName, signed, typeBadge, type ViewContext } from '../ui.ts';

/** A span of the text to highlight. */
export interface Mark {
  start: number;
  end: number;
  kind: 'actor' | 'date' | 'place' | 'quote' | 'evidence';
  title: string;
  event?: number;
  quote?: number;
}

export interface Segment {
  start: number;
  end: number;
  marks: Mark[];
}

/**
 * Cuts [from, to) at every boundary of every mark, so overlapping and nested marks become flat
 * segments, each with the marks that cover it.
 */
export function segments(from: number, to: number, marks: Mark[]): Segment[] {
  const inside = marks.filter((m) => m.end > from && m.start < to && m.end > m.start);
  const cuts = new Set<number>([from, to]);
  for (const m of inside) {
    cuts.add(Math.max(from, m.start));
    cuts.add(Math.min(to, m.end));
  }
  const points = [...cuts].sort((x, y) => x - y);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const end = points[i + 1];
    out.push({ start, end, marks: inside.filter((m) => m.start <= start && m.end >= end) });
  }
  return out;
}

const LAYERS: [Mark['kind'], string][] = [
  ['actor', 'Actors'],
  ['date', 'Dates'],
  ['place', 'Places'],
  ['quote', 'Quotes'],
  ['evidence', 'Event evidence'],
];

function marksOf(article: ArticleResponse): Mark[] {
  const marks: Mark[] = [];
  for (const m of article.mentions) {
    marks.push({ start: m.start, end: m.end, kind: 'actor', title: m.actorName ? `${m.actorName}${m.actorCode ? ` (${m.actorCode})` : ''} · ${m.kind}` : `${m.kind} (unresolved)` });
  }
  for (const d of article.dates) marks.push({ start: d.start, end: d.end, kind: 'date', title: `date: ${d.value} (${d.precision})` });
  for (const p of article.places) marks.push({ start: p.start, end: p.end, kind: 'place', title: `place: ${p.name}${p.country ? `, ${p.country}` : ''} (${p.kind})` });
  for (const quote of article.quotes) marks.push({ start: quote.start, end: quote.end, kind: 'quote', quote: quote.id, title: `${quote.kind} quote by ${quote.speaker?.name ?? quote.speaker?.text ?? 'unknown speaker'}` });
  for (const e of article.events) {
    marks.push({ start: e.evidence.start, end: e.evidence.end, kind: 'evidence', event: e.id, title: `${e.type}: ${sideName(e.source)} → ${sideName(e.target)}${e.polarity === 'negated' ? ' (denied)' : ''}` });
  }
  return marks;
}

/** One paragraph of the text with its highlights. */
function paragraph(text: string, from: number, to: number, marks: Mark[], kind: string, tag: 'h1' | 'h2' | 'h3' | 'p'): HTMLElement {
  const p = h(tag, { class: `para para-${kind}`, 'data-start': from });
  for (const seg of segments(from, to, marks)) {
    const words = text.slice(seg.start, seg.end);
    if (seg.marks.length === 0) {
      p.append(words);
      continue;
    }
    const kinds = [...new Set(seg.marks.map((m) => m.kind))];
    const events = seg.marks.filter((m) => m.event !== undefined).map((m) => m.event);
    const quotes = seg.marks.filter((m) => m.quote !== undefined).map((m) => m.quote);
    const span = h(
      'span',
      {
        class: `hl ${kinds.join(' ')}`,
        title: [...new Set(seg.marks.map((m) => m.title))].join('\n'),
        'data-events': events.length ? events.join(' ') : null,
        'data-quotes': quotes.length ? quotes.join(' ') : null,
      },
      words,
    );
    p.append(span);
  }
  return p;
}

/** An article's text with actors, dates, places, quotes and event evidence highlighted, and a card per event. */
export async function articleView({ root, route, signal }: ViewContext): Promise<void> {
  const raw = route.parts[0] ?? '';
  if (!/^\d{1,15}$/.test(raw)) {
    root.append(h('h1', null, 'Article'), empty('No article id in the address. See the ', h('a', { href: '#/articles' }, 'list of articles'), '.'));
    return;
  }
  const id = Number(raw);
  const article = await api.article(id, signal);
  if (signal.aborted) return;
  document.title = `${article.title ?? `Article ${id}`} · Entente`;
  const q = route.query;
  const events = [...article.events].sort((x, y) => x.evidence.start - y.evidence.start || x.id - y.id);

  // What the address selects: an event (by id, or by the merged event it belongs to) or a quote.
  let selectedEvent: number | null = null;
  let selectedQuote: number | null = null;
  const wantEvent = Number(q.get('event'));
  const wantMerged = Number(q.get('merged'));
  const wantQuote = Number(q.get('quote'));
  let missing: string | null = null;
  if (q.has('event')) {
    if (events.some((e) => e.id === wantEvent)) selectedEvent = wantEvent;
    else missing = `Event ${q.get('event')} is not one of this article's events.`;
  } else if (q.has('merged')) {
    const found = events.find((e) => e.mergedId === wantMerged);
    if (found) selectedEvent = found.id;
    else missing = `This article does not report event ${q.get('merged')}.`;
  } else if (q.has('quote')) {
    if (article.quotes.some((x) => x.id === wantQuote)) selectedQuote = wantQuote;
    else missing = `Quote ${q.get('quote')} is not in this article.`;
  }

  const marks = marksOf(article);
  const paras = article.paragraphSpans.length ? article.paragraphSpans : [{ start: 0, end: article.text.length, kind: 'body' }];
  // The headline is the text's first paragraph (with its own highlights): it is the page's heading.
  const headlineInText = paras[0].kind === 'title';
  const textBox = h(
    'div',
    { class: 'article-text', lang: 'en' },
    ...paras.map((p, i) => paragraph(article.text, p.start, p.end, marks, p.kind, p.kind === 'title' ? (i === 0 ? 'h1' : 'h2') : p.kind === 'heading' ? 'h3' : 'p')),
  );
  if (headlineInText) textBox.firstElementChild!.classList.add('article-title');

  const toggles = h(
    'fieldset',
    { class: 'layers' },
    h('legend', null, 'Highlight'),
    ...LAYERS.map(([kind, label]) => {
      const box = h('input', { type: 'checkbox', checked: true, 'data-layer': kind });
      box.addEventListener('change', () => textBox.classList.toggle(`hide-${kind}`, !box.checked));
      return h('label', { class: `layer layer-${kind}` }, box, h('span', { class: `swatch ${kind}` }), label);
    }),
  );

  const cards = events.map((e) => eventCard(e, article));
  const quoteItems = article.quotes.map((quote) => quoteItem(quote));
  const eventsColumn = h(
    'aside',
    { class: 'article-side' },
    h('h2', null, `Events (${events.length})`),
    events.length ? h('div', { class: 'event-cards' }, ...cards) : empty('No events were coded in this article.'),
    h('h2', null, `Quotes (${article.quotes.length})`),
    article.quotes.length ? h('ul', { class: 'quotes article-quotes' }, ...quoteItems) : empty('No quotes.'),
  );

  const select = (event: number | null, quote: number | null, scroll: boolean) => {
    selectedEvent = event;
    selectedQuote = quote;
    replace(['article', id], { event: event ?? undefined, quote: event === null ? quote ?? undefined : undefined });
    for (const el of textBox.querySelectorAll<HTMLElement>('.evidence')) el.classList.toggle('selected', event !== null && (el.dataset.events ?? '').split(' ').includes(String(event)));
    for (const el of textBox.querySelectorAll<HTMLElement>('.quote')) el.classList.toggle('quote-selected', quote !== null && (el.dataset.quotes ?? '').split(' ').includes(String(quote)));
    for (const card of cards) card.classList.toggle('selected', Number(card.dataset.eventId) === event);
    for (const item of quoteItems) item.classList.toggle('selected', Number(item.dataset.quoteId) === quote);
    if (!scroll) return;
    const first = textBox.querySelector(event !== null ? '.evidence.selected' : '.quote.quote-selected');
    first?.scrollIntoView({ block: 'center' });
    const card = event !== null ? cards.find((c) => Number(c.dataset.eventId) === event) : quoteItems.find((c) => Number(c.dataset.quoteId) === quote);
    if (card) eventsColumn.scrollTop = card.offsetTop - eventsColumn.offsetTop - 12;
  };

  // Clicking highlighted words selects the event (or quote) they are evidence of; again, the next one.
  textBox.addEventListener('click', (e) => {
    const seg = (e.target as Element).closest<HTMLElement>('.hl');
    if (!seg) return;
    const ids = (seg.dataset.events ?? '').split(' ').filter(Boolean).map(Number);
    if (ids.length) {
      const at = selectedEvent === null ? -1 : ids.indexOf(selectedEvent);
      select(ids[(at + 1) % ids.length], null, false);
      const card = cards.find((c) => Number(c.dataset.eventId) === selectedEvent);
      if (card) eventsColumn.scrollTop = card.offsetTop - eventsColumn.offsetTop - 12;
      return;
    }
    const quotes = (seg.dataset.quotes ?? '').split(' ').filter(Boolean).map(Number);
    if (quotes.length) select(null, quotes[0], false);
  });
  for (const card of cards) {
    card.querySelector('.show-evidence')?.addEventListener('click', (e) => {
      e.preventDefault();
      select(Number(card.dataset.eventId), null, true);
    });
  }
  for (const item of quoteItems) {
    item.querySelector('.show-quote')?.addEventListener('click', (e) => {
      e.preventDefault();
      select(null, Number(item.dataset.quoteId), true);
    });
  }

  const head = h(
    'header',
    { class: 'article-head' },
    headlineInText ? null : h('h1', { class: 'article-title' }, article.title ?? `Article ${id}`),
    h(
      'p',
      { class: 'muted article-meta' },
      meta(`#${article.id}`, article.published ?? 'undated', article.source, `${article.paragraphs} paragraphs`, `${article.chars.toLocaleString('en')} characters`),
      article.url ? ' · ' : '',
      externalLink(article.url),
      article.nearDuplicateOf ? h('span', null, ' · near-duplicate of ', h('a', { href: href(['article', article.nearDuplicateOf]) }, `#${article.nearDuplicateOf}`), article.similarity ? ` (${Math.round(article.similarity * 100)}% similar)` : '') : null,
    ),
    missing ? h('p', { class: 'notice', role: 'status' }, missing) : null,
    toggles,
  );
  const captions = article.captions.length ? h('section', { class: 'captions' }, h('h2', null, 'Captions'), h('ul', null, ...article.captions.map((c) => h('li', null, c)))) : null;

  // The page reads title, then where it came from, then the text.
  if (headlineInText) textBox.firstElementChild!.after(head);
  else textBox.prepend(head);
  root.append(h('div', { class: 'article-layout' }, h('div', { class: 'article-main' }, textBox, captions), eventsColumn));
  if (selectedEvent !== null || selectedQuote !== null) select(selectedEvent, selectedQuote, true);
}

function eventCard(e: StoredEvent, article: ArticleResponse): HTMLElement {
  const dyad = e.target && e.source.country && e.target.country && e.source.country !== e.target.country ? href(['dyad', e.source.country, e.target.country]) : null;
  const row = (label: string, value: string | HTMLElement | null) => (value === null || value === '' ? null : [h('dt', null, label), h('dd', null, value)]);
  return h(
    'article',
    { class: `event-card quad-${e.quad}${e.polarity === 'negated' ? ' negated' : ''}`, id: `event-${e.id}`, 'data-event-id': e.id, 'data-type': e.type },
    h('header', null, typeBadge(e.type, e.quad), ...modalityBadges(e), h('span', { class: 'muted small event-id' }, `#${e.id}`)),
    h('p', { class: 'event-sides' }, h('strong', null, sideName(e.source)), ' → ', h('strong', null, sideName(e.target))),
    h(
      'dl',
      null,
      row('date', e.date ? `${e.date}${e.dateStated ? '' : ' (from publication date)'}` : 'undated'),
      row('polarity', e.polarity),
      row('modality', e.modality),
      row('CAMEO', `${e.cameo} · Goldstein ${signed(e.goldstein, 1)} · ${QUAD_LABELS[e.quad] ?? ''}`),
      row('confidence', `${Math.round(e.confidence * 100)}%`),
      row('pattern', h('code', { class: 'rule' }, e.rule)),
      row('place', e.place ? `${e.place.name}${e.place.country ? `, ${e.place.country}` : ''}` : null),
      row('reports', e.mentions > 1 ? `said ${e.mentions} times in this article` : null),
    ),
    h('blockquote', { class: 'evidence-text' }, e.evidence.text),
    h('p', { class: 'card-links' }, h('a', { href: href(['article', article.id], { event: e.id }), class: 'show-evidence' }, 'Show in text'), dyad ? [' · ', link(dyad, null, 'Pair over time ›')] : null),
  );
}

function quoteItem(quote: StoredQuote): HTMLElement {
  return h(
    'li',
    { class: 'quote', 'data-quote-id': quote.id },
    h('blockquote', null, quote.text),
    h('div', { class: 'muted small' }, '— ', quote.speaker?.name ?? quote.speaker?.text ?? 'unknown speaker', ` · ${quote.kind} · `, h('a', { href: href(['article', quote.article], { quote: quote.id }), class: 'show-quote' }, 'Show in text')),
  );
}
