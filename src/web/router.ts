/** Hash routes: #/graph, #/dyad/IRN/AZE, #/article/3?event=17, #/events?…, #/search?q=, #/map, #/articles. */

export const VIEWS = ['graph', 'dyad', 'article', 'events', 'search', 'map', 'articles'] as const;
export type ViewName = (typeof VIEWS)[number] | 'notfound';

export interface Route {
  name: ViewName;
  /** Path segments after the view name, decoded. */
  parts: string[];
  query: URLSearchParams;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const first = segments[0] ?? 'graph';
  const name = (VIEWS as readonly string[]).includes(first) ? (first as ViewName) : 'notfound';
  return { name, parts: segments.slice(1), query };
}

/** A route as a hash: empty, false and null values are left out; true is "1". */
export function href(path: (string | number)[], query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === false || v === '') continue;
    params.set(k, v === true ? '1' : String(v));
  }
  const qs = params.toString();
  return `#/${path.map((p) => encodeURIComponent(String(p))).join('/')}${qs ? `?${qs}` : ''}`;
}

export function go(path: (string | number)[], query: Query = {}): void {
  location.hash = href(path, query);
}

/** Changes the address without rendering the view again (selection, focus). */
export function replace(path: (string | number)[], query: Query = {}): void {
  history.replaceState(null, '', href(path, query));
  const app = document.getElementById('app');
  if (app?.dataset.route) app.dataset.route = location.hash;
}
