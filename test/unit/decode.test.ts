import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeBody, normalizeCharset } from '../../src/fetch/decode.js';

const title = 'Café “quoted” — 5 €';

test('UTF-8 with and without BOM', () => {
  assert.equal(decodeBody(Buffer.from(title, 'utf8')).text, title);
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(title, 'utf8')]);
  const out = decodeBody(withBom);
  assert.equal(out.text, title, 'the BOM is removed, not kept as U+FEFF');
});

test('UTF-16 LE/BE by BOM, and UTF-16 XML without BOM', () => {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(title, 'utf-16le')]);
  const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(title, 'utf-16be')]);
  assert.equal(decodeBody(le).text, title);
  assert.equal(decodeBody(be).text, title);
  const xml = '<?xml version="1.0"?><rss/>';
  assert.equal(decodeBody(iconv.encode(xml, 'utf-16le')).text, xml);
});

test('windows-1252 maps 0x80–0x9F to typographic characters, not C1 controls', () => {
  const bytes = iconv.encode(title, 'windows-1252');
  const out = decodeBody(bytes, 'text/html; charset=windows-1252');
  assert.equal(out.text, title);
  // iso-8859-1 is decoded as windows-1252, as browsers do
  assert.equal(decodeBody(bytes, 'text/xml; charset=ISO-8859-1').text, title);
  assert.doesNotMatch(out.text, /[\u0080-\u009f]/);
});

test('charset from the XML prolog and from HTML meta', () => {
  const xml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="koi8-r"?><t>'), iconv.encode('Привет, мир', 'koi8-r'), Buffer.from('</t>')]);
  assert.match(decodeBody(xml, 'application/xml').text, /Привет, мир/);
  const html = Buffer.concat([Buffer.from('<html><head><meta charset="shift_jis"></head><body>'), iconv.encode('東京の天気', 'shift_jis'), Buffer.from('</body></html>')]);
  assert.match(decodeBody(html, 'text/html').text, /東京の天気/);
});

test('when the header and the prolog disagree, the one that decodes validly wins', () => {
  const xml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="gbk"?><t>'), iconv.encode('北京新闻', 'gbk'), Buffer.from('</t>')]);
  // The server claims UTF-8, but the bytes are not valid UTF-8: the prolog's GBK wins.
  assert.match(decodeBody(xml, 'text/xml; charset=utf-8').text, /北京新闻/);
});

test('undeclared bytes: valid UTF-8 is UTF-8, otherwise windows-1252', () => {
  assert.equal(decodeBody(Buffer.from('naïve', 'utf8')).text, 'naïve');
  assert.equal(decodeBody(iconv.encode('naïve “x”', 'windows-1252')).text, 'naïve “x”');
});

test('charset labels normalise like browsers', () => {
  assert.equal(normalizeCharset('ISO-8859-1'), 'windows-1252');
  assert.equal(normalizeCharset('GB2312'), 'gbk');
  assert.equal(normalizeCharset('x-sjis'), 'shift_jis');
  assert.equal(normalizeCharset('no-such-charset'), undefined);
});
