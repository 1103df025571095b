/**
 * HTML (or plain text) → plain text, word counts and reading time.
 * Pure string functions with no imports: other stages use them on their start-up path.
 */

/** Elements whose content is never article text: skipped up to their closing tag. */
const SKIPPED_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'title', 'svg', 'math', 'iframe', 'object']);

/** Elements that start and end a paragraph: their text is set off by blank lines. */
const PARAGRAPH_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'details', 'dialog', 'div', 'dl', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'ul',
]);

/** Elements that start and end a line, without a blank line. */
const LINE_ELEMENTS = new Set(['caption', 'dd', 'dt', 'li', 'option', 'tr']);

/** Table cells: kept apart by a space so cells don't glue. */
const CELL_ELEMENTS = new Set(['td', 'th']);

/** A tag's name right after its "<" (1 = "/" for an end tag, 2 = name); anything else is text. */
const TAG_NAME = /(\/?)([a-zA-Z][\w:-]*)(?=[\s/>])/y;

/** Text that holds a tag or a comment is HTML; anything else is plain text. */
const LOOKS_LIKE_HTML = /<(?:\/?[a-zA-Z][\w:-]*[\s/>]|!--)/;

type Break = 0 | 1 | 2; // none, line break, paragraph break (blank line)

/**
 * Accumulates text with collapsed whitespace. Breaks are held back until the next
 * visible text, so runs of block tags and whitespace-only text between them collapse
 * into a single line break or a single blank line.
 */
class TextBuilder {
  /** Output pieces; joined once at the end (repeated concatenation and trimming would be quadratic). */
  private readonly parts: string[] = [];
  /** Whether the output so far ends with a space (whitespace is collapsed as it arrives). */
  private endsWithSpace = true;
  private pending: Break = 0;

  /** A block boundary: keeps the stronger of the pending break and this one. */
  block(kind: 1 | 2): void {
    if (kind > this.pending) this.pending = kind;
  }

  /** `<br>` and newlines in preformatted text: two in a row make a blank line. */
  lineBreak(): void {
    this.pending = this.pending === 0 ? 1 : 2;
  }

  /** Text with whitespace (including no-break spaces) collapsed to single spaces. */
  text(raw: string): void {
    let chunk = raw.replace(/\u00ad/g, '').replace(/\s+/g, ' ');
    if (this.pending > 0) {
      chunk = chunk.trimStart();
      if (chunk === '') return;
      this.emitBreak();
    } else if (this.endsWithSpace && chunk.startsWith(' ')) {
      chunk = chunk.slice(1);
    }
    if (chunk === '') return;
    this.parts.push(chunk);
    this.endsWithSpace = chunk.endsWith(' ');
  }

  /** Text where newlines are line breaks (plain text, `<pre>`). */
  preformatted(raw: string): void {
    const lines = raw.replace(/\r\n?/g, '\n').split('\n');
    lines.forEach((line, i) => {
      if (i > 0) this.lineBreak();
      this.text(line);
    });
  }

  result(): string {
    return this.parts.join('').trim();
  }

  /** Writes the pending break (none at the very start), dropping the space before it. */
  private emitBreak(): void {
    const last = this.parts.length - 1;
    if (last >= 0) {
      this.parts[last] = this.parts[last]!.trimEnd();
      this.parts.push(this.pending === 2 ? '\n\n' : '\n');
    }
    this.pending = 0;
    this.endsWithSpace = true;
  }
}

/**
 * Plain text of feed or page content given as HTML or as plain text: tags, comments,
 * scripts and styles dropped, entities decoded, block elements turned into line
 * breaks, paragraphs separated by one blank line, whitespace collapsed within lines.
 * Plain text keeps its own line breaks (a blank line starts a paragraph); plain text
 * that decodes to HTML (doubly escaped feed content) is read as that HTML.
 */
export function htmlToText(html: string): string {
  const builder = new TextBuilder();
  if (!LOOKS_LIKE_HTML.test(html)) {
    const decoded = decodeEntities(html);
    // Feeds that escape their HTML twice send "&lt;p&gt;…": read what the escaping hid.
    if (LOOKS_LIKE_HTML.test(decoded)) return htmlToText(decoded);
    builder.preformatted(decoded);
    return builder.result();
  }
  let preDepth = 0;
  const emitText = (raw: string): void => {
    if (raw === '') return;
    const text = decodeEntities(raw);
    if (preDepth > 0) builder.preformatted(text);
    else builder.text(text);
  };
  const skipper = new ElementSkipper(html);
  let pos = 0;
  for (let markup = nextMarkup(html, pos); markup !== undefined; markup = nextMarkup(html, pos)) {
    emitText(html.slice(pos, markup.start));
    pos = markup.end;
    const { tag } = markup;
    if (tag === undefined) continue; // comment, doctype, CDATA marker, processing instruction
    if (!tag.isEnd && SKIPPED_ELEMENTS.has(tag.name)) {
      pos = skipper.skip(tag.name, pos);
      continue;
    }
    if (tag.name === 'pre') preDepth = Math.max(0, preDepth + (tag.isEnd ? -1 : 1));
    if (tag.name === 'br') builder.lineBreak();
    else if (PARAGRAPH_ELEMENTS.has(tag.name)) builder.block(2);
    else if (LINE_ELEMENTS.has(tag.name)) builder.block(1);
    else if (CELL_ELEMENTS.has(tag.name)) builder.text(' ');
  }
  emitText(html.slice(pos));
  return builder.result();
}

// ---------------------------------------------------------------------------
// Tokenizing. Hand-written and linear in the input: a backtracking tag regex goes
// quadratic on hostile feed content such as thousands of "<a href=" that never close.

interface Markup {
  start: number;
  /** Just past the markup's last character. */
  end: number;
  /** Set for tags; undefined for comments, doctypes and processing instructions. */
  tag?: { name: string; isEnd: boolean };
}

/** The next markup at or after `from`, or undefined when the rest is text. */
function nextMarkup(html: string, from: number): Markup | undefined {
  for (let start = html.indexOf('<', from); start !== -1; start = html.indexOf('<', start + 1)) {
    const markup = markupAt(html, start);
    if (markup === 'unterminated') return undefined; // no ">" left, so nothing later can close either
    if (markup !== null) return markup;
  }
  return undefined;
}

/** The markup at the "<" at `start`; null when that "<" is text, as in "a < b". */
function markupAt(html: string, start: number): Markup | null | 'unterminated' {
  if (html.startsWith('<!--', start)) {
    const close = html.indexOf('-->', start + 4);
    return { start, end: close === -1 ? html.length : close + 3 }; // as in browsers, an open comment hides the rest
  }
  if (html[start + 1] === '!' || html[start + 1] === '?') {
    const close = html.indexOf('>', start + 2);
    return close === -1 ? 'unterminated' : { start, end: close + 1 };
  }
  TAG_NAME.lastIndex = start + 1;
  const name = TAG_NAME.exec(html);
  if (name === null) return null;
  const end = tagEnd(html, TAG_NAME.lastIndex);
  if (end === -1) return 'unterminated';
  return { start, end, tag: { name: (name[2] ?? '').toLowerCase(), isEnd: name[1] === '/' } };
}

/**
 * Just past the ">" that closes a tag whose attributes start at `from`, or -1. A quoted
 * attribute value may hold ">"; a value whose quote never closes ends at the next ">".
 */
function tagEnd(html: string, from: number): number {
  let i = from;
  while (i < html.length) {
    const char = html[i];
    if (char === '>') return i + 1;
    i++;
    if (char !== '=') continue;
    while (i < html.length && /\s/.test(html[i] ?? '')) i++;
    const quote = html[i];
    if (quote !== '"' && quote !== "'") continue;
    const close = html.indexOf(quote, i + 1);
    if (close === -1) {
      const gt = html.indexOf('>', i);
      return gt === -1 ? -1 : gt + 1;
    }
    i = close + 1;
  }
  return -1;
}

/**
 * Skips the content of elements such as <script> up to their closing tag. An element
 * that is never closed loses only its opening tag; remembering which names have no
 * closing tag left keeps repeated unclosed elements from rescanning the rest.
 */
class ElementSkipper {
  private readonly unclosed = new Set<string>();

  constructor(private readonly html: string) {}

  /** Just past the closing tag of `name` at or after `from`, or `from` when there is none. */
  skip(name: string, from: number): number {
    if (this.unclosed.has(name)) return from;
    const close = new RegExp(`</${name}\\s*>`, 'ig');
    close.lastIndex = from;
    if (close.exec(this.html) !== null) return close.lastIndex;
    this.unclosed.add(name);
    return from;
  }
}

// ---------------------------------------------------------------------------
// Entities

/** Latin-1 supplement names, in code point order from U+00A0. */
const LATIN1_NAMES = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr ' +
  'deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest ' +
  'Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ' +
  'ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig ' +
  'agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml ' +
  'eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'
).split(' ');

/** Greek letters, in code point order from U+0391 and U+03B1 ("" = unassigned U+03A2). */
const GREEK_NAMES = 'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho  Sigma Tau Upsilon Phi Chi Psi Omega'.split(' ');

/** Other named entities that news text actually uses (punctuation, symbols, arrows, maths). */
const OTHER_ENTITIES: Record<string, number> = {
  amp: 0x26, lt: 0x3c, gt: 0x3e, quot: 0x22, apos: 0x27, sigmaf: 0x3c2,
  OElig: 0x152, oelig: 0x153, Scaron: 0x160, scaron: 0x161, Yuml: 0x178, fnof: 0x192, circ: 0x2c6, tilde: 0x2dc,
  ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009, zwnj: 0x200c, zwj: 0x200d, lrm: 0x200e, rlm: 0x200f,
  hyphen: 0x2010, dash: 0x2010, ndash: 0x2013, mdash: 0x2014, horbar: 0x2015,
  lsquo: 0x2018, rsquo: 0x2019, rsquor: 0x2019, sbquo: 0x201a, ldquo: 0x201c, rdquo: 0x201d, rdquor: 0x201d, bdquo: 0x201e,
  dagger: 0x2020, Dagger: 0x2021, bull: 0x2022, bullet: 0x2022, hellip: 0x2026, mldr: 0x2026, permil: 0x2030,
  prime: 0x2032, Prime: 0x2033, lsaquo: 0x2039, rsaquo: 0x203a, oline: 0x203e, frasl: 0x2044, euro: 0x20ac,
  trade: 0x2122, TRADE: 0x2122, COPY: 0xa9, REG: 0xae, AMP: 0x26, LT: 0x3c, GT: 0x3e, QUOT: 0x22, NewLine: 0x0a, Tab: 0x09,
  larr: 0x2190, uarr: 0x2191, rarr: 0x2192, darr: 0x2193, harr: 0x2194, rArr: 0x21d2, lArr: 0x21d0, hArr: 0x21d4,
  minus: 0x2212, le: 0x2264, ge: 0x2265, ne: 0x2260, asymp: 0x2248, infin: 0x221e,
  radic: 0x221a, sum: 0x2211, prod: 0x220f, part: 0x2202, nabla: 0x2207, isin: 0x2208, equiv: 0x2261,
  loz: 0x25ca, spades: 0x2660, clubs: 0x2663, hearts: 0x2665, diams: 0x2666, star: 0x2606, starf: 0x2605,
  check: 0x2713, cross: 0x2717, numero: 0x2116, half: 0xbd, centerdot: 0xb7,
};

const NAMED_ENTITIES: ReadonlyMap<string, string> = buildEntityTable();

function buildEntityTable(): Map<string, string> {
  const table = new Map<string, string>();
  LATIN1_NAMES.forEach((name, i) => table.set(name, String.fromCodePoint(0xa0 + i)));
  GREEK_NAMES.forEach((name, i) => {
    if (name === '') return;
    table.set(name, String.fromCodePoint(0x391 + i));
    table.set(name.toLowerCase(), String.fromCodePoint(0x3b1 + i));
  });
  for (const [name, code] of Object.entries(OTHER_ENTITIES)) table.set(name, String.fromCodePoint(code));
  return table;
}

/**
 * What browsers show for numeric references to 0x80–0x9F: the windows-1252 characters
 * (feeds written on Windows say `&#146;` for an apostrophe).
 */
const WINDOWS_1252_C1: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x2c6,
  0x89: 0x2030, 0x8a: 0x160, 0x8b: 0x2039, 0x8c: 0x152, 0x8e: 0x17d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c,
  0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x2dc, 0x99: 0x2122, 0x9a: 0x161, 0x9b: 0x203a,
  0x9c: 0x153, 0x9e: 0x17e, 0x9f: 0x178,
};

/**
 * Numeric references (`&#8217;`, `&#x2019;`, semicolon optional), named references
 * with a semicolon, and the five commonest names without one (`&amp`, `&nbsp`, …) when
 * no letter or digit follows. Unknown names are left as they are.
 */
const ENTITY = /&(?:#(\d{1,8});?|#[xX]([0-9a-fA-F]{1,7});?|([A-Za-z][A-Za-z0-9]{1,31});|(amp|lt|gt|quot|nbsp)(?![A-Za-z0-9=]))/g;

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec?: string, hex?: string, name?: string, bare?: string) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    return NAMED_ENTITIES.get(name ?? bare ?? '') ?? whole;
  });
}

function fromCodePoint(code: number): string {
  const isInvalid = code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff);
  if (isInvalid) return '\ufffd';
  return String.fromCodePoint(WINDOWS_1252_C1[code] ?? code);
}

// ---------------------------------------------------------------------------
// Words and reading time

/** Scripts written without spaces between words: their runs are split by a dictionary. */
const UNSPACED = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\u3005\u30fc`;

/** A run of unspaced-script characters, or a word of other letters/digits ("it's", "e-mail", "3.5"). */
const WORD_OR_RUN = new RegExp(
  `[${UNSPACED}]+|(?:(?![${UNSPACED}])[\\p{L}\\p{M}\\p{N}])+(?:['\u2019.-](?:(?![${UNSPACED}])[\\p{L}\\p{M}\\p{N}])+)*`,
  'gu',
);
const UNSPACED_START = new RegExp(`^[${UNSPACED}]`, 'u');

/**
 * Intl.Segmenter is quadratic on long strings in Node 20 (90 KB of English: over 1 s),
 * so it only sees runs of unspaced script, cut into pieces of at most this many characters.
 */
const MAX_SEGMENTED_RUN = 200;

let wordSegmenter: Intl.Segmenter | undefined;

/**
 * Number of words in `text`. Spaced scripts (Latin, Cyrillic, Hangul, Arabic, …): runs
 * of letters and digits, joined by apostrophes, hyphens or dots. Chinese, Japanese, Thai
 * and similar: each run is split into dictionary words by `Intl.Segmenter` (ICU), so
 * "国务院总理今天在北京" counts 5 words (国务院|总理|今天|在|北京), about one word per
 * 1.5–2 characters, comparable to an English word for reading time.
 */
export function countWords(text: string): number {
  let count = 0;
  for (const [token] of text.matchAll(WORD_OR_RUN)) {
    count += UNSPACED_START.test(token) ? countSegmentedWords(token) : 1;
  }
  return count;
}

function countSegmentedWords(run: string): number {
  wordSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  let count = 0;
  for (let start = 0; start < run.length; ) {
    let end = Math.min(run.length, start + MAX_SEGMENTED_RUN);
    if (isLowSurrogate(run.charCodeAt(end))) end--; // never cut a character in two
    for (const segment of wordSegmenter.segment(run.slice(start, end))) {
      if (segment.isWordLike) count++;
    }
    start = end;
  }
  return count;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Words read per minute, a common adult average for screen reading. */
const WORDS_PER_MINUTE = 230;

/** Minutes to read `words` words: at least 1 for any text, 0 for none. */
export function readMinutes(words: number): number {
  return words > 0 ? Math.ceil(words / WORDS_PER_MINUTE) : 0;
}
