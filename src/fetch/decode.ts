import iconv from 'iconv-lite';

/**
 * Turns a body's bytes into text with the right character set. Order of evidence:
 * 1. a byte-order mark, or the zero bytes of UTF-16/32 around an ASCII first character;
 * 2. valid UTF-8: legacy text is almost never valid UTF-8 by chance, so bytes that are
 *    valid UTF-8 are UTF-8, whatever a server's default charset header claims;
 * 3. the charsets declared by the HTTP header, the XML prolog and an HTML <meta> (they
 *    can disagree, and servers lie): first the multi-byte ones (Shift_JIS, GBK…), which
 *    reject bytes that are not theirs, in that order of evidence, the first that decodes
 *    validly winning; then single-byte ones (which decode anything), a specific one
 *    (KOI8-R, ISO-8859-2…) before windows-1252, the latin-1 default many servers send;
 * 4. otherwise UTF-8 where the bytes are UTF-8 and windows-1252 for the bytes that are not.
 * Node 20's TextDecoder maps windows-1252's 0x80–0x9F to control characters, so legacy
 * charsets go through iconv-lite.
 */
export function decodeBody(bytes: Uint8Array, contentType?: string): { text: string; charset: string } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = sniffBom(buf);
  if (bom) return { text: iconv.decode(buf.subarray(bom.length), bom.charset), charset: bom.charset };
  const wide = sniffWideWithoutBom(buf);
  if (wide) return { text: iconv.decode(buf, wide), charset: wide };
  const utf8 = tryDecode(buf, 'utf-8');
  if (utf8 !== undefined) return { text: utf8, charset: 'utf-8' };

  const declared = [
    ...new Set(
      [charsetFromContentType(contentType), ...declaredInDocument(buf)]
        .map((label) => (label ? normalizeCharset(label) : undefined))
        // UTF-16/32 are only believed with a BOM or their zero bytes (step 1); UTF-8 failed.
        .filter((charset): charset is string => charset !== undefined && !/^utf-/.test(charset)),
    ),
  ];
  const multiByte = declared.filter((c) => MULTI_BYTE.has(c));
  const singleByte = declared.filter((c) => !MULTI_BYTE.has(c));
  for (const charset of [...multiByte, ...singleByte.filter((c) => c !== 'windows-1252'), ...singleByte]) {
    const text = tryDecode(buf, charset);
    if (text !== undefined) return { text, charset };
  }
  return decodeUtf8OrWindows1252(buf);
}

const MULTI_BYTE = new Set(['shift_jis', 'euc-jp', 'gbk', 'gb18030', 'big5', 'euc-kr']);

function sniffBom(buf: Buffer): { charset: string; length: number } | undefined {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) return { charset: 'utf-32le', length: 4 };
  if (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff) return { charset: 'utf-32be', length: 4 };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * UTF-16/32 without a BOM, told by the zero bytes around an ASCII first character
 * (`<`, `{` or whitespace: XML's spec, appendix F, does the same for `<?`).
 */
function sniffWideWithoutBom(buf: Buffer): string | undefined {
  if (buf.length < 4) return undefined;
  const [a, b, c, d] = [buf[0] as number, buf[1] as number, buf[2] as number, buf[3] as number];
  if (a !== 0 && a < 0x80 && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b === 0 && c === 0 && d !== 0 && d < 0x80) return 'utf-32be';
  if (a !== 0 && a < 0x80 && b === 0) return 'utf-16le';
  if (a === 0 && b !== 0 && b < 0x80) return 'utf-16be';
  return undefined;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i);
  return m?.[1];
}

/** The XML prolog's `encoding` and any HTML `<meta charset>` in the first bytes (read as ASCII). */
function declaredInDocument(buf: Buffer): Array<string | undefined> {
  const head = buf.subarray(0, 4096).toString('latin1');
  const prolog = head.match(/^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/i)?.[1];
  const meta =
    head.match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i)?.[1] ??
    head.match(/<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i)?.[1];
  return [prolog, meta];
}

/**
 * Maps a declared label to the decoder browsers use for it (WHATWG Encoding):
 * latin1 and ASCII labels mean windows-1252, GB2312 means GBK, the Windows code pages
 * of CJK mean their standards; unknown labels are dropped.
 */
export function normalizeCharset(label: string): string | undefined {
  const l = label.trim().toLowerCase();
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'iso_8859-1', 'cp1252', 'x-cp1252'].includes(l)) return 'windows-1252';
  if (['gb2312', 'gb_2312-80', 'x-gbk', 'chinese', 'csgb2312', 'iso-ir-58', 'cp936', 'windows-936'].includes(l)) return 'gbk';
  if (l === 'utf8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (l === 'utf-16' || l === 'unicode') return 'utf-16le';
  if (['x-sjis', 'sjis', 'ms_kanji', 'windows-31j', 'csshiftjis', 'cp932', 'shift-jis'].includes(l)) return 'shift_jis';
  if (l === 'x-euc-jp') return 'euc-jp';
  if (['big5-hkscs', 'x-x-big5', 'cn-big5', 'cp950'].includes(l)) return 'big5';
  if (['ks_c_5601-1987', 'windows-949', 'cp949', 'korean', 'csksc56011987'].includes(l)) return 'euc-kr';
  return iconv.encodingExists(l) ? l : undefined;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes, or returns undefined when the bytes are not valid in that charset. */
function tryDecode(buf: Buffer, charset: string): string | undefined {
  if (charset === 'utf-8') {
    try {
      return fatalUtf8.decode(buf);
    } catch {
      return undefined;
    }
  }
  const text = iconv.decode(buf, charset);
  // iconv-lite marks undecodable sequences with U+FFFD; single-byte charsets never fail.
  return text.includes('\uFFFD') ? undefined : text;
}

/** windows-1252's characters for bytes 0x80–0xFF. */
const WINDOWS_1252_HIGH = iconv.decode(Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i)), 'windows-1252');

/**
 * Undeclared bytes that are not valid UTF-8: valid UTF-8 sequences are kept (a UTF-8 feed
 * with one stray legacy byte loses nothing), and each other byte is read as windows-1252.
 */
function decodeUtf8OrWindows1252(buf: Buffer): { text: string; charset: string } {
  const parts: string[] = [];
  let start = 0;
  let multiByte = false;
  for (let i = 0; i < buf.length; ) {
    const length = utf8SequenceLength(buf, i);
    if (length > 0) {
      multiByte ||= length > 1;
      i += length;
      continue;
    }
    parts.push(buf.toString('utf8', start, i), WINDOWS_1252_HIGH[(buf[i] as number) - 0x80] ?? '');
    start = ++i;
  }
  parts.push(buf.toString('utf8', start));
  return { text: parts.join(''), charset: multiByte ? 'utf-8 (windows-1252 for invalid bytes)' : 'windows-1252' };
}

/** The length of the valid UTF-8 sequence at `i` (WHATWG's ranges), or 0. */
function utf8SequenceLength(buf: Buffer, i: number): number {
  const b0 = buf[i] as number;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const b = buf[i + k];
    return b !== undefined && b >= lo && b <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const [lo, hi] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const [lo, hi] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
