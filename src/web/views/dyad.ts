import { api } from '../api.ts';
import { h, link, s } from '../dom.ts';
import { go, href } from '../router.ts';
import type { DyadPoint, DyadReport } from '../types.ts';
import { empty, field, formValues, indexColour, meta, periodFields, QUAD_LABELS, select, sideName, signed, trendBadge, typeBadge, type ViewContext } from '../ui.ts';

/** Two actors over time: the cooperation–conflict line, the events under it, the quotes between them. */
export async function dyadView({ root, route, signal }: ViewContext): Promise<void> {
  const [a, b] = route.parts;
  if (!a || !b) {
    root.append(h('h1', null, 'Pair'), empty('Name two actors in the address, e.g. ', h('a', { href: '#/dyad/IRN/AZE' }, '#/dyad/IRN/AZE'), ', or pick a line in the ', h('a', { href: '#/graph' }, 'relations graph'), '.'));
    return;
  }
  const q = route.query;
  const by = (['day', 'week', 'month'] as const).find((p) => p === q.get('by')) ?? 'month';
  const level = q.get('level') === 'actor' ? 'actor' : 'state';
  const nameOf = (id: string) =>
    api.actor(id, signal).then(
      (actor) => actor.name,
      () => id,
    );
  const [report, nameA, nameB] = await Promise.all([api.dyad({ a, b, by, level: level === 'actor' ? 'actor' : undefined, from: q.get('from'), to: q.get('to') }, signal), nameOf(a), nameOf(b)]);
  if (signal.aborted) return;
  document.title = `${nameA} – ${nameB} · Entente`;

  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Period' },
    field('By', select('by', [['day', 'day'], ['week', 'week'], ['month', 'month']], by)),
    ...periodFields(q),
    h('button', { type: 'submit' }, 'Show'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = formValues(form);
    go(['dyad', a, b], { by: v.by === 'month' ? undefined : v.by, from: v.from, to: v.to, level: level === 'actor' ? 'actor' : undefined });
  });

  const t = report.totals;
  root.append(
    h(
      'div',
      { class: 'view-head' },
      h('h1', { class: 'dyad-title' }, nameA, h('span', { class: 'code' }, report.a), ' ↔ ', nameB, h('span', { class: 'code' }, report.b)),
      form,
    ),
    h(
      'div',
      { class: 'totals' },
      stat('events', String(t.events)),
      stat('index', signed(t.index), indexColour(t.index)),
      stat('Goldstein mean', signed(t.goldsteinMean, 1)),
      stat('cooperation', `${t.quad[0]} verbal · ${t.quad[1]} material`),
      stat('conflict', `${t.quad[2]} verbal · ${t.quad[3]} material`),
      h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, 'trend'), h('span', { class: 'stat-value' }, trendBadge(report.trend.direction))),
      h('div', { class: 'stat stat-links' }, h('a', { href: href(['events'], { dyad: `${report.a},${report.b}` }) }, 'Every event between them ›')),
    ),
  );

  if (report.points.length === 0) root.append(empty('No dated events between these two in this period.'));
  else root.append(h('figure', { class: 'chart' }, dyadChart(report.points), h('figcaption', null, `Index per ${by}: +1 when everything between them was cooperation, −1 when it was all conflict. Bars: events per ${by} by kind.`)));

  root.append(h('div', { class: 'columns' }, evidenceList(report), quoteList(report)));
}

function stat(label: string, value: string, colour?: string): HTMLElement {
  const v = h('span', { class: 'stat-value' }, value);
  if (colour) v.style.color = colour;
  return h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), v);
}

const QUAD_COLOURS = ['', '#7fb3d5', '#2471a3', '#e6a19a', '#c0392b'];

/** A period as a day number, for a time axis: a month sits mid-month, a year mid-year, a week on its Monday. */
export function periodTime(period: string): number {
  const day = 86_400_000;
  let m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) return Date.UTC(Number(m[1]), 0, 1) / day + Number(m[2]) * 7;
  m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(period);
  if (!m) return NaN;
  const [year, month, date] = [Number(m[1]), m[2] ? Number(m[2]) - 1 : 6, m[3] ? Number(m[3]) : m[2] ? 15 : 1];
  return Date.UTC(year, month, date) / day;
}

/** The index over time as a line, with the events of each period as stacked bars beneath. */
export function dyadChart(points: DyadPoint[]): SVGSVGElement {
  const W = 900;
  const left = 96;
  const right = 36;
  const top = 14;
  const lineH = 170;
  const gap = 18;
  const barH = 60;
  const bottom = 40;
  const H = top + lineH + gap + barH + bottom;
  const n = points.length;
  const plotW = W - left - right;
  // A time axis: periods without events leave a gap, so a jump across months looks like one.
  const times = points.map((p, i) => (Number.isFinite(periodTime(p.period)) ? periodTime(p.period) : i));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (i: number) => (t1 > t0 ? left + ((times[i] - t0) / (t1 - t0)) * plotW : left + plotW / 2);
  const y = (v: number) => top + ((1 - v) / 2) * lineH;
  const barTop = top + lineH + gap;
  const maxEvents = Math.max(...points.map((p) => p.events));
  const closest = points.reduce((d, _, i) => (i === 0 ? d : Math.min(d, x(i) - x(i - 1))), plotW);
  const barW = Math.max(3, Math.min(26, closest * 0.7));

  const svg = s('svg', { class: 'dyad-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Cooperation–conflict index over ${n} periods` });
  for (const v of [1, 0.5, 0, -0.5, -1]) {
    svg.append(s('line', { class: v === 0 ? 'axis zero' : 'grid', x1: left - 4, x2: W - right + 14, y1: y(v), y2: y(v) }));
    svg.append(s('text', { class: 'tick', x: left - 12, y: y(v), dy: '0.35em', 'text-anchor': 'end' }, v === 1 ? '+1 coop.' : v === -1 ? '−1 conflict' : signed(v, 1)));
  }
  svg.append(s('line', { class: 'axis', x1: left - 4, x2: W - right + 14, y1: barTop + barH, y2: barTop + barH }));
  svg.append(s('text', { class: 'tick', x: left - 12, y: barTop + 4, dy: '0.35em', 'text-anchor': 'end' }, `${maxEvents} ${maxEvents === 1 ? 'event' : 'events'}`));

  // A small tick at the start of each month (each year when the span is long).
  const span = t1 - t0;
  if (span > 0) {
    const first = new Date(t0 * 86_400_000);
    for (let d = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1)); d.getTime() / 86_400_000 <= t1; d.setUTCMonth(d.getUTCMonth() + (span > 1100 ? 12 : 1))) {
      if (span > 1100 && d.getUTCMonth() !== 0) d.setUTCMonth(0, 1);
      const tx = left + ((d.getTime() / 86_400_000 - t0) / span) * plotW;
      svg.append(s('line', { class: 'month-tick', x1: tx.toFixed(1), x2: tx.toFixed(1), y1: barTop + barH, y2: barTop + barH + 5 }));
    }
  }

  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.index).toFixed(1)}`).join(' ');
  svg.append(s('path', { class: 'index-line', d: path }));

  let lastLabel = -Infinity;
  let lastLabelEl: SVGTextElement | null = null;
  points.forEach((p, i) => {
    // Stacked bars: material cooperation at the bottom, material conflict on top.
    let yy = barTop + barH;
    for (const quad of [2, 1, 3, 4]) {
      const count = p.quad[quad - 1];
      if (!count) continue;
      const hgt = (count / maxEvents) * barH;
      yy -= hgt;
      svg.append(s('rect', { class: `bar quad-${quad}`, x: (x(i) - barW / 2).toFixed(1), y: yy.toFixed(1), width: barW.toFixed(1), height: hgt.toFixed(1), fill: QUAD_COLOURS[quad] }, s('title', null, `${p.period}: ${count} ${QUAD_LABELS[quad]}`)));
    }
    const r = 3.5 + 5 * Math.sqrt(p.events / maxEvents);
    svg.append(
      s(
        'circle',
        { class: 'point', cx: x(i).toFixed(1), cy: y(p.index).toFixed(1), r: r.toFixed(1), fill: indexColour(p.index), 'data-period': p.period },
        s('title', null, `${p.period}\nindex ${signed(p.index)} · ${p.events} events · Goldstein mean ${signed(p.goldsteinMean, 1)}\n${p.quad[0]} verbal / ${p.quad[1]} material cooperation, ${p.quad[2]} verbal / ${p.quad[3]} material conflict`),
      ),
    );
    // Period labels where there is room; the last period is always labelled.
    if (x(i) - lastLabel >= 80 || i === n - 1) {
      if (x(i) - lastLabel < 80) lastLabelEl?.remove();
      lastLabelEl = s('text', { class: 'tick period', x: x(i).toFixed(1), y: barTop + barH + 18, 'text-anchor': 'middle' }, p.period);
      svg.append(lastLabelEl);
      lastLabel = x(i);
    }
  });
  return svg;
}

function evidenceList(report: DyadReport): HTMLElement {
  const section = h('section', { class: 'dyad-evidence' }, h('h2', null, 'Events that weigh most'));
  if (report.evidence.length === 0) {
    section.append(empty('No events.'));
    return section;
  }
  section.append(
    h(
      'ol',
      { class: 'dyad-events' },
      ...report.evidence.map((e) =>
        h(
          'li',
          { class: 'event-row', 'data-merged-id': e.id, 'data-type': e.type },
          h('div', { class: 'event-line' }, typeBadge(e.type, e.quad), ' ', h('strong', null, sideName(e.source)), ' → ', h('strong', null, sideName(e.target)), e.modality !== 'actual' ? h('span', { class: `badge badge-${e.modality}` }, e.modality) : null),
          h('div', { class: 'muted small' }, meta(e.date ?? 'undated', `CAMEO ${e.cameo}`, `Goldstein ${signed(e.goldstein, 1)}`, e.mentions > 1 ? `${e.mentions} reports in ${e.outlets} ${e.outlets === 1 ? 'outlet' : 'outlets'}` : null)),
          link(href(['article', e.article], { merged: e.id }), { class: 'evidence-link', title: 'show these words in the article' }, h('q', null, e.evidence.text)),
        ),
      ),
    ),
  );
  return section;
}

function quoteList(report: DyadReport): HTMLElement {
  const section = h('section', { class: 'dyad-quotes' }, h('h2', null, 'What they said about each other'));
  if (report.quotes.length === 0) {
    section.append(empty('No quotes by one side that name the other.'));
    return section;
  }
  section.append(
    h(
      'ul',
      { class: 'quotes' },
      ...report.quotes.map((quote) =>
        h(
          'li',
          { class: 'quote', 'data-quote-id': quote.id },
          h('blockquote', null, quote.text),
          h('div', { class: 'muted small' }, '— ', quote.speaker.name ?? quote.speaker.text ?? 'unknown speaker', quote.speaker.country ? ` (${quote.speaker.country})` : '', quote.published ? `, ${quote.published}` : '', ' · ', link(href(['article', quote.article], { quote: quote.id }), null, 'in the article ›')),
        ),
      ),
    ),
  );
  return section;
}
