/**
 * Page furniture that Readability leaves inside the article it found: navigation,
 * headers with the headline, byline and date, captions and photo credits, share and
 * follow widgets, related-story lists, newsletter boxes. Removed by what the markup says
 * an element is (its tag, role or class and id words) or by what it is made of (almost
 * only links). Works on the live DOM, before the article is turned into text.
 */

/** Elements that are not article text (unless, marked up oddly, they hold much of it: see MAX_FURNITURE_SHARE). */
const FURNITURE_SELECTOR = [
  'nav', 'aside', 'header', 'footer', 'form', 'button', 'figcaption', 'menu',
  '[role="navigation"]', '[role="complementary"]', '[role="contentinfo"]', '[role="banner"]', '[role="dialog"]',
  '[hidden]', '[aria-hidden="true"]',
].join(', ');

/**
 * Words of a class or id that name furniture rather than text (the words of
 * "article-byline", "shareTools", "newsletter_signup"; see `classWords`).
 */
const FURNITURE_WORDS = new Set([
  // captions and credits of pictures, and the pictures' own boxes
  'caption', 'captions', 'credit', 'credits', 'photo', 'image', 'img', 'picture', 'figure', 'gallery', 'slideshow', 'carousel',
  // the headline's surroundings: standfirst, byline, dates, author boxes, breadcrumbs
  'headline', 'standfirst', 'dek', 'subtitle', 'subheadline', 'byline', 'dateline', 'author', 'authors', 'bio', 'timestamp', 'date', 'time', 'meta', 'breadcrumb', 'breadcrumbs', 'kicker',
  // sharing, following, subscribing
  'share', 'sharing', 'sharebar', 'social', 'follow', 'newsletter', 'newsletters', 'subscribe', 'subscription', 'signup', 'paywall',
  // other stories, tags, comments, ads
  'related', 'recommended', 'recommendations', 'recirc', 'recirculation', 'trending', 'popular', 'promo', 'promotion', 'tags',
  'tag', 'topics', 'comment', 'comments', 'ad', 'ads', 'advert', 'advertisement', 'sponsor', 'sponsored', 'outbrain',
  'taboola', 'toolbar', 'sidebar', 'widget', 'print', 'disclaimer', 'copyright', 'visuallyhidden', 'sronly',
]);

/** Word pairs that name furniture where neither word alone does. */
const FURNITURE_PHRASES = /\b(?:read more|more stories|more from|most read|you may like|sr only|screen reader|visually hidden|see also)\b/;

/**
 * An element removed by its tag, role or class must hold less than this share of the
 * article's text: a whole story wrapped in `<div class="story-meta">` or a page whose
 * Readability root sits inside a `<header>` keeps its text.
 */
const MAX_FURNITURE_SHARE = 0.3;

/** A block whose text is at least this share link text is a list of links, not prose. */
const LINK_BLOCK_DENSITY = 0.7;

/** A link that shows its own address is a source given to be read, not a navigation label. */
const SHOWN_ADDRESS = /^\s*(?:https?:\/\/|www\.)\S+\s*$/i;

/** Blocks judged by their link density: the units a related-stories list or a menu is made of. */
const LINK_BLOCK_SELECTOR = 'p, li, ul, ol, dl, h2, h3, h4, h5, h6, div, section, table, span';

/** An inline box (`<span>`) is judged by its links only when it holds this many: a hover card, not a linked word. */
const LINK_BOX_MIN_LINKS = 3;

/** Removes the furniture inside `root` (Readability's article element), in place. */
export function removeFurniture(root: Element): void {
  const total = textLength(root);
  const site = siteOf(root.ownerDocument.URL, root.ownerDocument.URL);
  const isSmall = (element: Element): boolean => textLength(element) <= total * MAX_FURNITURE_SHARE;
  for (const element of [...root.querySelectorAll(FURNITURE_SELECTOR)]) {
    if (root.contains(element) && isSmall(element)) element.remove();
  }
  for (const element of namedFurniture(root, total)) {
    if (root.contains(element) && isSmall(element) && !holdsProse(element)) element.remove();
  }
  // Innermost first: a hover card of links inside a paragraph goes, and the paragraph, now
  // without it, is judged on its own text.
  for (const element of [...root.querySelectorAll(LINK_BLOCK_SELECTOR)].reverse()) {
    if (element.tagName === 'SPAN' && element.querySelectorAll('a').length < LINK_BOX_MIN_LINKS) continue;
    if (root.contains(element) && isLinkBlock(element, site) && isSmall(element)) element.remove();
  }
}

/**
 * The elements whose class or id names them as furniture, except those of a class whose
 * elements together hold more than MAX_FURNITURE_SHARE of the text: a story cut into
 * chunks that each carry a class such as "paywall-section" is the story. Links are left
 * alone: a link in running text is named for where it leads ("auto-tag_doobie-brothers").
 */
function namedFurniture(root: Element, total: number): Element[] {
  const named = [...root.querySelectorAll('[class]:not(a), [id]:not(a)')].filter(isFurnitureByName);
  const classTotals = new Map<string, number>();
  for (const element of named) {
    const name = element.getAttribute('class') ?? '';
    classTotals.set(name, (classTotals.get(name) ?? 0) + textLength(element));
  }
  return named.filter((element) => {
    const name = element.getAttribute('class') ?? '';
    return name === '' || (classTotals.get(name) ?? 0) <= total * MAX_FURNITURE_SHARE;
  });
}

/**
 * Paragraphs of this many characters or more, ending like sentences, in this number, are
 * article text whatever their container is called: a story split into chunks that each
 * carry a class such as "print-body" keeps them. A caption, a byline box or an author's
 * bio is one such paragraph at most.
 */
const PROSE_PARAGRAPH_CHARS = 150;
const PROSE_PARAGRAPHS = 3;

function holdsProse(element: Element): boolean {
  let count = 0;
  for (const paragraph of element.tagName === 'P' ? [element] : element.getElementsByTagName('p')) {
    const text = (paragraph.textContent ?? '').trim();
    if (text.length >= PROSE_PARAGRAPH_CHARS && /[.!?…。！？][”’"')]*$/.test(text) && ++count >= PROSE_PARAGRAPHS) return true;
  }
  return false;
}

/** Whether an element's class or id names it as furniture. */
export function isFurnitureByName(element: Element): boolean {
  const names = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`.split(/\s+/);
  // "print:hidden", "md:hidden": utility classes that style an element for one medium or screen size.
  return names.filter((name) => !name.includes(':')).some((name) => {
    const words = classWords(name);
    return words.some((word, i) => FURNITURE_WORDS.has(word) && !MODIFIER_WORDS.has(words[i - 1] ?? '')) || FURNITURE_PHRASES.test(words.join(' '));
  });
}

/** Words that make the next word a modifier of the element ("card-has-image" is a card, not an image). */
const MODIFIER_WORDS = new Set(['has', 'with', 'no', 'without', 'is', 'show', 'hide']);

/**
 * The lowercase words of a class or id name: split at anything but letters and digits
 * and at camelCase humps ("shareTools" → share, tools; "article__byline" → article, byline).
 */
export function classWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/**
 * A block made (almost) only of links to the site's own pages: a menu, a tag list, a
 * "related stories" list, a lone "Read more: …" link. Prose with links in it stays,
 * however many it has, and so do links to other sites (the sources and products a story
 * points to) and links that show their own address.
 */
function isLinkBlock(element: Element, site: string): boolean {
  const length = textLength(element);
  if (length === 0) return false;
  let linked = 0;
  for (const link of element.querySelectorAll('a')) {
    if (siteOf(link.getAttribute('href') ?? '', link.baseURI) === site && !SHOWN_ADDRESS.test(link.textContent ?? '')) linked += textLength(link);
  }
  return linked / length >= LINK_BLOCK_DENSITY;
}

/**
 * The site a URL belongs to: its host's last two labels, or three when the last two look
 * like a country's second level ("news.example.co.uk" → example.co.uk). A link within
 * the page ("#top") has the page's site; one that can't be read or has no host
 * ("javascript:", "mailto:") has none (the empty string).
 */
function siteOf(href: string, base: string): string {
  try {
    const url = new URL(href, base);
    const labels = url.hostname.split('.');
    const keep = labels.length >= 3 && (labels.at(-2) ?? '').length <= 3 && (labels.at(-1) ?? '').length === 2 ? 3 : 2;
    return labels.slice(-keep).join('.');
  } catch {
    return '';
  }
}

/** Characters of text, whitespace excluded. */
function textLength(element: Element): number {
  return (element.textContent ?? '').replace(/\s+/g, '').length;
}
