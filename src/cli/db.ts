import { existsSync } from 'node:fs';

/** The database used when `--db` is not given. */
export function defaultDb(): string {
  return process.env.ENTENTE_DB ?? 'entente.db';
}

/** Prints an error for a database that is not there yet, and says how to make one. */
export function requireDb(path: string): boolean {
  if (existsSync(path)) return true;
  process.stderr.write(`entente: no database at ${path}; run \`entente ingest PATH --db ${path}\` first\n`);
  return false;
}
