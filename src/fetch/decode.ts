import iconv from 'iconv-lite';

/**
 * Turns a body's bytes into text with the right character set. Order of evidence:
 * a byte-order mark; then the charsets declared by the HTTP header, the XML prolog
 * and an HTML <meta> — the first of those that decodes the bytes validly wins (they
 * can disagree, and servers lie); then UTF-8 if the bytes are valid UTF-8; else
 * windows-1252, which decodes anything. Node 20's TextDecoder maps windows-1252's
 * 0x80–0x9F to control characters, so legacy charsets go through iconv-lite.
 */
export function decodeBody(bytes: Uint8Array, contentType?: string): { text: string; charset: string } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = sniffBom(buf);
  if (bom) return { text: iconv.decode(buf.subarray(bom.length), bom.charset), charset: bom.charset };
  const utf16 = sniffUtf16WithoutBom(buf);
  if (utf16) return { text: iconv.decode(buf, utf16), charset: utf16 };

  const declared = [charsetFromContentType(contentType), ...declaredInDocument(buf)]
    .map((label) => (label ? normalizeCharset(label) : undefined))
    .filter((label): label is string => label !== undefined);
  for (const charset of new Set(declared)) {
    const text = tryDecode(buf, charset);
    if (text !== undefined) return { text, charset };
  }
  const utf8 = tryDecode(buf, 'utf-8');
  if (utf8 !== undefined) return { text: utf8, charset: 'utf-8' };
  return { text: iconv.decode(buf, 'windows-1252'), charset: 'windows-1252' };
}

function sniffBom(buf: Buffer): { charset: string; length: number } | undefined {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) return { charset: 'utf-32le', length: 4 };
  if (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff) return { charset: 'utf-32be', length: 4 };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

/** `<?` or `<` in UTF-16/32 without a BOM (allowed for XML by its spec's appendix F). */
function sniffUtf16WithoutBom(buf: Buffer): string | undefined {
  if (buf.length < 4) return undefined;
  if (buf[0] === 0x3c && buf[1] === 0 && buf[2] === 0 && buf[3] === 0) return 'utf-32le';
  if (buf[0] === 0 && buf[1] === 0 && buf[2] === 0 && buf[3] === 0x3c) return 'utf-32be';
  if (buf[0] === 0x3c && buf[1] === 0 && buf[2] !== 0) return 'utf-16le';
  if (buf[0] === 0 && buf[1] === 0x3c) return 'utf-16be';
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
 * latin1 and ASCII labels mean windows-1252, GB2312 means GBK; unknown labels are dropped.
 */
export function normalizeCharset(label: string): string | undefined {
  const l = label.trim().toLowerCase();
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'iso_8859-1', 'cp1252', 'x-cp1252'].includes(l)) return 'windows-1252';
  if (['gb2312', 'gb_2312-80', 'x-gbk', 'chinese', 'csgb2312', 'iso-ir-58'].includes(l)) return 'gbk';
  if (l === 'utf8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (l === 'utf-16' || l === 'unicode') return 'utf-16le';
  if (l === 'x-sjis' || l === 'sjis' || l === 'ms_kanji' || l === 'windows-31j' || l === 'csshiftjis') return 'shift_jis';
  if (l === 'x-euc-jp') return 'euc-jp';
  if (l === 'big5-hkscs' || l === 'x-x-big5' || l === 'cn-big5') return 'big5';
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
