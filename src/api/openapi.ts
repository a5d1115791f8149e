/** The API's description, served at `/api/openapi.json` (OpenAPI 3.1). */

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

const query = (name: string, description: string, schema: object = str, required = false) => ({ name, in: 'query', required, description, schema });
const limit = (fallback: number) => query('limit', `page size (1–500, default ${fallback})`, { type: 'integer', minimum: 1, maximum: 500, default: fallback });
const cursor = query('cursor', 'the `next` value of the previous page');
const date = (name: string, what: string) => query(name, `${what} (YYYY, YYYY-MM or YYYY-MM-DD)`, { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' });
const errors = {
  '400': { description: 'a parameter is invalid; the message says which and why', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
};
const ok = (description: string, schema: object) => ({ '200': { description, content: { 'application/json': { schema } } }, ...errors });
const page = (item: string) => ({ type: 'object', required: ['items', 'next'], properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${item}` } }, next: nullable(str) } });

const span = { start: int, end: int, text: str };
const side = { type: 'object', properties: { id: str, code: str, name: nullable(str), kind: nullable(str), country: nullable(str), text: str } };

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Entente API',
    version: '1',
    description:
      'Read the events, actors, quotes and relations Entente coded from news articles. Every annotation is a span of character offsets into its article\'s text. Writing (POST /api/ingest) needs the server\'s token as "Authorization: Bearer <token>".',
  },
  components: {
    securitySchemes: { token: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: { type: 'object', required: ['error'], properties: { error: str } },
      ArticleSummary: {
        type: 'object',
        properties: { id: int, uid: str, title: nullable(str), published: nullable(str), source: nullable(str), url: nullable(str), origin: str, paragraphs: int, sentences: int, chars: int, nearDuplicateOf: nullable(int), similarity: nullable(num) },
      },
      Article: {
        allOf: [
          { $ref: '#/components/schemas/ArticleSummary' },
          {
            type: 'object',
            properties: {
              text: str,
              captions: { type: 'array', items: str },
              paragraphSpans: { type: 'array', items: { type: 'object', properties: { start: int, end: int, kind: str } } },
              sentenceSpans: { type: 'array', items: { type: 'object', properties: { start: int, end: int, paragraph: int } } },
              mentions: { type: 'array', items: { type: 'object', properties: { ...span, kind: str, form: str, actorId: nullable(str), actorCode: nullable(str), actorName: nullable(str), actorCountry: nullable(str) } } },
              dates: { type: 'array', items: { type: 'object', properties: { ...span, value: str, precision: { enum: ['day', 'month', 'year'] } } } },
              places: { type: 'array', items: { type: 'object', properties: { ...span, id: str, name: str, kind: str, country: nullable(str), lat: nullable(num), lon: nullable(num) } } },
              quotes: { type: 'array', items: { $ref: '#/components/schemas/Quote' } },
              events: { type: 'array', items: { $ref: '#/components/schemas/Event' } },
            },
          },
        ],
      },
      Event: {
        type: 'object',
        properties: {
          id: int, article: int, articleTitle: nullable(str), url: nullable(str), outlet: nullable(str), published: nullable(str),
          date: nullable(str), datePrecision: nullable(str), dateStated: { type: 'boolean' },
          source: side, target: nullable(side),
          type: { enum: ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'] },
          mode: nullable(str), cameo: str, goldstein: num, quad: { enum: [1, 2, 3, 4] },
          polarity: { enum: ['asserted', 'negated'] }, modality: { enum: ['actual', 'planned', 'alleged', 'hypothetical', 'reported'] },
          confidence: num, rule: { type: 'string', description: 'id of the pattern that fired' }, mentions: int,
          evidence: { type: 'object', properties: span },
          place: nullable({ type: 'object', properties: { id: str, name: str, country: nullable(str), lat: nullable(num), lon: nullable(num) } }),
          mergedId: nullable(int),
        },
      },
      Actor: { type: 'object', properties: { id: str, name: str, kind: str, country: nullable(str), sector: nullable(str), code: str, learned: { type: 'boolean' }, mentions: int, articles: int } },
      Quote: {
        type: 'object',
        properties: {
          id: int, article: int, articleTitle: nullable(str), published: nullable(str), sentence: int, ...span, kind: { enum: ['direct', 'indirect'] },
          speaker: nullable({ type: 'object', properties: { ...span, id: nullable(str), name: nullable(str), code: nullable(str), country: nullable(str) } }),
          about: { type: 'array', items: str },
        },
      },
    },
  },
  paths: {
    '/api/health': { get: { summary: 'counts of stored articles and events', responses: ok('counts', { type: 'object' }) } },
    '/api/articles': { get: { summary: 'stored articles, oldest first', parameters: [limit(50), cursor], responses: ok('a page of articles', page('ArticleSummary')) } },
    '/api/articles/{id}': {
      get: {
        summary: 'one article with its text and every annotation',
        parameters: [{ name: 'id', in: 'path', required: true, schema: int }],
        responses: { ...ok('the article', { $ref: '#/components/schemas/Article' }), '404': { description: 'no such article' } },
      },
    },
    '/api/events': {
      get: {
        summary: 'coded events (one per report), newest first',
        parameters: [
          query('actor', 'either side is this code, country, actor id or name'),
          query('dyad', 'two actors, either direction, e.g. IRN,AZE'),
          query('type', 'PLOVER type'),
          date('from', 'on or after'),
          date('to', 'on or before'),
          query('minConfidence', 'at least this confident (0–1)', num),
          query('negated', 'also events the text denies', { type: 'boolean' }),
          limit(50),
          cursor,
        ],
        responses: ok('a page of events', page('Event')),
      },
    },
    '/api/actors': {
      get: {
        summary: 'actors seen in stored articles, most mentioned first',
        parameters: [query('q', 'part of the name, or the code'), query('kind', 'state, person, igo, group, org or grouping'), query('country', 'ISO alpha-3'), limit(50)],
        responses: ok('actors', { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Actor' } } } }),
      },
    },
    '/api/actors/{id}': {
      get: {
        summary: 'one actor with its roles over time and its latest mentions',
        parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
        responses: { ...ok('the actor', { type: 'object' }), '404': { description: 'no such actor' } },
      },
    },
    '/api/quotes': {
      get: {
        summary: 'quotes with their speakers',
        parameters: [query('speaker', 'said by (id, code, country or name)'), query('about', 'naming this actor'), query('q', 'words in the quote'), limit(50), cursor],
        responses: ok('a page of quotes', page('Quote')),
      },
    },
    '/api/dyad': {
      get: {
        summary: 'cooperation and conflict between two actors over time, with trend, evidence events and quotes',
        parameters: [query('a', 'one side', str, true), query('b', 'the other side', str, true), query('by', 'day, week or month'), query('level', 'state (default) or actor'), date('from', 'from'), date('to', 'to')],
        responses: ok('the dyad report', { type: 'object' }),
      },
    },
    '/api/relations': {
      get: {
        summary: 'the relations graph for a period: actors as nodes, pairs as edges with their scores',
        parameters: [date('from', 'from'), date('to', 'to'), query('actor', 'only pairs with this actor'), query('level', 'state (default) or actor'), limit(100)],
        responses: ok('nodes and edges', { type: 'object' }),
      },
    },
    '/api/search': {
      get: {
        summary: 'full-text search over articles (SQLite FTS5); matched words in snippets are wrapped in U+0002 … U+0003',
        parameters: [query('q', 'words', str, true), limit(20)],
        responses: ok('matching articles', { type: 'object' }),
      },
    },
    '/api/places': { get: { summary: 'places named in stored articles', parameters: [query('country', 'ISO alpha-3'), limit(100)], responses: ok('places', { type: 'object' }) } },
    '/api/ingest': {
      post: {
        summary: 'run the pipeline on the body and store what it finds',
        security: [{ token: [] }],
        parameters: [query('format', 'text, html, jsonl, feed or auto (default: from Content-Type)'), query('published', 'publication date when the input states none (YYYY-MM-DD)'), query('source', 'outlet when the input names none')],
        requestBody: { required: true, content: { 'text/plain': {}, 'text/html': {}, 'application/x-ndjson': {}, 'application/rss+xml': {}, 'application/atom+xml': {} } },
        responses: {
          ...ok('the stored articles and their events', { type: 'object' }),
          '401': { description: 'no token' },
          '403': { description: 'wrong token, or writing is off' },
          '413': { description: 'body too large' },
          '415': { description: 'unsupported content type' },
        },
      },
    },
    '/api/openapi.json': { get: { summary: 'this document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
  },
};
