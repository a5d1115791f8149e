import { webUrl } from './url.ts';
import { createReadStream, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { sourceDocument, type ArticleMeta, type SourceDocument } from '../model/model.ts';
import { normalizePublished } from './dates.ts';
import { decodeText, firstInvalidUtf8, looksBinary } from './decode.ts';
import { looksLikeFeed, readFeed } from './feed.ts';
import { extractHtml } from './html.ts';
import { InputError } from './input-error.ts';
import { parseJsonLine } from './jsonl.ts';

/** How a file will be read. `feed` covers RSS, RDF and Atom; `auto` sniffs the content. */
export type ReadAs = 'text' | 'html' | 'feed' | 'jsonl' | 'auto';

const EXTENSIONS: Record<string, ReadAs> = {
  '.txt': 'text', '.text': 'text',
  '.html': 'html', '.htm': 'html', '.xhtml': 'html',
  '.xml': 'feed', '.rss': 'feed', '.atom': 'feed', '.rdf': 'feed',
  '.jsonl': 'jsonl', '.ndjson': 'jsonl',
  '': 'auto',
};

/** Default largest file accepted, in bytes. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** One input to read: a file found on disk, or standard input. */
export interface InputFile {
  path: string;
  size: number;
  readAs: ReadAs;
}

export interface InputListing {
  files: InputFile[];
  /** Paths that cannot be read at all (missing, unsupported, too large). */
  errors: InputError[];
  /** Files inside folders skipped because their extension is not one Entente reads. */
  skipped: string[];
}

export interface ReadOptions {
  /** Largest file accepted, in bytes. */
  maxBytes?: number;
  /** Told how many more bytes of the current file have been read, for progress bars. */
  onBytes?: (bytes: number) => void;
  /** What `-` reads; default: the process's standard input. */
  stdin?: AsyncIterable<Buffer>;
}

/**
 * Expands the paths a user gave into the files to read: folders are walked recursively in sorted
 * order (hidden entries skipped); `-` is standard input. A file named explicitly with an extension
 * Entente does not read is an error; one met inside a folder is only skipped.
 */
export async function listInputs(paths: string[], options: ReadOptions = {}): Promise<InputListing> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const listing: InputListing = { files: [], errors: [], skipped: [] };
  const seen = new Set<string>();
  const addFile = (path: string, size: number, explicit: boolean) => {
    const readAs = EXTENSIONS[extname(path).toLowerCase()];
    if (readAs === undefined) {
      if (explicit) listing.errors.push(new InputError(path, `unsupported file type "${extname(path)}" (Entente reads ${supportedList()})`));
      else listing.skipped.push(path);
      return;
    }
    if (size > maxBytes) {
      listing.errors.push(new InputError(path, `file is ${formatBytes(size)}, over the limit of ${formatBytes(maxBytes)} (raise it with --max-size)`));
      return;
    }
    if (seen.has(path)) return;
    seen.add(path);
    listing.files.push({ path, size, readAs });
  };
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) addFile(full, (await stat(full)).size, false);
    }
  };
  for (const path of paths) {
    if (path === '-') {
      listing.files.push({ path: '-', size: 0, readAs: 'auto' });
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      listing.errors.push(new InputError(path, code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${(err as Error).message}`));
      continue;
    }
    if (info.isDirectory()) {
      try {
        await walk(path);
      } catch (err) {
        listing.errors.push(new InputError(path, `cannot read folder: ${(err as Error).message}`));
      }
    } else addFile(path, info.size, true);
  }
  return listing;
}

/**
 * Reads one input, yielding its source documents. A problem with the whole file (binary, not
 * UTF-8, empty, broken XML) is thrown before anything is yielded; a problem with one record of a
 * JSON Lines file is yielded as an InputError and reading goes on with the next line.
 */
export async function* readInput(file: InputFile, options: ReadOptions = {}): AsyncGenerator<SourceDocument | InputError> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (file.readAs === 'jsonl') {
    yield* readJsonLines(file.path, file.size <= SMALL_FILE ? [readFileSync(file.path)] : (createReadStream(file.path) as AsyncIterable<Buffer>), options.onBytes);
    return;
  }
  if (file.path === '-') {
    yield* readStdin(maxBytes, options);
    return;
  }
  const bytes = file.size <= SMALL_FILE ? readFileSync(file.path) : await readFile(file.path);
  if (bytes.length > maxBytes) throw new InputError(file.path, `input is over the limit of ${formatBytes(maxBytes)} (raise it with --max-size)`);
  options.onBytes?.(bytes.length);
  const text = decodeText(bytes, file.path);
  const readAs = file.readAs === 'auto' ? sniff(text) : file.readAs;
  yield* parseText(text, file.path, readAs);
}

/** Parses text already in memory (standard input, an HTTP body) as the given format. */
export function parseText(text: string, path: string, readAs: ReadAs): SourceDocument[] {
  const as = readAs === 'auto' ? sniff(text) : readAs;
  switch (as) {
    case 'feed':
      return readFeed(text, path);
    case 'html':
      return [htmlDocument(text, path)];
    case 'jsonl': {
      const docs: SourceDocument[] = [];
      text.split('\n').forEach((line, i) => {
        if (line.trim() !== '') docs.push(parseJsonLine(line, path, i + 1));
      });
      return docs;
    }
    default: {
      const { meta, body } = splitFrontMatter(text, path);
      return [sourceDocument(body, { path, format: 'text' }, meta)];
    }
  }
}

const FRONT_MATTER_KEYS = new Set(['title', 'published', 'source', 'url', 'id']);

/**
 * A text file may open with a front-matter block giving its metadata, as static-site generators
 * use: a line `---`, lines `key: value` (title, published, source, url, id), and a line `---`.
 */
export function splitFrontMatter(text: string, path: string): { meta: ArticleMeta; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) return { meta: {}, body: text };
  const meta: ArticleMeta = {};
  match[1].split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const kv = /^([A-Za-z]+):\s*(.*)$/.exec(line);
    if (!kv || !FRONT_MATTER_KEYS.has(kv[1].toLowerCase())) {
      throw new InputError(path, `front matter: expected "key: value" with key one of ${[...FRONT_MATTER_KEYS].join(', ')}`, i + 2);
    }
    const key = kv[1].toLowerCase();
    const value = kv[2].trim().replace(/^(["'])(.*)\1$/, '$2');
    if (key === 'published') {
      meta.published = normalizePublished(value);
      if (meta.published === undefined) throw new InputError(path, `front matter: "published" is not a date: ${value}`, i + 2);
    } else if (key === 'id') meta.externalId = value;
    else if (key === 'url') meta.url = webUrl(value);
    else meta[key as 'title' | 'source'] = value;
  });
  return { meta, body: text.slice(match[0].length) };
}

/** Guesses the format of text with no telling extension. */
export function sniff(text: string): Exclude<ReadAs, 'auto'> {
  const head = text.trimStart().slice(0, 2000);
  if (head.startsWith('<')) return looksLikeFeed(head) ? 'feed' : 'html';
  if (head.startsWith('{')) return 'jsonl';
  return 'text';
}

function htmlDocument(html: string, path: string): SourceDocument {
  let page;
  try {
    page = extractHtml(html);
  } catch (err) {
    throw new InputError(path, `HTML: ${(err as Error).message}`);
  }
  return sourceDocument(page.paragraphs.join('\n'), { path, format: 'html' }, {
    title: page.title, published: page.published, source: page.source, url: page.url,
  });
}

/**
 * Files up to this size (as listed) are read in one synchronous call. Asynchronous reads go through
 * libuv's thread pool, and their round trips (open, read, close, a stream's setup) left the main
 * thread idle for most of a millisecond per file: a folder of 1,000 one-article files spent more
 * time waiting for them than coding. Blocking for a read this small costs less.
 */
const SMALL_FILE = 1024 * 1024;

/** Streams JSON Lines line by line, so memory does not grow with the input. */
async function* readJsonLines(path: string, chunks: Iterable<Buffer> | AsyncIterable<Buffer>, onBytes?: (bytes: number) => void): AsyncGenerator<SourceDocument | InputError> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lineNo = 0;
  let any = false;
  let pending: Buffer | null = null;
  const handle = function* (raw: Buffer): Generator<SourceDocument | InputError> {
    lineNo++;
    const bytes = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, raw.length - 1) : raw;
    if (lineNo === 1 && looksBinary(bytes)) throw new InputError(path, 'binary file: not text (it contains NUL or control bytes)');
    let line: string;
    try {
      line = decoder.decode(bytes);
    } catch {
      yield new InputError(path, `invalid UTF-8 at byte ${firstInvalidUtf8(bytes)} of the line`, lineNo);
      return;
    }
    if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') return;
    any = true;
    try {
      yield parseJsonLine(line, path, lineNo);
    } catch (err) {
      if (err instanceof InputError) yield err;
      else throw err;
    }
  };
  for await (const chunk of chunks) {
    onBytes?.(chunk.length);
    let start = 0;
    const buf: Buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = null;
    for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      yield* handle(buf.subarray(start, nl));
      start = nl + 1;
    }
    if (start < buf.length) pending = Buffer.from(buf.subarray(start));
  }
  if (pending && pending.length > 0) yield* handle(pending);
  if (!any) throw new InputError(path, lineNo === 0 ? 'empty file' : 'empty file (no JSON lines)');
}

/**
 * Standard input, whose format is told by its first character: JSON Lines are streamed like a
 * file's, so a corpus piped in takes no more memory than one read from disk (read whole, the
 * Reuters corpus peaked at 830 MB instead of about 310); a page, a feed or plain text is one
 * document, read whole.
 */
async function* readStdin(maxBytes: number, options: ReadOptions): AsyncGenerator<SourceDocument | InputError> {
  const iterator = (options.stdin ?? process.stdin)[Symbol.asyncIterator]();
  let total = 0;
  const next = async (): Promise<Buffer | undefined> => {
    const { value, done } = await iterator.next();
    if (done) return undefined;
    const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    total += chunk.length;
    if (total > maxBytes) throw new InputError('-', `standard input is over the limit of ${formatBytes(maxBytes)} (raise it with --max-size)`);
    return chunk;
  };
  // Read until the first character that is not white space (or a byte-order mark) shows the format.
  const head: Buffer[] = [];
  let first: number | undefined;
  while (first === undefined) {
    const chunk = await next();
    if (!chunk) break;
    head.push(chunk);
    // Three bytes at least: a byte-order mark may arrive in pieces.
    if (total >= 3) first = firstContentByte(head.length === 1 ? chunk : Buffer.concat(head));
  }
  if (first === 0x7b) {
    yield* readJsonLines('-', (async function* () {
      yield* head;
      for (let chunk = await next(); chunk; chunk = await next()) yield chunk;
    })(), options.onBytes);
    return;
  }
  for (let chunk = await next(); chunk; chunk = await next()) head.push(chunk);
  const bytes = Buffer.concat(head);
  options.onBytes?.(bytes.length);
  const text = decodeText(bytes, '-');
  yield* parseText(text, '-', sniff(text));
}

/** The first byte that is not ASCII white space or part of a leading byte-order mark; undefined if none. */
function firstContentByte(bytes: Buffer): number | undefined {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i < bytes.length ? bytes[i] : undefined;
}

function supportedList(): string {
  return Object.keys(EXTENSIONS).filter(Boolean).join(' ');
}

/** `1.5 MB`-style size for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
