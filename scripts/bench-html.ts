/**
 * Measures the HTML main-text extractor against the article-extraction benchmark in
 * `../shared/html-bench/` (or `--bench DIR`), and recomputes the same figures for the
 * Readability.js reference output so a metric bug shows up as a mismatch with the published
 * 0.950 / 0.920 / 0.982.
 *
 * Metric, as the benchmark's README defines it: word 4-gram shingles of the extracted text and of
 * the ground truth are compared as multisets; each page gets its own precision and recall (so a
 * long page weighs no more than a short one); precision and recall are averaged over pages and F1
 * is taken of the two averages.
 *
 * Usage: npx tsx scripts/bench-html.ts [--bench DIR] [--verbose] [--only KEY]
 *   --verbose   also list the 25 worst pages, ours beside Readability.js
 *   --only KEY  score one page and print our text above the ground truth
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { extractHtml } from '../src/readers/html.ts';

interface PageScore {
  key: string;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
}

interface Summary {
  precision: number;
  recall: number;
  f1: number;
}

// The benchmark tokenises with Python's Unicode `\w+`, which is letters, digits and underscore
// (combining marks split words there, so they must here too for the figures to match).
const TOKEN_RE = /[\p{L}\p{N}_]+/gu;
const SHINGLE_SIZE = 4;

/**
 * Word 4-gram shingles of a text, as a multiset. A text shorter than four words still yields one
 * shingle made of all its words, as in the benchmark's own scorer.
 */
function shingles(text: string): Map<string, number> {
  const tokens = text.match(TOKEN_RE) ?? [];
  const counts = new Map<string, number>();
  const n = Math.max(1, tokens.length - SHINGLE_SIZE + 1);
  for (let i = 0; i < n; i++) {
    const shingle = tokens.slice(i, i + SHINGLE_SIZE).join(' ');
    if (shingle) counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
  }
  return counts;
}

/** True positives, false positives and false negatives of multiset shingle matching. */
function shingleMatch(truth: string, predicted: string): { tp: number; fp: number; fn: number } {
  const t = shingles(truth);
  const p = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [s, pc] of p) {
    const tc = t.get(s) ?? 0;
    tp += Math.min(pc, tc);
    fp += Math.max(0, pc - tc);
  }
  for (const [s, tc] of t) fn += Math.max(0, tc - (p.get(s) ?? 0));
  return { tp, fp, fn };
}

/**
 * Per-page precision and recall. An empty side counts as perfect on the measure it leaves
 * undefined: a page we extract nothing from scores precision 1 and recall 0, so a failure costs
 * recall only (our extractor fails on no benchmark page, so this choice does not move the figures).
 */
function scorePage(key: string, truth: string, predicted: string): PageScore {
  const { tp, fp, fn } = shingleMatch(truth, predicted);
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { key, precision, recall, tp, fp, fn };
}

function summarise(scores: PageScore[]): Summary {
  const precision = scores.reduce((a, s) => a + s.precision, 0) / scores.length;
  const recall = scores.reduce((a, s) => a + s.recall, 0) / scores.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function parseArgs(argv: string[]): { bench: string; verbose: boolean; only?: string } {
  let bench = fileURLToPath(new URL('../../shared/html-bench', import.meta.url));
  let verbose = false;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--bench') bench = argv[++i];
    else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--only') only = argv[++i];
    else throw new Error(`unknown argument: ${a}`);
  }
  return { bench, verbose, only };
}

function format(name: string, s: Summary): string {
  return `${name.padEnd(16)} precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}`;
}

function main(): void {
  const { bench, verbose, only } = parseArgs(process.argv.slice(2));
  const truth = JSON.parse(readFileSync(join(bench, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody?: string; url?: string }
  >;
  const reference = JSON.parse(readFileSync(join(bench, 'readability-js-output.json'), 'utf8')) as Record<
    string,
    { articleBody?: string }
  >;
  const keys = readdirSync(join(bench, 'html'))
    .filter((f) => f.endsWith('.html.gz'))
    .map((f) => f.slice(0, -'.html.gz'.length))
    .filter((k) => k in truth && (!only || k === only))
    .sort();

  const ours: PageScore[] = [];
  const theirs: PageScore[] = [];
  const failures: string[] = [];
  let elapsed = 0;
  for (const key of keys) {
    const expected = truth[key].articleBody ?? '';
    const html = gunzipSync(readFileSync(join(bench, 'html', `${key}.html.gz`))).toString('utf8');
    let text = '';
    const started = performance.now();
    try {
      text = extractHtml(html, { url: truth[key].url }).paragraphs.join('\n');
    } catch (e) {
      failures.push(`${key}: ${(e as Error).message}`);
    }
    elapsed += performance.now() - started;
    ours.push(scorePage(key, expected, text));
    theirs.push(scorePage(key, expected, reference[key]?.articleBody ?? ''));
    if (only) {
      console.log(text);
      console.log('----- expected -----');
      console.log(expected);
    }
  }

  console.log(`${keys.length} pages, ${(elapsed / keys.length).toFixed(1)} ms per page`);
  console.log(format('ours', summarise(ours)));
  console.log(format('readability-js', summarise(theirs)));
  for (const f of failures) console.log(`failed: ${f}`);

  if (verbose) {
    const f1 = (s: PageScore) => (s.precision + s.recall === 0 ? 0 : (2 * s.precision * s.recall) / (s.precision + s.recall));
    const byKey = new Map(theirs.map((s) => [s.key, s]));
    console.log('\nworst pages (ours P/R vs readability-js P/R):');
    for (const s of [...ours].sort((a, b) => f1(a) - f1(b)).slice(0, 25)) {
      const r = byKey.get(s.key)!;
      console.log(
        `${s.key.slice(0, 12)}  P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)}   js P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)}   ${truth[s.key].url ?? ''}`,
      );
    }
  }
}

main();
