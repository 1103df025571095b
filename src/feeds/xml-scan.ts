/**
 * A lenient, linear scan of XML markup: it finds tags, CDATA sections, comments,
 * processing instructions and declarations (a DOCTYPE with its internal subset)
 * without validating anything. brief uses it to reshape untrusted feed XML before
 * the real parser sees it. Every offset is visited a bounded number of times, so
 * hostile input (unterminated markup repeated a million times) costs linear time,
 * where the obvious regular expressions go quadratic.
 */

export type XmlTokenKind = 'open' | 'close' | 'empty' | 'cdata' | 'comment' | 'pi' | 'declaration';

export interface XmlToken {
  kind: XmlTokenKind;
  start: number;
  /** Just past the token; the text's length when `cut`. */
  end: number;
  /** The element name of open, close and empty tags. */
  name?: string;
  /** The markup runs to the end of the text without closing: the document was cut off. */
  cut?: boolean;
}

/** The tokens of `text` in order; text between them is not reported. Stops after a cut token. */
export function* scanXml(text: string): Generator<XmlToken> {
  let pos = 0;
  for (;;) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) return;
    const token = readToken(text, lt);
    if (!token) {
      pos = lt + 1; // a "<" that starts no markup
      continue;
    }
    yield token;
    if (token.cut) return;
    pos = token.end;
  }
}

function readToken(text: string, lt: number): XmlToken | undefined {
  if (text.startsWith('<!--', lt)) return until(text, lt, 4, '-->', 'comment');
  if (text.startsWith('<![CDATA[', lt)) return until(text, lt, 9, ']]>', 'cdata');
  if (text.startsWith('<?', lt)) return until(text, lt, 2, '?>', 'pi');
  if (text.startsWith('<!', lt)) return declaration(text, lt);
  if (text[lt + 1] === '/') {
    const name = readName(text, lt + 2);
    if (!name) return undefined;
    const gt = text.indexOf('>', lt + 2 + name.length);
    return gt < 0 ? { kind: 'close', name, start: lt, end: text.length, cut: true } : { kind: 'close', name, start: lt, end: gt + 1 };
  }
  const name = readName(text, lt + 1);
  return name ? startTag(text, lt, name) : undefined;
}

function until(text: string, start: number, skip: number, terminator: string, kind: XmlTokenKind): XmlToken {
  const at = text.indexOf(terminator, start + skip);
  return at < 0 ? { kind, start, end: text.length, cut: true } : { kind, start, end: at + terminator.length };
}

const NAME = /[A-Za-z_:\u00c0-\uffff][\w.:\-\u00b7\u00c0-\uffff]*/y;

function readName(text: string, at: number): string | undefined {
  NAME.lastIndex = at;
  return NAME.exec(text)?.[0];
}

/** `<name attr="…">` or `<name …/>`: the end is the first `>` outside quotes. */
function startTag(text: string, lt: number, name: string): XmlToken {
  let quote = 0;
  for (let i = lt + 1 + name.length; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3e) {
      return { kind: text.charCodeAt(i - 1) === 0x2f ? 'empty' : 'open', name, start: lt, end: i + 1 };
    } else if (c === 0x3c) {
      // A "<" inside a tag: the tag is broken; end it here and let the parser say so.
      return { kind: 'open', name, start: lt, end: i };
    }
  }
  return { kind: 'open', name, start: lt, end: text.length, cut: true };
}

/**
 * `<!DOCTYPE …>` and other `<!…>` declarations. An internal subset (`[ … ]`) may hold
 * quoted strings, comments and processing instructions that contain `]` or `>`.
 */
function declaration(text: string, lt: number): XmlToken {
  let quote = 0;
  let depth = 0;
  for (let i = lt + 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x5b) {
      depth++;
    } else if (c === 0x5d) {
      depth = Math.max(0, depth - 1);
    } else if (depth > 0 && c === 0x3c && (text.startsWith('<!--', i) || text.startsWith('<?', i))) {
      const inner = text.startsWith('<!--', i) ? until(text, i, 4, '-->', 'comment') : until(text, i, 2, '?>', 'pi');
      if (inner.cut) break;
      i = inner.end - 1;
    } else if (c === 0x3e && depth === 0) {
      return { kind: 'declaration', start: lt, end: i + 1 };
    }
  }
  return { kind: 'declaration', start: lt, end: text.length, cut: true };
}
