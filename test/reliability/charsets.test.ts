/**
 * Character sets: every encoding the issue lists, declared in the HTTP header, the XML prolog or
 * an HTML <meta>, with and without a BOM, and header and document that disagree. Titles must come
 * out exactly, without mojibake.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeBody } from '../../src/fetch/decode.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';

const TEXTS = {
  western: 'Café “Zürich” — 5 € · naïve façade',
  latin9: "L'Œuvre coûte 5 € à Žilina",
  central: 'Zażółć gęślą jaźń w Łodzi',
  cyrillic: 'Новости дня: погода в Москве',
  japanese: '東京の天気は晴れ、気温は十五度',
  simplified: '北京新闻：今日天气晴朗',
  traditional: '臺北新聞：今日天氣晴朗',
  korean: '서울 뉴스: 오늘 날씨 맑음',
  unicode: 'Ünïcödé ✓ 北京 — 東京 😀',
};

function feed(title: string, encoding?: string): string {
  const prolog = encoding ? `<?xml version="1.0" encoding="${encoding}"?>\n` : '';
  return `${prolog}<rss version="2.0"><channel><title>C</title><item><title>${title}</title></item></channel></rss>`;
}

async function titleOf(bytes: Buffer, contentType?: string): Promise<string | undefined> {
  const { text } = decodeBody(bytes, contentType);
  return (await parseFeed(text, 'https://charsets.example/feed')).items[0]?.title;
}

describe('legacy charsets, declared in the header or the prolog', () => {
  const cases: Array<[string, string, keyof typeof TEXTS, string?]> = [
    ['windows-1252', 'windows-1252', 'western'],
    ['ISO-8859-1 (read as windows-1252, as browsers do)', 'windows-1252', 'western', 'ISO-8859-1'],
    ['ISO-8859-2', 'iso-8859-2', 'central'],
    ['ISO-8859-15', 'iso-8859-15', 'latin9'],
    ['KOI8-R', 'koi8-r', 'cyrillic'],
    ['windows-1251', 'windows-1251', 'cyrillic'],
    ['Shift_JIS', 'shift_jis', 'japanese', 'Shift_JIS'],
    ['EUC-JP', 'euc-jp', 'japanese', 'EUC-JP'],
    ['GB2312 (read as GBK)', 'gbk', 'simplified', 'GB2312'],
    ['GBK', 'gbk', 'simplified', 'GBK'],
    ['GB18030', 'gb18030', 'simplified', 'GB18030'],
    ['Big5', 'big5', 'traditional', 'Big5'],
    ['EUC-KR', 'euc-kr', 'korean', 'EUC-KR'],
  ];
  for (const [name, encoding, text, label = encoding] of cases) {
    it(name, async () => {
      const expected = TEXTS[text];
      assert.equal(await titleOf(iconv.encode(feed(expected), encoding), `application/rss+xml; charset=${label}`), expected, 'header');
      assert.equal(await titleOf(iconv.encode(feed(expected, label), encoding), 'application/rss+xml'), expected, 'prolog');
      assert.equal(await titleOf(iconv.encode(feed(expected, label), encoding)), expected, 'prolog, no Content-Type');
    });
  }

  it('an HTML <meta charset> and <meta http-equiv> are read too', () => {
    const page = (meta: string) => Buffer.concat([Buffer.from(`<html><head>${meta}</head><body>`), iconv.encode(TEXTS.cyrillic, 'koi8-r'), Buffer.from('</body></html>')]);
    assert.match(decodeBody(page('<meta charset="koi8-r">'), 'text/html').text, /Новости дня/);
    assert.match(decodeBody(page('<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">')).text, /Новости дня/);
  });
});

describe('Unicode encodings, with and without a BOM', () => {
  const boms: Record<string, number[]> = { 'utf-8': [0xef, 0xbb, 0xbf], 'utf-16le': [0xff, 0xfe], 'utf-16be': [0xfe, 0xff], 'utf-32le': [0xff, 0xfe, 0, 0], 'utf-32be': [0, 0, 0xfe, 0xff] };
  for (const [encoding, bom] of Object.entries(boms)) {
    it(encoding, async () => {
      const body = iconv.encode(feed(TEXTS.unicode), encoding);
      assert.equal(await titleOf(Buffer.concat([Buffer.from(bom), body])), TEXTS.unicode, 'with BOM');
      assert.equal(await titleOf(body), TEXTS.unicode, 'without BOM');
    });
  }

  it('UTF-16 without a BOM, its prolog saying so, and a JSON Feed in UTF-16', async () => {
    assert.equal(await titleOf(iconv.encode(feed(TEXTS.unicode, 'UTF-16'), 'utf-16le')), TEXTS.unicode);
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: '1', title: TEXTS.unicode }] });
    assert.equal(decodeBody(iconv.encode(json, 'utf-16be')).text, json);
  });
});

describe('header and document disagree: the declaration that decodes validly wins', () => {
  const cases: Array<[string, keyof typeof TEXTS, string, string | undefined, string]> = [
    // [what, text, bytes' encoding, prolog, header charset]
    ['header UTF-8, prolog windows-1252, bytes windows-1252', 'western', 'windows-1252', 'windows-1252', 'utf-8'],
    ['header ISO-8859-1 (a server default), prolog and bytes UTF-8', 'unicode', 'utf-8', 'utf-8', 'iso-8859-1'],
    ['header ISO-8859-1, no prolog, bytes UTF-8', 'unicode', 'utf-8', undefined, 'iso-8859-1'],
    ['header ISO-8859-1, prolog KOI8-R: the specific single-byte charset wins over the latin-1 default', 'cyrillic', 'koi8-r', 'KOI8-R', 'iso-8859-1'],
    ['header ISO-8859-1, prolog Shift_JIS: a multi-byte charset that decodes validly wins', 'japanese', 'shift_jis', 'Shift_JIS', 'iso-8859-1'],
    ['header UTF-8, prolog GBK, bytes GBK', 'simplified', 'gbk', 'GBK', 'UTF-8'],
    ['header Shift_JIS, prolog EUC-JP, bytes EUC-JP', 'japanese', 'euc-jp', 'EUC-JP', 'Shift_JIS'],
    ['header GBK, bytes UTF-8 (valid UTF-8 is UTF-8)', 'traditional', 'utf-8', undefined, 'gbk'],
    ['header UTF-16, bytes UTF-8 (UTF-16 only with a BOM or its zero bytes)', 'unicode', 'utf-8', undefined, 'utf-16'],
    ['an unknown label', 'unicode', 'utf-8', 'x-unknown', 'klingon'],
  ];
  for (const [name, text, encoding, prolog, header] of cases) {
    it(name, async () => {
      assert.equal(await titleOf(iconv.encode(feed(TEXTS[text], prolog), encoding), `text/xml; charset=${header}`), TEXTS[text]);
    });
  }

  it('nothing declared: UTF-8 where the bytes are UTF-8, windows-1252 for a stray byte', () => {
    const mixed = Buffer.concat([Buffer.from('naïve “UTF-8” '), Buffer.from([0xb1, 0x80]), Buffer.from(' 東京')]);
    assert.equal(decodeBody(mixed).text, 'naïve “UTF-8” ±€ 東京');
    assert.equal(decodeBody(iconv.encode(TEXTS.western, 'windows-1252')).text, TEXTS.western);
  });
});
