import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { PLOVER_TYPES } from '../stages/08-events/patterns.ts';
import { isIsoDay } from '../readers/dates.ts';
import { EXIT } from './exit.ts';
import { defaultDb } from './db.ts';

// Each command's module is imported when that command runs: listing events, say, loads no language
// model (`entente events` started in 0.7 s, most of it loading the pipeline's modules and models).

function dayOption(value: string): string {
  if (!isIsoDay(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}

function dyadOption(value: string): [string, string] {
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length !== 2) throw new InvalidArgumentError('expected two actors separated by a comma, e.g. IRN,AZE');
  return [parts[0], parts[1]];
}

function partialDate(value: string): string {
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) throw new InvalidArgumentError('expected YYYY, YYYY-MM or YYYY-MM-DD');
  return value;
}

function fraction(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

function megabytes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a size in megabytes, e.g. 50');
  return Math.round(n * 1024 * 1024);
}

/** Runs the command line and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command()
    .name('entente')
    .description('Reads international-affairs news and codes who did what to whom.')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  const dbOption = () => new Option('--db <file>', 'SQLite database file (env ENTENTE_DB)').default(defaultDb());

  program
    .command('ingest')
    .description('read files, folders or standard input (-) into the database')
    .argument('<paths...>', 'files (.txt .html .xml .rss .atom .jsonl), folders (read recursively), or - for standard input')
    .addOption(dbOption())
    .option('--published <date>', 'publication date (YYYY-MM-DD) for articles that state none', dayOption)
    .option('--source <name>', 'outlet for articles that name none')
    .option('--max-size <MB>', 'refuse files larger than this many megabytes (default 256)', megabytes)
    .option('--no-progress', 'no progress bar, even on a terminal')
    .option('--quiet', 'print only errors')
    .option('--workers <n>', 'threads that code articles: this one, which also stores them in order, and n - 1 worker threads (default: the number of cores, at most 4, for inputs of 16 MB or more, and for standard input once 16 MB have been read; 1 for smaller ones); the result is the same for any n', positiveInt)
    .action(async (paths: string[], opts) => {
      const { runIngest } = await import('./ingest-command.ts');
      code = await runIngest(paths, opts);
    });

  program
    .command('articles')
    .description('list the stored articles')
    .addOption(dbOption())
    .option('--json', 'one JSON object per line instead of a table')
    .option('--limit <n>', 'at most this many', positiveInt)
    .action(async (opts) => {
      const { runArticles } = await import('./articles-command.ts');
      code = runArticles(opts);
    });

  program
    .command('article')
    .description('show one stored article: metadata, paragraphs and sentences')
    .argument('<id>', 'article id, as listed by `entente articles`', positiveInt)
    .addOption(dbOption())
    .option('--json', 'as JSON')
    .action(async (id: number, opts) => {
      const { runArticle } = await import('./articles-command.ts');
      code = runArticle(id, opts);
    });

  program
    .command('actors')
    .description('list the actors seen in stored articles, most mentioned first')
    .addOption(dbOption())
    .addOption(new Option('--kind <kind>', 'only this kind').choices(['state', 'person', 'igo', 'group', 'org', 'grouping']))
    .option('--country <code>', 'only actors of this country (ISO alpha-3, e.g. IRN)')
    .option('--json', 'one JSON object per line')
    .option('--limit <n>', 'at most this many', positiveInt)
    .action(async (opts) => {
      const { runActors } = await import('./actors-command.ts');
      code = runActors(opts);
    });

  program
    .command('actor')
    .description('one actor: roles over time, where seen, how often')
    .argument('<name>', 'id or name (partial names match)')
    .addOption(dbOption())
    .option('--json', 'as JSON')
    .action(async (name: string, opts) => {
      const { runActor } = await import('./actors-command.ts');
      code = runActor(name, opts);
    });

  program
    .command('events')
    .description('list coded events: who did what to whom, when, with the evidence')
    .addOption(dbOption())
    .option('--actor <actor>', 'either side is this code, country, actor id or name (IRN, IRNGOV, ilham-aliyev, Aliyev)')
    .option('--dyad <A,B>', 'events between two actors or countries, either direction (e.g. IRN,AZE)', dyadOption)
    .addOption(new Option('--type <type>', 'PLOVER event type').choices([...PLOVER_TYPES]))
    .option('--from <date>', 'events on or after this date (YYYY[-MM[-DD]])', partialDate)
    .option('--to <date>', 'events on or before this date (YYYY[-MM[-DD]])', partialDate)
    .option('--min-confidence <x>', 'only events at least this confident (0 to 1)', fraction)
    .option('--negated', 'also list events the text denies or says did not happen')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'jsonl', 'csv', 'tsv']).default('table'))
    .option('--limit <n>', 'at most this many', positiveInt)
    .action(async (opts) => {
      const { runEvents } = await import('./events-command.ts');
      code = await runEvents(opts);
    });

  program
    .command('quotes')
    .description('list quotes with their speakers')
    .addOption(dbOption())
    .option('--speaker <actor>', 'said by this actor (id, code, country or part of the name)')
    .option('--about <actor>', 'naming this actor')
    .option('--search <words>', 'containing these words')
    .option('--limit <n>', 'at most this many (default 50)', positiveInt)
    .option('--json', 'as JSON Lines')
    .action(async (opts) => {
      const { runQuotes } = await import('./relations-command.ts');
      code = runQuotes(opts);
    });

  program
    .command('places')
    .description('list the places named in stored articles, with coordinates')
    .addOption(dbOption())
    .option('--country <code>', 'only places in this country (ISO alpha-3)')
    .option('--limit <n>', 'at most this many (default 50)', positiveInt)
    .option('--json', 'as JSON Lines')
    .action(async (opts) => {
      const { runPlaces } = await import('./relations-command.ts');
      code = runPlaces(opts);
    });

  program
    .command('dyad')
    .description('how two actors are getting on: cooperation and conflict over time, with the evidence')
    .argument('<a>', 'a country code (IRN) or, with --level actor, an actor id or code')
    .argument('<b>', 'the other side')
    .addOption(dbOption())
    .addOption(new Option('--by <period>', 'one row per').choices(['day', 'week', 'month']).default('month'))
    .addOption(new Option('--level <level>', 'states, or individual actors').choices(['state', 'actor']).default('state'))
    .option('--from <date>', 'events on or after this date (YYYY[-MM[-DD]])', partialDate)
    .option('--to <date>', 'events on or before this date (YYYY[-MM[-DD]])', partialDate)
    .option('--json', 'as JSON')
    .action(async (a: string, b: string, opts) => {
      const { runDyad } = await import('./relations-command.ts');
      code = runDyad(a, b, opts);
    });

  program
    .command('relations')
    .description("pairs of actors ranked by activity, with the direction of change (an actor's partners with --actor)")
    .addOption(dbOption())
    .option('--actor <actor>', 'only pairs with this actor (country code, or actor id with --level actor)')
    .option('--since <date>', 'events on or after this date (YYYY[-MM[-DD]])', partialDate)
    .addOption(new Option('--level <level>', 'states, or individual actors').choices(['state', 'actor']).default('state'))
    .option('--limit <n>', 'at most this many pairs (default 30)', positiveInt)
    .option('--json', 'as JSON Lines')
    .action(async (opts) => {
      const { runRelations } = await import('./relations-command.ts');
      code = runRelations(opts);
    });

  program
    .command('export')
    .description('export merged events (one per real-world event, with report counts) or the relations graph')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'export format').choices(['gdelt-tsv', 'jsonl', 'csv', 'graphml']).default('gdelt-tsv'))
    .option('--output <file>', 'write to this file instead of standard output')
    .option('--actor <actor>', 'either side is this code, country, actor id or name')
    .option('--dyad <A,B>', 'events between two actors or countries, either direction', dyadOption)
    .addOption(new Option('--type <type>', 'PLOVER event type').choices([...PLOVER_TYPES]))
    .option('--from <date>', 'events on or after this date (YYYY[-MM[-DD]])', partialDate)
    .option('--to <date>', 'events on or before this date (YYYY[-MM[-DD]])', partialDate)
    .addOption(new Option('--level <level>', 'graph nodes: states, or individual actors').choices(['state', 'actor']).default('state'))
    .option('--negated', 'also export events the text denies')
    .action(async (opts) => {
      const { runExport } = await import('./relations-command.ts');
      code = await runExport({ ...opts, includeNegated: opts.negated });
    });

  program
    .command('serve')
    .description('serve the HTTP API and the web dashboard')
    .addOption(dbOption())
    .option('--port <n>', 'port to listen on (0 picks a free one)', port, 8080)
    .option('--host <address>', 'address to bind; anything but 127.0.0.1 exposes the data to your network', '127.0.0.1')
    .option('--token <token>', 'token that POST /api/ingest requires (env ENTENTE_TOKEN); without one, writing over HTTP is off')
    .option('--max-body <MB>', 'largest request body accepted (default 5)', megabytes)
    .action(async (opts) => {
      const { runServe } = await import('./serve-command.ts');
      code = await runServe(opts);
    });

  program
    .command('analyze')
    .description('print the whole document model of a file as JSON, without touching a database')
    .argument('<file>', 'a file, or - for standard input')
    .option('--published <date>', 'publication date (YYYY-MM-DD) when the input states none', dayOption)
    .option('--source <name>', 'outlet when the input names none')
    .option('--no-tokens', 'leave tokens out')
    .option('--max-size <MB>', 'refuse inputs larger than this many megabytes (default 256)', megabytes)
    .action(async (file: string, opts) => {
      const { runAnalyze } = await import('./analyze-command.ts');
      code = await runAnalyze(file, opts);
    });

  program
    .command('eval')
    .description('score the pipeline against a gold file: JSON Lines of documents with hand-coded "events", marked "dates", or resolved "places"')
    .argument('<gold>', 'gold file, e.g. ../shared/gold/seeds.jsonl, dates-timebank.jsonl or places-lgl.jsonl')
    .option('--predictions <file>', 'also write the predictions, one line per document')
    .option('--verbose', 'list the missed and wrong predictions of each document')
    .action(async (gold: string, opts) => {
      const { runEval } = await import('./eval-command.ts');
      code = runEval(gold, opts);
    });

  program
    .command('bench')
    .description('measure throughput per stage, against the wink-nlp floor, into a throw-away SQLite file')
    .option('--corpus <path>', 'a file or folder to read (default: the bundled samples)')
    .option('--limit <n>', 'at most this many documents', positiveInt)
    .option('--json', 'print the figures as JSON')
    .option('--workers <n>', 'also time n coding threads, as `ingest --workers n` runs them, alternately with one thread', positiveInt)
    .option('--cold', 'time the first pass, JIT warm-up included (default: time after a warm-up pass)')
    .option('--repeat <n>', 'time the floor and the pipeline this many times each, alternately, and report the medians (not with --cold)', positiveInt)
    .action(async (opts) => {
      const { runBench } = await import('./bench-command.ts');
      code = await runBench(opts);
    });

  program
    .command('text')
    .description('print the main text extracted from an HTML page')
    .argument('<file>', 'an HTML file, or - for standard input')
    .action(async (file: string) => {
      const { runText } = await import('./text-command.ts');
      code = await runText(file);
    });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(`entente: ${(err as Error).message}\n`);
    return EXIT.inputFailed;
  }
  return code;
}
