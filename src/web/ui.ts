/** Pieces shared by the views: colours, labels, forms, messages. */
import { h, link, type Child } from './dom.ts';
import { href, type Route } from './router.ts';
import type { StoredEvent } from './types.ts';

export interface ViewContext {
  root: HTMLElement;
  route: Route;
  /** Aborted when the reader moves to another view; a view stops as soon as it sees it. */
  signal: AbortSignal;
}

export const QUAD_LABELS = ['', 'verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'] as const;

export const PLOVER_TYPES = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];

const CONFLICT = [192, 57, 43];
const NEUTRAL = [150, 150, 150];
const COOPERATION = [36, 113, 163];

/** −1 (all conflict) red, 0 grey, +1 (all cooperation) blue. */
export function indexColour(index: number): string {
  const t = Math.max(-1, Math.min(1, Number.isFinite(index) ? index : 0));
  const [from, to, f] = t < 0 ? [NEUTRAL, CONFLICT, -t] : [NEUTRAL, COOPERATION, t];
  const c = from.map((v, i) => Math.round(v + (to[i] - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export function signed(x: number, digits = 2): string {
  const v = x.toFixed(digits);
  return x > 0 ? `+${v}` : x < 0 ? `−${v.slice(1)}` : v;
}

export const TREND_ARROWS: Record<string, string> = { improving: '↗', worsening: '↘', steady: '→', unknown: '·' };

const TREND_TITLES: Record<string, string> = {
  improving: 'more cooperative lately than before',
  worsening: 'more conflictual lately than before',
  steady: 'about the same lately as before',
  unknown: 'too few periods to tell',
};

/** The direction of change; `compact` shows the arrow only (the word is in the tooltip). */
export function trendBadge(direction: string, compact = false): HTMLElement {
  const title = `trend: ${direction} (${TREND_TITLES[direction] ?? ''})`;
  const arrow = direction === 'unknown' ? '–' : TREND_ARROWS[direction] ?? '·';
  return h('span', { class: `trend trend-${direction}`, title, 'aria-label': title }, compact ? arrow : `${arrow} ${direction}`);
}

export function sideName(side: { name: string | null; code: string | null; id?: string } | null): string {
  if (!side) return '—';
  const code = side.code ?? side.id ?? '';
  return side.name ? (code && code !== side.name ? `${side.name} (${code})` : side.name) : code;
}

/** The route to an event's words in its article. */
export function evidenceHref(e: { article: number; id: number }): string {
  return href(['article', e.article], { event: e.id });
}

export function typeBadge(type: string, quad: number): HTMLElement {
  return h('span', { class: `type-badge quad-${quad}`, title: QUAD_LABELS[quad] ?? '' }, type);
}

/** Badges for events that did not simply happen: denied, planned, alleged, hypothetical. */
export function modalityBadges(e: Pick<StoredEvent, 'polarity' | 'modality'>): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (e.polarity === 'negated') out.push(h('span', { class: 'badge badge-negated' }, 'denied'));
  if (e.modality && e.modality !== 'actual') out.push(h('span', { class: `badge badge-${e.modality}` }, e.modality));
  return out;
}

export function loading(what = 'Loading'): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, `${what}…`);
}

export function errorBox(err: unknown): HTMLElement {
  const message = err instanceof Error ? err.message : String(err);
  return h('div', { class: 'error', role: 'alert' }, h('strong', null, 'Something went wrong. '), message);
}

export function empty(...children: Child[]): HTMLElement {
  return h('p', { class: 'empty-note' }, ...children);
}

/** A labelled form field. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, hint ? h('span', { class: 'field-hint' }, hint) : null);
}

/** The values of a form's filled-in fields. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  return out;
}

export function select(name: string, options: [string, string][], value: string): HTMLSelectElement {
  return h('select', { name }, ...options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

/** A period control: from and to dates (partial dates are fine: 2025, 2025-07). */
export function periodFields(query: URLSearchParams): HTMLElement[] {
  const date = (name: string) => h('input', { type: 'text', name, value: query.get(name) ?? '', placeholder: 'YYYY-MM-DD', pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?', inputmode: 'numeric', size: 11 });
  return [field('From', date('from')), field('To', date('to'))];
}

export function meta(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
}

export function externalLink(url: string | null): HTMLElement | null {
  if (!url) return null;
  return link(url, { class: 'external' }, url.replace(/^https?:\/\//i, '').slice(0, 80));
}
