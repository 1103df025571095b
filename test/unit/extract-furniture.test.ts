import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JSDOM } from 'jsdom';
import { classWords, isFurnitureByName, removeFurniture } from '../../src/extract/clean-dom.js';
import { htmlToText } from '../../src/extract/html-text.js';

const PAGE_URL = 'https://gazette.example/news/story';

/** A paragraph of prose, long enough to count as article text. */
const prose = (n: number): string =>
  `<p>Paragraph ${n} of the story tells what the council decided on Monday, why the decision matters to the people who live in the valley, and what the mayor said about it afterwards.</p>`;

/** The text of `body` after removing its furniture, one line per paragraph or list item. */
function cleaned(body: string): string {
  const dom = new JSDOM(`<div id="root">${body}</div>`, { url: PAGE_URL });
  const root = dom.window.document.getElementById('root');
  assert.ok(root);
  // Readability hands over a detached element; removal must work on one.
  root.remove();
  removeFurniture(root);
  return htmlToText(root.innerHTML).replace(/\n+/g, '\n');
}

describe('classWords and isFurnitureByName', () => {
  it('splits class and id names into words at punctuation and camelCase humps', () => {
    assert.deepEqual(classWords('article__byline'), ['article', 'byline']);
    assert.deepEqual(classWords('shareTools'), ['share', 'tools']);
    assert.deepEqual(classWords('hst-resgalleryitem'), ['hst', 'resgalleryitem']);
  });

  it('names furniture by a word of its class or id, not by a modifier or a word part', () => {
    const element = (attributes: string): Element => new JSDOM(`<div ${attributes}></div>`).window.document.querySelector('div') as Element;
    for (const attributes of ['class="story-byline"', 'class="newsCaption"', 'id="related-links"', 'class="x read-more-box"', 'class="sr-only"']) {
      assert.equal(isFurnitureByName(element(attributes)), true, attributes);
    }
    for (const attributes of ['class="story-body"', 'class="card card-has-image"', 'class="shareholder-news"', 'class="address"', 'id="main"', 'class="overflow-hidden print:hidden"']) {
      assert.equal(isFurnitureByName(element(attributes)), false, attributes);
    }
  });
});

describe('removeFurniture', () => {
  it('removes navigation, headers, captions, hidden elements and elements named as furniture', () => {
    const text = cleaned(
      `<header><h2>Headline</h2><p>By A. Writer</p></header>${prose(1)}` +
        '<figure><img src="a.jpg"><figcaption><p>The caption</p></figcaption></figure>' +
        `<nav><ul><li><a href="/a">Home</a></li></ul></nav>${prose(2)}` +
        '<div class="share-tools"><p>Share this on Facebook</p></div><p class="photo-credit">Jane Doe / Gazette</p>' +
        `<p hidden>Hidden text</p><div class="newsletter-box"><p>Get our briefing</p></div>${prose(3)}`,
    );
    assert.equal(text, [1, 2, 3].map((n) => htmlToText(prose(n))).join('\n'));
  });

  it('removes blocks made of links to the site, keeping links to other sites and shown addresses', () => {
    const text = cleaned(
      `${prose(1)}<p><strong>READ MORE:</strong> <a href="/news/other">Another story on the site</a></p>` +
        '<ul><li><a href="/news/a">Related one</a></li><li><a href="https://www.gazette.example/b">Related two</a></li></ul>' +
        '<ul><li><a href="https://books.example/tomatoes">Growing Tomatoes</a></li></ul>' +
        '<p><a href="https://gazette.example/report.pdf">https://gazette.example/report.pdf</a></p>' +
        `<p>See the <a href="/x">council</a> report for details of the plan and the vote.</p>${prose(2)}`,
    );
    assert.ok(!text.includes('Another story') && !text.includes('Related one') && !text.includes('Related two'), text);
    assert.ok(text.includes('Growing Tomatoes'), 'a link to another site is a source or a product the story names');
    assert.ok(text.includes('https://gazette.example/report.pdf'), 'a shown address is read');
    assert.ok(text.includes('See the council report'), 'prose with a link stays');
  });

  it('removes a hover card of links inside a paragraph but keeps the paragraph', () => {
    const text = cleaned(
      `${prose(1)}<p>The mayor, <span class="card"><a href="/people/ana">Ana Ruiz</a><a href="/n/1">Ruiz sets budget</a><a href="/n/2">Ruiz on parks</a></span> Ana Ruiz, spoke on Monday about the plan for the valley.</p>`,
    );
    assert.ok(text.replace(/\s+/g, ' ').includes('The mayor, Ana Ruiz, spoke on Monday'), text);
    assert.ok(!text.includes('Ruiz sets budget'));
  });

  it('never removes what holds the story: a large share of the text, or several paragraphs of prose', () => {
    const wrapped = cleaned(`<div class="story-meta">${prose(1)}${prose(2)}</div><p>Short tail.</p>`);
    assert.ok(wrapped.includes('Paragraph 1') && wrapped.includes('Paragraph 2'), 'an element with most of the text stays');
    const chunks = [1, 2, 3, 4].map((n) => `<div class="print-chunk">${prose(3 * n)}${prose(3 * n + 1)}${prose(3 * n + 2)}</div>`).join('');
    const chunked = cleaned(chunks);
    assert.equal(chunked.split('\n').length, 12, 'chunks named "print" that each hold three paragraphs of prose stay');
    const sections = cleaned([1, 2, 3, 4].map((n) => `<div class="paywall-section">${prose(n)}</div>`).join('') + '<div class="paywall-note"><p>Subscribe</p></div>');
    assert.equal(sections, [1, 2, 3, 4].map((n) => htmlToText(prose(n))).join('\n'), 'one paragraph each, but together the story');
  });
});
