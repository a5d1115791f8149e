import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonLine } from './jsonl.ts';
import { webUrl } from './url.ts';

test('only absolute http(s) links are kept', () => {
  const cases: [string | undefined, string | undefined][] = [
    ['https://example.org/news/1', 'https://example.org/news/1'],
    ['  http://example.org  ', 'http://example.org/'],
    ['javascript:alert(1)', undefined],
    ['JaVaScRiPt:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['/relative/path', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [input, want] of cases) assert.equal(webUrl(input), want, String(input));
  const doc = parseJsonLine(JSON.stringify({ text: 'Iran protested.', url: 'javascript:alert(1)' }), 'x.jsonl', 1);
  assert.equal(doc.meta.url, undefined);
});
