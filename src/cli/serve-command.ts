import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../api/app.ts';
import { createPipeline } from '../pipeline/runner.ts';
import { Store } from '../store/store.ts';
import { EXIT } from './exit.ts';

/** Where `npm run build:web` puts the dashboard. */
export const WEB_ROOT = resolve(import.meta.dirname, '..', '..', 'dist', 'web');

export interface ServeOptions {
  db: string;
  port: number;
  host: string;
  token?: string;
  maxBody?: number;
}

/**
 * `entente serve`: the HTTP API and the dashboard on one port, bound to 127.0.0.1 unless told
 * otherwise. Runs until interrupted.
 */
export async function runServe(opts: ServeOptions): Promise<number> {
  const store = Store.open(opts.db);
  const token = opts.token ?? process.env.ENTENTE_TOKEN;
  const app = createApp({ store, token, webRoot: WEB_ROOT, maxBodyBytes: opts.maxBody, pipeline: () => createPipeline({ learned: store.learnedPeople() }) });
  const server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host });
  await new Promise<void>((done, fail) => {
    server.once('listening', done);
    server.once('error', fail);
  }).catch((err: Error) => {
    store.close();
    throw new Error(`cannot listen on ${opts.host}:${opts.port}: ${err.message}`);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  process.stdout.write(`Entente dashboard at http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}/ (database ${opts.db}; ${token ? 'ingest over HTTP needs the token' : 'read-only over HTTP: no --token'}). Ctrl-C stops it.\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      server.close(() => done());
      store.close();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT.ok;
}
