import type { Article } from '../model/model.ts';
import { createPipeline, StageError } from '../pipeline/runner.ts';
import { InputError } from '../readers/input-error.ts';
import { listInputs, readInput } from '../readers/read-inputs.ts';
import { EXIT } from './exit.ts';

/** `entente analyze FILE|-`: the document model as JSON, without a database. */
export async function runAnalyze(
  file: string,
  opts: { published?: string; source?: string; tokens: boolean; maxSize?: number },
): Promise<number> {
  const listing = await listInputs([file], { maxBytes: opts.maxSize });
  const input = listing.files[0];
  if (!input) {
    for (const err of listing.errors) process.stderr.write(`error: ${err.message}\n`);
    return EXIT.inputFailed;
  }
  const pipeline = createPipeline({ defaultPublished: opts.published, defaultSource: opts.source });
  const articles: unknown[] = [];
  let failed = false;
  try {
    for await (const item of readInput(input, { maxBytes: opts.maxSize })) {
      if (item instanceof InputError) {
        process.stderr.write(`error: ${item.message}\n`);
        failed = true;
        continue;
      }
      for (const article of pipeline.run(item).articles) articles.push(articleJson(article, opts.tokens));
    }
  } catch (err) {
    if (!(err instanceof InputError || err instanceof StageError)) throw err;
    process.stderr.write(`error: ${err.message}\n`);
    return EXIT.inputFailed;
  }
  process.stdout.write(`${JSON.stringify({ articles }, null, 2)}\n`);
  return failed ? EXIT.inputFailed : EXIT.ok;
}

/**
 * The JSON form of an article: every annotation keeps its offsets, and each sentence and token
 * carries its text so the output can be read without slicing.
 */
export function articleJson(article: Article, withTokens = true): Record<string, unknown> {
  const slice = (s: { start: number; end: number }) => article.text.slice(s.start, s.end);
  return {
    id: article.id,
    ...article.meta,
    origin: article.origin,
    text: article.text,
    captions: article.captions,
    paragraphs: article.paragraphs.map((p) => ({ start: p.start, end: p.end, kind: p.kind, sourceStart: p.sourceStart })),
    sentences: article.sentences.map((s) => ({
      start: s.start,
      end: s.end,
      paragraph: s.paragraph,
      text: slice(s),
      ...(withTokens
        ? { tokens: s.tokens.map((t) => ({ start: t.start, end: t.end, text: slice(t), pos: t.pos, lemma: t.lemma, type: t.type })) }
        : {}),
    })),
    mentions: article.mentions,
    actors: article.actors,
    dates: article.dates,
    places: article.places,
    events: article.events,
    quotes: article.quotes,
  };
}
