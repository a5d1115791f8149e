import { webUrl } from './url.ts';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { sourceDocument, type SourceDocument } from '../model/model.ts';
import { normalizePublished } from './dates.ts';
import { fragmentParagraphs } from './html-fragment.ts';
import { InputError } from './input-error.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  processEntities: true,
  htmlEntities: true,
  trimValues: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/** True when the text looks like an RSS, RDF or Atom feed rather than an HTML page. */
export function looksLikeFeed(text: string): boolean {
  const head = text.slice(0, 2000);
  return /<(rss|feed|rdf:RDF)[\s>]/i.test(head) && !/<html[\s>]/i.test(head);
}

/**
 * Reads an RSS 2.0, RSS 1.0 (RDF) or Atom feed: each item becomes a source document with its
 * title, link, date, guid and outlet (the channel's title). Malformed XML is refused whole, with
 * the line and column of the first fault, so a cut-off download never yields half a feed.
 */
export function readFeed(text: string, path: string): SourceDocument[] {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const unclosed = /^Invalid '\[(.*)\]' found/s.exec(valid.err.msg);
    if (unclosed) {
      const tags = (JSON.parse(`[${unclosed[1]}]`) as string[]).map((t) => `<${t}>`).join(', ');
      throw new InputError(path, `malformed XML: the file ends before closing ${tags} (is it cut off?)`);
    }
    throw new InputError(path, `malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  }
  const xml = parser.parse(text) as Record<string, any>;
  const rss = xml.rss?.channel ?? xml['rdf:RDF'];
  const atom = xml.feed;
  if (!rss && !atom) throw new InputError(path, 'not an RSS or Atom feed (no <rss><channel> or <feed> element)');
  const channel = rss ?? atom;
  const outlet = textOf(channel.title) ?? textOf(rss?.channel?.title);
  const items: any[] = rss ? (xml.rss?.channel?.item ?? xml['rdf:RDF']?.item ?? []) : (atom.entry ?? []);
  const format = rss ? 'rss' : 'atom';
  const docs: SourceDocument[] = [];
  items.forEach((item, i) => {
    const html = textOf(item['content:encoded']) ?? textOf(item.content) ?? textOf(item.description) ?? textOf(item.summary) ?? '';
    const paragraphs = fragmentParagraphs(html);
    if (paragraphs.length === 0) return;
    const published = normalizePublished(
      textOf(item.pubDate) ?? textOf(item.published) ?? textOf(item['dc:date']) ?? textOf(item.updated),
    );
    docs.push(
      sourceDocument(paragraphs.join('\n'), { path, format, item: i + 1 }, {
        title: textOf(item.title),
        published,
        source: textOf(item.source) ?? outlet,
        url: webUrl(linkOf(item.link)),
        externalId: textOf(item.guid) ?? textOf(item.id),
      }),
    );
  });
  if (docs.length === 0) throw new InputError(path, 'feed has no items with text');
  return docs;
}

function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') {
    const s = String(value).trim();
    return s === '' ? undefined : s;
  }
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'object') return textOf((value as Record<string, unknown>)['#text']);
  return undefined;
}

function linkOf(links: unknown): string | undefined {
  if (!Array.isArray(links)) return textOf(links);
  for (const link of links) {
    if (typeof link === 'string') return link.trim() || undefined;
    const rel = (link as Record<string, unknown>)['@rel'];
    const href = (link as Record<string, unknown>)['@href'];
    if (typeof href === 'string' && (rel === undefined || rel === 'alternate')) return href;
  }
  return textOf(links[0]);
}
