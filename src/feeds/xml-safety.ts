import { decodeHTML } from 'entities';
import { scanXml } from './xml-scan.js';

/**
 * Makes feed XML safe and parseable before any XML parser sees it:
 * - declarations are removed — the DOCTYPE with any internal subset — so no entity
 *   is ever declared: no external entities or DTDs (XXE), no parameter entities,
 *   no billion laughs, no quadratic blowup;
 * - HTML named entities (`&nbsp;`, `&eacute;`…), which strict XML rejects, and numeric
 *   references become the characters they stand for (the parser reads plain text much
 *   faster than references) — except the five that would be read as markup, which stay or
 *   become numeric references; a bare `&` (as in "AT&T") becomes `&amp;`; references to
 *   characters XML forbids are dropped;
 * - characters XML 1.0 forbids (most C0 controls) are dropped, raw or as references —
 *   except ESC and BEL, which the parser lets through, so that a terminal escape sequence
 *   stays whole and is removed whole from titles later (see parseFeed), not left as "[31m".
 * CDATA sections, comments and processing instructions are left as they are.
 * Runs in linear time on any input (see scanXml).
 */
export function prepareXml(text: string): string {
  const named = new Map<string, string>(); // entity name → replacement, worked out once per document
  const out: string[] = [];
  let pos = 0;
  for (const token of scanXml(text)) {
    if (token.kind === 'open' || token.kind === 'close' || token.kind === 'empty') continue; // rewritten with the text around them
    out.push(rewriteEntities(text.slice(pos, token.start), named));
    if (token.kind !== 'declaration') out.push(text.slice(token.start, token.end));
    pos = token.end;
  }
  out.push(rewriteEntities(text.slice(pos), named));
  // eslint-disable-next-line no-control-regex
  return out.join('').replace(/[\u0000-\u0006\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\ufffe\uffff]/g, '');
}

/** Characters that must stay references in XML text and attribute values. */
const MARKUP = /[<>&"']/;

function rewriteEntities(text: string, named: Map<string, string>): string {
  // XML's own five entities, by far the most common, are skipped by the pattern itself.
  return text.replace(/&(?!(?:amp|lt|gt|quot|apos);)(#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;?)?/gi, (whole, ref: string | undefined) => {
    if (!ref) return '&amp;';
    if (ref.startsWith('#')) return numericReference(whole, ref);
    let replacement = named.get(ref);
    if (replacement === undefined) {
      replacement = namedReference(ref);
      named.set(ref, replacement);
    }
    return replacement;
  });
}

/** `&name;` (or HTML's `&name` without the semicolon): its characters, or the literal text when HTML does not know it. */
function namedReference(ref: string): string {
  const name = ref.replace(/;$/, '');
  const decoded = decodeHTML(`&${name};`);
  if (decoded.startsWith('&')) return `&amp;${ref}`;
  return MARKUP.test(decoded) ? [...decoded].map((ch) => `&#${ch.codePointAt(0)};`).join('') : decoded;
}

/**
 * A numeric reference becomes its character when XML allows it (and it is not markup);
 * ESC and BEL, which the parser refuses as references but takes raw, become raw
 * characters (see prepareXml); references to other characters XML forbids are dropped.
 */
function numericReference(whole: string, ref: string): string {
  const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
  if (cp === 0x7 || cp === 0x1b) return String.fromCharCode(cp);
  const xmlChar = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
  if (!xmlChar) return '';
  const char = String.fromCodePoint(cp);
  return MARKUP.test(char) ? whole : char;
}
