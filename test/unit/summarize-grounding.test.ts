import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY_POINT_LABELS, type KeyPoint, type Summary } from '../../src/types.js';
import { groundKeyPoints, isGrounded } from '../../src/summarize/grounding.js';
import { isGroundedNumber, numberMentions, numberValues } from '../../src/summarize/numbers.js';
import { NOT_STATED, summarizeExtractive } from '../../src/summarize/extractive.js';

const ARTICLE = [
  'Seven towns in the Kestrel Valley have agreed a joint plan to protect residents during extreme heat.',
  'Temperatures in the valley exceeded 40 degrees Celsius on 11 days this summer, the most since records began.',
  'The plan will cost 2,500,000 euros over three years and creates a network of cooling centres.',
  'Health officials estimate that the July heatwave contributed to around 60 excess deaths, 5% more than last year.',
  '"We cannot wait for the next summer," said Mayor Ilse Brandt of Northbury.',
  'The council of mayors will review the plan in March.',
].join('\n\n');

/** A model summary of ARTICLE with the given key point texts (and quotes, as `evidence`). */
function summaryWith(points: Array<string | { text: string; evidence?: string }>, language = 'en'): Summary {
  return {
    headline: 'Valley towns adopt heat plan',
    summary: 'Seven towns agreed a heat plan.',
    keyPoints: points.map((p, i) => ({ label: KEY_POINT_LABELS[i]!, ...(typeof p === 'string' ? { text: p } : p) })),
    method: 'ollama',
    model: 'llama3.2:3b',
    language,
  };
}

const ground = (points: Parameters<typeof summaryWith>[0], language?: string, article = ARTICLE) =>
  groundKeyPoints(summaryWith(points, language), article).keyPoints;

test('a paraphrased point is grounded in the article sentence that holds its words', () => {
  const [point] = ground(['The Kestrel Valley towns agreed on a joint plan to protect residents from extreme heat.']);
  assert.deepEqual(point, {
    label: 'What happened',
    text: 'The Kestrel Valley towns agreed on a joint plan to protect residents from extreme heat.',
    evidence: 'Seven towns in the Kestrel Valley have agreed a joint plan to protect residents during extreme heat.',
  });
  assert.equal(isGrounded(point!), true);
});

test('a point drawing on two sentences gets both as evidence, in article order', () => {
  const [point] = ground(['The heat plan costs 2,500,000 euros, and the council of mayors reviews it in March.']);
  assert.equal(
    point!.evidence,
    'The plan will cost 2,500,000 euros over three years and creates a network of cooling centres. The council of mayors will review the plan in March.',
  );
  assert.equal(point!.unverified, undefined);
});

test('invented numbers, names and quotations are flagged and make the point unverified', () => {
  const [number, name, quote] = ground([
    'The plan will cost 3,500,000 euros over three years.',
    'Mayor Peter Vogel of Northbury said the valley cannot wait.',
    'Mayor Ilse Brandt said "we must act before it is too late".',
  ]);
  assert.deepEqual(number!.ungrounded, ['3,500,000']);
  assert.equal(number!.unverified, true);
  assert.ok(number!.evidence?.startsWith('The plan will cost'), 'the evidence still points at the sentence');
  assert.deepEqual(name!.ungrounded, ['Peter Vogel']);
  assert.equal(name!.unverified, true);
  assert.deepEqual(quote!.ungrounded, ['we must act before it is too late']);
  assert.equal(quote!.unverified, true);
});

test('numbers match in any notation: separators, percent words, number words, scale words, rounding', () => {
  const points = ground([
    'The plan costs 2.5 million euros; deaths rose 5 percent.',
    'It was hotter than 40 degrees on 11 days in 7 towns.',
    'About 60 people died; the plan costs 2500000 euros.',
  ]);
  for (const p of points) assert.equal(p.ungrounded, undefined, p.text);
  // A quoted sentence of the article is found whatever its quotation marks.
  const [quote] = ground(['Ilse Brandt said: “We cannot wait for the next summer.”']);
  assert.equal(quote!.ungrounded, undefined);
});

test('number notations are read by the language, with scale words', () => {
  const values = (text: string, lang: string) => numberMentions(text, lang).map((m) => m.values);
  assert.deepEqual(values('1,000 and 1.5 and 1\u00a0000', 'en'), [[1000], [1.5], [1000]]);
  assert.deepEqual(values('1,000', 'und'), [[1000, 1]], 'unknown language: both readings');
  assert.deepEqual(values('1.000 und 1,5 Millionen', 'de'), [[1000], [1_500_000]]);
  assert.deepEqual(values('投资4000万美元', 'zh'), [[40_000_000]]);
  assert.deepEqual(values('$40m', 'en'), [[40, 40_000_000]]);
  const article = numberValues('The bill is 1,234,567 euros, seven pages.', 'en');
  const grounded = (claim: string) => numberMentions(claim, 'en').every((m) => isGroundedNumber(m, article));
  assert.equal(grounded('about 1.2 million'), true);
  assert.equal(grounded('1.2 million'), true);
  assert.equal(grounded('7 pages'), true);
  assert.equal(grounded('1,234,568 euros'), false);
  assert.equal(grounded('1.3 million'), false);
});

test("the model's quote is located in the article and replaced by the article's own sentence", () => {
  const [point] = ground([{ text: 'Councils agreed to act against heat.', evidence: 'seven towns in the Kestrel valley have agreed a joint plan' }]);
  assert.equal(point!.evidence, 'Seven towns in the Kestrel Valley have agreed a joint plan to protect residents during extreme heat.');
  const [invented] = ground([{ text: 'The council of mayors will review the plan in March.', evidence: 'The plan was rejected by all mayors in a vote.' }]);
  assert.equal(invented!.evidence, 'The council of mayors will review the plan in March.', 'a quote not in the article is not used');
});

test('a point with no support in the article is unverified, without evidence', () => {
  const [point] = ground(['Storms flooded railway lines elsewhere.']);
  assert.equal(point!.evidence, undefined);
  assert.equal(point!.unverified, true);
  assert.equal(isGrounded(point!), false);
});

test('across languages the located quote is the evidence, and numbers are still checked', () => {
  const zh = '七个城镇同意了一项联合计划。该计划将耗资4000万美元。市长们将于三月审查该计划。';
  const [withQuote, withoutQuote, wrongNumber] = groundKeyPoints(
    summaryWith([
      { text: 'The plan will cost 40 million dollars.', evidence: '该计划将耗资4000万美元。' },
      'The mayors will review the plan in March.',
      { text: 'The plan will cost 50 million dollars.', evidence: '该计划将耗资4000万美元。' },
    ]),
    zh,
    'zh',
  ).keyPoints;
  assert.deepEqual(withQuote, { label: 'What happened', text: 'The plan will cost 40 million dollars.', evidence: '该计划将耗资4000万美元。' });
  assert.equal(withoutQuote!.unverified, true, 'no quote: nothing to ground an English point in a Chinese article');
  assert.deepEqual(wrongNumber!.ungrounded, ['50 million']);
  assert.equal(wrongNumber!.unverified, true);
});

test('extractive summaries come grounded already: every point is its own evidence; grounding again changes nothing', () => {
  const summary = summarizeExtractive({ title: 'Heat plan', text: ARTICLE });
  for (const point of summary.keyPoints) assert.equal(point.evidence, point.text);
  assert.deepEqual(groundKeyPoints(summary, ARTICLE), summary);

  const short = summarizeExtractive({ title: 'Short', text: 'The bridge opened on Tuesday after years of work.' });
  const notStated = short.keyPoints.filter((p: KeyPoint) => p.text === NOT_STATED);
  assert.ok(notStated.length > 0);
  for (const p of notStated) assert.deepEqual(p, { label: p.label, text: NOT_STATED });
  assert.deepEqual(groundKeyPoints(short, 'The bridge opened on Tuesday after years of work.'), short);
});
