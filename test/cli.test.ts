import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { cli, FIXTURES, ROOT, SAMPLES, tempDir } from './helpers.ts';

describe('entente command line', () => {
  const dir = tempDir();
  const db = join(dir, 'cli.db');

  test('ingest reads the samples, prints a one-line summary and exits 0', () => {
    const run = cli(['ingest', SAMPLES, '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^5 files read, 12 articles found, 12 stored, 0 already stored, 0 near-duplicates linked, 1 skipped \(unsupported type\) into .*cli\.db in [\d.]+ s\n$/);
  });

  test('articles lists them as a table and as JSON Lines', () => {
    const table = cli(['articles', '--db', db]);
    assert.equal(table.status, 0);
    assert.match(table.stdout, /Pashinyan Says Peace Treaty/);
    assert.match(table.stdout, /12 articles\n$/);
    const json = cli(['articles', '--db', db, '--json', '--limit', '3']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(json.length, 3);
    assert.ok(json.every((a) => typeof a.id === 'number' && 'title' in a && 'published' in a));
  });

  test('article shows one stored article', () => {
    const run = cli(['article', '1', '--db', db]);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^#1 {2}Pashinyan Says/);
    assert.equal(cli(['article', '999', '--db', db]).status, 1);
  });

  test('ingest from standard input with --published and --source', () => {
    const run = cli(['ingest', '-', '--db', db, '--published', '2025-03-02', '--source', 'Desk'], { input: 'Oman hosts talks\nIran and the United States held indirect talks in Muscat on Saturday.' });
    assert.equal(run.status, 0, run.stderr);
    const last = cli(['articles', '--db', db, '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l)).at(-1);
    assert.deepEqual([last.title, last.published, last.source, last.origin], ['Oman hosts talks', '2025-03-02', 'Desk', '-']);
  });

  test('bad input: errors name the file, good files still go in, exit code 1', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, Buffer.from([0, 1, 2, 3]));
    const run = cli(['ingest', bad, join(FIXTURES, 'jsonl', 'mixed.jsonl'), join(dir, 'missing.txt'), '--db', join(dir, 'bad.db')]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /bad\.txt: binary file/);
    assert.match(run.stderr, /mixed\.jsonl:3: malformed JSON/);
    assert.match(run.stderr, /missing\.txt: no such file or folder/);
    assert.match(run.stdout, /3 stored/);
  });

  test('terminal escape sequences in article text never reach the terminal', () => {
    const evil = join(dir, 'evil.jsonl');
    writeFileSync(evil, `${JSON.stringify({ title: 'Talks \u001b[2J\u001b]0;owned\u0007 resume', text: 'Iran and Oman held talks in Muscat.\u001b[31m They agreed to meet again.' })}\n`);
    const evilDb = join(dir, 'evil.db');
    assert.equal(cli(['ingest', evil, '--db', evilDb]).status, 0);
    for (const args of [['articles'], ['article', '1'], ['events'], ['actors']]) {
      const out = cli([...args, '--db', evilDb]).stdout;
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(out), `${args[0]} printed a control character`);
    }
  });

  test('usage errors exit 2 with a message', () => {
    const run = cli(['ingest', SAMPLES, '--db', db, '--published', 'yesterday']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /expected a date as YYYY-MM-DD/);
    assert.equal(cli(['frobnicate']).status, 2);
  });

  test('articles on a missing database says how to make one', () => {
    const run = cli(['articles', '--db', join(dir, 'none.db')]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /no database at .*none\.db; run `entente ingest/);
  });

  test('events lists coded events with filters and export formats', () => {
    const all = cli(['events', '--db', db, '--format', 'jsonl']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(all.length >= 5, `events: ${all.length}`);
    for (const e of all) {
      assert.ok(e.source.code && e.type && e.cameo && e.evidence.text, JSON.stringify(e));
      assert.equal(e.polarity, 'asserted', 'denied events are left out unless asked for');
    }
    const dyad = cli(['events', '--db', db, '--dyad', 'AZE,IRN', '--format', 'jsonl']).stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.ok(dyad.length > 0);
    assert.ok(dyad.every((e) => [e.source.country, e.target?.country].sort().join() === 'AZE,IRN'));
    const accusations = cli(['events', '--db', db, '--type', 'ACCUSE', '--format', 'jsonl']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(accusations.length > 0 && accusations.every((e) => e.type === 'ACCUSE'));
    const tsv = cli(['events', '--db', db, '--format', 'tsv']).stdout.trim().split('\n');
    assert.equal(tsv[0].split('\t')[0], 'GLOBALEVENTID');
    assert.equal(tsv[1].split('\t').length, tsv[0].split('\t').length);
    const csv = cli(['events', '--db', db, '--format', 'csv', '--from', '2025-09', '--to', '2025-09']).stdout.trim().split('\n');
    assert.ok(csv.length >= 2 && csv.slice(1).every((row) => row.split(',')[1].startsWith('202509')), csv.join('\n'));
    assert.equal(cli(['events', '--db', db, '--dyad', 'IRN']).status, 2);
  });

  test('an export whose reader has gone (| head) ends quietly', async () => {
    for (const args of [['events', '--format', 'jsonl'], ['export', '--format', 'csv']]) {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'entente.js'), ...args, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
      // The reader closes its end before anything is written: the first write fails with EPIPE.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const [code] = await once(child, 'close');
      assert.equal(stderr, '', args.join(' '));
      assert.equal(code, 0, args.join(' '));
    }
  });

  test('eval scores events, dates or places, as the gold file holds, and refuses a file it cannot read', () => {
    const gold = (name: string) => join(FIXTURES, 'gold', name);
    const events = cli(['eval', gold('events.jsonl')]);
    assert.equal(events.status, 0, events.stderr);
    assert.match(events.stdout, /^2 documents, 1 required gold events\ntype  P 1\.000  R 1\.000  F1 1\.000 /);
    assert.match(events.stdout, /denied, feared or hypothetical events reported as having happened: 0\ndate  1\.000 of 1 matched events with a gold date\n$/);
    const dates = cli(['eval', gold('dates.jsonl')]);
    assert.equal(dates.status, 0, dates.stderr);
    assert.equal(
      dates.stdout,
      '2 documents, 3 marked calendar dates (DATE expressions valued YYYY, YYYY-MM or YYYY-MM-DD)\n' +
        'dates P 1.000  R 1.000  F1 1.000  (right 3 of 3 predicted; found 3 of 3 marked)\n' +
        "predicted dates not found in their document's text: 0\n",
    );
    // Vienna is marked as Vienna, Virginia, and Kelleyland is in no gazetteer.
    const places = cli(['eval', gold('places.jsonl'), '--predictions', join(dir, 'places.jsonl')]);
    assert.equal(places.status, 0, places.stderr);
    assert.equal(
      places.stdout,
      '1 document, 4 marked places\n' +
        'places within 161 km 0.500 (2 of 4); detected 0.750 (3); median error 0 km\n' +
        "predicted places on no marked place: 0; not found in their document's text: 0\n",
    );
    const predicted = JSON.parse(readFileSync(join(dir, 'places.jsonl'), 'utf8'));
    assert.deepEqual(predicted.places.map((p: { text: string }) => p.text), ['GENEVA', 'Geneva', 'Vienna']);
    const mixed = join(dir, 'mixed.jsonl');
    writeFileSync(mixed, '{"id": "a", "text": "x", "dates": []}\n{"id": "b", "text": "y", "places": []}\n');
    const refused = cli(['eval', mixed]);
    assert.equal(refused.status, 1);
    assert.equal(refused.stderr, `error: ${mixed}:2: has "places" where the lines before have "dates"\n`);
  });

  test('analyze prints the document model as JSON without a database', () => {
    const run = cli(['analyze', join(FIXTURES, 'multi', 'two-articles.txt')], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const { articles } = JSON.parse(run.stdout);
    assert.equal(articles.length, 2);
    for (const a of articles) {
      for (const s of a.sentences) {
        assert.equal(s.text, a.text.slice(s.start, s.end));
        assert.ok(s.tokens.every((t: { pos: string; text: string; start: number; end: number }) => t.pos && t.text === a.text.slice(t.start, t.end)));
      }
      for (const key of ['mentions', 'actors', 'dates', 'places', 'events', 'quotes']) assert.ok(Array.isArray(a[key]));
    }
    assert.equal(existsSync(join(dir, 'entente.db')), false, 'analyze must not create a database');
  });

  test('analyze reads standard input', () => {
    const run = cli(['analyze', '-', '--published', '2025-06-27'], { input: 'Azerbaijan did not allow its airspace to be used.' });
    const { articles } = JSON.parse(run.stdout);
    assert.equal(articles[0].published, '2025-06-27');
    assert.equal(articles[0].sentences[0].tokens.find((t: { text: string }) => t.text === 'allow').pos, 'VERB');
  });

  test('text prints the main text of an HTML page', () => {
    const run = cli(['text', join(SAMPLES, 'summit-report.html')]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Caspian/);
    assert.doesNotMatch(run.stdout, /<p>|Share on|newsletter/i);
    const missing = cli(['text', join(dir, 'nope.html')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope\.html/);
  });

  test('bench reports every stage, the floor and the events, warm by default and cold on request', () => {
    const warm = cli(['bench', '--json']);
    assert.equal(warm.status, 0, warm.stderr);
    const result = JSON.parse(warm.stdout);
    assert.deepEqual(result.stages.map((s: { name: string }) => s.name), ['clean', 'segment', 'fingerprint', 'actors', 'dates', 'places', 'quotes', 'events', 'store']);
    assert.equal(result.articles, 12);
    assert.equal(result.warmUpDocuments, result.documents, 'a corpus this small is read once before timing');
    assert.ok(result.events > 0 && result.sentencesWithEvents <= result.sentences);
    assert.ok(result.sentencesPerSecond > 0 && result.floorSentencesPerSecond > 0 && result.peakRssMB > 0);
    const cold = JSON.parse(cli(['bench', '--json', '--cold']).stdout);
    assert.equal(cold.warmUpDocuments, 0);
    assert.equal(cold.events, result.events, 'warming up changes the timing, not the events');
    assert.equal(cold.runs.length, 1);
  });

  test('bench --repeat times the floor and the pipeline several times and reports the median run', () => {
    const run = cli(['bench', '--json', '--repeat', '3']);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.runs.length, 3);
    const seconds = result.runs.map((r: { seconds: number }) => r.seconds).sort((a: number, b: number) => a - b);
    assert.equal(result.seconds, seconds[1]);
    assert.ok(result.runs.every((r: { floorSeconds: number }) => r.floorSeconds > 0));
    assert.ok(result.ratioToFloor > 0);
    const text = cli(['bench', '--repeat', '2']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /timed 2 times each, alternately/);
    assert.match(text.stdout, /sentences\/s \(runs: [\d,]+–[\d,]+\)/);
  });

  test('bench --workers times the coding threads in each run, alternately with one thread', () => {
    const run = cli(['bench', '--json', '--workers', '2', '--repeat', '2']);
    assert.equal(run.status, 0, run.stderr);
    const { parallel, runs } = JSON.parse(run.stdout);
    assert.equal(parallel.workers, 2);
    assert.equal(parallel.runs.length, runs.length);
    assert.ok(parallel.runs.includes(parallel.seconds));
    assert.equal(parallel.sameEvents, true);
    assert.ok(parallel.coded.here + parallel.coded.workers >= 1 && parallel.speedup > 0 && parallel.floorSpeedup > 0);
    if (process.platform === 'linux') {
      // CPU time per kind of thread, for the median runs; each part is at most what the threads could use in the time.
      const { cpu } = JSON.parse(run.stdout);
      for (const [used, seconds] of [[cpu.here + cpu.other, Math.max(...runs.map((r: { seconds: number }) => r.seconds))], [parallel.cpu.here + parallel.cpu.workers + parallel.cpu.other, parallel.seconds]]) {
        assert.ok(used >= 0 && used <= (seconds + 0.02) * 8, `${used} CPU seconds in ${seconds} s`);
      }
      assert.ok(typeof parallel.cpu.workers === 'number');
    }
  });

  test('the compiled command and the TypeScript sources store the same events, with worker threads or without', () => {
    const events = (db: string) => cli(['events', '--db', db, '--format', 'jsonl']).stdout;
    const runs: { name: string; env: Record<string, string>; workers: string }[] = [
      { name: 'compiled.db', env: {}, workers: '2' },
      { name: 'sources.db', env: { ENTENTE_SOURCES: '1' }, workers: '2' },
      { name: 'one-thread.db', env: {}, workers: '1' },
    ];
    const outputs = runs.map(({ name, env, workers }) => {
      const out = join(dir, name);
      const run = cli(['ingest', SAMPLES, '--db', out, '--workers', workers], { env });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, workers === '2' ? / s on 2 threads\n$/ : /\d s\n$/);
      return events(out);
    });
    assert.ok(outputs[0].split('\n').length > 10, 'the samples give events');
    assert.equal(outputs[1], outputs[0]);
    assert.equal(outputs[2], outputs[0]);
    // The compiled modules are kept beside the packages, one folder per version of the sources.
    const cache = join(ROOT, 'node_modules', '.cache', 'entente');
    assert.ok(readdirSync(cache).some((d) => existsSync(join(cache, d, 'main.mjs')) && existsSync(join(cache, d, 'pipeline-worker.mjs'))));
  });

  test('the sources compile from any folder, into the folder asked for', () => {
    const here = tempDir();
    const cache = join(here, 'cache');
    const script = `import { compiledCli } from ${JSON.stringify(pathToFileURL(join(ROOT, 'bin', 'compile.js')).href)};
      process.stdout.write(String(await compiledCli({ cache: ${JSON.stringify(cache)} })));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: here, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const dir = fileURLToPath(run.stdout);
    assert.equal(dirname(dir), cache);
    for (const module of ['main.mjs', 'pipeline-worker.mjs', 'floor-worker.mjs']) assert.ok(existsSync(join(dir, module)), module);

    // A folder that cannot be made: the command is told to run the sources, and says why.
    const file = join(here, 'a-file');
    writeFileSync(file, '');
    const failed = spawnSync(process.execPath, ['--input-type=module', '-e', script.replace(JSON.stringify(cache), JSON.stringify(join(file, 'cache')))], { cwd: here, encoding: 'utf8' });
    assert.equal(failed.status, 0, failed.stderr);
    assert.equal(failed.stdout, 'undefined');
    assert.match(failed.stderr, /^entente: could not compile the sources into .*a-file\/cache \(ENOTDIR.*\); running them through tsx\n$/);
  });
});
