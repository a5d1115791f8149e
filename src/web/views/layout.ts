/**
 * A small force-directed layout (Fruchterman–Reingold with gravity, so separate pairs stay on
 * screen). Deterministic: the same graph always gets the same picture.
 */

export interface LayoutNode {
  id: string;
  weight: number;
  x: number;
  y: number;
  /** Radius of the drawn circle: circles are kept this far apart, plus room for a label. */
  r?: number;
}

/** Pushes apart circles that overlap (with `gap` to spare), a few rounds at a time. */
function separate(nodes: LayoutNode[], gap: number): void {
  for (let round = 0; round < 60; round++) {
    let moved = false;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i];
        const b = nodes[j];
        let x = b.x - a.x;
        let y = b.y - a.y;
        let d = Math.sqrt(x * x + y * y);
        const want = (a.r ?? 0) + (b.r ?? 0) + gap;
        if (d >= want) continue;
        if (d < 0.01) {
          x = 1;
          y = 0.5;
          d = Math.sqrt(1.25);
        }
        const push = (want - d) / 2 / d;
        a.x -= x * push;
        a.y -= y * push;
        b.x += x * push;
        b.y += y * push;
        moved = true;
      }
    }
    if (!moved) return;
  }
}

export interface LayoutEdge {
  a: string;
  b: string;
  weight: number;
}

export function forceLayout(nodes: LayoutNode[], edges: LayoutEdge[], width: number, height: number, iterations = 400): void {
  const n = nodes.length;
  if (n === 0) return;
  const cx = width / 2;
  const cy = height / 2;
  // Start on a sunflower spiral, heaviest nodes in the middle.
  const order = [...nodes].sort((p, q) => q.weight - p.weight || (p.id < q.id ? -1 : 1));
  const golden = Math.PI * (3 - Math.sqrt(5));
  order.forEach((node, i) => {
    const r = Math.sqrt((i + 0.5) / n) * Math.min(width, height) * 0.45;
    node.x = cx + r * Math.cos(i * golden);
    node.y = cy + r * Math.sin(i * golden);
  });
  if (n === 1) return;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const links = edges.flatMap((e) => {
    const i = index.get(e.a);
    const j = index.get(e.b);
    return i === undefined || j === undefined ? [] : [{ i, j, w: 1 + Math.log1p(e.weight) * 0.3 }];
  });
  const k = Math.sqrt((width * height) / n) * 0.55;
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    const temperature = (Math.min(width, height) / 8) * (1 - it / iterations) + 0.5;
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let x = nodes[i].x - nodes[j].x;
        let y = nodes[i].y - nodes[j].y;
        let d2 = x * x + y * y;
        if (d2 < 0.01) {
          x = 0.1 * (i - j);
          y = 0.1;
          d2 = x * x + y * y;
        }
        const f = (k * k) / d2;
        dx[i] += x * f;
        dy[i] += y * f;
        dx[j] -= x * f;
        dy[j] -= y * f;
      }
    }
    for (const { i, j, w } of links) {
      const x = nodes[i].x - nodes[j].x;
      const y = nodes[i].y - nodes[j].y;
      const d = Math.sqrt(x * x + y * y) || 0.01;
      const f = (d * w) / k;
      dx[i] -= x * f;
      dy[i] -= y * f;
      dx[j] += x * f;
      dy[j] += y * f;
    }
    for (let i = 0; i < n; i++) {
      // Gravity keeps unconnected groups near the middle.
      dx[i] += (cx - nodes[i].x) * 0.04 * (k / 50);
      dy[i] += (cy - nodes[i].y) * 0.04 * (k / 50);
      const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
      const step = Math.min(d, temperature);
      nodes[i].x += (dx[i] / d) * step;
      nodes[i].y += (dy[i] / d) * step;
    }
  }
  separate(nodes, 30);
}

/**
 * Lays out each connected part of the graph on its own, then packs the parts in rows, biggest
 * first, so a pair that talks to nobody else sits beside the main cluster instead of far away.
 * Returns the size of the whole drawing; positions are left in the nodes.
 */
export function packedLayout(nodes: LayoutNode[], edges: LayoutEdge[], spacing = 150, aspect = 1.6): { width: number; height: number } {
  const parent = new Map(nodes.map((n) => [n.id, n.id]));
  const root = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(id, r);
    return r;
  };
  for (const e of edges) if (parent.has(e.a) && parent.has(e.b)) parent.set(root(e.a), root(e.b));
  const groups = new Map<string, LayoutNode[]>();
  for (const n of nodes) groups.set(root(n.id), [...(groups.get(root(n.id)) ?? []), n]);
  const parts = [...groups.values()].map((members) => {
    const ids = new Set(members.map((m) => m.id));
    const own = edges.filter((e) => ids.has(e.a) && ids.has(e.b));
    const side = spacing * Math.sqrt(members.length);
    forceLayout(members, own, side * Math.sqrt(aspect), side / Math.sqrt(aspect));
    const margin = spacing * 0.45;
    const x0 = Math.min(...members.map((m) => m.x)) - margin;
    const y0 = Math.min(...members.map((m) => m.y)) - margin;
    for (const m of members) {
      m.x -= x0;
      m.y -= y0;
    }
    const w = Math.max(...members.map((m) => m.x)) + margin;
    const h = Math.max(...members.map((m) => m.y)) + margin;
    const weight = members.reduce((sum, m) => sum + m.weight, 0);
    return { members, w, h, weight };
  });
  parts.sort((p, q) => q.members.length - p.members.length || q.weight - p.weight);
  const area = parts.reduce((sum, p) => sum + p.w * p.h, 0);
  const rowWidth = Math.max(parts[0]?.w ?? 0, Math.sqrt(area * aspect));
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const part of parts) {
    if (x > 0 && x + part.w > rowWidth) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    for (const m of part.members) {
      m.x += x;
      m.y += y;
    }
    x += part.w;
    rowHeight = Math.max(rowHeight, part.h);
    width = Math.max(width, x);
  }
  return { width, height: y + rowHeight };
}
