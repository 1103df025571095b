import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JSDOM } from 'jsdom';
import { assessQuality, chooseCandidate, containment, measure, PAYWALL_CUT_WORDS, TEASER_MAX_WORDS } from '../../src/extract/candidates.js';
import { readJsonLd, relaxJson } from '../../src/extract/json-ld.js';
import { readPageMetadata } from '../../src/extract/page-metadata.js';

/** `count` distinct sentences of prose, one paragraph each. */
function prose(count: number, topic = 'harbour'): string {
  return Array.from({ length: count }, (_, i) => `Sentence ${i} about the ${topic} says what happened on day ${i} and why it matters.`).join('\n\n');
}

describe('readJsonLd', () => {
  it('finds the article in a @graph, with its body, headline, authors, dates, publisher and URL', () => {
    const article = readJsonLd([
      JSON.stringify({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebSite', name: 'Site' },
          {
            '@type': ['NewsArticle'],
            headline: 'Headline',
            articleBody: '<p>First paragraph.</p><p>Second &amp; last.</p>',
            author: [{ '@type': 'Person', name: 'A. Writer' }, { name: 'B. Writer' }, 'https://x.example/people/c'],
            datePublished: '2025-01-02T03:04:05Z',
            publisher: { '@type': 'Organization', name: 'The Paper' },
            inLanguage: 'de',
            mainEntityOfPage: { '@id': 'https://x.example/a' },
          },
        ],
      }),
    ]);
    assert.deepEqual(article, {
      body: 'First paragraph.\n\nSecond & last.',
      headline: 'Headline',
      author: 'A. Writer, B. Writer',
      datePublished: '2025-01-02T03:04:05Z',
      publisher: 'The Paper',
      inLanguage: 'de',
      url: 'https://x.example/a',
      paid: false,
    });
  });

  it('takes the article with the longest body, and says so when any node is not free to read', () => {
    const article = readJsonLd([
      '{"@type": "BlogPosting", "articleBody": "Short."}',
      '[{"@type": "Article", "articleBody": "A much longer body of text."}, {"@type": "WebPage", "isAccessibleForFree": "False"}]',
    ]);
    assert.equal(article?.body, 'A much longer body of text.');
    assert.equal(article?.paid, true);
  });

  it('reads the JSON that pages get wrong: raw newlines in strings, comments, trailing commas', () => {
    const broken = '{ "@type": "NewsArticle", // the type\n "articleBody": "Line one.\n\nLine two.", /* note */ "headline": "H", }';
    assert.throws(() => JSON.parse(broken));
    assert.equal(readJsonLd([broken])?.body, 'Line one.\n\nLine two.');
    assert.equal(relaxJson('{"a": "x\ty", "b": [1, 2, ], "c": "// not a comment"}'), '{"a": "x\\u0009y", "b": [1, 2 ], "c": "// not a comment"}');
  });

  it('returns undefined for no article and skips what it cannot read', () => {
    assert.equal(readJsonLd(['{"@type": "Organization", "name": "X"}', 'not json at all', '']), undefined);
  });
});

describe('chooseCandidate', () => {
  it("keeps Readability's text when it contains the JSON-LD body, however long the body", () => {
    const readability = `${prose(5)}\n\nA heading\n\n${prose(3, 'river')}`;
    const jsonLd = `${prose(5)} ${prose(3, 'river')} Trailing words that Readability dropped from the end.`;
    const choice = chooseCandidate([
      { name: 'json-ld', text: jsonLd },
      { name: 'readability', text: readability },
    ]);
    assert.equal(choice?.candidate.name, 'readability');
    assert.match(choice?.reason ?? '', /^contains [89]\d% of the json-ld text$/);
  });

  it('takes the JSON-LD body when Readability found little or no prose', () => {
    const menu = 'Home\nNews\nSport\nWeather\nLoading…';
    const choice = chooseCandidate([
      { name: 'readability', text: menu },
      { name: 'json-ld', text: prose(20) },
    ]);
    assert.equal(choice?.candidate.name, 'json-ld');
    assert.match(choice?.reason ?? '', /^\d+ words, 100% in sentences, against readability's 5 words, 0% in sentences$/);
  });

  it('prefers prose to a longer list of headlines, and ignores empty candidates', () => {
    const headlines = Array.from({ length: 30 }, (_, i) => `Headline number ${i} of another story`).join('\n');
    const choice = chooseCandidate([
      { name: 'readability', text: headlines },
      { name: 'json-ld', text: '' },
      { name: 'feed', text: prose(12) },
    ]);
    assert.equal(choice?.candidate.name, 'feed');
    assert.equal(chooseCandidate([{ name: 'readability', text: ' ' }]), undefined);
  });

  it('measures words, the share of them in sentences, and containment', () => {
    const m = measure('A heading\n\nThis line is a sentence of eight words.');
    assert.equal(m.words, 10);
    assert.equal(m.prose, 0.8);
    assert.equal(containment('one two three four five', 'two three four five'), 1);
    assert.equal(containment('one two three four five', 'six seven eight nine'), 0);
  });
});

describe('assessQuality', () => {
  const words = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

  it('calls a long text that ends like a story full', () => {
    assert.deepEqual(assessQuality(`${words(300)}.`), { quality: 'full' });
    assert.deepEqual(assessQuality(`${words(300)}.`, 'the page declares paid access'), { quality: 'full' }, 'a paid page read whole is full');
  });

  it('calls a text a teaser when it is short or breaks off', () => {
    assert.deepEqual(assessQuality(words(TEASER_MAX_WORDS - 1)), { quality: 'teaser', reason: `only ${TEASER_MAX_WORDS - 1} words are readable` });
    assert.deepEqual(assessQuality(`${words(200)} and then the…`), { quality: 'teaser', reason: 'the text breaks off with "…"' });
    assert.deepEqual(assessQuality(`${words(200)}.\n\nContinue reading`), { quality: 'teaser', reason: 'the text breaks off with "Continue reading"' });
  });

  it('calls a short or cut text of a paid page paywalled, giving the evidence', () => {
    assert.deepEqual(assessQuality(words(PAYWALL_CUT_WORDS - 1), 'the page declares paid access'), {
      quality: 'paywalled',
      reason: `the page declares paid access; only ${PAYWALL_CUT_WORDS - 1} words are readable`,
    });
    assert.equal(assessQuality(`${words(400)} All...`, 'x').quality, 'paywalled');
  });
});

describe('readPageMetadata', () => {
  const read = (head: string, body = '<p>Text</p>', url = 'https://x.example/news/a?utm=1'): ReturnType<typeof readPageMetadata> =>
    readPageMetadata(new JSDOM(`<html><head>${head}</head><body>${body}</body></html>`, { url }).window.document);

  it('reads the canonical URL from <link rel="canonical">, resolved, else og:url', () => {
    assert.equal(read('<link rel="Canonical" href="/news/a">').canonicalUrl, 'https://x.example/news/a');
    assert.equal(read('<meta property="og:url" content="https://x.example/b">').canonicalUrl, 'https://x.example/b');
    assert.equal(read('<link rel="canonical" href="javascript:void(0)">').canonicalUrl, undefined);
  });

  it('reads the date, language, site name and author from meta tags, then JSON-LD, then <time>', () => {
    const fromMeta = read('<meta name="pubdate" content="2025-01-02"><meta property="og:locale" content="pt_BR"><meta name="application-name" content="App"><meta name="author" content="R. Writer">');
    assert.equal(fromMeta.publishedTime, '2025-01-02');
    assert.equal(fromMeta.lang, 'pt-BR');
    assert.equal(fromMeta.siteName, 'App');
    assert.equal(fromMeta.byline, 'R. Writer');
    const fromJsonLd = read('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-03-04","inLanguage":"fr","publisher":{"name":"Le Journal"},"author":{"name":"J. Auteur"}}</script>');
    assert.deepEqual([fromJsonLd.publishedTime, fromJsonLd.lang, fromJsonLd.siteName, fromJsonLd.byline], ['2025-03-04', 'fr', 'Le Journal', 'J. Auteur']);
    assert.equal(read('', '<time datetime="2024-01-01">x</time><article><time datetime="2025-05-06">y</time></article>').publishedTime, '2025-05-06');
  });

  it('finds a paywall declared in JSON-LD, microdata or the content tier, or shown as a prompt', () => {
    assert.match(read('<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false}</script>').paywall ?? '', /isAccessibleForFree: false/);
    assert.match(read('<meta itemprop="isAccessibleForFree" content="False">').paywall ?? '', /isAccessibleForFree: false/);
    assert.match(read('<meta property="article:content_tier" content="locked">').paywall ?? '', /content tier "locked"/);
    assert.equal(read('', '<p>Two paragraphs.</p><div>Subscribe to continue reading</div>').paywall, 'the page says "Subscribe to continue reading"');
    assert.equal(read('', '<p>Two paragraphs.</p><p>Already a subscriber? Log in</p>').paywall, 'the page says "Already a subscriber?"');
    assert.equal(read('<meta property="article:content_tier" content="free">', '<p>Subscribe to our newsletter</p>').paywall, undefined);
  });
});
