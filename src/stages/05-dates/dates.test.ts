import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sourceDocument } from '../../model/model.ts';
import { createPipeline } from '../../pipeline/runner.ts';
import { segmentStage } from '../02-segment/segment.ts';
import { cleanStage } from '../01-clean/clean.ts';
import { datesStage } from './dates.ts';

const pipeline = createPipeline({ stages: [cleanStage, segmentStage, datesStage] });
const datesOf = (text: string, published: string) =>
  pipeline.run(sourceDocument(text, { path: 't.txt', format: 'text' }, { published })).articles[0].dates.map((d) => `${d.text}=${d.value}/${d.precision}`);

describe('dates', () => {
  const table: [string, string, string, string[]][] = [
    ['a past weekday points back', 'The presidents spoke by phone on Thursday.', '2025-06-27', ['on Thursday=2025-06-26/day']],
    ['the same weekday as publication is that day', 'Ministers met on Friday.', '2025-06-27', ['on Friday=2025-06-27/day']],
    ['a weekday in a plan points forward', 'Iran will hold talks with the E3 on Friday.', '2024-11-25', ['on Friday=2024-11-29/day']],
    ['a reporting verb keeps its weekday in the past', 'Iran plans to hold talks, the agency reported on Sunday.', '2024-11-25', ['on Sunday=2024-11-24/day']],
    ['next Friday', 'The meeting will go ahead next Friday.', '2024-11-25', ['next Friday=2024-11-29/day']],
    ['last March', 'Baku appointed an ambassador last March.', '2023-10-24', ['March=2023-03/month']],
    ['a month in the past', 'Azerbaijan opened an embassy in Israel in late March.', '2023-10-24', ['March=2023-03/month']],
    ['a later month in the past is last year', 'In November, talks collapsed.', '2023-10-24', ['November=2022-11/month']],
    ['a month in a plan', 'The inauguration will take place in January.', '2024-11-25', ['January=2025-01/month']],
    ['in 2018', 'In 2018, the United States left the pact.', '2024-11-25', ['2018=2018/year']],
    ['last month', 'Baku retook the region last month.', '2023-10-24', ['last month=2023-09/month']],
    ['a full date without a year', 'Talks are set for Nov. 29 in Geneva.', '2024-11-25', ['Nov. 29=2024-11-29/day']],
    ['a full date', 'The treaty was signed on 12 March 2021.', '2024-11-25', ['on 12 March 2021=2021-03-12/day']],
    ['two weekdays alone, as chrono reads them', 'Talks ran on Sunday and Monday, officials said Tuesday.', '2024-11-27', ['on Sunday=2024-11-24/day', 'Monday=2024-11-25/day', 'Tuesday=2024-11-26/day']],
    ['a weekday after a modifier is left to chrono', 'The ministers met last Wednesday.', '2024-11-27', ['last Wednesday=2024-11-20/day']],
    ['a weekday in a plan, alone', 'The envoys will meet on Friday.', '2024-11-27', ['on Friday=2024-11-29/day']],
    ['a plan told in the past tense still points forward', 'The delegation planned to fly to Baku on Friday.', '2025-06-25', ['on Friday=2025-06-27/day']],
    ['a postponement points forward', 'The vote was postponed until Tuesday.', '2024-11-27', ['Tuesday=2024-12-03/day']],
    ['a lower-case month in wire copy', 'The company said prices rose in late march and would rise again from march 5.', '1987-02-10', ['march=1986-03/month', 'march 5=1987-03-05/day']],
    ['two digits after a date\'s comma are not its year', 'China signed the protocol on May 31, 10 months after the others.', '1987-06-02', ['May 31=1987-05-31/day']],
    ['a full year after a date\'s comma is', 'The talks ended on June 5, 2019, in Vienna.', '2024-11-25', ['June 5, 2019=2019-06-05/day']],
    ['"the day after" counts from an event, not from publication', 'Talks resumed on March 3, the day after the ceasefire was signed.', '2024-11-27', ['March 3=2024-03-03/day']],
  ];
  for (const [name, text, published, expected] of table) test(name, () => assert.deepEqual(datesOf(text, published), expected));

  const none: [string, string][] = [
    ['a day counted from an unknown point', 'Fighting ended on the eighth day of the conflict.'],
    ['a span of time after an event', 'Tensions escalated for a month after the embassy opened.'],
    ['numbers that are not dates', 'About 3,000 troops and 120,000 refugees were counted.'],
    ['"march" in lower case, the walk', 'Thousands plan to march to the capital, and a march on parliament followed on the 3rd.'],
  ];
  for (const [name, text] of none) test(`no date: ${name}`, () => assert.deepEqual(datesOf(text, '2024-11-25'), []));
});
