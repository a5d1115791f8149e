import { once } from 'node:events';

/** Plain-text table with left-aligned columns, cut to a width so long titles do not wrap. */
export function table(headers: string[], rows: string[][], maxWidths: number[] = []): string {
  const cut = (s: string, i: number) => (maxWidths[i] && s.length > maxWidths[i] ? `${s.slice(0, maxWidths[i] - 1)}…` : s);
  const cells = [headers, ...rows].map((r) => r.map((c, i) => cut(printable(c).replace(/\s+/g, ' '), i)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

/** Text from articles is untrusted: control characters (terminal escape sequences) never reach the terminal. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu, '');
}

/** Text is gathered into pieces of about this many characters before each write. */
const WRITE_CHUNK = 64 * 1024;

/**
 * Writes pieces of text to a stream in chunks, waiting whenever the stream asks to (a pipe to a
 * slower reader), so that what is written never piles up in memory.
 */
export async function writeChunked(out: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  let buffered = '';
  const flush = async () => {
    const ok = out.write(buffered);
    buffered = '';
    if (!ok) await once(out, 'drain');
  };
  for (const piece of pieces) {
    buffered += piece;
    if (buffered.length >= WRITE_CHUNK) await flush();
  }
  if (buffered.length > 0) await flush();
}
