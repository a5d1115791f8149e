import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ingestDocuments } from '../ingest/ingest.ts';
import type { Pipeline } from '../pipeline/runner.ts';
import { InputError } from '../readers/input-error.ts';
import { parseText, type ReadAs } from '../readers/read-inputs.ts';
import { PLOVER_TYPES } from '../stages/08-events/patterns.ts';
import type { Store } from '../store/store.ts';
import { OPENAPI } from './openapi.ts';
import { BadRequest, choice, day, decodeCursor, encodeCursor, flag, fraction, integer, onlyKnown, pair, partialDate, text } from './params.ts';

export interface AppOptions {
  store: Store;
  /** Token that write endpoints require; without one, writing over HTTP is refused. */
  token?: string;
  /** Folder of the built dashboard (index.html and assets). */
  webRoot?: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Creates the pipeline for `POST /api/ingest` when first needed (its models take a moment to load). */
  pipeline?: () => Pipeline;
}

/** Headers on every response: the dashboard runs only its own scripts and never loads anything from elsewhere. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const PAGE = { min: 1, max: 500 };

const isEventCursor = (v: unknown): v is { date: string; id: number } =>
  typeof v === 'object' && v !== null && typeof (v as { date: unknown }).date === 'string' && Number.isInteger((v as { id: unknown }).id);
const isNumber = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** Reads the whole query string as single values; a repeated parameter is an error. */
function queryOf(c: Context): Record<string, string> {
  const all = c.req.queries();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) {
    if (v.length > 1) throw new BadRequest(`parameter "${k}" is given more than once`);
    out[k] = v[0];
  }
  return out;
}

function idParam(c: Context): number {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw new BadRequest(`"${raw.slice(0, 40)}" is not an article id (a positive whole number)`);
  return Number(raw);
}

/**
 * The HTTP API and the dashboard. Handlers only read the store (and, for `POST /api/ingest`,
 * run the pipeline and write through the store); they never reach into pipeline internals.
 */
export function createApp(options: AppOptions): Hono {
  const { store } = options;
  const app = new Hono();
  let pipeline: Pipeline | undefined;

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
  });

  app.onError((err, c) => {
    if (err instanceof BadRequest) return c.json({ error: err.message }, 400);
    if (err instanceof InputError) return c.json({ error: err.message }, 400);
    process.stderr.write(`entente serve: ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? err}\n`);
    return c.json({ error: 'internal error; see the server log' }, 500);
  });

  app.get('/api/openapi.json', (c) => c.json(OPENAPI));

  app.get('/api/health', (c) => {
    onlyKnown(queryOf(c), []);
    const counts = store.countEvents();
    return c.json({ ok: true, articles: store.countArticles(), events: counts.events, mergedEvents: counts.merged });
  });

  app.get('/api/articles', (c) => {
    const q = queryOf(c);
    onlyKnown(q, ['limit', 'cursor']);
    const limit = integer(q, 'limit', { ...PAGE, fallback: 50 })!;
    const after = decodeCursor(q, 'cursor', isNumber) ?? 0;
    const items = store.listArticles({ afterId: after, limit: limit + 1 });
    const page = items.slice(0, limit);
    return c.json({ items: page, next: items.length > limit ? encodeCursor(page[page.length - 1].id) : null });
  });

  app.get('/api/articles/:id', (c) => {
    onlyKnown(queryOf(c), []);
    const id = idParam(c);
    const article = store.getArticle(id);
    if (!article) return c.json({ error: `no article ${id}` }, 404);
    return c.json({ ...article, ...store.getAnnotations(id) });
  });

  app.get('/api/events', (c) => {
    const q = queryOf(c);
    onlyKnown(q, ['actor', 'dyad', 'type', 'from', 'to', 'minConfidence', 'negated', 'limit', 'cursor']);
    const limit = integer(q, 'limit', { ...PAGE, fallback: 50 })!;
    const items = store.listEvents({
      actor: text(q, 'actor'),
      dyad: pair(q, 'dyad'),
      type: choice(q, 'type', PLOVER_TYPES),
      from: partialDate(q, 'from'),
      to: partialDate(q, 'to'),
      minConfidence: fraction(q, 'minConfidence'),
      includeNegated: flag(q, 'negated'),
      after: decodeCursor(q, 'cursor', isEventCursor),
      limit: limit + 1,
    });
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({ items: page, next: items.length > limit ? encodeCursor({ date: last.date ?? '', id: last.id }) : null });
  });

  app.get('/api/actors', (c) => {
    const q = queryOf(c);
    onlyKnown(q, ['q', 'kind', 'country', 'limit']);
    const limit = integer(q, 'limit', { ...PAGE, fallback: 50 })!;
    const needle = text(q, 'q')?.toLowerCase();
    const kind = choice(q, 'kind', ['state', 'person', 'igo', 'group', 'org', 'grouping'] as const);
    const country = text(q, 'country', 3);
    let items = store.listActors({ kind, country, limit: needle ? undefined : limit });
    if (needle) items = items.filter((a) => a.name.toLowerCase().includes(needle) || a.code.toLowerCase() === needle || a.id === needle).slice(0, limit);
    return c.json({ items });
  });

  app.get('/api/actors/:id', (c) => {
    onlyKnown(queryOf(c), []);
    const id = c.req.param('id');
    if (id.length > 200) throw new BadRequest('actor id is too long');
    const actor = store.findActor(id);
    if (!actor) return c.json({ error: `no actor "${id}"` }, 404);
    // The mentions list of a much-named actor (a state in a big corpus) is cut to the latest ones.
    return c.json({ ...actor, seen: actor.seen.slice(-200) });
  });

  app.get('/api/quotes', (c) => {
    const q = queryOf(c);
    onlyKnown(q, ['speaker', 'about', 'q', 'limit', 'cursor']);
    const limit = integer(q, 'limit', { ...PAGE, fallback: 50 })!;
    const offset = decodeCursor(q, 'cursor', isNumber) ?? 0;
    const items = store.listQuotes({ speaker: text(q, 'speaker'), about: text(q, 'about'), search: text(q, 'q'), limit: limit + 1, offset });
    return c.json({ items: items.slice(0, limit), next: items.length > limit ? encodeCursor(offset + limit) : null });
  });

  app.get('/api/dyad', (c) => {
    const q = queryOf(c);
    onlyKnown(q, ['a', 'b', 'by', 'level', 'from', 'to']);
    const a = text(q, 'a', 100);
    const b = text(q, 'b', 100);
    if (!a || !b) throw new BadRequest('parameters "a" and "b" are required: the two actors, e.g. a=IRN&b=AZE');
    return c.json(
      store.dyad(a, b, {
        by: choice(q, 'by', ['day', 'week', 'month'] as const, 'month'),
        level: choice(q, 'level', ['state', 'actor'] as const, 'state'),
        from: partialDate(q, 'from'),
        to: partialDate(q, 'to'),
      }),
    );
  });

  app.get('/api/relations', (c) => {
    const q = queryOf(c);
    onlyKnown(q, ['from', 'to', 'actor', 'level', 'limit']);
    const level = choice(q, 'level', ['state', 'actor'] as const, 'state');
    const edges = store.relations({ since: partialDate(q, 'from'), until: partialDate(q, 'to'), actor: text(q, 'actor', 100), level, limit: integer(q, 'limit', { ...PAGE, fallback: 100 }) });
    const activity = new Map<string, { events: number; name: string | null }>();
    for (const e of edges) {
      for (const [id, name] of [[e.a, e.aName], [e.b, e.bName]] as const) {
        const node = activity.get(id) ?? { events: 0, name };
        node.events += e.events;
        activity.set(id, node);
      }
    }
    const names = store.actorNames([...activity.keys()]);
    const nodes = [...activity].map(([id, n]) => ({ id, label: n.name ?? names.get(id) ?? id, events: n.events }));
    return c.json({ level, nodes, edges });
  });

  app.get('/api/search', (c) => {
    const q = queryOf(c);
    onlyKnown(q, ['q', 'limit']);
    const words = text(q, 'q');
    if (!words) throw new BadRequest('parameter "q" is required: the words to search for');
    return c.json({ items: store.searchArticles(words, integer(q, 'limit', { ...PAGE, fallback: 20 })) });
  });

  app.get('/api/places', (c) => {
    const q = queryOf(c);
    onlyKnown(q, ['country', 'limit']);
    return c.json({ items: store.listPlaces({ country: text(q, 'country', 3), limit: integer(q, 'limit', { ...PAGE, fallback: 100 }) }) });
  });

  app.post(
    '/api/ingest',
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 5 * 1024 * 1024,
      onError: (c) => c.json({ error: `request body is larger than ${Math.round((options.maxBodyBytes ?? 5 * 1024 * 1024) / 1024)} KB` }, 413),
    }),
    async (c) => {
      if (!options.token) return c.json({ error: 'writing over HTTP is off: start `entente serve` with --token or ENTENTE_TOKEN set' }, 403);
      const given = c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? c.req.header('x-entente-token');
      if (!given) return c.json({ error: 'missing token: send "Authorization: Bearer <token>"' }, 401);
      if (!tokensMatch(given, options.token)) return c.json({ error: 'wrong token' }, 403);
      const q = queryOf(c);
      onlyKnown(q, ['format', 'published', 'source']);
      const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
      const byType: Record<string, ReadAs> = { 'text/plain': 'text', 'text/html': 'html', 'application/x-ndjson': 'jsonl', 'application/jsonl': 'jsonl', 'application/jsonlines': 'jsonl', 'application/rss+xml': 'feed', 'application/atom+xml': 'feed' };
      const format = choice(q, 'format', ['text', 'html', 'jsonl', 'feed', 'auto'] as const) ?? byType[type];
      if (!format) return c.json({ error: `unsupported content type "${type}"; send text/plain, text/html, application/x-ndjson or a feed, or say ?format=` }, 415);
      const published = day(q, 'published');
      const source = text(q, 'source');
      const body = await c.req.text();
      if (body.trim() === '') throw new BadRequest('the request body is empty');
      const docs = parseText(body, 'request body', format);
      for (const doc of docs) {
        if (published && !doc.meta.published) doc.meta.published = published;
        if (source && !doc.meta.source) doc.meta.source = source;
      }
      pipeline ??= options.pipeline?.();
      if (!pipeline) return c.json({ error: 'this server cannot ingest' }, 503);
      const result = ingestDocuments(docs, store, pipeline);
      const events = result.articles.flatMap((a) => (a.status === 'duplicate' ? [] : store.listEvents({ article: a.id, includeNegated: true }).reverse()));
      return c.json({ articles: result.articles, events, errors: result.errors.map((e) => e.message) }, result.articles.length === 0 && result.errors.length > 0 ? 400 : 200);
    },
  );

  app.all('/api/*', (c) => c.json({ error: `no endpoint ${c.req.method} ${c.req.path}; see /api/openapi.json` }, 404));

  const webRoot = options.webRoot ? resolve(options.webRoot) : undefined;
  app.get('*', (c) => {
    if (!webRoot || !existsSync(join(webRoot, 'index.html'))) {
      return c.html('<!doctype html><title>Entente</title><p>The dashboard is not built. Run <code>npm run build:web</code>, then start <code>entente serve</code> again. The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>', 503);
    }
    const path = normalize(decodeURIComponent(c.req.path)).replace(/^(\.\.[/\\])+/, '');
    const file = join(webRoot, path);
    // Everything that is not a file of the build is the single-page dashboard.
    const target = file.startsWith(webRoot) && extname(file) && existsSync(file) ? file : join(webRoot, 'index.html');
    const type = MIME[extname(target)] ?? 'application/octet-stream';
    const cache = target.includes(`${join(webRoot, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    return c.body(readFileSync(target), 200, { 'Content-Type': type, 'Cache-Control': cache });
  });

  return app;
}

/** Compares tokens in time independent of where they differ (hashing first makes the lengths equal). */
function tokensMatch(a: string, b: string): boolean {
  const hash = (t: string) => createHash('sha256').update(t).digest();
  return timingSafeEqual(hash(a), hash(b));
}
