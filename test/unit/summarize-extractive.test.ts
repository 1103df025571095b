import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY_POINT_LABELS } from '../../src/types.js';
import { createExtractiveSummarizer, extractiveOverview, NOT_STATED, NO_TEXT, stripDateline } from '../../src/summarize/extractive.js';
import { splitSentences } from '../../src/summarize/sentences.js';

const ARTICLE = {
  title: '  City council   approves\nnew bridge  ',
  text: [
    'WASHINGTON — The city council approved a new bridge across the river on Tuesday after a long debate.',
    'By Jane Doe',
    'The bridge will cost 40 million dollars and replace a crossing built in 1920.',
    'Photo: the old bridge at dusk, seen from the north bank of the river.',
    'Council members said the old bridge had become unsafe for heavy trucks and buses.',
    'The new bridge is the largest public project in the city because it links two districts.',
    'Sign up for our newsletter to get the latest news every morning in your inbox.',
    'Residents spoke for and against the plan during a four-hour public meeting.',
    'Construction is expected to start next spring and the final design vote is due in March.',
    'Local shops near the river welcomed the decision at the meeting.',
  ].join('\n\n'),
};

const summarize = (input: { title: string; text: string; lang?: string }) => createExtractiveSummarizer().summarize(input);

test('the extractive summarizer returns the Summary shape with the three labels in order', async () => {
  const summarizer = createExtractiveSummarizer();
  assert.equal(summarizer.method, 'extractive');
  assert.equal(summarizer.model, null);
  const summary = await summarizer.summarize(ARTICLE);
  assert.equal(summary.method, 'extractive');
  assert.equal(summary.model, null);
  assert.equal(summary.language, 'en');
  assert.equal(summary.headline, 'City council approves new bridge');
  assert.deepEqual(summary.keyPoints.map((k) => k.label), [...KEY_POINT_LABELS]);
});

test('the summary is the lead without datelines, bylines or boilerplate, in whole sentences (a short first sentence takes the next along)', async () => {
  const summary = await summarize(ARTICLE);
  assert.equal(
    summary.summary,
    'The city council approved a new bridge across the river on Tuesday after a long debate. ' +
      'The bridge will cost 40 million dollars and replace a crossing built in 1920.',
  );
  const long = 'The regional transport authority said on Monday that it would spend two hundred million euros over five years to renew the tram lines of the three largest cities in the valley.';
  const lead = await summarize({ title: 'Trams', text: `${long}\n\nThe first works begin in May on the northern line.\n\nA second phase follows in 2028.` });
  assert.equal(lead.summary, long, 'a lede of 20 words or more stands alone');
});

test('key points come from the first sentences: a fact deep in a long article does not push out the early ones', async () => {
  const early = ['The port of Halden reopened on Monday after a fire closed it for a week.', 'Ships queued for two days outside the harbour before the reopening.', 'The fire started in a warehouse storing fertiliser near the main quay.', 'Investigators have not yet said what caused the blaze in the warehouse.', 'The port handles a third of the region\'s grain exports each year.'];
  const filler = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} of background describes the history of the harbour in some detail for readers.`);
  const summary = await summarize({ title: 'Port reopens', text: [...early, ...filler, 'The port of Halden fire warehouse ships harbour reopened grain exports fertiliser quay blaze.'].join('\n\n') });
  for (const point of summary.keyPoints.filter((p) => p.text !== NOT_STATED)) assert.ok(early.includes(point.text), `not from the first sentences: ${point.text}`);
});

test('"What to watch" is not stated when no sentence looks ahead: a past fact under that label would mislead', async () => {
  const past = ['The port of Halden reopened on Monday after a fire closed it for a week.', 'Ships queued for two days outside the harbour before the reopening.', 'The fire started in a warehouse storing fertiliser near the main quay.', 'The port handles a third of the region\'s grain exports.'];
  const [happened, why, watch] = (await summarize({ title: 'Port reopens', text: past.join('\n\n') })).keyPoints;
  assert.ok(past.includes(happened!.text) && past.includes(why!.text));
  assert.deepEqual(watch, { label: 'What to watch', text: NOT_STATED });
  const ahead = await summarize({ title: 'Port reopens', text: [...past, 'A second quay will open in March.'].join('\n\n') });
  assert.equal(ahead.keyPoints[2]!.text, 'A second quay will open in March.');
});

test('key points are sentences of the article, never boilerplate, never used twice', async () => {
  const summary = await summarize(ARTICLE);
  const sentences = splitSentences(stripDateline(ARTICLE.text));
  const used = [...splitSentences(summary.summary), ...summary.keyPoints.map((k) => k.text)];
  for (const sentence of used) assert.ok(sentences.includes(sentence), `not from the article: ${sentence}`);
  assert.equal(new Set(used).size, used.length, 'a sentence was used twice');
  assert.ok(!used.some((s) => /^(Sign up|Photo:|By Jane)/.test(s)));
});

test('"Why it matters" prefers a consequence sentence and "What to watch" a forward-looking one', async () => {
  const [, why, watch] = (await summarize(ARTICLE)).keyPoints;
  assert.equal(why!.text, 'The new bridge is the largest public project in the city because it links two districts.');
  assert.equal(watch!.text, 'Construction is expected to start next spring and the final design vote is due in March.');
});

test('the extractive summarizer is deterministic', async () => {
  assert.deepEqual(await summarize(ARTICLE), await summarize(ARTICLE));
});

test('Chinese text is split and summarized with its own punctuation', async () => {
  const text =
    '北京市政府周二宣布了一项新的公共交通计划。该计划将在全市新建三条地铁线路。' +
    '官员表示，这是该市历史上最大的交通投资，因为人口增长很快。' +
    '市民对这一决定普遍表示欢迎。第一条线路预计将于明年年底开通。专家认为这将缓解交通拥堵问题。';
  const summary = await summarize({ title: '北京公布新地铁计划', text });
  assert.equal(summary.language, 'zh');
  assert.equal(summary.headline, '北京公布新地铁计划');
  const sentences = splitSentences(text, 'zh');
  assert.ok(summary.summary.startsWith('北京市政府周二宣布了一项新的公共交通计划。'));
  assert.ok(!summary.summary.includes(' '), 'Chinese sentences are joined without spaces');
  for (const point of summary.keyPoints) assert.ok(sentences.includes(point.text), `not a sentence of the text: ${point.text}`);
  assert.equal(summary.keyPoints[2]!.text, '第一条线路预计将于明年年底开通。');
});

test('a short article keeps sentences for the key points and says when one is not stated', async () => {
  const summary = await summarize({
    title: 'Short',
    text: 'The factory closed on Monday after forty years of operation. About two hundred workers lost their jobs there.',
  });
  assert.equal(summary.summary, 'The factory closed on Monday after forty years of operation.');
  assert.equal(summary.keyPoints[0]!.text, 'About two hundred workers lost their jobs there.');
  assert.equal(summary.keyPoints[1]!.text, NOT_STATED);
  assert.equal(summary.keyPoints[2]!.text, NOT_STATED);
});

test('without a title the headline is the first sentence, cut at a word with an ellipsis', async () => {
  const long =
    'Lawmakers in the northern province approved an ambitious plan to rebuild every school damaged by the floods of last autumn before winter.';
  const summary = await summarize({ title: ' \n ', text: `${long} The plan was welcomed by parents.` });
  assert.ok(summary.headline.endsWith('…'));
  assert.ok(summary.headline.length <= 100, summary.headline);
  assert.ok(long.startsWith(summary.headline.slice(0, -1)), 'the cut falls inside the sentence');
  assert.ok(!/\s…$/.test(summary.headline));
  const short = await summarize({ title: '', text: 'Storm hits the coast overnight. Power is out in many towns today.' });
  assert.equal(short.headline, 'Storm hits the coast overnight');
});

test('an article with only short fragments still gets a summary; an empty one says so', async () => {
  const fragments = await summarize({ title: 'Flash', text: 'Fire downtown. Roads closed.' });
  assert.equal(fragments.summary, 'Fire downtown.');
  assert.equal(fragments.keyPoints[0]!.text, 'Roads closed.');
  const empty = await summarize({ title: 'Nothing here', text: '' });
  assert.equal(empty.summary, NO_TEXT);
  assert.equal(empty.language, 'und');
  assert.deepEqual(empty.keyPoints.map((k) => k.text), [NOT_STATED, NOT_STATED, NOT_STATED]);
});

test('the declared language wins over detection', async () => {
  assert.equal((await summarize({ ...ARTICLE, lang: 'en-GB' })).language, 'en-GB');
});

test('stripDateline removes agency datelines only', () => {
  assert.equal(stripDateline('LONDON (Reuters) - Shares fell.'), 'Shares fell.');
  assert.equal(stripDateline('Rome (CNN)Italy is coping.'), 'Italy is coping.');
  assert.equal(stripDateline('(CNN)Lady Antebellum sang.'), 'Lady Antebellum sang.');
  assert.equal(stripDateline('NEW YORK — Markets rose.'), 'Markets rose.');
  assert.equal(stripDateline('Apple (AAPL) shares rose on Monday.'), 'Apple (AAPL) shares rose on Monday.');
  assert.equal(stripDateline('The mayor — who spoke first — agreed.'), 'The mayor — who spoke first — agreed.');
});

test('page furniture is left out, but ordinary sentences that start with the same words stay', async () => {
  const text = [
    'Updated 5:06 PM ET, Fri May 1, 2015',
    'The regional rail line reopened on Friday after a week of repairs to the tracks.',
    'Video: passengers board the first train of the morning at the central station.',
    'Video footage showed passengers cheering as the first train left the station.',
    'Updated figures from the operator show that delays have fallen by half since then.',
    'Read more: how the repairs were planned.',
  ].join('\n\n');
  const summary = await summarize({ title: 'Rail line reopens', text });
  const used = [summary.summary, ...summary.keyPoints.map((k) => k.text)].join(' ');
  assert.ok(!/Updated 5:06|Video:|Read more/.test(used), used);
  assert.ok(used.includes('Video footage showed passengers cheering'));
  assert.ok(used.includes('Updated figures from the operator'));
});

test('a longer byline line ("By Name, Role · 2 hours ago") never becomes the summary', async () => {
  const { summarizeExtractive } = await import('../../src/summarize/extractive.js');
  const text =
    'By Imogen Tate, Science Correspondent · 2 hours ago\n\nA research vessel surveying the seafloor found active vents in the deep ocean. The discovery was made during a long expedition by the ship. Scientists will return next year to study them.';
  const s = summarizeExtractive({ title: 'Vents found', text });
  assert.ok(!s.summary.includes('Imogen Tate'), s.summary);
  assert.ok(!s.keyPoints.some((k) => k.text.includes('Imogen Tate')));
});

test('What happened is a sentence in the article\'s own voice, not a quotation', async () => {
  const { summarizeExtractive } = await import('../../src/summarize/extractive.js');
  const text = [
    'Seven valley towns agreed a joint heat plan to protect residents during extreme heat after a record summer.',
    'The heat plan creates a shared heat warning system for the valley towns.',
    'It also opens cooling centres in public buildings.',
    '"The heat plan keeps valley towns and residents in every valley town safe from extreme heat," said the mayor.',
    'Officials said surveys showed town centres were hotter than parks.',
    'Trees will be planted next year.',
  ].join(' ');
  const s = summarizeExtractive({ title: 'Heat plan', text });
  const happened = s.keyPoints[0]!.text;
  assert.ok(!happened.startsWith('"'), happened);
});

test('each key point is its own evidence; a point not stated has none and is not marked', async () => {
  const summary = await summarize(ARTICLE);
  for (const point of summary.keyPoints) {
    assert.equal(point.evidence, point.text);
    assert.equal(point.unverified, undefined);
  }
  const short = await summarize({ title: 'Bridge', text: 'The bridge opened on Tuesday after years of work.' });
  assert.ok(short.keyPoints.some((p) => p.text === NOT_STATED && !('evidence' in p) && !('unverified' in p)));
});

test('the extractive summarizer cannot translate: a target language is ignored and the language says so', async () => {
  const summary = await createExtractiveSummarizer().summarize({ ...ARTICLE, targetLanguage: 'fr' });
  assert.equal(summary.language, 'en');
  assert.deepEqual(summary, await summarize(ARTICLE));
});

test('the extractive overview: first sentences of the stories in order, 3 to 5, filled from later sentences when stories are few', async () => {
  const story = (summary: string) => ({ headline: 'H', summary });
  const many = ['A one. A two.', 'B one.', 'C one.', 'D one.', 'E one.', 'F one.'].map(story);
  assert.deepEqual(extractiveOverview(many), ['A one.', 'B one.', 'C one.', 'D one.', 'E one.']);
  assert.deepEqual(await createExtractiveSummarizer().overview(many.slice(0, 4)), ['A one.', 'B one.', 'C one.', 'D one.']);
  assert.deepEqual(extractiveOverview([story('A one. A two. A three. A four.'), story('B one.')]), ['A one.', 'B one.', 'A two.']);
  assert.deepEqual(extractiveOverview([story('Only one.')]), ['Only one.'], 'fewer only when the summaries have fewer sentences');
  assert.deepEqual(extractiveOverview([story('Same.'), story('Same.'), story('Other.')]), ['Same.', 'Other.'], 'no sentence twice');
  assert.deepEqual(extractiveOverview([]), []);
});
