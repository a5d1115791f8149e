import * as chrono from 'chrono-node';
import type { Article, DatePrecision, DateRef } from '../../model/model.ts';
import { defineStage } from '../../pipeline/stage.ts';

/**
 * chrono-node's casual English parser without the parsers for clock times and durations ("at 6:30
 * am", "within two days"): events are dated to the day, and the clock-time parser alone took a
 * third of chrono's time on news text. Nor the parser of spans counted forward ("two weeks later",
 * "the day after", "three days from now"): the first two count from an unstated point (see
 * RELATIVE_SPAN), the last is nearly absent from news (none among TimeBank's 1,855 time
 * expressions), and compiling its expression took about 90 ms of every command's start.
 */
const UNUSED = ['ENTimeExpressionParser', 'ENTimeUnitWithinFormatParser', 'ENTimeUnitLaterFormatParser', 'ExtractTimezoneOffsetRefiner', 'ExtractTimezoneAbbrRefiner', 'ENMergeDateTimeRefiner'];
const parser = (() => {
  const c = chrono.casual.clone();
  const names = [...c.parsers, ...c.refiners].map((x) => x.constructor.name);
  for (const name of UNUSED) if (!names.includes(name)) throw new Error(`chrono-node no longer has ${name}; update the dates stage`);
  c.parsers = c.parsers.filter((x) => !UNUSED.includes(x.constructor.name));
  c.refiners = c.refiners.filter((x) => !UNUSED.includes(x.constructor.name));
  return c;
})();

/** Sentences worth handing to chrono: a digit, a month, a weekday or a relative date word. */
const MAYBE_DATE =
  /\b(1[89]|20)\d{2}\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b\.?|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(yesterday|today|tomorrow|tonight|ago)\b|\b(last|next|this|earlier|later)\s+(week|month|year|weekend|morning|evening|night|spring|summer|autumn|fall|winter)\b/gi;
/** Words that put a clause in the future: a weekday or month then points forward. */
const FUTURE = /\b(will|shall|plans? to|to be held|to hold|to meet|to visit|next|upcoming|due to|scheduled|set to|going to|expected to|ahead of|intends? to|later this|would go ahead)\b/i;
/** A plan or a delay told shortly before a date ("planned to leave on Thursday", "postponed until Tuesday") points it forward, whatever tense the rest of the sentence is in. */
const FUTURE_BEFORE = /\b(?:planned to|planning to|as soon as|postponed|put off|delayed)\b[^.;]*$/i;
/** A past-tense verb right before a date ("reported on Sunday") fixes it in the past whatever else the sentence plans. */
const PAST_BEFORE = /\b(\w+ed|said|met|held|told|began|took|made|sent|gave|went|came|saw|spoke|wrote|struck|fought|left|won|lost|fell|rose|hit|shot|flew|led|sought|brought|bought|chose|drew|ran|sat|stood|broke|spent|paid|kept|thought|knew|found|put|set)\s*(?:on|last|this)?\s*$/i;
/** A date that is "march" in lower case, with at most a preposition before it. */
const LOWER_MARCH = /(?<=^(?:(?:on|in|to)\s+)?)march(?=[\s,.;:]*$)/;
/** Words before a lower-case "march" that make it the month ("late march", "effective march"), not the walk ("a march", "to march"). */
const BEFORE_LOWER_MONTH = new Set(['in', 'late', 'early', 'mid', 'since', 'until', 'by', 'of', 'from', 'effective', 'last', 'next']);

/** Whether a lower-case "march" at `at` is the month: before a day number, or after a word that introduces a time. */
function lowerMarchIsMonth(text: string, at: number): boolean {
  if (/^\s*\d/.test(text.slice(at + 5, at + 8))) return true;
  const before = /([a-z]+)[\s-]+$/i.exec(text.slice(Math.max(0, at - 16), at));
  return before !== null && BEFORE_LOWER_MONTH.has(before[1].toLowerCase());
}

/** Spans of time counted from an unstated point ("a month after") are not dates. */
const RELATIVE_SPAN = /\b(a|an|one|two|three|four|five|six|several|few|\d+)\s+(days?|weeks?|months?|years?)\s+(after|later|before|earlier|on)\b/i;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const YEAR_PHRASE = /\b(?:in|since|by|during|until|till|from|of|before|after|throughout)\s+((?:19|20)\d{2})\b(?![-/]\d)/gi;

/** A calendar day as UTC noon, so time zones never move it to the next or previous day. */
function dayDate(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Finds the dates of an article, each resolved against the publication date. chrono-node finds
 * the candidates; news refiners then reshape them: weekdays point back from the publication date
 * in past-tense clauses and forward in plans ("talks … on Friday"); a month alone is the latest
 * such month in the past, or the next one in a plan; "in 2018" is a year. Expressions that cannot
 * be placed ("on the eighth day of the conflict") are left out rather than guessed.
 */
export function findDates(article: Article, published: string): DateRef[] {
  const ref = dayDate(published);
  const out: DateRef[] = [];
  for (const sentence of article.sentences) {
    const text = article.text.slice(sentence.start, sentence.end);
    // One pass of the date-word expression finds both whether and where.
    const matches = [...text.matchAll(MAYBE_DATE)];
    if (matches.length === 0) continue;
    const future = FUTURE.test(text);
    for (const found of parseNear(text, matches, ref)) {
      const result = withoutShortYear(found, ref);
      if (RELATIVE_SPAN.test(result.text)) continue;
      const march = LOWER_MARCH.exec(result.text);
      if (march && !lowerMarchIsMonth(text, result.index + march.index)) continue;
      const past = PAST_BEFORE.test(text.slice(Math.max(0, result.index - 30), result.index));
      const planned = FUTURE_BEFORE.test(text.slice(Math.max(0, result.index - 80), result.index));
      const refined = refine(result, ref, (future || planned) && !past);
      if (!refined) continue;
      const start = sentence.start + result.index;
      const words = result.text.replace(/[\s,.;:]+$/, '');
      out.push({ start, end: start + words.length, text: words, ...refined, stated: true });
    }
    for (const m of text.matchAll(YEAR_PHRASE)) {
      const start = sentence.start + m.index! + m[0].length - m[1].length;
      if (out.some((d) => d.start <= start && d.end > start)) continue;
      out.push({ start, end: start + 4, text: m[1], value: m[1], precision: 'year', stated: true });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A date's text ending in a comma and two digits: "May 31, 10". */
const SHORT_YEAR = /,\s*\d{2}$/;

/**
 * chrono reads two digits after a date's comma as the year ("on May 31, 10 months after" as 31 May
 * 2010). News writes years in full, so such a date is read again without them.
 */
function withoutShortYear(result: Found, ref: Date): Found {
  const short = SHORT_YEAR.exec(result.text);
  if (!short || !result.start.isCertain('year')) return result;
  const text = result.text.slice(0, short.index);
  const again = parser.parse(text, { instant: ref, timezone: 0 }, { forwardDate: false })[0];
  return again && again.index === 0 && again.text === text ? { index: result.index, text, start: again.start } : result;
}

/** Characters of context kept on each side of a date-like word: enough for "on the 12th of March 2021". */
const CONTEXT = 40;

/**
 * chrono-node over the stretches of a sentence around date-like words only: its cost grows with
 * the text it reads, and a long sentence usually holds one short date.
 */
function parseNear(text: string, found: RegExpMatchArray[], ref: Date): Found[] {
  // The modal verb, not the month; "march" in lower case only where it reads as the month.
  const matches = found.filter((m) => m[0] !== 'may' && (m[0] !== 'march' || lowerMarchIsMonth(text, m.index!)));
  const weekdays = weekdaysOnly(text, matches);
  if (weekdays) return weekdays;
  const windows: [number, number][] = [];
  for (const m of matches) {
    let from = Math.max(0, m.index! - CONTEXT);
    let to = Math.min(text.length, m.index! + m[0].length + CONTEXT);
    while (from > 0 && /\S/.test(text[from - 1])) from--;
    while (to < text.length && /\S/.test(text[to])) to++;
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }
  const out: Found[] = [];
  for (const [from, to] of windows) {
    for (const result of parser.parse(text.slice(from, to), { instant: ref, timezone: 0 }, { forwardDate: false })) {
      out.push({ index: result.index + from, text: result.text, start: result.start });
    }
  }
  return out;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** Words that change what a weekday means ("last Friday", "every Monday"): those go to chrono. */
const WEEKDAY_MODIFIER = /\b(last|next|this|every|coming|past|following|previous|early|late|until|by|since)\s+$/i;

/**
 * The commonest date in news is a weekday alone ("said on Thursday"). When a sentence's only
 * date-like words are such weekdays, they are read here as chrono would read them ("on Thursday",
 * with its "on") without running chrono's dozen parsers.
 */
function weekdaysOnly(text: string, matches: RegExpMatchArray[]): Found[] | undefined {
  const out: Found[] = [];
  for (const m of matches) {
    const weekday = WEEKDAYS.indexOf(m[0].toLowerCase());
    if (weekday < 0 || WEEKDAY_MODIFIER.test(text.slice(Math.max(0, m.index! - 12), m.index))) return undefined;
    const on = /\bon\s+$/i.exec(text.slice(Math.max(0, m.index! - 4), m.index));
    const index = on ? m.index! - on[0].length : m.index!;
    out.push({ index, text: text.slice(index, m.index! + m[0].length), start: weekdayComponents(weekday) });
  }
  return out;
}

/** Just enough of chrono's parsed components for a weekday alone: `refine` reads no more. */
class WeekdayOnly {
  constructor(private readonly weekday: number) {}
  isCertain(k: chrono.Component): boolean {
    return k === 'weekday';
  }
  get(k: chrono.Component): number | null {
    return k === 'weekday' ? this.weekday : null;
  }
  date(): Date {
    return new Date(NaN);
  }
}

function weekdayComponents(weekday: number): chrono.ParsedComponents {
  return new WeekdayOnly(weekday) as unknown as chrono.ParsedComponents;
}

/** A date chrono found, placed in the sentence. */
interface Found {
  index: number;
  text: string;
  start: chrono.ParsedComponents;
}

function refine(result: Found, ref: Date, future: boolean): { value: string; precision: DatePrecision } | undefined {
  const c = result.start;
  const lower = result.text.toLowerCase();
  if (!c.isCertain('day') && !c.isCertain('weekday') && !c.isCertain('month') && !c.isCertain('year')) return undefined;
  const parsed = c.date();
  if (c.isCertain('weekday') && !c.isCertain('day')) {
    const weekday = c.get('weekday')!;
    const d = new Date(ref);
    const forward = future || /\bnext\b/.test(lower);
    const backward = /\blast\b/.test(lower);
    if (forward && !backward) {
      do d.setUTCDate(d.getUTCDate() + 1);
      while (d.getUTCDay() !== weekday);
    } else {
      while (d.getUTCDay() !== weekday) d.setUTCDate(d.getUTCDate() - 1);
      if (backward && iso(d) === iso(ref)) d.setUTCDate(d.getUTCDate() - 7);
    }
    return { value: iso(d), precision: 'day' };
  }
  if (c.isCertain('day') && c.isCertain('month')) {
    let year = c.isCertain('year') ? c.get('year')! : ref.getUTCFullYear();
    if (!c.isCertain('year')) {
      const month = c.get('month')!;
      const candidate = `${year}-${pad(month)}-${pad(c.get('day')!)}`;
      // A day without a year is the nearest such day on the side the clause's tense points to.
      if (!future && candidate > iso(ref) && dayDiff(candidate, iso(ref)) > 31) year -= 1;
      if (future && candidate < iso(ref) && dayDiff(iso(ref), candidate) > 31) year += 1;
    }
    return { value: `${year}-${pad(c.get('month')!)}-${pad(c.get('day')!)}`, precision: 'day' };
  }
  if (c.isCertain('month')) {
    const month = c.get('month')!;
    if (c.isCertain('year') && /\b(last|this|next)\s+month\b|\bmonths?\s+ago\b/.test(lower)) return { value: iso(parsed).slice(0, 7), precision: 'month' };
    let year = c.isCertain('year') ? c.get('year')! : ref.getUTCFullYear();
    if (!c.isCertain('year')) {
      const refMonth = ref.getUTCMonth() + 1;
      const past = /\blast\b/.test(lower) || !future;
      if (past && (month > refMonth || (/\blast\b/.test(lower) && month === refMonth))) year -= 1;
      if (!past && month < refMonth) year += 1;
    }
    if (!MONTHS.some((m) => lower.includes(m.slice(0, 3)))) return { value: iso(parsed).slice(0, 7), precision: 'month' };
    return { value: `${year}-${pad(month)}`, precision: 'month' };
  }
  if (c.isCertain('day')) return { value: iso(parsed), precision: 'day' };
  if (c.isCertain('year')) return { value: String(c.get('year')), precision: 'year' };
  return undefined;
}

function dayDiff(later: string, earlier: string): number {
  return (dayDate(later).getTime() - dayDate(earlier).getTime()) / 86_400_000;
}

/** Stage: stated dates, resolved against the publication date (or today when there is none). */
export const datesStage = defineStage({
  name: 'dates',
  scope: 'article',
  needs: ['article.sentences'],
  adds: ['article.dates'],
  init: () => ({ today: iso(new Date()) }),
  run(article, state) {
    article.dates = findDates(article, article.meta.published?.slice(0, 10) ?? state.today);
  },
});
