/**
 * The dashboard in a real browser: Chromium (via playwright-core) against `entente serve`'s app,
 * started in this process on a temporary database that holds the bundled samples and articles full
 * of hostile markup (test/fixtures/xss). Screenshots of each view go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../src/api/app.ts';
import { WEB_ROOT } from '../src/cli/serve-command.ts';
import { ingestPaths } from '../src/ingest/ingest.ts';
import { Store } from '../src/store/store.ts';
import { FIXTURES, ROOT, SAMPLES, tempDir } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-output', 'screenshots');
const XSS = join(FIXTURES, 'xss');
const dir = tempDir();

/** Builds the dashboard when it is missing or older than its sources (`npm ci` builds it through `prepare`). */
function ensureBuilt(): void {
  const index = join(WEB_ROOT, 'index.html');
  const newest = (folder: string): number =>
    Math.max(0, ...readdirSync(folder, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(folder, e.name)) : statSync(join(folder, e.name)).mtimeMs)));
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(ROOT, 'src', 'web'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

async function listen(store: Store): Promise<{ server: ServerType; base: string }> {
  const app = createApp({ store, webRoot: WEB_ROOT });
  return new Promise((done, fail) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => done({ server, base: `http://127.0.0.1:${info.port}` }));
    server.once('error', fail);
  });
}

/** What went wrong in a page: script errors, console errors (a CSP violation is one) and dialogs. */
interface Watched {
  page: Page;
  problems: string[];
  dialogs: string[];
}

let browser: Browser | undefined;
let context: BrowserContext | undefined;
let store: Store | undefined;
let emptyStore: Store | undefined;
const servers: ServerType[] = [];
let base = '';
let emptyBase = '';

async function open(route: string, at = base): Promise<Watched> {
  const page = await context!.newPage();
  page.setDefaultTimeout(15_000);
  const watched: Watched = { page, problems: [], dialogs: [] };
  page.on('pageerror', (err) => watched.problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') watched.problems.push(`console: ${msg.text()}`);
  });
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${at}/${route}`);
  return watched;
}

/** Waits until the view has rendered the address the page is at. */
async function ready(page: Page, view: string): Promise<void> {
  await page.waitForFunction((name) => {
    const app = document.getElementById('app')!;
    return app.dataset.ready === name && app.dataset.route === location.hash;
  }, view);
}

async function done(w: Watched, shot?: string): Promise<void> {
  if (shot) await w.page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  assert.equal(await w.page.evaluate(() => (window as { __pwned?: unknown }).__pwned), undefined, 'injected script ran');
  assert.deepEqual(w.dialogs, [], 'a dialog opened');
  assert.deepEqual(w.problems, [], 'the page reported errors');
  await w.page.close();
}

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

/** Clicks a line of the graph where nothing else covers it (a label or a circle may cover its middle). */
async function clickEdge(page: Page, pair: string): Promise<void> {
  const hit = page.locator(`[data-edge="${pair}"] .edge-hit`);
  // No helper functions inside: tsx would wrap them in a `__name` call the page does not have.
  const point = await hit.evaluate((el) => {
    const line = el as SVGLineElement;
    const m = line.ownerSVGElement!.getScreenCTM()!;
    const [x1, y1, x2, y2] = [line.x1.baseVal.value, line.y1.baseVal.value, line.x2.baseVal.value, line.y2.baseVal.value];
    for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
      const p = new DOMPoint(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t).matrixTransform(m);
      if (document.elementFromPoint(p.x, p.y) === line) return { x: p.x, y: p.y };
    }
    return null;
  });
  assert.ok(point, `the line ${pair} is covered everywhere`);
  await page.mouse.click(point.x, point.y);
}

describe('dashboard in a browser', () => {
  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}: the browser tests need it. Install it with \`apt-get install -y chromium\` (CI does), or point CHROMIUM_PATH at a Chromium binary.`);
    }
    ensureBuilt();
    mkdirSync(SHOTS, { recursive: true });
    store = Store.open(join(dir, 'dash.db'));
    const summary = await ingestPaths([SAMPLES, XSS], store);
    assert.deepEqual(summary.errors.map((e) => e.message), []);
    assert.ok(summary.stored >= 14, `stored ${summary.stored} articles`);
    emptyStore = Store.open(join(dir, 'empty.db'));
    const full = await listen(store);
    const empty = await listen(emptyStore);
    servers.push(full.server, empty.server);
    base = full.base;
    emptyBase = empty.base;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    store?.close();
    emptyStore?.close();
  });

  test('the page is served with a strict Content-Security-Policy and builds no HTML from strings', async () => {
    const res = await fetch(`${base}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.match(csp, /default-src 'none'/);
    const html = await res.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'inline script in index.html');
    assert.doesNotMatch(html, /\sstyle=/, 'inline style in index.html');
    assert.doesNotMatch(html, /\/\/[a-z0-9.-]+\.[a-z]{2,}\//i, 'index.html loads something from another site');
    const assets = readdirSync(join(WEB_ROOT, 'assets'));
    for (const file of assets.filter((f) => f.endsWith('.js'))) {
      const js = readFileSync(join(WEB_ROOT, 'assets', file), 'utf8');
      assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, `${file} builds HTML from strings`);
    }
  });

  test('the relations graph shows the actors and colours pairs from conflict to cooperation', async () => {
    const w = await open('#/graph');
    const { page } = w;
    await ready(page, 'graph');
    const ids = await page.locator('[data-node-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-node-id')));
    for (const id of ['IRN', 'AZE', 'ARM', 'AFG', 'PAK']) assert.ok(ids.includes(id), `node ${id} in ${ids.join(' ')}`);
    assert.equal(await page.locator('[data-edge="AZE|IRN"]').count(), 1);
    // Afghanistan–Pakistan is all conflict (red), Kazakhstan–Uzbekistan all cooperation (blue).
    assert.equal(await page.locator('[data-edge="AFG|PAK"] .edge-line').getAttribute('stroke'), 'rgb(192, 57, 43)');
    assert.equal(await page.locator('[data-edge="KAZ|UZB"] .edge-line').getAttribute('stroke'), 'rgb(36, 113, 163)');
    // Busier actors are bigger.
    const r = async (id: string) => Number(await page.locator(`[data-node-id="${id}"] circle`).getAttribute('r'));
    assert.ok((await r('IRN')) > (await r('KAZ')));
    await page.screenshot({ path: join(SHOTS, 'graph.png') });

    await page.locator('[data-node-id="IRN"] circle').click();
    await page.locator('.node.focus[data-node-id="IRN"]').waitFor();
    const partners = await page.locator('.focus-panel [data-partner]').evaluateAll((els) => els.map((el) => el.getAttribute('data-partner')));
    assert.ok(partners.includes('AZE') && partners.includes('TUR'), `partners ${partners.join(' ')}`);
    assert.ok(!partners.includes('PAK'));
    assert.equal(await page.locator('.node.neighbour[data-node-id="AZE"]').count(), 1);
    assert.match(page.url(), /focus=IRN/);
    await done(w, 'graph-focus');
  });

  test('the date range reloads the graph', async () => {
    const w = await open('#/graph');
    const { page } = w;
    await ready(page, 'graph');
    await page.fill('form.filters input[name=from]', '2025-07-01');
    await page.fill('form.filters input[name=to]', '2025-07-31');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/from=2025-07-01/);
    await ready(page, 'graph');
    const ids = await page.locator('[data-node-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-node-id')).sort());
    assert.deepEqual(ids, ['AZE', 'IRN']);
    await done(w);
  });

  test('clicking a pair opens the dyad: its line over time, its events and quotes', async () => {
    const w = await open('#/graph');
    const { page } = w;
    await ready(page, 'graph');
    await clickEdge(page, 'ARM|AZE');
    await page.waitForURL(/#\/dyad\/ARM\/AZE/);
    await ready(page, 'dyad');
    assert.match((await page.locator('h1.dyad-title').textContent()) ?? '', /Armenia.*Azerbaijan/);
    await page.locator('svg.dyad-chart path.index-line').waitFor({ state: 'visible' });
    const periods = await page.locator('svg.dyad-chart .point').evaluateAll((els) => els.map((el) => el.getAttribute('data-period')));
    assert.ok(periods.length >= 2, `periods ${periods.join(' ')}`);
    assert.deepEqual([...periods].sort(), periods, 'periods in order');
    assert.ok((await page.locator('.dyad-events li').count()) >= 3);
    assert.ok((await page.locator('.dyad-quotes .quote').count()) >= 1);
    await done(w, 'dyad');
  });

  test('an event of the dyad opens its article with the evidence highlighted and in view', async () => {
    const w = await open('#/dyad/IRN/AZE');
    const { page } = w;
    await ready(page, 'dyad');
    const first = page.locator('.dyad-events .evidence-link').first();
    const evidence = (await first.textContent())!;
    await first.click();
    await page.waitForURL(/#\/article\/\d+/);
    await ready(page, 'article');
    const selected = page.locator('.article-text .evidence.selected');
    await selected.first().waitFor({ state: 'visible' });
    assert.equal((await texts(page, '.article-text .evidence.selected')).join(''), evidence);
    assert.ok(await selected.first().evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    }), 'the evidence is scrolled into view');
    const card = page.locator('.event-card.selected');
    assert.equal(await card.count(), 1);
    assert.equal(await card.locator('.evidence-text').textContent(), evidence);
    assert.match(page.url(), /event=\d+/);
    await done(w, 'article');
  });

  test('an article shows actors, dates, places, quotes and a card per event; a card selects its evidence', async () => {
    const w = await open('#/articles');
    const { page } = w;
    await ready(page, 'articles');
    await page.locator('tr[data-article-id] a', { hasText: 'Pashinyan Says Peace Treaty' }).click();
    await ready(page, 'article');
    for (const kind of ['actor', 'date', 'place', 'quote', 'evidence']) assert.ok((await page.locator(`.article-text .hl.${kind}`).count()) > 0, `no ${kind} highlighted`);
    const cards = page.locator('.event-card');
    assert.ok((await cards.count()) >= 3);
    const last = cards.last();
    for (const label of ['date', 'polarity', 'modality', 'CAMEO', 'confidence', 'pattern']) assert.equal(await last.locator('dt', { hasText: new RegExp(`^${label}$`) }).count(), 1, `card lacks ${label}`);
    await last.locator('.show-evidence').click();
    const id = await last.getAttribute('data-event-id');
    await page.waitForURL(new RegExp(`event=${id}`));
    assert.equal((await texts(page, '.article-text .evidence.selected')).join(''), await last.locator('.evidence-text').textContent());
    // Overlapping spans: every character of the text is shown once.
    const shown = await page.locator('.article-text .para').evaluateAll((els) => els.filter((el) => !el.classList.contains('article-title')).map((el) => el.textContent).join(''));
    const article = (await (await fetch(`${base}/api/articles/${page.url().match(/article\/(\d+)/)![1]}`)).json()) as { text: string; paragraphSpans: { start: number; end: number; kind: string }[] };
    assert.equal(shown, article.paragraphSpans.filter((p, i) => !(i === 0 && p.kind === 'title')).map((p) => article.text.slice(p.start, p.end)).join(''));
    await done(w);
  });

  test('the event list filters by type and pair, pages with "more", and links to the evidence', async () => {
    const w = await open('#/events');
    const { page } = w;
    await ready(page, 'events');
    const all = await page.locator('tr.event-row').count();
    assert.ok(all > 10);
    await page.screenshot({ path: join(SHOTS, 'events.png') });

    await page.selectOption('form.event-filters select[name=type]', 'ACCUSE');
    await page.click('form.event-filters button[type=submit]');
    await page.waitForURL(/type=ACCUSE/);
    await ready(page, 'events');
    const types = await page.locator('tr.event-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-type')));
    assert.ok(types.length > 0 && types.length < all);
    assert.deepEqual([...new Set(types)], ['ACCUSE']);

    await page.goto(`${base}/#/events?dyad=IRN,AZE`);
    await ready(page, 'events');
    const sides = await page.locator('tr.event-row').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-source')}-${el.getAttribute('data-target')}`));
    assert.ok(sides.length > 0);
    for (const pair of sides) assert.ok(pair === 'IRN-AZE' || pair === 'AZE-IRN', pair);

    await page.goto(`${base}/#/events?limit=10`);
    await ready(page, 'events');
    assert.equal(await page.locator('tr.event-row').count(), 10);
    await page.click('button.more');
    await page.waitForFunction(() => document.querySelectorAll('tr.event-row').length === 20);
    const ids = await page.locator('tr.event-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-event-id')));
    assert.equal(new Set(ids).size, 20, 'a page repeated events');

    const row = page.locator('tr.event-row').first();
    const evidence = await row.locator('.evidence-link q').textContent();
    await row.locator('.evidence-link').click();
    await ready(page, 'article');
    assert.equal((await texts(page, '.article-text .evidence.selected')).join(''), evidence);
    await done(w);
  });

  test('search finds a word and marks it', async () => {
    const w = await open('#/graph');
    const { page } = w;
    await ready(page, 'graph');
    await page.fill('#search-form input[name=q]', 'Pezeshkian');
    await page.press('#search-form input[name=q]', 'Enter');
    await page.waitForURL(/#\/search\?q=Pezeshkian/);
    await ready(page, 'search');
    assert.ok((await page.locator('.search-hit').count()) >= 1);
    const marks = await texts(page, '.search-hit .snippet mark');
    assert.ok(marks.length > 0 && marks.every((m) => /pezeshkian/i.test(m)), marks.join(', '));
    assert.equal(await page.locator('.snippet').evaluateAll((els) => els.some((el) => /[\u0002\u0003]/.test(el.textContent ?? ''))), false);
    await done(w, 'search');
  });

  test('hostile markup in articles is shown as text and never runs', async () => {
    const hits = (await (await fetch(`${base}/api/search?q=surveillance%20drones`)).json()) as { items: { id: number }[] };
    assert.equal(hits.items.length, 1);
    const id = hits.items[0].id;

    // The search result: title and snippet are text.
    const w = await open('#/search?q=posted%20statement');
    const { page } = w;
    await ready(page, 'search');
    assert.equal(await page.locator('.hit-title').first().textContent(), 'Azerbaijan accuses Iran over drone flights <script>window.__pwned=1</script>');
    assert.match((await page.locator('.snippet').first().textContent()) ?? '', /<script>window\.__pwned=1<\/script>/);

    // The article: the literal markup is visible, and nothing of it became an element.
    await page.goto(`${base}/#/article/${id}`);
    await ready(page, 'article');
    await page.getByText('<script>window.__pwned=1</script>').first().waitFor({ state: 'visible' });
    assert.match((await page.locator('h1.article-title').textContent()) ?? '', /<script>window\.__pwned=1<\/script>$/);
    assert.match((await page.locator('.article-meta').textContent()) ?? '', /<img src=x onerror="window\.__pwned=1">Border Wire/);
    assert.match((await page.locator('.article-quotes').textContent()) ?? '', /<img src=x onerror="window\.__pwned=1"> provocations/);
    const count = (sel: string) => page.locator(sel).count();
    assert.equal(await count('img'), 0);
    assert.equal(await count('iframe'), 0);
    assert.equal(await count('script'), 1, 'only the dashboard script');
    await page.screenshot({ path: join(SHOTS, 'xss-article.png'), fullPage: true });

    // The other hostile article: a javascript: URL is never a link; svg/iframe/alert payloads stay text.
    const other = (await (await fetch(`${base}/api/search?q=Sadakhlo`)).json()) as { items: { id: number }[] };
    await page.goto(`${base}/#/article/${other.items[0].id}`);
    await ready(page, 'article');
    await page.getByText('<svg onload=alert(1)></svg>').waitFor({ state: 'visible' });
    assert.equal(await count('a[href^="javascript:" i]'), 0);
    assert.equal(await count('.article-text svg, .article-text iframe'), 0);

    // The hostile articles' events appear in the lists and the graph like any other.
    await page.goto(`${base}/#/events?dyad=AZE,IRN`);
    await ready(page, 'events');
    await page.getByText('Azerbaijan accuses Iran over drone flights <script>window.__pwned=1</script>').first().waitFor({ state: 'visible' });
    await page.goto(`${base}/#/graph`);
    await ready(page, 'graph');
    assert.equal(await count('[data-node-id="GEO"]'), 1);
    await page.goto(`${base}/#/dyad/GEO/ARM`);
    await ready(page, 'dyad');
    assert.match((await page.locator('.dyad-quotes').textContent()) ?? '', /<script>alert\(document\.cookie\)<\/script>/);
    await done(w, 'xss-dyad');
  });

  test('the map plots the places of events', async () => {
    const w = await open('#/map');
    const { page } = w;
    await ready(page, 'map');
    const spots = page.locator('.spot.has-events');
    assert.ok((await spots.count()) >= 3);
    // Tbilisi, where the Georgian and Armenian prime ministers met (a fixture); chosen from the keyboard,
    // as dots may touch.
    const tbilisi = page.locator('.spot.has-events[aria-label^="Tbilisi:"]');
    assert.equal(await tbilisi.count(), 1);
    await tbilisi.focus();
    await page.keyboard.press('Enter');
    await page.locator('.map-side h2', { hasText: 'Tbilisi' }).waitFor();
    assert.match((await page.locator('.map-side .place-events').textContent()) ?? '', /Kobakhidze met Armenian Prime Minister Nikol Pashinyan/);
    await done(w, 'map');
  });

  test('an unknown article is an error message, not a blank page', async () => {
    const w = await open('#/article/999999');
    await ready(w.page, 'error');
    assert.match((await w.page.locator('.error').textContent()) ?? '', /no article 999999/);
    // The failed request is logged by the browser; that is the one console error expected here.
    w.problems = w.problems.filter((p) => !/404/.test(p));
    await done(w);
  });

  test('an empty database explains how to ingest', async () => {
    const w = await open('#/graph', emptyBase);
    await ready(w.page, 'empty');
    const text = (await w.page.locator('.empty-state').textContent()) ?? '';
    assert.match(text, /npx entente ingest samples/);
    assert.match(text, /reload/i);
    await done(w, 'empty');
  });
});
