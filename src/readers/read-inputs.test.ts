import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import type { SourceDocument } from '../model/model.ts';
import { FIXTURES, SAMPLES, tempDir } from '../../test/helpers.ts';
import { normalizePublished } from './dates.ts';
import { InputError } from './input-error.ts';
import { listInputs, readInput, splitFrontMatter, sniff } from './read-inputs.ts';

/** Reads every path; returns documents, per-record errors and the file-level error if one was thrown. */
async function readAll(paths: string[], maxBytes?: number) {
  const listing = await listInputs(paths, { maxBytes });
  const docs: SourceDocument[] = [];
  const errors: InputError[] = [...listing.errors];
  for (const file of listing.files) {
    try {
      for await (const item of readInput(file, { maxBytes })) {
        if (item instanceof InputError) errors.push(item);
        else docs.push(item);
      }
    } catch (err) {
      assert.ok(err instanceof InputError, `expected an InputError, got ${err}`);
      errors.push(err);
    }
  }
  return { docs, errors, listing };
}

describe('bad input gets a clear error naming the file and the problem', () => {
  const dir = tempDir();
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const cases: { name: string; file: () => string; problem: RegExp; maxBytes?: number }[] = [
    { name: 'binary file', file: () => write('photo.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), problem: /binary file/ },
    { name: 'invalid UTF-8', file: () => write('latin1.txt', Buffer.from('Caf\xe9 talks in Gen\xe8ve', 'latin1')), problem: /invalid UTF-8 at byte 3/ },
    { name: 'empty file', file: () => write('empty.txt', ''), problem: /empty file/ },
    { name: 'whitespace only', file: () => write('blank.txt', '  \n\n \t\n'), problem: /empty file/ },
    { name: 'unsupported extension', file: () => write('report.pdf', '%PDF-1.4'), problem: /unsupported file type "\.pdf"/ },
    { name: 'broken XML', file: () => join(FIXTURES, 'feeds', 'broken.xml'), problem: /malformed XML.*cut off/ },
    { name: 'a file over the size limit', file: () => write('big.txt', 'Talks resumed. '.repeat(100)), problem: /over the limit of 1\.0 KB/, maxBytes: 1024 },
    { name: 'a missing file', file: () => join(dir, 'nope.txt'), problem: /no such file or folder/ },
    { name: 'HTML with no text', file: () => write('empty.html', '<html><body><script>x()</script></body></html>'), problem: /HTML/ },
    { name: 'an empty JSON Lines file', file: () => write('none.jsonl', '\n\n'), problem: /empty file/ },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const path = c.file();
      const { docs, errors } = await readAll([path], c.maxBytes);
      assert.equal(docs.length, 0);
      assert.equal(errors.length, 1);
      assert.ok(errors[0].message.startsWith(path), `names the file: ${errors[0].message}`);
      assert.match(errors[0].message, c.problem);
    });
  }

  test('a malformed JSON line is named by its line number and the other lines still go in', async () => {
    const { docs, errors } = await readAll([join(FIXTURES, 'jsonl', 'mixed.jsonl')]);
    assert.equal(docs.length, 3);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 3);
    assert.match(errors[0].message, /mixed\.jsonl:3: malformed JSON/);
  });

  const badRecords: [string, RegExp][] = [
    ['[1, 2]', /must be a JSON object/],
    ['{"title": "No body"}', /needs a non-empty "text" or "html"/],
    ['{"text": 42}', /"text" must be a string/],
    ['{"text": "Talks.", "published": "soon"}', /"published" is not a date/],
  ];
  for (const [line, problem] of badRecords) {
    test(`JSON line ${line} is refused`, async () => {
      const path = write(`rec-${badRecords.findIndex((b) => b[0] === line)}.jsonl`, `{"text": "Ministers met."}\n${line}\n`);
      const { docs, errors } = await readAll([path]);
      assert.equal(docs.length, 1);
      assert.equal(errors[0].line, 2);
      assert.match(errors[0].message, problem);
    });
  }
});

describe('readers', () => {
  test('RSS items become documents with title, date, link, guid and outlet', async () => {
    const { docs } = await readAll([join(SAMPLES, 'ministry-feed.rss')]);
    assert.equal(docs.length, 3);
    for (const doc of docs) {
      assert.match(doc.meta.published!, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(doc.meta.title && doc.meta.url?.startsWith('https://') && doc.meta.externalId);
      assert.equal(doc.meta.source, 'Ministry of Foreign Affairs — Press Releases');
      assert.ok(!doc.text.includes('<p>'), 'escaped HTML is turned into paragraphs');
      assert.ok(doc.text.split('\n').length >= 2);
    }
    assert.deepEqual(docs.map((d) => d.origin.item), [1, 2, 3]);
  });

  test('Atom entries are read with their links and dates', async () => {
    const { docs } = await readAll([join(FIXTURES, 'feeds', 'atom.xml')]);
    assert.equal(docs.length, 2);
    assert.equal(docs[0].origin.format, 'atom');
    assert.match(docs[0].meta.url!, /^https?:\/\//);
    assert.match(docs[0].meta.published!, /^2025-/);
  });

  test('a JSON line with html instead of text is turned into paragraphs', async () => {
    const { docs } = await readAll([join(FIXTURES, 'jsonl', 'mixed.jsonl')]);
    const fromHtml = docs.find((d) => d.origin.line === 2)!;
    assert.ok(!/[<>]/.test(fromHtml.text));
    assert.ok(fromHtml.text.split('\n').length >= 2);
  });

  test('an HTML page yields its main text and metadata, without page furniture', async () => {
    const { docs } = await readAll([join(SAMPLES, 'summit-report.html')]);
    assert.equal(docs.length, 1);
    const [doc] = docs;
    assert.equal(doc.meta.published, '2025-10-22');
    assert.ok(doc.meta.title && doc.meta.source);
    assert.ok(!/newsletter|Share on/i.test(doc.text));
    assert.ok(doc.text.split('\n').length >= 6);
  });

  test('folders are read recursively in sorted order; unsupported files inside are skipped, hidden ones ignored', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'b', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'b', 'deeper', 'two.txt'), 'Talks resumed in Vienna.');
    writeFileSync(join(dir, 'a.txt'), 'Ministers met in Baku.');
    writeFileSync(join(dir, 'notes.md'), '# notes');
    writeFileSync(join(dir, '.hidden.txt'), 'secret');
    const { listing } = await readAll([dir]);
    assert.deepEqual(listing.files.map((f) => f.path.slice(dir.length + 1)), ['a.txt', join('b', 'deeper', 'two.txt')]);
    assert.deepEqual(listing.skipped.map((p) => p.slice(dir.length + 1)), ['notes.md']);
  });

  test('CRLF line ends and a byte-order mark are normalised', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'win.txt'), '\ufeffFirst line.\r\nSecond line.\r\n');
    const { docs } = await readAll([join(dir, 'win.txt')]);
    assert.equal(docs[0].text, 'First line.\nSecond line.\n');
  });

  describe('standard input', () => {
    /** Reads `-` from the given pieces; the documents, per-record errors, the thrown error, and the byte counts told. */
    async function readStdin(pieces: (string | Buffer)[], maxBytes?: number) {
      const docs: SourceDocument[] = [];
      const errors: InputError[] = [];
      const told: number[] = [];
      let thrown: unknown;
      try {
        const stdin = Readable.from(pieces.map((p) => Buffer.from(p)));
        for await (const item of readInput({ path: '-', size: 0, readAs: 'auto' }, { stdin, maxBytes, onBytes: (n) => told.push(n) })) {
          if (item instanceof InputError) errors.push(item);
          else docs.push(item);
        }
      } catch (err) {
        thrown = err;
      }
      return { docs, errors, told, thrown };
    }
    const strip = (docs: SourceDocument[]) => docs.map((d) => ({ ...d, origin: { ...d.origin, path: '' } }));

    test('JSON Lines are streamed piece by piece, with what a file of them gives', async () => {
      const path = join(SAMPLES, 'wire-feed.jsonl');
      const bytes = readFileSync(path);
      // Pieces cut inside lines and inside a multi-byte character, after white space and a byte-order mark.
      const piped = Buffer.concat([Buffer.from('\ufeff  '), bytes]);
      const cuts = [2, 40, Math.floor(piped.length / 2), piped.length - 7];
      const pieces = [0, ...cuts].map((from, i) => piped.subarray(from, [...cuts, piped.length][i]));
      const fromFile = await readAll([path]);
      const fromStdin = await readStdin(pieces);
      assert.equal(fromStdin.thrown, undefined);
      assert.ok(fromFile.docs.length > 3);
      assert.deepEqual(strip(fromStdin.docs), strip(fromFile.docs));
      assert.equal(fromStdin.docs[0].origin.path, '-');
      assert.deepEqual(fromStdin.told, pieces.map((p) => p.length), 'bytes told as each piece arrives');
    });

    test('a bad JSON line is reported by its number and the others go in', async () => {
      const { docs, errors } = await readStdin(['{"text": "Oman hosted the talks."}\n{"text": ', '"unfinished\n{"text": "Qatar mediated."}\n']);
      assert.deepEqual(docs.map((d) => d.text), ['Oman hosted the talks.', 'Qatar mediated.']);
      assert.equal(errors.length, 1);
      assert.match(errors[0].message, /^-:2: malformed JSON/);
    });

    test('plain text, HTML and feeds are read whole, as one document', async () => {
      const text = await readStdin(['Iran and Oman ', 'held talks.\r\nThey will meet again.']);
      assert.deepEqual(text.docs.map((d) => d.text), ['Iran and Oman held talks.\nThey will meet again.']);
      assert.deepEqual(text.told, [text.docs[0].text.length + 1]);
      const html = await readStdin(['  <html><head><title>Talks</title></head><body><article><p>Oman hosted the talks between ', 'the two delegations on Saturday.</p></article></body></html>']);
      assert.equal(html.docs.length, 1);
      assert.equal(html.docs[0].meta.title, 'Talks');
      assert.match(html.docs[0].text, /Oman hosted the talks between the two delegations/);
    });

    test('over the size limit, or empty, it is an error naming standard input', async () => {
      const big = await readStdin(['{"text": "one"}\n', '{"text": "two"}\n'], 20);
      assert.ok(big.thrown instanceof InputError);
      assert.match(big.thrown.message, /^-: standard input is over the limit of 20 B/);
      const blank = await readStdin([' \n', '\n']);
      assert.ok(blank.thrown instanceof InputError);
      assert.match(blank.thrown.message, /^-: empty file/);
    });
  });

  test('front matter gives a text file its metadata', () => {
    const { meta, body } = splitFrontMatter('---\npublished: 2025-06-27\nsource: Caucasus Courier\ntitle: "Call"\n---\nBody.', 'x.txt');
    assert.deepEqual(meta, { published: '2025-06-27', source: 'Caucasus Courier', title: 'Call' });
    assert.equal(body, 'Body.');
    assert.throws(() => splitFrontMatter('---\nauthor: me\n---\nBody.', 'x.txt'), /x\.txt:2: front matter/);
  });

  const sniffs: [string, string][] = [
    ['<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', 'feed'],
    ['<!doctype html><html><body><p>x</p></body></html>', 'html'],
    ['{"text": "x"}\n{"text": "y"}', 'jsonl'],
    ['Ministers met.', 'text'],
  ];
  for (const [text, as] of sniffs) test(`sniffs ${as}`, () => assert.equal(sniff(text), as));

  const dates: [string, string | undefined][] = [
    ['Tue, 11 Mar 2025 21:30:00 -0500', '2025-03-11'],
    ['2024-11-25T23:10:00+03:30', '2024-11-25'],
    ['November 25, 2024', '2024-11-25'],
    ['2025-02-30', undefined],
    ['next week', undefined],
  ];
  for (const [value, expected] of dates) test(`publication date ${value} → ${expected}`, () => assert.equal(normalizePublished(value), expected));
});
