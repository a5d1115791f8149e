import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatusLine } from './status-line.ts';

function stream(isTTY: boolean) {
  const out: string[] = [];
  return { isTTY, out, write: (text: string) => out.push(text) };
}

describe('status line', () => {
  test('on a terminal, each status replaces the last, and the line is cleared at the end', () => {
    const s = stream(true);
    const line = new StatusLine(s, 'bench: ');
    line.set('reading the corpus');
    line.set('run 1 of 3: pipeline');
    line.clear();
    line.clear();
    assert.deepEqual(s.out, ['\r\x1b[Kbench: reading the corpus', '\r\x1b[Kbench: run 1 of 3: pipeline', '\r\x1b[K']);
  });

  test('elsewhere it writes nothing', () => {
    const s = stream(false);
    const line = new StatusLine(s, 'bench: ');
    line.set('warming up');
    line.clear();
    assert.deepEqual(s.out, []);
  });
});
