import { api } from '../api.ts';
import { h } from '../dom.ts';
import { href } from '../router.ts';
import type { ArticleSummary } from '../types.ts';
import { errorBox, type ViewContext } from '../ui.ts';

/** Stored articles, oldest first. */
export async function articlesView({ root, signal }: ViewContext): Promise<void> {
  document.title = 'Articles · Entente';
  root.append(h('div', { class: 'view-head' }, h('h1', null, 'Articles')));
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'more' }, 'More articles');
  const row = (a: ArticleSummary) =>
    h(
      'tr',
      { 'data-article-id': a.id },
      h('td', { class: 'num' }, a.id),
      h('td', null, h('a', { href: href(['article', a.id]) }, a.title ?? `Article ${a.id}`), a.nearDuplicateOf ? h('span', { class: 'badge' }, `near-duplicate of #${a.nearDuplicateOf}`) : null),
      h('td', { class: 'nowrap' }, a.published ?? ''),
      h('td', null, a.source ?? ''),
      h('td', { class: 'num' }, a.sentences),
    );
  const addPage = async (cursor: string | null) => {
    const page = await api.articles({ limit: 100, cursor }, signal);
    if (signal.aborted) return;
    body.append(...page.items.map(row));
    more.hidden = page.next === null;
    more.onclick = page.next
      ? () => {
          more.disabled = true;
          addPage(page.next)
            .catch((err) => root.append(errorBox(err)))
            .finally(() => (more.disabled = false));
        }
      : null;
  };
  await addPage(null);
  if (signal.aborted) return;
  root.append(
    h('div', { class: 'table-wrap' }, h('table', { class: 'articles-table' }, h('thead', null, h('tr', null, h('th', { class: 'num' }, '#'), h('th', null, 'Title'), h('th', null, 'Published'), h('th', null, 'Outlet'), h('th', { class: 'num' }, 'Sentences'))), body)),
    more,
  );
}
