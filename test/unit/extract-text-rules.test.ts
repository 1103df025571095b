import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boilerplateKind, cleanArticleText } from '../../src/extract/clean-text.js';

/** Each line must be taken for boilerplate of the given kind. */
function assertKind(kind: string, lines: string[], context: Parameters<typeof boilerplateKind>[1] = {}): void {
  for (const line of lines) assert.equal(boilerplateKind(line, context), kind, `"${line}"`);
}

/** Sentences of a story that look a little like boilerplate: none may be taken for it. */
const PROSE = [
  'By 2030, the city expects to run every bus on electricity, officials said.',
  'By Monday, the council had received more than 400 objections.',
  'More than 200 people attended the meeting on Tuesday evening.',
  'More-than-expected growth in exports lifted the pound.',
  'Share prices at our two largest banks fell by a fifth, analysts told us.',
  'Follow-up talks with our partners will take place in March.',
  'Reach agreement on the budget by Friday, the mayor told councillors.',
  'The company said its website uses a new payment provider.',
  'Facebook said on Tuesday that it would label political adverts.',
  'Readers can contact the helpline seven days a week.',
  'Source material for the report came from three ministries, which had not published it before.',
  'The exhibition runs from 29 November 2018 to 20 January 2019 at the city museum.',
  'Watch-makers in the valley employ about 4,000 people.',
  'Photographers were kept behind a barrier during the ceremony.',
  'Watch: when used as a watch the device will last for 48 hours if checked five times an hour.',
];

describe('boilerplateKind', () => {
  it('takes no sentence of a story for boilerplate', () => {
    for (const line of PROSE) assert.equal(boilerplateKind(line, { title: 'Council approves budget', byline: 'Jane Doe' }), undefined, line);
  });

  it('finds the headline and the byline repeated above the story', () => {
    assertKind('headline', ['Council approves budget', 'COUNCIL APPROVES BUDGET'], { title: 'Council approves budget' });
    assertKind('byline', ['By Jane Doe', 'Jane Doe, Transport Correspondent', 'By JANE DOE'], { byline: 'Jane Doe' });
    assertKind('byline', ['By Stefan Becket, Kathryn Watson, Grace Segers', 'By Justine Coleman - 11/18/19 11:04 PM EST']);
  });

  it('finds a generic "By …" byline only at the edges of the text, where a subheading "By The Numbers" cannot be', () => {
    assert.equal(boilerplateKind('By The Numbers', { atEdge: true }), 'byline');
    assert.equal(boilerplateKind('By The Numbers', { atEdge: false }), undefined);
  });

  it("finds the author's bio at the end of the text", () => {
    const bio = 'Jane Doe covers local government for the Gazette. She joined in 2019.';
    assert.equal(boilerplateKind(bio, { byline: 'Jane Doe', atEnd: true }), "author's bio");
    assert.equal(boilerplateKind(bio, { byline: 'Jane Doe', atEnd: false }), undefined);
  });

  it('finds datelines, reading times and counters', () => {
    assertKind('dateline', [
      'Updated 5:27 am CST, Wednesday, November 20, 2019',
      'PUBLISHED: 10:48, Tue, Nov 19, 2019',
      '| UPDATED: 11:05, Tue, Nov 19, 2019',
      '18 NOV 2019',
      'Published 1 day ago',
      'November 20, 2019 / 1:07 AM',
    ]);
    assert.equal(boilerplateKind('29 November 2018 | 20 January 2019'), undefined, 'a span of dates is content');
    assert.equal(boilerplateKind('March 2019', { atEdge: false }), undefined, 'a date heading inside the story stays');
    assertKind('reading time or counter', ['5 min read', 'Reading time: 3 minutes', 'Tempo de leitura: 1 minuto', '3,409 views', '12 comments']);
  });

  it('finds captions, photo credits and gallery counters', () => {
    assertKind('caption or credit', [
      'Protesters do not want Hong Kong to lose its autonomy (Image: GETTY )',
      'A row of unsold cars at a dealership in Littleton, Colo. (AP Photo/David Zalubowski)',
      'Photo: David Zalubowski, STF / Associated Press',
      'Image caption Taylor Swift has sold more than 50 million albums',
      'A habitation module compared to its hibernation-based equivalent. Credit: ESA',
      'Image 1 of 9',
      '1 of 6',
    ]);
  });

  it('finds links to other stories and the labels that announce them', () => {
    assertKind('link to other stories', [
      'READ MORE: China plague outbreak confirmed in Beijing',
      'Related: Council votes to extend bus lanes',
      "DON'T MISS",
      'More Great WIRED Stories',
      'Also on rt.com Journalists threatened with arrest as Bolivia purges',
      '[Related: Salesforce Dreamforce keynote in review]',
      'Lakers vs Nets: NBA make final decision on game [VIDEO]',
      'Leia também: Como educar os filhos',
    ]);
  });

  it('finds prompts to follow, share, subscribe or comment, and calls to action', () => {
    assertKind('follow or subscribe prompt', [
      'Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.',
      'Follow us on Twitter.',
      'Like this story? Share it with a friend!',
      'Subscribe to our newsletter for the latest stories.',
      "There's plenty more where that came from. Sign up for The Water Coolest today to get the free daily newsletter delivered to your inbox daily.",
      'SIGN UP FOR OUR NEWSLETTER',
    ]);
    assertKind('comment prompt', ['Tell us what YOU think...', 'Join the conversation']);
    assertKind('call to action', ['GET FOX BUSINESS ON THE GO BY CLICKING HERE', 'Get Motor Cycle Monthly every month. Click here for more information.']);
  });

  it('finds reporting credits, contact lines, notices, control labels, ad labels and copyright', () => {
    assertKind('credits', [
      'Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly; Editing by Nick Zieminski',
      'Associated Press writers Alan Fram and Zeke Miller contributed to this report.',
      'Write to Al Root at allen.root@example.com',
      'Reach the reporters on Twitter at http://twitter.com/example',
    ]);
    assertKind('contact', ['paul.takahashi@example.com', 'twitter.com/paultakahashi', '@paultakahashi']);
    assertKind('site notice', ["This website uses cookies to improve your experience. We'll assume you're ok with this.", 'This slideshow requires JavaScript.']);
    assertKind('control label', ['Text size', 'Caption', 'Close', 'Skip to content']);
    assertKind('ad label', ['Advertisement', 'ADVERTISEMENT', 'Story continues below advertisement', 'Continue reading the main story', 'Anzeige', '广告']);
    assertKind('copyright', [
      '© 2025 The Eastfield Gazette. All rights reserved.',
      'The contents of this site are ©2019 Capitol Hill Publishing Corp.',
      'This document is subject to copyright. Apart from any fair dealing, no part may be reproduced.',
    ]);
  });

  it('keeps a web address shown as a source: it is text a reader reads', () => {
    assert.equal(boilerplateKind('http://www.example.org/2013/02/report.html'), undefined);
  });
});

describe('cleanArticleText', () => {
  it('drops boilerplate lines and the paragraphs they leave empty, keeping the story and its structure', () => {
    const text = [
      'Council approves budget',
      'By Jane Doe\nUpdated 9:12 am, Tuesday, March 4, 2025',
      'The council approved its budget on Monday night after a four-hour debate.',
      'Advertisement',
      'What the budget pays for',
      'Road repairs\nTwo new libraries\nA larger parks team',
      'READ MORE: Mayor defends spending plan',
      'Councillors will vote on the capital programme next month.',
      'Follow us on Twitter for updates.\n© 2025 The Gazette',
    ].join('\n\n');
    assert.equal(
      cleanArticleText(text, { title: 'Council approves budget', byline: 'By Jane Doe' }),
      [
        'The council approved its budget on Monday night after a four-hour debate.',
        'What the budget pays for',
        'Road repairs\nTwo new libraries\nA larger parks team',
        'Councillors will vote on the capital programme next month.',
      ].join('\n\n'),
    );
  });

  it('drops the list of headlines that a "more stories" label announces, and only that list', () => {
    const story = 'The plan to boost drone batteries uses a small jet engine, its makers said on Friday.';
    const text = [story, 'More Great Stories', 'YouTubers must unionize\nPaid political ads are not the problem', 'Last line of the story, written as a sentence.'].join('\n\n');
    assert.equal(cleanArticleText(text), [story, 'Last line of the story, written as a sentence.'].join('\n\n'));
    const list = 'Road repairs\nTwo new libraries';
    assert.equal(cleanArticleText([story, list].join('\n\n')), [story, list].join('\n\n'), 'a list without such a label stays');
  });

  it('judges bylines and datelines by position: the same line deep in the story stays', () => {
    const body = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} of the story, which is long enough to be prose.`);
    const text = ['By The Numbers', ...body.slice(0, 6), 'By The Numbers', ...body.slice(6)].join('\n\n');
    const cleaned = cleanArticleText(text).split('\n\n');
    assert.equal(cleaned[0], body[0], 'the first line, at the edge, goes');
    assert.ok(cleaned.includes('By The Numbers'), 'the subheading in the middle stays');
  });
});
