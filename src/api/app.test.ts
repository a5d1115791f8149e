import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SAMPLES, tempDir } from '../../test/helpers.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { createPipeline } from '../pipeline/runner.ts';
import { Store } from '../store/store.ts';
import { createApp } from './app.ts';

const TOKEN = 'test-token-123';
const pipeline = createPipeline();
let store: Store;
let app: ReturnType<typeof createApp>;

async function get(path: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await app.request(path);
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, body: type.includes('json') ? await res.json() : await res.text(), headers: res.headers };
}

async function post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await app.request(path, { method: 'POST', body, headers });
  return { status: res.status, body: await res.json() };
}

describe('HTTP API', () => {
  before(async () => {
    store = Store.open(join(tempDir(), 'api.db'));
    await ingestPaths([SAMPLES], store, { pipeline });
    app = createApp({ store, token: TOKEN, maxBodyBytes: 64 * 1024, pipeline: () => pipeline });
  });
  after(() => store.close());

  test('every response carries the security headers', async () => {
    for (const path of ['/api/health', '/api/nothing-here', '/']) {
      const res = await get(path);
      assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    }
  });

  test('health counts what is stored; the OpenAPI document lists every endpoint', async () => {
    const health = await get('/api/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.articles, store.countArticles());
    assert.ok(health.body.events > 0);
    const spec = (await get('/api/openapi.json')).body;
    assert.equal(spec.openapi, '3.1.0');
    for (const path of ['/api/articles', '/api/articles/{id}', '/api/events', '/api/actors', '/api/actors/{id}', '/api/quotes', '/api/dyad', '/api/relations', '/api/search', '/api/places', '/api/ingest']) {
      assert.ok(spec.paths[path], path);
    }
  });

  test('articles page with a cursor until the end, and one article comes with its annotations', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/articles?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200);
      seen.push(...res.body.items.map((a: { id: number }) => a.id));
      cursor = res.body.next;
    } while (cursor);
    assert.equal(seen.length, store.countArticles());
    assert.equal(new Set(seen).size, seen.length, 'no article twice');
    const withEvents = store.listEvents({ limit: 1 })[0].article;
    const one = await get(`/api/articles/${withEvents}`);
    assert.equal(one.status, 200);
    assert.equal(typeof one.body.text, 'string');
    for (const key of ['mentions', 'dates', 'places', 'quotes', 'events']) assert.ok(Array.isArray(one.body[key]), key);
    for (const e of one.body.events) assert.equal(one.body.text.slice(e.evidence.start, e.evidence.end), e.evidence.text);
    assert.equal((await get('/api/articles/999999')).status, 404);
    assert.equal((await get('/api/articles/abc')).status, 400);
  });

  test('events filter and page in a stable order', async () => {
    const all = (await get('/api/events?limit=500')).body.items;
    assert.ok(all.length > 3);
    const first = await get('/api/events?limit=2');
    const second = await get(`/api/events?limit=2&cursor=${first.body.next}`);
    assert.deepEqual([...first.body.items, ...second.body.items].map((e: { id: number }) => e.id), all.slice(0, 4).map((e: { id: number }) => e.id));
    const type = all[0].type;
    const typed = (await get(`/api/events?type=${type}&limit=500`)).body.items;
    assert.ok(typed.length > 0 && typed.every((e: { type: string }) => e.type === type));
    const dyad = (await get('/api/events?dyad=IRN,AZE&limit=500')).body.items;
    assert.ok(dyad.every((e: any) => [e.source.country, e.target?.country].sort().join() === 'AZE,IRN'));
  });

  test('bad parameters get a 400 that says what is wrong', async () => {
    const cases: [string, RegExp][] = [
      ['/api/events?limit=0', /"limit" must be from 1 to 500/],
      ['/api/events?limit=ten', /"limit" must be a whole number/],
      ['/api/events?type=HUG', /"type" must be one of/],
      ['/api/events?from=March', /"from" must be a date/],
      ['/api/events?minConfidence=2', /"minConfidence" must be a number from 0 to 1/],
      ['/api/events?dyad=IRN', /"dyad" must be two actors/],
      ['/api/events?cursor=garbage', /not a cursor this API returned/],
      ['/api/events?colour=red', /unknown parameter "colour"/],
      ['/api/events?limit=1&limit=2', /given more than once/],
      ['/api/dyad?a=IRN', /"a" and "b" are required/],
      ['/api/dyad?a=IRN&b=AZE&by=year', /"by" must be one of day, week, month/],
      ['/api/search', /"q" is required/],
      ['/api/quotes?q=', /"q" is empty/],
      ['/api/actors?kind=planet', /"kind" must be one of/],
    ];
    for (const [path, message] of cases) {
      const res = await get(path);
      assert.equal(res.status, 400, path);
      assert.match(res.body.error, message, path);
    }
    assert.equal((await get('/api/nope')).status, 404);
  });

  test('actors, one actor with roles, quotes, places', async () => {
    const actors = (await get('/api/actors?kind=person&limit=5')).body.items;
    assert.ok(actors.length > 0 && actors.every((a: { kind: string }) => a.kind === 'person'));
    const one = await get(`/api/actors/${encodeURIComponent(actors[0].id)}`);
    assert.equal(one.status, 200);
    assert.ok(Array.isArray(one.body.roles));
    assert.equal((await get('/api/actors/nobody-at-all')).status, 404);
    const iran = (await get('/api/actors?q=iran')).body.items;
    assert.ok(iran.some((a: { id: string }) => a.id === 'IRN'));
    const quotes = await get('/api/quotes?limit=2');
    assert.equal(quotes.status, 200);
    assert.ok(Array.isArray(quotes.body.items));
    assert.equal((await get('/api/places')).status, 200);
  });

  test('dyad timeline, relations graph and full-text search', async () => {
    const dyad = (await get('/api/dyad?a=IRN&b=AZE&by=month')).body;
    assert.ok(dyad.totals.events > 0);
    assert.ok(dyad.points.length > 0);
    assert.ok(dyad.evidence.every((e: any) => typeof e.evidence.text === 'string'));
    const graph = (await get('/api/relations')).body;
    const ids = graph.nodes.map((n: { id: string }) => n.id);
    assert.ok(ids.includes('IRN') && ids.includes('AZE'));
    for (const e of graph.edges) assert.ok(ids.includes(e.a) && ids.includes(e.b));
    const iran = graph.nodes.find((n: { id: string }) => n.id === 'IRN');
    assert.equal(iran.label, 'Iran');
    const found = (await get('/api/search?q=Baku')).body.items;
    assert.ok(found.length > 0);
    assert.match(found[0].snippet, /\u0002Baku\u0003/);
    const syntax = await get('/api/search?q=%22%29%28NEAR%28*');
    assert.equal(syntax.status, 200, 'FTS syntax in the words is taken as words, never as a query error');
  });

  test('POST /api/ingest needs the token, checks the body, stores and returns the events', async () => {
    const text = 'Turkey sent humanitarian aid to Syria on Thursday, the Turkish disaster agency said.';
    assert.equal((await post('/api/ingest', text, { 'content-type': 'text/plain' })).status, 401);
    assert.equal((await post('/api/ingest', text, { 'content-type': 'text/plain', authorization: 'Bearer wrong' })).status, 403);
    const auth = { authorization: `Bearer ${TOKEN}` };
    assert.equal((await post('/api/ingest', text, { ...auth, 'content-type': 'image/png' })).status, 415);
    assert.equal((await post('/api/ingest', '   ', { ...auth, 'content-type': 'text/plain' })).status, 400);
    assert.equal((await post('/api/ingest', 'x'.repeat(70 * 1024), { ...auth, 'content-type': 'text/plain' })).status, 413);
    assert.equal((await post('/api/ingest?published=yesterday', text, { ...auth, 'content-type': 'text/plain' })).status, 400);
    const before = store.countArticles();
    const res = await post('/api/ingest?published=2025-03-14&source=Wire', text, { ...auth, 'content-type': 'text/plain' });
    assert.equal(res.status, 200);
    assert.equal(res.body.articles[0].status, 'stored');
    assert.ok(res.body.events.some((e: any) => e.type === 'AID' && e.source.code === 'TUR' && e.target.code === 'SYR' && e.date === '2025-03-13'));
    assert.equal(store.countArticles(), before + 1);
    const again = await post('/api/ingest?published=2025-03-14', text, { ...auth, 'content-type': 'text/plain' });
    assert.equal(again.body.articles[0].status, 'duplicate');
    assert.equal(store.countArticles(), before + 1);
    const lines = `${JSON.stringify({ text: 'Russia and China held talks in Beijing on Monday.', published: '2025-05-05' })}\n{broken`;
    const bad = await post('/api/ingest', lines, { ...auth, 'content-type': 'application/x-ndjson' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /request body:2: malformed JSON/);
  });

  test('without a token configured, writing is off', async () => {
    const readOnly = createApp({ store });
    const res = await readOnly.request('/api/ingest', { method: 'POST', body: 'text', headers: { 'content-type': 'text/plain', authorization: 'Bearer x' } });
    assert.equal(res.status, 403);
  });
});
