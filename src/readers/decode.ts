import { InputError } from './input-error.ts';

const SNIFF_BYTES = 8192;

/**
 * Turns a file's bytes into text, refusing what is not text: binary data, invalid UTF-8, nothing
 * at all. Strips a byte-order mark and normalises line ends to `\n`, so that offsets computed later
 * do not depend on the platform the file was written on.
 */
export function decodeText(bytes: Uint8Array, path: string): string {
  if (bytes.length === 0) throw new InputError(path, 'empty file');
  if (looksBinary(bytes)) throw new InputError(path, 'binary file: not text (it contains NUL or control bytes)');
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) throw new InputError(path, `invalid UTF-8 at byte ${bad}; convert the file to UTF-8 first`);
  const text = normalizeNewlines(new TextDecoder('utf-8').decode(bytes));
  if (text.trim().length === 0) throw new InputError(path, 'empty file (only whitespace)');
  return text;
}

/** `\r\n` and lone `\r` become `\n`; a leading byte-order mark is dropped. */
export function normalizeNewlines(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.includes('\r') ? noBom.replace(/\r\n?/g, '\n') : noBom;
}

/** NUL bytes, or many control characters, in the first few kilobytes mean the file is not text. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > n * 0.05;
}

/** Byte offset of the first byte that breaks UTF-8, or -1 when the whole buffer is valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
