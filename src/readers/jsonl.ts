import { webUrl } from './url.ts';
import { sourceDocument, type SourceDocument } from '../model/model.ts';
import { normalizePublished } from './dates.ts';
import { extractHtml } from './html.ts';
import { fragmentParagraphs } from './html-fragment.ts';
import { InputError } from './input-error.ts';

const FIELDS = ['id', 'title', 'text', 'html', 'published', 'url', 'source'] as const;

/**
 * Turns one JSON line `{id?, title?, text | html, published?, url?, source?}` into a source
 * document, or says exactly what is wrong with it. `html` may be a whole page (main text is
 * extracted) or a fragment of paragraphs.
 */
export function parseJsonLine(line: string, path: string, lineNo: number): SourceDocument {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new InputError(path, `malformed JSON: ${(err as Error).message}`, lineNo);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(path, 'each line must be a JSON object', lineNo);
  }
  const record = value as Record<string, unknown>;
  for (const field of FIELDS) {
    const v = record[field];
    if (v !== undefined && v !== null && typeof v !== 'string' && !(field === 'id' && typeof v === 'number')) {
      throw new InputError(path, `field "${field}" must be a string`, lineNo);
    }
  }
  const str = (k: string) => {
    const v = record[k];
    return v === undefined || v === null || String(v).trim() === '' ? undefined : String(v).trim();
  };
  let published: string | undefined;
  if (str('published') !== undefined) {
    published = normalizePublished(str('published'));
    if (published === undefined) throw new InputError(path, `field "published" is not a date: ${JSON.stringify(record.published)}`, lineNo);
  }
  const meta = { title: str('title'), published, source: str('source'), url: webUrl(str('url')), externalId: str('id') };
  const origin = { path, format: 'jsonl' as const, line: lineNo };
  const text = str('text');
  if (text !== undefined) return sourceDocument(text.replace(/\r\n?/g, '\n'), origin, meta);
  const html = str('html');
  if (html === undefined) throw new InputError(path, 'needs a non-empty "text" or "html" field', lineNo);
  if (/<(html|body)[\s>]/i.test(html)) {
    try {
      const page = extractHtml(html, { url: meta.url });
      return sourceDocument(page.paragraphs.join('\n'), origin, {
        ...meta,
        title: meta.title ?? page.title,
        published: meta.published ?? page.published,
        source: meta.source ?? page.source,
        url: meta.url ?? page.url,
      });
    } catch (err) {
      throw new InputError(path, `field "html": ${(err as Error).message}`, lineNo);
    }
  }
  const paragraphs = fragmentParagraphs(html);
  if (paragraphs.length === 0) throw new InputError(path, 'field "html" holds no text', lineNo);
  return sourceDocument(paragraphs.join('\n'), origin, meta);
}
