import { api } from '../api.ts';
import { h, link, onActivate, s } from '../dom.ts';
import { go, href, replace } from '../router.ts';
import type { GraphNode, Relation } from '../types.ts';
import { empty, field, formValues, indexColour, periodFields, select, signed, TREND_ARROWS, trendBadge, type ViewContext } from '../ui.ts';
import { packedLayout, type LayoutNode } from './layout.ts';

interface Node extends LayoutNode, GraphNode {
  r: number;
  el?: SVGGElement;
}


/** The relations graph: actors as circles sized by activity, pairs as lines coloured by their index. */
export async function graphView({ root, route, signal }: ViewContext): Promise<void> {
  const q = route.query;
  const level = q.get('level') === 'actor' ? 'actor' : 'state';
  document.title = 'Relations · Entente';

  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Period' },
    ...periodFields(q),
    field('Level', select('level', [['state', 'states'], ['actor', 'actors']], level)),
    h('button', { type: 'submit' }, 'Show'),
    h('a', { href: '#/graph', class: 'reset' }, 'All time'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = formValues(form);
    go(['graph'], { from: v.from, to: v.to, level: v.level === 'actor' ? 'actor' : undefined });
  });
  root.append(h('div', { class: 'view-head' }, h('h1', null, 'Relations'), form));

  const data = await api.relations({ from: q.get('from'), to: q.get('to'), level: level === 'actor' ? 'actor' : undefined, limit: 100 }, signal);
  if (signal.aborted) return;
  if (data.nodes.length === 0) {
    root.append(empty('No two actors did anything to each other in this period. Try a wider one, or ', h('a', { href: '#/graph' }, 'all time'), '.'));
    return;
  }

  const maxNode = Math.max(...data.nodes.map((n) => n.events));
  const maxEdge = Math.max(...data.edges.map((e) => e.events));
  const nodes: Node[] = data.nodes.map((n) => ({ ...n, weight: n.events, x: 0, y: 0, r: 9 + 21 * Math.sqrt(n.events / maxNode) }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const size = packedLayout(nodes, data.edges.map((e) => ({ a: e.a, b: e.b, weight: e.events })));

  const dyadQuery = { level: level === 'actor' ? 'actor' : undefined, from: q.get('from'), to: q.get('to') };
  const dyadHref = (e: Relation) => href(['dyad', e.a, e.b], dyadQuery);
  const partners = (id: string) => data.edges.filter((e) => e.a === id || e.b === id).sort((x, y) => y.events - x.events);

  // --- The picture ---
  const edgeLayer = s('g', { class: 'edges' });
  const nodeLayer = s('g', { class: 'nodes' });
  const edgeEls: { edge: Relation; g: SVGGElement; lines: SVGLineElement[] }[] = [];
  for (const edge of data.edges) {
    const a = byId.get(edge.a)!;
    const b = byId.get(edge.b)!;
    const colour = indexColour(edge.index);
    const width = 1.5 + 7 * Math.sqrt(edge.events / maxEdge);
    const line = s('line', { class: 'edge-line', stroke: colour, 'stroke-width': width.toFixed(1) });
    const hit = s('line', { class: 'edge-hit', 'stroke-width': Math.max(14, width + 8).toFixed(0) });
    const g = s(
      'g',
      { class: 'edge', 'data-edge': `${edge.a}|${edge.b}`, 'data-index': edge.index, tabindex: 0, role: 'link', 'aria-label': `${a.label} and ${b.label}: ${edge.events} events, index ${signed(edge.index)}` },
      s('title', null, `${a.label} – ${b.label}\n${edge.events} events · index ${signed(edge.index)} · Goldstein mean ${signed(edge.goldsteinMean, 1)}\n${edge.quad[0]} verbal and ${edge.quad[1]} material cooperation, ${edge.quad[2]} verbal and ${edge.quad[3]} material conflict\ntrend ${TREND_ARROWS[edge.trend.direction]} ${edge.trend.direction}\nclick to open the dyad`),
      line,
      hit,
    );
    onActivate(g, () => (location.hash = dyadHref(edge)));
    edgeLayer.append(g);
    edgeEls.push({ edge, g, lines: [line, hit] });
  }
  for (const node of nodes) {
    const g = s(
      'g',
      { class: 'node', 'data-node-id': node.id, 'data-events': node.events, tabindex: 0, role: 'button', 'aria-label': `${node.label}: ${node.events} events` },
      s('title', null, `${node.label} (${node.id})\n${node.events} events with others\nclick to focus`),
      s('circle', { r: node.r.toFixed(1) }),
      s('text', { class: 'node-code', dy: '0.35em' }, node.r >= 15 ? node.id : ''),
      s('text', { class: 'node-label', y: (node.r + 14).toFixed(1) }, node.label),
    );
    node.el = g;
    nodeLayer.append(g);
  }
  const background = s('rect', { class: 'graph-bg', x: -5000, y: -5000, width: 10000 + size.width, height: 10000 + size.height });
  const svg = s('svg', { class: 'graph', role: 'group', 'aria-label': 'Relations graph' }, background, edgeLayer, nodeLayer);

  const place = () => {
    for (const node of nodes) node.el!.setAttribute('transform', `translate(${node.x.toFixed(1)} ${node.y.toFixed(1)})`);
    for (const { edge, lines } of edgeEls) {
      const a = byId.get(edge.a)!;
      const b = byId.get(edge.b)!;
      for (const l of lines) {
        l.setAttribute('x1', a.x.toFixed(1));
        l.setAttribute('y1', a.y.toFixed(1));
        l.setAttribute('x2', b.x.toFixed(1));
        l.setAttribute('y2', b.y.toFixed(1));
      }
    }
  };
  place();

  // Fit the view box to the drawing, labels included.
  const pad = 40;
  const box = {
    x: Math.min(...nodes.map((n) => n.x - n.r - 50)) - pad,
    y: Math.min(...nodes.map((n) => n.y - n.r)) - pad,
    w: 0,
    h: 0,
  };
  box.w = Math.max(...nodes.map((n) => n.x + n.r + 50)) + pad - box.x;
  box.h = Math.max(...nodes.map((n) => n.y + n.r + 20)) + pad - box.y;
  // A small graph is not blown up: the view box is at least this big, the drawing in its middle.
  const [minW, minH] = [820, 520];
  if (box.w < minW) {
    box.x -= (minW - box.w) / 2;
    box.w = minW;
  }
  if (box.h < minH) {
    box.y -= (minH - box.h) / 2;
    box.h = minH;
  }
  const home = { ...box };
  const view = { ...box };
  const setView = () => svg.setAttribute('viewBox', `${view.x.toFixed(1)} ${view.y.toFixed(1)} ${view.w.toFixed(1)} ${view.h.toFixed(1)}`);
  setView();

  // --- Focus: a node and its neighbourhood ---
  const side = h('aside', { class: 'graph-side' });
  let focus: string | null = q.get('focus') && byId.has(q.get('focus')!) ? q.get('focus') : null;
  const pairsTable = h(
    'table',
    { class: 'pairs' },
    h('caption', null, 'Most active pairs'),
    h('thead', null, h('tr', null, h('th', null, 'Pair'), h('th', { class: 'num' }, 'Events'), h('th', null, 'Index'), h('th', null, 'Trend'))),
    h('tbody', null, ...data.edges.slice(0, 25).map((e) => relationRow(e, `${byId.get(e.a)!.label} – ${byId.get(e.b)!.label}`, dyadHref(e)))),
  );
  const focusPanel = h('section', { class: 'focus-panel', 'aria-live': 'polite' });

  const applyFocus = () => {
    const near = new Set<string>();
    if (focus) for (const e of partners(focus)) near.add(e.a === focus ? e.b : e.a);
    svg.classList.toggle('focused', focus !== null);
    for (const node of nodes) {
      node.el!.classList.toggle('focus', node.id === focus);
      node.el!.classList.toggle('neighbour', near.has(node.id));
    }
    for (const { edge, g } of edgeEls) g.classList.toggle('active', focus !== null && (edge.a === focus || edge.b === focus));
    focusPanel.replaceChildren();
    if (focus) {
      const node = byId.get(focus)!;
      const list = partners(focus);
      focusPanel.append(
        h('h2', null, `${node.label} `, h('span', { class: 'code' }, node.id)),
        h('p', { class: 'muted' }, `${node.events} events with ${list.length} ${list.length === 1 ? 'partner' : 'partners'}. `, h('a', { href: href(['events'], { actor: node.id }) }, 'All its events ›')),
        h(
          'table',
          { class: 'pairs partners' },
          h('thead', null, h('tr', null, h('th', null, 'Partner'), h('th', { class: 'num' }, 'Events'), h('th', null, 'Index'), h('th', null, 'Trend'))),
          h('tbody', null, ...list.map((e) => relationRow(e, byId.get(e.a === focus ? e.b : e.a)!.label, dyadHref(e), e.a === focus ? e.b : e.a))),
        ),
        h('button', { type: 'button', class: 'link-button', 'data-action': 'unfocus' }, 'Show all'),
      );
      focusPanel.querySelector('[data-action=unfocus]')!.addEventListener('click', () => setFocus(null));
    }
    pairsTable.hidden = focus !== null;
  };
  const setFocus = (id: string | null) => {
    focus = id;
    replace(['graph'], { from: q.get('from'), to: q.get('to'), level: level === 'actor' ? 'actor' : undefined, focus: id });
    applyFocus();
  };

  // --- Pointer: click a node to focus, drag a node to move it, drag the background to pan, wheel to zoom ---
  const toSvg = (clientX: number, clientY: number) => {
    const m = svg.getScreenCTM();
    if (!m) return { x: 0, y: 0 };
    const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  };
  let drag: { node: Node | null; startX: number; startY: number; moved: boolean; view: typeof view } | null = null;
  let suppressClick = false;
  svg.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const g = (e.target as Element).closest('.node');
    const node = g ? byId.get(g.getAttribute('data-node-id')!) ?? null : null;
    if (!node && (e.target as Element).closest('.edge')) return;
    drag = { node, startX: e.clientX, startY: e.clientY, moved: false, view: { ...view } };
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    if (!drag.moved && Math.hypot(e.clientX - drag.startX, e.clientY - drag.startY) < 4) return;
    if (!drag.moved) svg.setPointerCapture(e.pointerId);
    drag.moved = true;
    if (drag.node) {
      const p = toSvg(e.clientX, e.clientY);
      drag.node.x = p.x;
      drag.node.y = p.y;
      place();
    } else {
      const scale = view.w / svg.getBoundingClientRect().width;
      view.x = drag.view.x - (e.clientX - drag.startX) * scale;
      view.y = drag.view.y - (e.clientY - drag.startY) * scale;
      setView();
    }
  });
  const endDrag = () => {
    if (drag?.moved) suppressClick = true;
    drag = null;
  };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const factor = Math.exp(Math.max(-100, Math.min(100, e.deltaY)) * 0.002);
      const w = Math.max(home.w / 8, Math.min(home.w * 4, view.w * factor));
      const f = w / view.w;
      const p = toSvg(e.clientX, e.clientY);
      view.x = p.x - (p.x - view.x) * f;
      view.y = p.y - (p.y - view.y) * f;
      view.w *= f;
      view.h *= f;
      setView();
    },
    { passive: false },
  );
  svg.addEventListener(
    'click',
    (e) => {
      if (suppressClick) {
        suppressClick = false;
        e.stopPropagation();
        e.preventDefault();
        return;
      }
      if ((e.target as Element) === background || e.target === svg) setFocus(null);
    },
    true,
  );
  for (const node of nodes) onActivate(node.el!, () => setFocus(focus === node.id ? null : node.id));

  const resetView = h('button', { type: 'button', class: 'link-button' }, 'Reset view');
  resetView.addEventListener('click', () => {
    Object.assign(view, home);
    setView();
  });

  const legend = h(
    'div',
    { class: 'legend' },
    h('span', null, 'conflict'),
    h('span', { class: 'legend-ramp', 'aria-hidden': 'true' }),
    h('span', null, 'cooperation'),
    h('span', { class: 'muted' }, 'Line colour: (cooperation − conflict) ÷ events; width and circle size: events. Drag to move, wheel to zoom, click a circle to focus, a line to open the pair.'),
    resetView,
  );

  // A plain list of the nodes, for screen readers and tests: no canvas pixels to read.
  const index = h('ul', { class: 'graph-index visually-hidden', 'aria-label': 'Actors in the graph' }, ...nodes.map((n) => h('li', { 'data-node': n.id }, `${n.label} (${n.id}): ${n.events} events`)));

  side.append(focusPanel, pairsTable);
  root.append(h('div', { class: 'graph-layout' }, h('div', { class: 'graph-box' }, svg, legend, index), side));
  applyFocus();
}

function relationRow(e: Relation, label: string, to: string, partner?: string): HTMLTableRowElement {
  const bar = h('span', { class: 'index-bar', title: `index ${signed(e.index)}` }, h('span', { class: 'index-fill' }));
  const fill = bar.firstElementChild as HTMLElement;
  // CSSOM, not an inline style attribute: allowed by the page's Content-Security-Policy.
  fill.style.backgroundColor = indexColour(e.index);
  fill.style.width = `${Math.abs(e.index) * 50}%`;
  fill.style.left = e.index < 0 ? `${50 - Math.abs(e.index) * 50}%` : '50%';
  return h(
    'tr',
    { 'data-pair': `${e.a}|${e.b}`, 'data-partner': partner },
    h('td', null, link(to, { class: 'pair-link' }, label)),
    h('td', { class: 'num' }, e.events),
    h('td', { class: 'index-cell' }, bar, h('span', { class: 'index-value' }, signed(e.index))),
    h('td', { class: 'trend-cell' }, trendBadge(e.trend.direction, true)),
  );
}
