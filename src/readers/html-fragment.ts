import { parseHTML } from 'linkedom';

const BLOCK = new Set([
  'P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'PRE', 'TR', 'DT', 'DD',
  'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'FIGCAPTION', 'TABLE', 'UL', 'OL',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'SVG']);

/**
 * Paragraphs of a small HTML fragment (a feed item's description, a JSON line's `html` field): block
 * elements and `<br>` break paragraphs; scripts and styles are dropped; whitespace is collapsed.
 * Unlike page extraction this keeps everything: a fragment has no navigation to remove.
 */
export function fragmentParagraphs(html: string): string[] {
  if (!/[<&]/.test(html)) return splitPlain(html);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const out: string[] = [];
  let current = '';
  const flush = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
    current = '';
  };
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        current += child.textContent ?? '';
      } else if (child.nodeType === 1) {
        const tag = (child as Element).tagName.toUpperCase();
        if (SKIP.has(tag)) continue;
        if (tag === 'BR') {
          flush();
          continue;
        }
        const block = BLOCK.has(tag);
        if (block) flush();
        walk(child);
        if (block) flush();
      }
    }
  };
  walk(document.body);
  flush();
  return out;
}

function splitPlain(text: string): string[] {
  return text
    .split(/\n\s*\n|\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}
