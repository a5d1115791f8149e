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
  const actors = new Map(article.actors.map((a) => [a.id, a]));
  const actorOf = (id: string | undefined) => {
    const a = id ? actors.get(id) : undefined;
    return a ? { id: a.id, name: a.name, kind: a.kind, code: a.code, ...(a.country ? { country: a.country } : {}) } : null;
  };
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
    // Each quote with its speaker's actor, and the events coded in the sentences it spans.
    quotes: article.quotes.map((q) => ({
      start: q.start,
      end: q.end,
      text: q.text,
      kind: q.kind,
      sentence: q.sentence,
      speaker: q.speaker ? { start: q.speaker.start, end: q.speaker.end, text: q.speaker.text, actor: actorOf(q.speaker.actorId) } : null,
      about: q.about,
      events: article.events.filter((e) => e.evidence.start < q.end && e.evidence.end > q.start).map((e) => e.id),
    })),
  };
}
