import { Store } from '../store/store.ts';
import { EXIT } from './exit.ts';
import { printable, table } from './format.ts';
import { requireDb } from './db.ts';

/** `entente articles`: the stored articles as a table or JSON Lines. */
export function runArticles(opts: { db: string; json?: boolean; limit?: number }): number {
  if (!requireDb(opts.db)) return EXIT.inputFailed;
  const store = Store.open(opts.db, { readonly: true });
  try {
    const rows = store.listArticles({ limit: opts.limit });
    if (opts.json) {
      for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
      return EXIT.ok;
    }
    if (rows.length === 0) {
      process.stdout.write(`No articles in ${opts.db} yet. Add some with: entente ingest samples/ --db ${opts.db}\n`);
      return EXIT.ok;
    }
    process.stdout.write(
      `${table(
        ['ID', 'PUBLISHED', 'SOURCE', 'PARAS', 'SENTS', 'NEAR-DUP', 'TITLE'],
        rows.map((r) => [
          String(r.id),
          r.published ?? '-',
          r.source ?? '-',
          String(r.paragraphs),
          String(r.sentences),
          r.nearDuplicateOf ? `#${r.nearDuplicateOf} (${Math.round((r.similarity ?? 0) * 100)}%)` : '-',
          r.title ?? '(untitled)',
        ]),
        [6, 10, 20, 5, 5, 12, 70],
      )}\n${rows.length} article${rows.length === 1 ? '' : 's'}\n`,
    );
    return EXIT.ok;
  } finally {
    store.close();
  }
}

/** `entente article ID`: one stored article with its paragraphs and sentences. */
export function runArticle(id: number, opts: { db: string; json?: boolean }): number {
  if (!requireDb(opts.db)) return EXIT.inputFailed;
  const store = Store.open(opts.db, { readonly: true });
  try {
    const article = store.getArticle(id);
    if (!article) {
      process.stderr.write(`entente: no article ${id} in ${opts.db}\n`);
      return EXIT.inputFailed;
    }
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(article, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = [
      `#${article.id}  ${article.title ?? '(untitled)'}`,
      `published: ${article.published ?? '-'}   source: ${article.source ?? '-'}   from: ${article.origin}`,
    ];
    if (article.url) lines.push(`url: ${article.url}`);
    if (article.nearDuplicateOf) lines.push(`near-duplicate of #${article.nearDuplicateOf} (${Math.round((article.similarity ?? 0) * 100)}% similar)`);
    if (article.captions.length > 0) lines.push(`captions: ${article.captions.join(' | ')}`);
    lines.push('');
    for (const p of article.paragraphSpans) lines.push(`[${p.kind}] ${article.text.slice(p.start, p.end)}`, '');
    process.stdout.write(printable(lines.join('\n')));
    return EXIT.ok;
  } finally {
    store.close();
  }
}
