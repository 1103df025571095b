import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { chooseArticle, excerptOf, MIN_ARTICLE_WORDS } from '../../src/extract/choose-article.js';
import { countWords, htmlToText, readMinutes } from '../../src/extract/html-text.js';
import { createInProcessExtractor } from '../../src/extract/index.js';
import { extractPage, stripUnneededElements, type PageExtraction } from '../../src/extract/readability.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');
}

/** A sentence end followed directly by the next sentence: words glued across blocks. */
const GLUED = /[a-z0-9][.!?”’][A-Z“]/;

function assertExcludes(text: string, phrases: string[]): void {
  for (const phrase of phrases) assert.ok(!text.includes(phrase), `boilerplate leaked into the text: "${phrase}"`);
}

describe('htmlToText', () => {
  it('separates paragraphs by one blank line and never glues block words', () => {
    const html = '<div><p>First ends here.</p>\n\n  <p>Second starts.</p><h2>Heading</h2><div>Div text.</div>Tail.</div>';
    assert.equal(htmlToText(html), 'First ends here.\n\nSecond starts.\n\nHeading\n\nDiv text.\n\nTail.');
  });

  it('puts list items, table rows and <br> on their own lines, and <br><br> makes a paragraph', () => {
    const html = '<ul>\n  <li>One</li>\n  <li>Two</li>\n</ul><p>Line a<br>line b<br/><br />para c</p>' +
      '<table><tr><td>x</td><td>y</td></tr><tr><td>z</td></tr></table>';
    assert.equal(htmlToText(html), 'One\nTwo\n\nLine a\nline b\n\npara c\n\nx y\nz');
  });

  it('decodes named, numeric and hex entities once', () => {
    const html = '<p>Caf&eacute;&nbsp;owner&rsquo;s &ldquo;deal&rdquo; &mdash; &pound;5&ndash;6 &#8220;q&#8221; &#x2014; &#146; &amp;lt; &Omega;</p>';
    assert.equal(htmlToText(html), 'Café owner’s “deal” — £5–6 “q” — ’ &lt; Ω');
  });

  it('leaves unknown entities and bare ampersands alone', () => {
    assert.equal(htmlToText('<p>AT&T &bogus; Q&A a &amp b</p>'), 'AT&T &bogus; Q&A a & b');
  });

  it('drops scripts, styles, comments and other non-text elements', () => {
    const html = '<p>Keep<!-- a <p>comment</p> --> this</p><script>var s = "<p>script</p>";</script>' +
      '<style>p { color: red }</style><noscript>Enable JavaScript</noscript><svg><text>icon</text></svg><p>and this.</p>';
    assert.equal(htmlToText(html), 'Keep this\n\nand this.');
  });

  it('collapses whitespace within lines but keeps inline words apart or together as written', () => {
    assert.equal(htmlToText('<p>  Some\n\t  <b>bold</b>   text and <i>it</i>alic  </p>'), 'Some bold text and italic');
  });

  it('reads tags whose quoted attributes contain ">" and keeps a literal "<" in text', () => {
    assert.equal(htmlToText('<p title="a > b">x < y and y > z</p><img alt=\'it\'s\'>after'), 'x < y and y > z\n\nafter');
  });

  it('keeps the line breaks of <pre> and of plain text', () => {
    assert.equal(htmlToText('<pre>line  1\n  line 2\n\nline 4</pre>'), 'line 1\nline 2\n\nline 4');
    assert.equal(htmlToText('  Plain text\r\nsecond line\n\n\n\nNew &amp; para  '), 'Plain text\nsecond line\n\nNew & para');
  });

  it('reads doubly escaped feed HTML as HTML', () => {
    assert.equal(htmlToText('&lt;p&gt;First.&lt;/p&gt;&lt;p&gt;Second &amp;amp; last.&lt;/p&gt;'), 'First.\n\nSecond & last.');
  });

  it('stays linear on hostile markup that never closes', () => {
    const hostile = '<p>Start.</p>' + '<a href="x '.repeat(20000) + '<script>'.repeat(5000) + '<!x';
    const start = performance.now();
    assert.ok(htmlToText(hostile).startsWith('Start.'));
    assert.ok(performance.now() - start < 400, 'htmlToText took too long');
  });

  it('returns an empty string for empty or tag-only input', () => {
    assert.equal(htmlToText(''), '');
    assert.equal(htmlToText('<div><br></div>'), '');
  });
});

describe('countWords and readMinutes', () => {
  it('counts English words, keeping contractions, hyphenations and decimals whole', () => {
    assert.equal(countWords("It's a well-known fact: 3.5% of U.S. e-mail — really."), 9);
    assert.equal(countWords('  \n '), 0);
  });

  it('counts Chinese and Japanese as dictionary words, not characters or runs', () => {
    const chinese = '国务院总理今天在北京会见了来访的外国代表团，双方就经贸合作交换了意见。'; // 33 Han characters
    const chineseWords = countWords(chinese);
    assert.ok(chineseWords >= 12 && chineseWords <= 25, `Chinese: ${chineseWords} words`);
    const japanese = '東京都は今日、新しい防災計画を発表しました。'; // 20 characters
    const japaneseWords = countWords(japanese);
    assert.ok(japaneseWords >= 6 && japaneseWords <= 15, `Japanese: ${japaneseWords} words`);
    assert.equal(countWords('iPhone手机'), 2);
  });

  it('stays fast on a long text', () => {
    // Intl.Segmenter over a whole long text is quadratic in Node 20 (over 1 s for this one).
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(2000);
    const start = performance.now();
    assert.equal(countWords(text), 18000);
    assert.ok(performance.now() - start < 400, 'countWords took too long');
  });

  it('rounds reading time up, with at least one minute for any text', () => {
    assert.deepEqual([0, 1, 230, 231, 1000].map(readMinutes), [0, 1, 1, 2, 5]);
  });
});

describe('extractPage', () => {
  it('extracts the article of a news page with its metadata and without boilerplate', async () => {
    const page = await extractPage(fixture('harbor-ferry.html'), 'https://ledger.example/news/ferry');
    assert.ok(page);
    assert.equal(page.title, 'Northport launches its first electric ferry');
    assert.match(page.byline ?? '', /Dana Whitcombe/);
    assert.equal(page.siteName, 'The Northport Ledger');
    assert.equal(page.lang, 'en');
    assert.equal(page.publishedTime, '2025-03-14T07:30:00Z');
    assert.ok(page.text.startsWith('The first battery-powered ferry to serve Northport’s harbor carried 212 commuters'));
    assert.ok(page.text.includes('Fares are unchanged at £2.40 for adults and free for children under twelve.'));
    assert.ok(page.text.includes('The €14 million vessel'), 'entities decoded, no-break space made a space');
    assert.ok(page.text.includes('“People told us a ferry this size could not run on batteries in our winters,”'));
    assert.ok(page.text.includes('\n\nTwo more boats planned\n\n'), 'subheading is its own paragraph');
    assert.ok(page.text.split('\n\n').length >= 11, 'paragraphs are separated by blank lines');
    assert.doesNotMatch(page.text, GLUED);
    assertExcludes(page.text, [
      'Accept all cookies', 'Manage cookie preferences', 'Obituaries', 'Share on Facebook', 'Advertisement',
      'Subscribe to our newsletter', 'Council votes to extend bus lanes', 'Unbelievable waste', 'harborwatcher',
      'All rights reserved', 'Privacy policy', 'Please enable JavaScript', 'dataLayer',
    ]);
  });

  it('survives a <style> block with a broken calc( and reads JSON-LD metadata', async () => {
    const page = await extractPage(fixture('reservoir-levels.html'), 'https://courier.example/local/reservoirs');
    assert.ok(page, 'a page with broken CSS must still be extracted');
    assert.equal(page.byline, 'Priya Castellano');
    assert.equal(page.publishedTime, '2025-04-02T09:15:00+01:00');
    assert.equal(page.lang, 'en-GB');
    assert.ok(page.text.includes('Combined storage at Hollins, Cray Bottom and Askrigg Water stood at 58 per cent'));
    assert.ok(page.text.includes('“But every litre saved now is a litre we do not have to find in August.”'));
    assert.ok(
      page.text.includes('Taking a four-minute shower instead of a bath\nTurning off the tap while brushing teeth\n'),
      'list items on consecutive lines',
    );
    assert.doesNotMatch(page.text, GLUED);
    assertExcludes(page.text, [
      'Log in', "Today's e-edition", 'Most read', 'Late penalty settles', 'Join the conversation',
      'Fix the leaks first', 'Subscribe to our newsletter', 'Registered in England', 'Advertisement', 'tracking',
    ]);
  });

  it('extracts a Chinese page, with the date from <time datetime> and the site from og:site_name', async () => {
    const page = await extractPage(fixture('metro-line-zh.html'), 'https://binjiang.example/a/5');
    assert.ok(page);
    assert.equal(page.lang, 'zh-CN');
    assert.equal(page.siteName, '滨江日报');
    assert.equal(page.publishedTime, '2025-06-28T10:00:00+08:00');
    assert.ok(page.text.startsWith('滨江地铁五号线一期工程今天上午正式开通运营。'));
    assert.ok(page.text.includes('\n\n市轨道交通集团介绍'), 'paragraphs are separated');
    assertExcludes(page.text, ['首页', '分享到', '广告', '相关阅读', '网友评论', '版权所有']);
    assert.ok(countWords(page.text) > MIN_ARTICLE_WORDS);
  });

  it('leaves out the furniture Readability keeps, and keeps what belongs to the story', async () => {
    const page = await extractPage(fixture('library-reopens.html'), 'https://gazette.example/news/library-reopens?ref=rss');
    assert.ok(page);
    assert.ok(page.text.startsWith("Eastfield's central library reopened on Monday"), 'headline, standfirst, byline and dateline are gone');
    assert.ok(page.text.includes('according to the council’s head of property'.replace('’', "'")), 'the paragraph around a hover card stays');
    assert.ok(page.text.includes('\n\nWhat happens next\n\n'), 'subheading');
    assert.ok(page.text.includes('Welcome back, everyone!'), 'embedded post');
    assert.ok(page.text.includes('https://council.example/reports/library-2025.pdf'), 'shown address of a source');
    assert.ok(page.text.includes('Growing Tomatoes at Home\nThe River in Flood'), 'links to other sites');
    assert.ok(page.text.endsWith('a library card since 1958.\n\nThe repair report is published at https://council.example/reports/library-2025.pdf\n\nGrowing Tomatoes at Home\nThe River in Flood'), 'nothing after the story');
    assertExcludes(page.text, [
      'Eighteen months after the river', 'By Ruth', 'Published 10:30', 'The restored reading room', 'Sam Idowu', 'Ruiz sets out budget',
      'READ MORE', 'Flood defences approved', 'Advertisement', 'morning briefing', 'Bus station to close', 'Reporting by',
      'Follow us', 'covers local government', 'All rights reserved',
    ]);
    assert.equal(page.byline, 'Ruth Okonkwo');
    assert.equal(page.canonicalUrl, 'https://gazette.example/news/library-reopens');
    assert.equal(page.quality, 'full');
  });

  it('flags a teaser page that breaks off, whatever its length', async () => {
    const page = await extractPage(fixture('teaser-roundup.html'), 'https://roundup.example/r/1');
    assert.ok(page);
    assert.equal(page.quality, 'teaser');
    assert.equal(page.qualityReason, 'the text breaks off with "Read the full story »"');
    assert.equal(page.canonicalUrl, 'https://roundup.example/roundup/2025/05/06/valley-buses');
    const article = chooseArticle({ url: 'https://roundup.example/r/1', feedTitle: 'Valley buses', feedContent: 'Councils back a shared bus network.', page });
    assert.deepEqual([article.origin, article.quality], ['page', 'teaser']);
  });

  it('flags a paywalled page that declares paid access and shows two paragraphs', async () => {
    const page = await extractPage(fixture('paywalled-column.html'), 'https://quayside.example/opinion/harbour-tax');
    assert.ok(page);
    assert.equal(page.quality, 'paywalled');
    assert.match(page.qualityReason ?? '', /^the page declares paid access \(isAccessibleForFree: false\); only \d+ words are readable$/);
    assert.ok(page.text.endsWith('runs to another three.'), 'the subscribe prompt is not part of the text');
    assert.equal(page.byline, 'Maren Holt');
    assert.equal(page.canonicalUrl, 'https://quayside.example/opinion/harbour-tax');
    const article = chooseArticle({ url: 'https://quayside.example/opinion/harbour-tax', feedTitle: 'Harbour tax', page });
    assert.equal(article.quality, 'paywalled');
    assert.equal(article.readMinutes, 1);
  });

  it("takes the article from JSON-LD when that is the page's only full text, with its metadata", async () => {
    const page = await extractPage(fixture('jsonld-only-app.html'), 'https://alpinewire.example/science/glacier-lake-survey');
    assert.ok(page);
    assert.equal(page.candidate, 'json-ld');
    assert.match(page.candidateReason, /^\d{3} words, 100% in sentences/);
    assert.equal(page.quality, 'full');
    assert.ok(page.text.startsWith('A meltwater lake at the foot of the Valmara glacier'));
    assert.ok(page.text.includes('in under an hour.\n\nThe canton'), 'paragraphs kept');
    assert.equal(page.title, 'Glacier survey finds lake growing faster than forecast');
    assert.equal(page.byline, 'Lea Brunner, Nico Albrecht');
    assert.equal(page.siteName, 'Alpine Wire');
    assert.equal(page.lang, 'en');
    assert.equal(page.publishedTime, '2025-07-19T05:45:00+02:00');
    assert.equal(page.excerpt, undefined, "Readability's excerpt describes the app shell");
    const article = chooseArticle({ url: 'https://alpinewire.example/x', feedTitle: 'Glacier lake', feedContent: 'A lake is growing.', page });
    assert.deepEqual([article.origin, article.candidate, article.quality], ['page', 'json-ld', 'full']);
    assert.ok(article.wordCount > 250 && article.readMinutes === 2, 'read time comes from the words extracted');
  });

  it('returns null for a page without text and for input jsdom cannot take, without throwing', async () => {
    assert.equal(await extractPage('<html><body><nav></nav></body></html>', 'https://x.example/'), null);
    assert.equal(await extractPage('<p>Hello</p>', 'not a url'), null);
  });

  it('leaves links and images out of the text', async () => {
    const html = `<html><body><article><h1>T</h1>${'<p>Word <a href="/rel">linked</a> text <img src="a.png" alt="ALT"> more words here.</p>'.repeat(12)}</article></body></html>`;
    const page = await extractPage(html, 'https://x.example/story');
    assert.ok(page);
    assert.ok(page.text.includes('\n\nWord linked text more words here.\n\nWord linked'));
    assert.doesNotMatch(page.text, /ALT|<|href/);
  });

  it('is what the in-process extractor returns', async () => {
    const extractor = createInProcessExtractor();
    const page = await extractor.extract(fixture('harbor-ferry.html'), 'https://ledger.example/news/ferry');
    await extractor.close();
    assert.equal(page?.title, 'Northport launches its first electric ferry');
  });
});

describe('stripUnneededElements', () => {
  it('removes styles, scripts and noscript but keeps JSON-LD', () => {
    const html = '<head><STYLE media="x">a{width:calc(}</STYLE><script src="a.js"></script>' +
      '<script type="application/ld+json">{"datePublished":"2025"}</script></head>' +
      '<body><p>Text</p><script>if (a < b) document.write("<p>x</p>")</script ><noscript>Enable JS</noscript><p>More</p></body>';
    assert.equal(
      stripUnneededElements(html),
      '<head><script type="application/ld+json">{"datePublished":"2025"}</script></head><body><p>Text</p><p>More</p></body>',
    );
  });

  it('keeps the rest of a page after an element that never closes, and stays fast doing it', () => {
    assert.equal(stripUnneededElements('<style>a{}</style><p>A</p><style>b{}<p>B</p>'), '<p>A</p><style>b{}<p>B</p>');
    const hostile = '<p>x</p>' + '<style '.repeat(20000) + '<script>'.repeat(20000);
    const start = performance.now();
    assert.ok(stripUnneededElements(hostile).startsWith('<p>x</p>'));
    assert.ok(performance.now() - start < 400, 'stripUnneededElements took too long');
  });
});

describe('chooseArticle', () => {
  const longText = (words: number): string => Array.from({ length: words }, (_, i) => `word${i}`).join(' ');
  const page = (text: string, extra: Partial<PageExtraction> = {}): PageExtraction => ({
    title: 'Page title | Site',
    byline: 'A. Writer',
    siteName: 'Site',
    lang: 'en',
    publishedTime: '2025-01-02T03:04:05Z',
    text,
    canonicalUrl: 'https://x.example/canonical/a',
    quality: 'full',
    candidate: 'readability',
    candidateReason: 'the only candidate with text',
    ...extra,
  });
  const base = { url: 'https://x.example/a', feedTitle: 'Feed headline', feedContent: '<p>Short <b>teaser</b> from the feed.</p>' };

  it('uses a long enough page, with the feed title and the page metadata', () => {
    const text = `${longText(300)}\n\nLast paragraph.`;
    const article = chooseArticle({ ...base, page: page(text, { excerpt: 'Page excerpt' }) });
    assert.equal(article.origin, 'page');
    assert.equal(article.originReason, undefined);
    assert.equal(article.text, text);
    assert.equal(article.title, 'Feed headline');
    assert.equal(article.wordCount, 302);
    assert.equal(article.readMinutes, 2);
    assert.equal(article.excerpt, 'Page excerpt');
    assert.equal(article.byline, 'A. Writer');
    assert.equal(article.lang, 'en');
    assert.equal(article.publishedTime, '2025-01-02T03:04:05Z');
    assert.equal(article.canonicalUrl, 'https://x.example/canonical/a');
    assert.equal(article.quality, 'full');
    assert.equal(article.candidate, 'readability');
  });

  it("carries the page's candidate and quality: a JSON-LD body, a paywalled text", () => {
    const fromJsonLd = chooseArticle({ ...base, page: page(longText(300), { candidate: 'json-ld' }) });
    assert.equal(fromJsonLd.candidate, 'json-ld');
    const paywalled = chooseArticle({ ...base, page: page(longText(100), { quality: 'paywalled', qualityReason: 'why', paywall: 'declared' }) });
    assert.deepEqual([paywalled.origin, paywalled.quality, paywalled.qualityReason], ['page', 'paywalled', 'why']);
  });

  it('takes the page title when the feed has none', () => {
    const article = chooseArticle({ ...base, feedTitle: '  ', page: page(longText(100)) });
    assert.equal(article.title, 'Page title | Site');
  });

  it('falls back to the feed text when the page is unreachable, says why, and calls a short feed text a teaser', () => {
    const article = chooseArticle({ ...base, pageError: 'HTTP 404 Not Found' });
    assert.equal(article.origin, 'feed');
    assert.equal(article.originReason, 'page unreachable: HTTP 404 Not Found');
    assert.equal(article.candidate, 'feed');
    assert.equal(article.quality, 'teaser');
    assert.equal(article.qualityReason, 'feed content: only 5 words are readable');
    assert.equal(article.text, 'Short teaser from the feed.');
    assert.equal(article.wordCount, 5);
    assert.equal(article.readMinutes, 1);
    assert.equal(article.excerpt, 'Short teaser from the feed.');
  });

  it('falls back when the page has no article', () => {
    assert.equal(chooseArticle({ ...base, page: null }).originReason, 'page not readable');
  });

  it('falls back when the page text is below the minimum, without the page metadata', () => {
    const article = chooseArticle({ ...base, page: page(longText(MIN_ARTICLE_WORDS - 1)) });
    assert.equal(article.origin, 'feed');
    assert.equal(article.originReason, `page text too short (${MIN_ARTICLE_WORDS - 1} words)`);
    assert.equal(article.byline, undefined);
    assert.equal(article.lang, undefined);
    assert.equal(article.canonicalUrl, undefined);
    assert.equal(chooseArticle({ ...base, page: page(longText(MIN_ARTICLE_WORDS)) }).origin, 'page');
  });

  it('falls back when the feed carries more text than the page, and keeps a page that contains the feed text', () => {
    const feedContent = `<p>${longText(400)}</p>`;
    const article = chooseArticle({ ...base, feedContent, page: page(longText(200)) });
    assert.equal(article.origin, 'feed');
    assert.equal(article.originReason, "feed content reads better: 400 words, 0% in sentences, against readability's 200 words, 0% in sentences");
    assert.equal(article.wordCount, 400);
    assert.equal(article.quality, 'full');
    assert.equal(chooseArticle({ ...base, feedContent: `<p>${longText(100)}</p>`, page: page(`${longText(100)}\n\nA closing sentence of the story ends here.`) }).origin, 'page');
  });

  it("calls the feed's summary of a paywalled page paywalled", () => {
    const article = chooseArticle({ ...base, page: page(longText(40), { quality: 'paywalled', paywall: 'the page declares paid access (isAccessibleForFree: false)' }) });
    assert.equal(article.origin, 'feed');
    assert.equal(article.quality, 'paywalled');
    assert.equal(article.qualityReason, 'feed content: the page declares paid access (isAccessibleForFree: false); only 5 words are readable');
  });

  it('falls back on a consent page extracted from real HTML', async () => {
    const extracted = await extractPage(fixture('section-front.html'), 'https://harborline.example/world/1');
    const article = chooseArticle({ ...base, page: extracted });
    assert.equal(article.origin, 'feed');
    assert.match(article.originReason ?? '', /^page (text too short \(\d+ words\)|not readable)$/);
    assert.equal(article.text, 'Short teaser from the feed.');
  });

  it('gives an empty article when neither page nor feed has text', () => {
    const article = chooseArticle({ url: 'https://x.example/a', feedTitle: 'T', page: null });
    assert.equal(article.text, '');
    assert.equal(article.wordCount, 0);
    assert.equal(article.readMinutes, 0);
    assert.equal(article.excerpt, undefined);
  });
});

describe('excerptOf', () => {
  it('cuts the first paragraph at a word boundary near 200 characters', () => {
    const excerpt = excerptOf(`${'lorem ipsum '.repeat(40)}\n\nSecond paragraph.`);
    assert.ok(excerpt);
    assert.ok(excerpt.length <= 201 && excerpt.length > 150, `length ${excerpt.length}`);
    assert.match(excerpt, /^lorem ipsum .*(ipsum|lorem)…$/);
  });

  it('keeps a short first paragraph whole', () => {
    assert.equal(excerptOf('One line.\n\nTwo.'), 'One line.');
  });
});
