import { Store } from '../store/store.ts';
import { requireDb } from './db.ts';
import { EXIT } from './exit.ts';
import { printable, table } from './format.ts';

/** `entente actors`: actors seen in the stored articles, most mentioned first. */
export function runActors(opts: { db: string; kind?: string; country?: string; json?: boolean; limit?: number }): number {
  if (!requireDb(opts.db)) return EXIT.inputFailed;
  const store = Store.open(opts.db, { readonly: true });
  try {
    const rows = store.listActors({ kind: opts.kind, country: opts.country, limit: opts.limit });
    if (opts.json) {
      for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
      return EXIT.ok;
    }
    if (rows.length === 0) {
      process.stdout.write('No actors match.\n');
      return EXIT.ok;
    }
    process.stdout.write(
      `${table(
        ['CODE', 'KIND', 'COUNTRY', 'MENTIONS', 'ARTICLES', 'NAME', 'ID'],
        rows.map((r) => [r.code, r.kind, r.country ?? '-', String(r.mentions), String(r.articles), r.learned ? `${r.name} (learned)` : r.name, r.id]),
        [12, 8, 7, 8, 8, 40, 40],
      )}\n`,
    );
    return EXIT.ok;
  } finally {
    store.close();
  }
}

/** `entente actor NAME`: roles over time, where the actor was seen and how often. */
export function runActor(query: string, opts: { db: string; json?: boolean }): number {
  if (!requireDb(opts.db)) return EXIT.inputFailed;
  const store = Store.open(opts.db, { readonly: true });
  try {
    const actor = store.findActor(query);
    if (!actor) {
      process.stderr.write(`entente: no actor matching "${query}" in ${opts.db} (try \`entente actors\`)\n`);
      return EXIT.inputFailed;
    }
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(actor, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = [`${actor.name}  [${actor.code}]  ${actor.kind}${actor.country ? `, ${actor.country}` : ''}${actor.learned ? ', learned from text' : ''}  id ${actor.id}`];
    if (actor.evidence) lines.push(`first seen ${actor.firstSeen ?? '?'} in article #${actor.evidence.article}: “${actor.evidence.text}”`);
    if (actor.roles.length > 0) {
      lines.push('', 'Roles:');
      for (const r of [...actor.roles].sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''))) {
        lines.push(`  ${(r.from ?? '…').padEnd(10)} – ${(r.to ?? 'now').padEnd(10)}  ${r.title}${r.country ? ` (${r.country})` : ''}${r.source === 'text' ? '  [from text]' : ''}`);
      }
    }
    lines.push('', `Seen ${actor.mentions} time${actor.mentions === 1 ? '' : 's'} in ${actor.articles} article${actor.articles === 1 ? '' : 's'}:`);
    for (const s of actor.seen.slice(0, 50)) lines.push(`  #${s.article} ${s.published ?? '-'}  “${s.text}”${s.role ? ` as ${s.role}` : ''}  — ${s.title ?? '(untitled)'}`);
    if (actor.seen.length > 50) lines.push(`  … and ${actor.seen.length - 50} more (use --json)`);
    process.stdout.write(`${printable(lines.join('\n'))}\n`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
