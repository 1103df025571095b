import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLanguage, splitSentences, wordTokens } from '../../src/summarize/sentences.js';

test('splitSentences keeps titles, initials and abbreviations inside their sentence', () => {
  const text =
    'Mr. Smith met Dr. Jones in Washington. The U.S. economy grew 2.5% in the quarter, e.g. in retail. ' +
    'John F. Kennedy was mentioned. Prices hit No. 5 on the list on Jan. 12 this year. Then Gov. Abbott spoke.';
  assert.deepEqual(splitSentences(text, 'en'), [
    'Mr. Smith met Dr. Jones in Washington.',
    'The U.S. economy grew 2.5% in the quarter, e.g. in retail.',
    'John F. Kennedy was mentioned.',
    'Prices hit No. 5 on the list on Jan. 12 this year.',
    'Then Gov. Abbott spoke.',
  ]);
});

test('splitSentences keeps a quoted question with its attribution, and splits real ends', () => {
  assert.deepEqual(splitSentences('"Really?" she asked. It was fine! Was it? Yes.'), [
    '"Really?" she asked.',
    'It was fine!',
    'Was it?',
    'Yes.',
  ]);
});

test('splitSentences splits paragraphs first and joins lines inside a paragraph', () => {
  const text = '  First paragraph without a full stop\n\n\nSecond one is\nwrapped over lines. Another.\n \n';
  assert.deepEqual(splitSentences(text), ['First paragraph without a full stop', 'Second one is wrapped over lines.', 'Another.']);
});

test('splitSentences handles Chinese and Japanese punctuation', () => {
  assert.deepEqual(splitSentences('今天天气很好。我们去公园吧！你觉得怎么样？好的。', 'zh'), ['今天天气很好。', '我们去公园吧！', '你觉得怎么样？', '好的。']);
  assert.deepEqual(splitSentences('東京は晴れです。明日は雨でしょう！', 'ja'), ['東京は晴れです。', '明日は雨でしょう！']);
});

test('splitSentences returns nothing for blank text and survives a malformed language tag', () => {
  assert.deepEqual(splitSentences(' \n\n \t'), []);
  assert.deepEqual(splitSentences('One here. Two there.', 'not a tag!'), ['One here.', 'Two there.']);
});

test('detectLanguage recognises scripts', () => {
  assert.equal(detectLanguage('中国经济增长速度放缓，政府宣布新的刺激计划。'), 'zh');
  assert.equal(detectLanguage('東京都は新しい計画を発表しました。来週から始まります。'), 'ja');
  assert.equal(detectLanguage('서울시는 새로운 계획을 발표했다.'), 'ko');
  assert.equal(detectLanguage('Правительство объявило о новых мерах поддержки экономики.'), 'ru');
  assert.equal(detectLanguage('أعلنت الحكومة عن إجراءات جديدة لدعم الاقتصاد.'), 'ar');
  assert.equal(detectLanguage('Η κυβέρνηση ανακοίνωσε νέα μέτρα.'), 'el');
  assert.equal(detectLanguage('הממשלה הודיעה על צעדים חדשים.'), 'he');
  assert.equal(detectLanguage('सरकार ने नए उपायों की घोषणा की।'), 'hi');
});

test('detectLanguage votes on function words for Latin-script text', () => {
  assert.equal(detectLanguage('The government said that it was going to announce the new measures for the economy.'), 'en');
  assert.equal(detectLanguage('Die Regierung hat neue Maßnahmen für die Wirtschaft angekündigt, die auch nicht teuer sind.'), 'de');
  assert.equal(detectLanguage('Le gouvernement a annoncé des mesures pour les entreprises dans la région.'), 'fr');
  assert.equal(detectLanguage('El gobierno anunció las nuevas medidas para los trabajadores de la región.'), 'es');
  assert.equal(detectLanguage('Il governo ha annunciato che le nuove misure sono per gli anziani della regione.'), 'it');
  assert.equal(detectLanguage('O governo anunciou que as novas medidas são para os trabalhadores da região.'), 'pt');
  assert.equal(detectLanguage('De regering heeft een nieuw plan voor het land aangekondigd en dat is niet goedkoop.'), 'nl');
});

test('detectLanguage says "und" when it cannot tell', () => {
  assert.equal(detectLanguage(''), 'und');
  assert.equal(detectLanguage('12345 — 678'), 'und');
  assert.equal(detectLanguage('Zyx qwv brmp.'), 'und');
});

test('a long paragraph is segmented in pieces without cutting a sentence or a word', () => {
  const english = Array.from({ length: 3000 }, (_, i) => `Sentence number ${i} is “here.” `).join('');
  const sentences = splitSentences(english);
  assert.equal(sentences.length, 3000);
  sentences.forEach((s, i) => assert.equal(s, `Sentence number ${i} is “here.”`));
  assert.equal(wordTokens(english).length, 3000 * 5);
  assert.equal(wordTokens(english).filter((t) => t === 'sentence').length, 3000);

  const chinese = Array.from({ length: 2000 }, (_, i) => `这是第${i}句话。`).join('');
  assert.deepEqual(splitSentences(chinese, 'zh').slice(0, 2), ['这是第0句话。', '这是第1句话。']);
  assert.equal(splitSentences(chinese, 'zh').length, 2000);
});
