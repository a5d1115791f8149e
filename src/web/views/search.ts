import { api } from '../api.ts';
import { frag, h } from '../dom.ts';
import { go, href } from '../router.ts';
import { empty, meta, type ViewContext } from '../ui.ts';

/**
 * A snippet from the search: matched words arrive wrapped in U+0002 … U+0003. Everything is text;
 * only those markers become <mark> elements.
 */
export function snippet(text: string): DocumentFragment {
  const out = frag();
  const clean = (t: string) => t.replace(/[\u0002\u0003]/g, '');
  let last = 0;
  for (const m of text.matchAll(/\u0002([^\u0002\u0003]*)\u0003/g)) {
    out.append(clean(text.slice(last, m.index)), h('mark', null, m[1]));
    last = m.index + m[0].length;
  }
  out.append(clean(text.slice(last)));
  return out;
}

export async function searchView({ root, route, signal }: ViewContext): Promise<void> {
  const words = route.query.get('q')?.trim() ?? '';
  document.title = words ? `“${words}” · Entente` : 'Search · Entente';
  const input = h('input', { type: 'search', name: 'q', value: words, placeholder: 'words in the articles', size: 30, 'aria-label': 'Search words' });
  const form = h('form', { class: 'filters', role: 'search' }, input, h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim()) go(['search'], { q: input.value.trim() });
  });
  const top = document.querySelector<HTMLInputElement>('#search-form input[name=q]');
  if (top) top.value = words;
  root.append(h('div', { class: 'view-head' }, h('h1', null, 'Search'), form));
  if (!words) {
    root.append(empty('Type some words: every stored article is searched.'));
    return;
  }
  const { items } = await api.search({ q: words, limit: 50 }, signal);
  if (signal.aborted) return;
  if (items.length === 0) {
    root.append(empty('No article contains ', h('q', null, words), '.'));
    return;
  }
  root.append(
    h('p', { class: 'muted count' }, `${items.length} ${items.length === 1 ? 'article' : 'articles'}`),
    h(
      'ol',
      { class: 'search-results' },
      ...items.map((hit) =>
        h(
          'li',
          { class: 'search-hit', 'data-article-id': hit.id },
          h('a', { href: href(['article', hit.id]), class: 'hit-title' }, hit.title ?? `Article ${hit.id}`),
          h('div', { class: 'muted small' }, meta(hit.published ?? 'undated', hit.source)),
          h('p', { class: 'snippet' }, snippet(hit.snippet)),
        ),
      ),
    ),
  );
}
