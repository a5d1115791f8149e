import { api } from '../api.ts';
import { h, link } from '../dom.ts';
import { go } from '../router.ts';
import type { StoredEvent } from '../types.ts';
import { empty, errorBox, evidenceHref, field, formValues, modalityBadges, periodFields, PLOVER_TYPES, select, sideName, typeBadge, type ViewContext } from '../ui.ts';

const FILTERS = ['actor', 'dyad', 'type', 'from', 'to', 'minConfidence', 'negated'] as const;

/** Coded events, newest first, with filters and a "more" button. */
export async function eventsView({ root, route, signal }: ViewContext): Promise<void> {
  document.title = 'Events · Entente';
  const q = route.query;
  const filters: Record<string, string> = {};
  for (const k of FILTERS) {
    const v = q.get(k);
    if (v) filters[k] = v;
  }

  const form = h(
    'form',
    { class: 'filters event-filters', 'aria-label': 'Filter events' },
    field('Actor', h('input', { type: 'text', name: 'actor', value: filters.actor ?? '', placeholder: 'IRN, Iran, Aliyev…', size: 14 })),
    field('Pair', h('input', { type: 'text', name: 'dyad', value: filters.dyad ?? '', placeholder: 'IRN,AZE', size: 10 })),
    field('Type', select('type', [['', 'any'], ...PLOVER_TYPES.map((t): [string, string] => [t, t])], filters.type ?? '')),
    ...periodFields(q),
    field('Min. confidence', h('input', { type: 'number', name: 'minConfidence', min: 0, max: 1, step: 0.05, value: filters.minConfidence ?? '', placeholder: '0–1' })),
    h('label', { class: 'field check' }, h('input', { type: 'checkbox', name: 'negated', value: 'true', checked: filters.negated === 'true' || filters.negated === '1' }), h('span', null, 'include denied')),
    h('button', { type: 'submit' }, 'Filter'),
    h('a', { href: '#/events', class: 'reset' }, 'Clear'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = formValues(form);
    go(['events'], Object.fromEntries(FILTERS.map((k) => [k, v[k]])));
  });
  root.append(h('div', { class: 'view-head' }, h('h1', null, 'Events'), form));

  const size = Number(q.get('limit'));
  const params = { ...filters, negated: filters.negated ? 'true' : undefined, limit: Number.isInteger(size) && size >= 1 && size <= 500 ? size : 50 };
  const body = h('tbody');
  const count = h('p', { class: 'muted count', role: 'status' });
  const more = h('button', { type: 'button', class: 'more' }, 'More events');
  const table = h(
    'table',
    { class: 'events-table' },
    h('thead', null, h('tr', null, h('th', null, 'Date'), h('th', null, 'Source'), h('th', null, 'Event'), h('th', null, 'Target'), h('th', null, 'Evidence'), h('th', { class: 'num' }, 'Conf.'))),
    body,
  );
  let shown = 0;
  const addPage = async (cursor: string | null) => {
    const page = await api.events({ ...params, cursor }, signal);
    if (signal.aborted) return;
    body.append(...page.items.map(eventRow));
    shown += page.items.length;
    count.textContent = `${shown} ${shown === 1 ? 'event' : 'events'}${page.next ? ' so far' : ''}`;
    more.hidden = page.next === null;
    more.onclick = null;
    if (page.next) {
      const next = page.next;
      more.onclick = () => {
        more.disabled = true;
        addPage(next)
          .catch((err) => root.append(errorBox(err)))
          .finally(() => (more.disabled = false));
      };
    }
  };
  await addPage(null);
  if (signal.aborted) return;
  if (shown === 0) {
    root.append(empty('No events match these filters.'));
    return;
  }
  root.append(count, h('div', { class: 'table-wrap' }, table), more);
}

export function eventRow(e: StoredEvent): HTMLTableRowElement {
  return h(
    'tr',
    { class: `event-row${e.polarity === 'negated' ? ' negated' : ''}`, 'data-event-id': e.id, 'data-type': e.type, 'data-source': e.source.country ?? e.source.code, 'data-target': e.target ? e.target.country ?? e.target.code : '' },
    h('td', { class: 'nowrap' }, e.date ?? 'undated'),
    h('td', null, sideName(e.source)),
    h('td', null, typeBadge(e.type, e.quad), ...modalityBadges(e)),
    h('td', null, sideName(e.target)),
    h('td', { class: 'evidence-cell' }, link(evidenceHref(e), { class: 'evidence-link', title: 'show these words in the article' }, h('q', null, e.evidence.text)), h('div', { class: 'muted small' }, e.articleTitle ?? `article ${e.article}`, e.outlet ? ` · ${e.outlet}` : '')),
    h('td', { class: 'num' }, `${Math.round(e.confidence * 100)}%`),
  );
}
