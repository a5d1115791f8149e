import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractHtml } from './html.ts';

const STORY = [
  'GENEVA (Wire) — Foreign ministers from both countries met in Geneva on Tuesday to discuss a new framework for border talks, officials said.',
  'The meeting, the first in three years, lasted more than four hours and ended with a joint statement promising further rounds of negotiation.',
  '“We have taken a first step, and it is an important one,” one minister told reporters outside the venue after the session.',
  'Analysts cautioned that previous rounds had collapsed over the status of the disputed valley, which both sides claim as their own.',
];
const SUBHEAD = 'What comes next';
const AFTER_SUBHEAD = [
  'A second meeting is planned for early next year in Vienna, according to a draft schedule seen by reporters covering the talks.',
  'Neither government has said who will lead its delegation, and diplomats expect the composition of the teams to signal how serious each side is.',
];

/** A news page with the furniture real sites put around and inside a story. */
function newsPage(): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Ministers meet for border talks | The Daily Wire</title>
  <meta property="og:title" content="Ministers meet for first border talks in three years">
  <meta property="og:site_name" content="The Daily Wire">
  <meta property="article:published_time" content="2019-11-19T23:30:00-05:00">
  <meta name="author" content="Jane Reporter">
  <link rel="canonical" href="https://news.example.com/world/border-talks">
</head>
<body>
  <nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
  <div class="page">
    <article>
      <header>
        <h1>Ministers meet for first border talks in three years</h1>
        <p class="byline">By Jane Reporter</p>
        <p class="dateline">Updated 5:27 am EST, Wednesday, November 20, 2019</p>
      </header>
      <div class="share-tools"><ul><li><a href="#">Facebook</a></li><li><a href="#">Twitter</a></li><li><a href="#">Email</a></li></ul></div>
      <figure><img src="talks.jpg" alt=""><figcaption>The ministers shake hands before the talks. Photo: Staff</figcaption></figure>
      <div class="article-body">
        <p>${STORY[0]}</p>
        <p>${STORY[1].replace('joint statement', '<a href="/statement">joint statement</a>')}</p>
        <div class="ad-slot"><span>Advertisement</span></div>
        <p>${STORY[2].replace('first step', '<em>first step</em>')}</p>
        <p>${STORY[3]}</p>
        <h2>${SUBHEAD}</h2>
        <p>${AFTER_SUBHEAD[0]}</p>
        <p>${AFTER_SUBHEAD[1]}</p>
        <p>Follow us on Twitter for the latest world news.</p>
      </div>
      <div class="related-stories"><h3>Related</h3><ul>
        <li><a href="/a">Border region braces for winter</a></li>
        <li><a href="/b">Timeline: thirty years of talks</a></li>
      </ul></div>
    </article>
  </div>
  <footer><p>© 2019 The Daily Wire. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body>
</html>`;
}

test('story paragraphs come out separately, in order, with the subheading as its own paragraph', () => {
  const { paragraphs } = extractHtml(newsPage());
  assert.deepEqual(paragraphs, [...STORY, SUBHEAD, ...AFTER_SUBHEAD]);
});

test('navigation, share widget, caption, advert, related list, byline, dateline and footer are dropped', () => {
  const text = extractHtml(newsPage()).paragraphs.join('\n');
  for (const furniture of [
    'Home',
    'Facebook',
    'shake hands',
    'Advertisement',
    'Border region braces',
    'By Jane Reporter',
    'Updated 5:27',
    'Follow us on Twitter',
    'All rights reserved',
    'Privacy',
  ]) {
    assert.ok(!text.includes(furniture), `"${furniture}" should not be in the main text`);
  }
});

test('metadata is read from meta tags, with the date normalised to the calendar date the page gives', () => {
  const extract = extractHtml(newsPage(), { url: 'https://fallback.example.com/x' });
  assert.equal(extract.title, 'Ministers meet for first border talks in three years');
  assert.equal(extract.published, '2019-11-19');
  assert.equal(extract.source, 'The Daily Wire');
  assert.equal(extract.url, 'https://news.example.com/world/border-talks');
  assert.equal(extract.byline, 'Jane Reporter');
});

test('metadata falls back to JSON-LD, <time>, <title> and the URL given by the caller', () => {
  const body = STORY.map((p) => `<p>${p}</p>`).join('');
  const jsonLd = `<html><head><title>Talks resume</title>
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"Tue, 19 Nov 2019 10:00:00 GMT","author":{"@type":"Person","name":"Sam Writer"}}</script>
    </head><body><article>${body}</article></body></html>`;
  const fromLd = extractHtml(jsonLd, { url: 'https://example.org/talks' });
  assert.equal(fromLd.title, 'Talks resume');
  assert.equal(fromLd.published, '2019-11-19');
  assert.equal(fromLd.byline, 'Sam Writer');
  assert.equal(fromLd.url, 'https://example.org/talks');

  const fromTime = extractHtml(`<html><body><article><time datetime="2020-02-03">3 Feb</time>${body}</article></body></html>`);
  assert.equal(fromTime.published, '2020-02-03');
  assert.equal(fromTime.url, undefined);
});

test('a placeholder date is skipped in favour of the next source', () => {
  const page = `<html><head><meta property="article:published_time" content="0001-01-01T00:00:00Z">
    <meta itemprop="datePublished" content="2019-11-20T08:00:00Z"></head>
    <body>${STORY.map((p) => `<p>${p}</p>`).join('')}</body></html>`;
  assert.equal(extractHtml(page).published, '2019-11-20');
});

test('boilerplate lines inside the body go, sentences that merely mention dates stay', () => {
  const page = `<html><body><div class="story">
    <p>${STORY[0]}</p>
    <p>Photo: Jane Photographer, AP</p>
    <p>The ministers will meet again on Nov. 21, 2019, at 10:00 in Vienna, a spokesman said on Tuesday.</p>
    <p>Nov. 20, 2019 6:02 AM EST</p>
    <p>Related: Ten things to know about the valley dispute</p>
    <p>${STORY[1]}</p>
    <p>Reporting by Jane Reporter; Editing by Sam Editor</p>
  </div></body></html>`;
  assert.deepEqual(extractHtml(page).paragraphs, [
    STORY[0],
    'The ministers will meet again on Nov. 21, 2019, at 10:00 in Vienna, a spokesman said on Tuesday.',
    STORY[1],
  ]);
});

test('a hover card inside a sentence is removed without breaking the sentence', () => {
  const card =
    '<span class="person"><a href="/p/omar">Jane Minister</a><span class="card"><img src="j.jpg" alt="">' +
    '<a href="/s/1">Minister visits flood zone</a> <a href="/s/2">Minister backs trade pact</a></span></span>';
  const page = `<html><body><div class="story"><p>Foreign Minister ${card} said the talks were constructive and would continue next month in Vienna.</p>
    ${STORY.map((p) => `<p>${p}</p>`).join('')}</div></body></html>`;
  const [first] = extractHtml(page).paragraphs;
  assert.equal(first, 'Foreign Minister Jane Minister said the talks were constructive and would continue next month in Vienna.');
});

test('a data table reads one row per paragraph', () => {
  const page = `<html><body><div class="story">${STORY.map((p) => `<p>${p}</p>`).join('')}
    <table><tr><th>Team</th><th>Q1</th><th>Final</th></tr><tr><td>Palm Bay</td><td>18</td><td>70</td></tr></table>
  </div></body></html>`;
  const { paragraphs } = extractHtml(page);
  assert.deepEqual(paragraphs.slice(-2), ['Team Q1 Final', 'Palm Bay 18 70']);
});

test('broken HTML still yields its text, in order', () => {
  const page = `<html><head><title>Broken</title><body><div class="story">
    <p>${STORY[0]}<p>${STORY[1]} <b>bold never closed
    </span></div></div><p>${STORY[2]}</i>
    <<< stray brackets >>
    </body></html><p>${STORY[3]}</p><!-- unterminated comment`;
  const text = extractHtml(page).paragraphs.join('\n');
  let at = -1;
  for (const sentence of STORY) {
    const next = text.indexOf(sentence.slice(0, 40));
    assert.ok(next > at, `"${sentence.slice(0, 40)}…" missing or out of order`);
    at = next;
  }
});

test('a fragment without <html> or <body> and text with <br> line breaks are read', () => {
  assert.deepEqual(extractHtml(`<p>${STORY[0]}</p>`).paragraphs, [STORY[0]]);
  assert.deepEqual(extractHtml(`${STORY[0]}<br>${STORY[1]}`).paragraphs, [STORY[0], STORY[1]]);
});

test('thousands of unclosed tags neither hang nor overflow the stack', () => {
  const page = `<html><body>${'<div><span>'.repeat(5000)}${STORY[0]}</body></html>`;
  const started = Date.now();
  assert.deepEqual(extractHtml(page).paragraphs, [STORY[0]]);
  assert.ok(Date.now() - started < 10_000, 'took too long');
});

test('binary-looking input does not crash', () => {
  const junk = Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
  try {
    const { paragraphs } = extractHtml(junk);
    assert.ok(paragraphs.every((p) => !/[\u0000-\u0008]/.test(p)), 'control characters leaked into the text');
  } catch (e) {
    assert.match((e as Error).message, /no main text/);
  }
});

test('a page with no text throws', () => {
  const empty = `<html><head><title>Nothing here</title><script>var x = "<p>not text</p>";</script></head>
    <body><nav><a href="/">Home</a> <a href="/news">News</a></nav><div class="ad"></div>
    <footer>© 2019 Example Media</footer></body></html>`;
  assert.throws(() => extractHtml(empty), /no main text found in the HTML/);
  assert.throws(() => extractHtml(''), /no main text found in the HTML/);
});
