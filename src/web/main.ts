import { api } from './api.ts';
import { h } from './dom.ts';
import { go, parseRoute, type ViewName } from './router.ts';
import { errorBox, loading, type ViewContext } from './ui.ts';
import { articleView } from './views/article.ts';
import { articlesView } from './views/articles.ts';
import { dyadView } from './views/dyad.ts';
import { eventsView } from './views/events.ts';
import { graphView } from './views/graph.ts';
import { mapView } from './views/map.ts';
import { searchView } from './views/search.ts';

const VIEWS: Record<ViewName, (ctx: ViewContext) => Promise<void>> = {
  graph: graphView,
  dyad: dyadView,
  article: articleView,
  events: eventsView,
  search: searchView,
  map: mapView,
  articles: articlesView,
  notfound: async ({ root }) => {
    root.append(h('h1', null, 'No such page'), h('p', null, 'This address is not a view of the dashboard. ', h('a', { href: '#/graph' }, 'Go to the relations graph.')));
  },
};

const app = document.getElementById('app')!;
let current: AbortController | undefined;

/** What to do when the database holds no articles yet. */
function emptyState(): HTMLElement {
  return h(
    'section',
    { class: 'empty-state' },
    h('h1', null, 'No articles yet'),
    h('p', null, 'Entente has not read any news into this database, so there are no events, actors or relations to show.'),
    h('p', null, 'To try it with the bundled sample articles, run this from the repository, with the same ', h('code', null, '--db'), ' as this server:'),
    h('pre', { class: 'command' }, h('code', null, 'npx entente ingest samples')),
    h('p', null, 'then reload this page. Your own files work the same way: ', h('code', null, 'npx entente ingest PATH…'), ' reads text, HTML, JSON Lines and RSS or Atom feeds.'),
    h('button', { type: 'button', class: 'reload' }, 'Reload'),
  );
}

async function render(): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const { signal } = controller;
  const route = parseRoute(location.hash);
  for (const a of document.querySelectorAll<HTMLElement>('[data-nav]')) a.classList.toggle('active', a.dataset.nav === route.name || (route.name === 'dyad' && a.dataset.nav === 'graph'));
  const search = document.querySelector<HTMLInputElement>('#search-form input[name=q]');
  if (search && route.name !== 'search') search.value = '';
  app.removeAttribute('data-ready');
  app.removeAttribute('data-route');
  app.dataset.view = route.name;
  const root = h('div', { class: `view view-${route.name}` });
  app.replaceChildren(root);
  const wait = loading();
  root.append(wait);
  try {
    const health = await api.health(signal);
    if (signal.aborted) return;
    wait.remove();
    if (health.articles === 0) {
      root.append(emptyState());
      root.querySelector('.reload')?.addEventListener('click', () => location.reload());
      app.dataset.ready = 'empty';
      app.dataset.route = location.hash;
      return;
    }
    if (!route.query.has('event') && !route.query.has('merged') && !route.query.has('quote')) window.scrollTo(0, 0);
    await VIEWS[route.name]({ root, route, signal });
    if (signal.aborted) return;
    // Hooks for tests and tools: which view finished rendering, for which address.
    app.dataset.ready = route.name;
    app.dataset.route = location.hash;
  } catch (err) {
    if (signal.aborted) return;
    wait.remove();
    root.append(errorBox(err));
    app.dataset.ready = 'error';
    app.dataset.route = location.hash;
  }
}

document.getElementById('search-form')?.addEventListener('submit', (e) => {
  e.preventDefault();
  const q = new FormData(e.target as HTMLFormElement).get('q');
  if (typeof q === 'string' && q.trim()) go(['search'], { q: q.trim() });
});

window.addEventListener('hashchange', () => void render());
if (!location.hash || location.hash === '#' || location.hash === '#/') history.replaceState(null, '', '#/graph');
void render();
