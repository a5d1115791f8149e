import { api } from '../api.ts';
import { h, link, onActivate, s } from '../dom.ts';
import type { PlaceSummary, StoredEvent } from '../types.ts';
import { empty, evidenceHref, indexColour, meta, sideName, signed, typeBadge, type ViewContext } from '../ui.ts';

const radius = (p: Spot) => (p.coded.length ? 5 + 4 * Math.sqrt(p.coded.length) : 2.5 + Math.min(4, Math.sqrt(p.mentions)));

interface Spot extends PlaceSummary {
  lat: number;
  lon: number;
  coded: StoredEvent[];
}

/** Places named in the articles on a plain equirectangular grid; dots where events happened, coloured by their index. */
export async function mapView({ root, signal }: ViewContext): Promise<void> {
  document.title = 'Map · Entente';
  root.append(h('div', { class: 'view-head' }, h('h1', null, 'Where things happened')));
  const [places, events] = await Promise.all([api.places({ limit: 500 }, signal), api.events({ limit: 500 }, signal)]);
  if (signal.aborted) return;
  const byPlace = new Map<string, StoredEvent[]>();
  for (const e of events.items) if (e.place) byPlace.set(e.place.id, [...(byPlace.get(e.place.id) ?? []), e]);
  const spots: Spot[] = places.items.filter((p): p is Spot => p.lat !== null && p.lon !== null).map((p) => ({ ...p, coded: byPlace.get(p.id) ?? [] }));
  if (spots.length === 0) {
    root.append(empty('No place with coordinates is named in the stored articles.'));
    return;
  }

  // The area to show: the places where events happened (or every place if none), with a margin.
  const framed = spots.some((p) => p.coded.length) ? spots.filter((p) => p.coded.length) : spots;
  let [w, e, sth, nth] = [Math.min(...framed.map((p) => p.lon)), Math.max(...framed.map((p) => p.lon)), Math.min(...framed.map((p) => p.lat)), Math.max(...framed.map((p) => p.lat))];
  const grow = (lo: number, hi: number, min: number): [number, number] => {
    const span = Math.max(hi - lo, min) * 1.2;
    const mid = (lo + hi) / 2;
    return [mid - span / 2, mid + span / 2];
  };
  [w, e] = grow(w, e, 16);
  [sth, nth] = grow(sth, nth, 10);
  sth = Math.max(-85, sth);
  nth = Math.min(85, nth);
  const k = Math.cos((((sth + nth) / 2) * Math.PI) / 180);
  const W = 960;
  const scale = W / ((e - w) * k);
  const H = Math.max(320, Math.min(640, (nth - sth) * scale));
  const x = (lon: number) => (lon - w) * k * scale;
  const y = (lat: number) => H / 2 - (lat - (sth + nth) / 2) * scale;
  const visible = spots.filter((p) => x(p.lon) >= 0 && x(p.lon) <= W && y(p.lat) >= 0 && y(p.lat) <= H);

  const svg = s('svg', { class: 'map', viewBox: `0 0 ${W} ${H.toFixed(0)}`, role: 'group', 'aria-label': 'Map of places and events' }, s('rect', { class: 'sea', x: 0, y: 0, width: W, height: H.toFixed(0) }));
  const step = [1, 2, 5, 10, 15, 30].find((d) => (e - w) / d <= 10) ?? 30;
  for (let lon = Math.ceil(w / step) * step; lon <= e; lon += step) {
    svg.append(s('line', { class: 'graticule', x1: x(lon), x2: x(lon), y1: 0, y2: H }), s('text', { class: 'grid-label', x: x(lon) + 3, y: H - 6 }, `${Math.abs(lon)}°${lon < 0 ? 'W' : 'E'}`));
  }
  for (let lat = Math.ceil(sth / step) * step; lat <= nth; lat += step) {
    svg.append(s('line', { class: 'graticule', x1: 0, x2: W, y1: y(lat), y2: y(lat) }), s('text', { class: 'grid-label', x: 4, y: y(lat) - 3 }, `${Math.abs(lat)}°${lat < 0 ? 'S' : 'N'}`));
  }

  const panel = h('aside', { class: 'map-side', 'aria-live': 'polite' });
  const show = (spot: Spot) => {
    for (const g of svg.querySelectorAll('.spot')) g.classList.toggle('selected', g.getAttribute('data-place-id') === spot.id);
    panel.replaceChildren(
      h('h2', null, spot.name),
      h('p', { class: 'muted' }, meta(spot.kind, spot.country, `${spot.lat.toFixed(2)}, ${spot.lon.toFixed(2)}`, `named ${spot.mentions} times in ${spot.articles} articles`)),
      spot.coded.length
        ? h(
            'ul',
            { class: 'place-events' },
            ...spot.coded.map((ev) =>
              h('li', null, typeBadge(ev.type, ev.quad), ' ', sideName(ev.source), ' → ', sideName(ev.target), h('div', { class: 'muted small' }, ev.date ?? 'undated'), link(evidenceHref(ev), { class: 'evidence-link' }, h('q', null, ev.evidence.text))),
            ),
          )
        : empty(spot.events ? `${spot.events} events happened here; none among the latest 500.` : 'No event is placed here; the place is only named.'),
    );
  };

  // Quiet places first, so the dots of events are drawn on top; labels go to the busiest places
  // first and are left out where they would cover another (the dot's tooltip still names it).
  const sorted = [...visible].sort((p, q) => p.coded.length - q.coded.length || q.mentions - p.mentions);
  const taken: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const labelled = new Set<string>();
  for (const spot of [...sorted].reverse()) {
    const px = x(spot.lon);
    const py = y(spot.lat);
    const r = radius(spot);
    const width = spot.name.length * 6.6 + 4;
    for (const box of [
      { x0: px + r + 2, y0: py - 8, x1: px + r + 2 + width, y1: py + 8 },
      { x0: px - r - 2 - width, y0: py - 8, x1: px - r - 2, y1: py + 8 },
    ]) {
      const clash = box.x0 < 0 || box.x1 > W || taken.some((t) => box.x0 < t.x1 && box.x1 > t.x0 && box.y0 < t.y1 && box.y1 > t.y0);
      if (clash) continue;
      taken.push(box);
      labelled.add(`${spot.id}|${box.x0 < px ? 'left' : 'right'}`);
      break;
    }
    taken.push({ x0: px - r, y0: py - r, x1: px + r, y1: py + r });
  }
  for (const spot of sorted) {
    const n = spot.coded.length;
    const index = n ? spot.coded.reduce((acc, ev) => acc + (ev.quad <= 2 ? 1 : -1), 0) / n : 0;
    const r = radius(spot);
    const side = labelled.has(`${spot.id}|right`) ? 'right' : labelled.has(`${spot.id}|left`) ? 'left' : null;
    const g = s(
      'g',
      { class: `spot${n ? ' has-events' : ''}`, 'data-place-id': spot.id, transform: `translate(${x(spot.lon).toFixed(1)} ${y(spot.lat).toFixed(1)})`, tabindex: 0, role: 'button', 'aria-label': `${spot.name}: ${n} events` },
      s('title', null, `${spot.name}${spot.country ? `, ${spot.country}` : ''}\n${n ? `${n} events, index ${signed(index)}` : 'no events placed here'} · named ${spot.mentions} times`),
      s('circle', { r: r.toFixed(1), fill: n ? indexColour(index) : '#9aa5b1' }),
      side ? s('text', { x: (side === 'right' ? r + 3 : -r - 3).toFixed(1), dy: '0.35em', 'text-anchor': side === 'right' ? 'start' : 'end' }, spot.name) : null,
    );
    onActivate(g, () => show(spot));
    svg.append(g);
  }
  const first = spots.filter((p) => p.coded.length).sort((p, q) => q.coded.length - p.coded.length)[0];
  if (first) show(first);
  else panel.append(empty('Click a place.'));

  root.append(
    h(
      'div',
      { class: 'map-layout' },
      h('div', null, svg, h('p', { class: 'muted small' }, 'Equirectangular projection with a grid every ', String(step), '°; no coastlines are drawn. ', spots.length > visible.length ? `${spots.length - visible.length} named ${spots.length - visible.length === 1 ? 'place lies' : 'places lie'} outside this frame. ` : '', 'Coloured dots: places where coded events happened (red conflict, blue cooperation); grey: places only named.')),
      panel,
    ),
  );
}
