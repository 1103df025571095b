import { decodeHTML } from 'entities';

/**
 * Makes feed XML safe and parseable before any XML parser sees it:
 * - the DOCTYPE (with any internal subset) is removed, so no entity is ever
 *   declared: no external entities (XXE), no billion laughs, no quadratic blowup;
 * - HTML named entities (`&nbsp;`, `&eacute;`…), which strict XML rejects, become
 *   numeric references; a bare `&` (as in "AT&T") becomes `&amp;`;
 * - characters XML 1.0 forbids (most C0 controls) are dropped.
 * CDATA sections are left untouched.
 */
export function prepareXml(text: string): string {
  const withoutDoctype = text.replace(/<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/gi, '');
  // Split out CDATA sections so entity rewriting skips them.
  return withoutDoctype
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) => (i % 2 === 1 ? part : rewriteEntities(part)))
    .join('')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function rewriteEntities(text: string): string {
  return text.replace(/&(#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;?)?/gi, (whole, ref: string | undefined) => {
    if (!ref) return '&amp;';
    if (ref.startsWith('#')) return isAllowedCodePoint(ref) ? whole : '';
    const name = ref.replace(/;$/, '');
    if (XML_ENTITIES.has(name) && ref.endsWith(';')) return whole;
    const decoded = decodeHTML(`&${ref.endsWith(';') ? ref : `${ref};`}`);
    if (decoded === `&${name};` || decoded.startsWith('&')) return `&amp;${ref}`;
    return [...decoded].map((ch) => `&#${ch.codePointAt(0)};`).join('');
  });
}

function isAllowedCodePoint(ref: string): boolean {
  const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}
