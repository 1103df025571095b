/**
 * Line rules for the boilerplate that survives in an article's text: the headline and
 * byline repeated above the story, datelines, reading times, captions and photo
 * credits, "Read more:" links, share / follow / newsletter prompts, reporting credits,
 * ad labels, control labels, copyright notices and contact lines. Each rule judges one
 * line by its shape — short, and made of the words such lines are made of — so that a
 * sentence of the story is not taken for one. Pure string functions.
 */

/** What is known about the article that boilerplate lines repeat. */
export interface TextContext {
  title?: string;
  byline?: string;
}

/** A rule: its name and whether a line (trimmed, non-empty) is that kind of boilerplate. */
interface LineRule {
  name: string;
  test: (line: string, words: number, context: LineContext) => boolean;
}

interface LineContext {
  /** Title and byline, lowercased to letters and digits (see `normalize`). */
  title: string;
  byline: string;
  /** Whether the line is among the first or last few of the text, where bylines and datelines stand. */
  atEdge: boolean;
  /** Whether it is among the last few, where the author's bio stands. */
  atEnd: boolean;
}

/** Lines this close to the start or the end of the text are at its edge. */
const EDGE_LINES = 5;

/** Lines longer than this many words are prose, whatever they start with. */
const SHORT_LINE_WORDS = 30;

/** A byline is names, maybe a role and a date; a dateline a date, a time and a word or two. */
const BYLINE_MAX_WORDS = 12;
const DATELINE_MAX_WORDS = 16;

/**
 * Captions, credits, notices and prompts run to a sentence or two: a longer line is prose,
 * even when it ends with a photo credit or mentions a newsletter.
 */
const NOTE_MAX_WORDS = 40;

const MONTHS =
  'jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december';
const WEEKDAYS = 'mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday';
/** The words a dateline is made of besides numbers: months, weekdays, clock and zone words, "updated". */
const DATE_WORD = new RegExp(
  `^(?:${MONTHS}|${WEEKDAYS}|am|pm|a\\.m|p\\.m|gmt|utc|bst|cet|cest|est|edt|cst|cdt|mst|mdt|pst|pdt|et|pt|ist|jst|aest|` +
    'published|updated|posted|modified|last|on|at|first|date|time|seconds?|minutes?|hours?|days?|weeks?|months?|ago|today|yesterday|h|min)$',
);

/** A count of something next to a story: "3,409 views", "12 comments", "5 min read". */
const COUNTER = /^[\d.,\s]+(?:views?|reads?|comments?|shares?|likes?|letture|visualizações|visualizaciones|kommentare|commentaires|commenti)$/i;
const READING_TIME = /^(?:(?:reading time|read time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit|tempo di lettura)\s*:?\s*(?:about\s*)?[\d.,]+\s*\p{L}*|[\d.,]+\s*(?:min|mins|minutes?)\.?\s+(?:read|de leitura|de lectura|de lecture|lesezeit|di lettura))$/iu;
/** A picture's credit or caption marker in parentheses closing the line: "(Image: Getty)", "(AP Photo/Jane Doe)". */
const TRAILING_PHOTO_CREDIT = /\([^()]*\b(?:photo|photos|photograph|image|images|picture|pictures|credit|foto|bild)\b[^()]*\)$/i;
/** A line that opens as a credit or caption: "Photo: AP", "Image caption …", "Credit: ESA". */
const LEADING_PHOTO_CREDIT = /^(?:(?:photo|photograph|image|picture|credit|source|foto|bild|illustration|video)s?\s*(?:caption|copyright|credit)?\s*[:|]|image (?:caption|copyright)\b|media caption\b|(?:photo|image|illustration|picture) (?:by|courtesy of|credit)\b)/i;
/** A credit closing a caption line: "… in 2002. Credit: ESA", "… Photograph: Jane Doe". */
const CLOSING_CREDIT = /[.!?”"]\s+(?:credit|photo|photograph|image|picture)s?:\s*[^.!?]{1,60}$/i;
/** Gallery counters: "Image 1 of 9", "1 of 6", "3/12". */
const GALLERY_COUNTER = /^(?:(?:image|photo|picture|slide)\s*)?\d+\s*(?:of|\/)\s*\/?\s*\d+$/i;
/** A label that introduces links to other stories, with nothing after it or a colon and a headline. */
const LINK_LABEL =
  /^(?:read more|read next|see more|see also|read also|also read|related|related articles?|related stories|related coverage|more|more on this|more from \S+|more (?:\S+ ){0,3}(?:news|stories|articles|coverage)|recommended|don't miss|do not miss|watch|listen|must read|trending|top stories|you may also like|you might also like|leia (?:também|mais)|lesen sie auch|mehr zum thema|lire aussi|à lire aussi|leer más|lee también|vedi anche|leggi anche)(?:\s*[:|»›>]\s*.*|\s+[-–—]\s.*)?$/i;
/** "Also on example.com <headline>": a link to a story elsewhere on the site. */
const ALSO_ON_SITE = /^also (?:on|at|from) [\w-]+(?:\.[\w-]+)+\s/i;
/** "[Related: …]", "[READ MORE: …]" */
const BRACKETED_LINK = /^\[\s*(?:related|read more|see also|more|also read|read also)\b[^\]]*\]$/i;
/** A headline ending with a section tag in capitals, as links to other stories do: "… [VIDEO]", "… [INSIGHT]|". */
const TAGGED_HEADLINE = /\[\p{Lu}{3,}\]\s*\|?$/u;
/**
 * How a prompt to follow, share or subscribe opens (matched with the first letter in
 * lowercase, or the whole sentence when it is in capitals).
 */
const PROMPT_START =
  /^(?:follow (?:us|@|[A-Z][\w.]*(?: [A-Z][\w.]*){0,3} on)\b|subscribe\b|sign up\b|join (?:us|our)\b|share (?:this|it)\b|(?:like|liked|enjoyed|love) this (?:story|article|post)|download (?:our|the)\b|get our\b|listen (?:to|on)\b|watch (?:us|on)\b|want more\b|never miss\b|stay (?:up to date|informed|connected))/;
/** What such prompts are about. */
const PROMPT_TOPIC = /\b(?:newsletters?|inbox|twitter|facebook|instagram|youtube|linkedin|tiktok|whatsapp|telegram|podcasts?|friends?|us|our)\b/i;
/** Who reported, wrote, edited or can be reached: "Reporting by …; Editing by …", "… contributed to this report.", "Write to … at …". */
const CREDITS_LINE =
  /^(?:(?:[Aa]dditional |[Ee]xtra )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Rr]esearch|[Pp]roduced|[Cc]ompiled) by\b|(?:[Ww]rite to|[Rr]each|[Cc]ontact|[Ee]-?mail) (?:the (?:reporters?|writers?|authors?) |(?:\p{Lu}\S* ){1,4})(?:on \S+ )?(?:at|on|via)\b)|\bcontributed (?:reporting )?to this (?:report|story|article)\.?$/u;
/** Invitations to comment: "Tell us what you think...", "Join the conversation". */
const COMMENT_PROMPT = /^(?:tell us what you think|let us know (?:what you think|in the comments)|what do you think\?|join the (?:conversation|discussion|debate)|leave a (?:comment|reply)|have your say|add a comment|post a comment|comments? (?:are )?closed)\b/i;
/** Calls to action: "Click here for more information.", "… BY CLICKING HERE". */
const CALL_TO_ACTION = /\b(?:click|tap|clicking|tapping) here\b/i;
/** Site notices: cookies, JavaScript, unrendered shortcodes. */
const SITE_NOTICE =
  /\b(?:(?:this (?:web)?site|we) uses? cookies|uses cookies to|cookie (?:policy|settings)|(?:requires|enable|enabled) javascript)\b|^\[(\w+)\b[^\]]*\].*\[\/\1\]$/i;
/** Labels of page controls that read as a line of text once the control is gone. */
const CONTROL_LABEL =
  /^(?:text size|font size|print|e-?mail|share|tweet|comments?|close|caption|skip to (?:main )?content|sign in|log ?in|menu|search|toggle navigation|back to top|expand|collapse|show more|load more|view comments)$/i;
const COPYRIGHT = /(?:^|\s)(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\d{4}|\(c\)))|\ball rights reserved\b|^this (?:document|material|article|content) (?:is subject to copyright|may not be (?:published|reproduced|redistributed))|^citation:/i;
/** A contact line: an e-mail address, a social handle or profile (a web address alone is a source, and stays). */
const CONTACT = /^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w{1,30}|(?:https?:\/\/)?(?:www\.)?(?:twitter|x|facebook|instagram)\.com\/\S+)$/i;
/** A line that is nothing but an ad slot's label, or the note that the story goes on past one. */
const AD_LABEL =
  /^(?:advertisement|advert|ad|ads|sponsored|sponsored content|story continues below(?: this)? (?:advertisement|ad)|continue reading the main story|advertisement\s*[-–—:]?\s*(?:continue|scroll) (?:reading|down)(?: below)?|continue reading below|scroll to continue(?: with content)?|anzeige|werbung|publicit[ée]|publicidade|publicidad|pubblicit[àa]|reklame|广告|廣告|広告)$/i;
const BYLINE_START = /^(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor)\s+\p{Lu}/u;

const LINK_LABEL_RULE = 'link to other stories';

const RULES: readonly LineRule[] = [
  { name: 'ad label', test: (line) => AD_LABEL.test(line) },
  { name: 'headline', test: (line, _words, context) => context.title !== '' && normalize(line) === context.title },
  {
    name: 'byline',
    test: (line, words, context) =>
      words <= BYLINE_MAX_WORDS &&
      !/[.!?:;]$/.test(line) &&
      (namesByline(line, context.byline) || (context.atEdge && BYLINE_START.test(line) && capitalizedShare(line) >= 0.5)),
  },
  {
    name: "author's bio",
    test: (line, words, context) => context.atEnd && words <= NOTE_MAX_WORDS && context.byline !== '' && normalize(line).startsWith(`${context.byline} `),
  },
  { name: 'dateline', test: (line, words, context) => context.atEdge && words <= DATELINE_MAX_WORDS && isDateline(line) },
  { name: 'reading time or counter', test: (line) => READING_TIME.test(line) || COUNTER.test(line) },
  {
    name: 'caption or credit',
    test: (line, words) =>
      GALLERY_COUNTER.test(line) ||
      (words <= NOTE_MAX_WORDS && (TRAILING_PHOTO_CREDIT.test(line) || CLOSING_CREDIT.test(line))) ||
      (words <= SHORT_LINE_WORDS && LEADING_PHOTO_CREDIT.test(line)),
  },
  {
    name: LINK_LABEL_RULE,
    test: (line, words) =>
      words <= SHORT_LINE_WORDS &&
      // A headline has no full stop: "Watch: when used as a watch, the device lasts 48 hours." is a sentence.
      ((LINK_LABEL.test(line) && !line.endsWith('.')) || ALSO_ON_SITE.test(line) || BRACKETED_LINK.test(line) || TAGGED_HEADLINE.test(line)),
  },
  {
    name: 'follow or subscribe prompt',
    test: (line, words) => words <= NOTE_MAX_WORDS && sentences(line).some((sentence) => PROMPT_START.test(lowerStart(sentence)) && PROMPT_TOPIC.test(sentence)),
  },
  { name: 'credits', test: (line, words) => words <= NOTE_MAX_WORDS && CREDITS_LINE.test(line) },
  { name: 'comment prompt', test: (line, words) => words <= SHORT_LINE_WORDS && COMMENT_PROMPT.test(line) },
  { name: 'call to action', test: (line, words) => words <= SHORT_LINE_WORDS && CALL_TO_ACTION.test(line) },
  { name: 'site notice', test: (line, words) => words <= NOTE_MAX_WORDS && SITE_NOTICE.test(line) },
  { name: 'control label', test: (line) => CONTROL_LABEL.test(line) },
  { name: 'copyright', test: (line, words) => words <= NOTE_MAX_WORDS && COPYRIGHT.test(line) },
  { name: 'contact', test: (line) => CONTACT.test(line) },
];

/**
 * `text` (paragraphs separated by blank lines, lines by newlines) without its
 * boilerplate lines; paragraphs left empty disappear. A label that announces other
 * stories ("More from …", "Related") takes the list of headlines right after it along.
 */
export function cleanArticleText(text: string, context: TextContext = {}): string {
  const paragraphs = text.split('\n\n').map((paragraph) => paragraph.split('\n'));
  const lineCount = paragraphs.reduce((sum, lines) => sum + lines.length, 0);
  const title = normalize(context.title ?? '');
  const byline = normalize(context.byline ?? '').replace(/^by /, '');
  let index = 0;
  let afterLinkLabel = false;
  const kept: string[] = [];
  for (const lines of paragraphs) {
    if (afterLinkLabel && isHeadlineList(lines)) {
      index += lines.length;
      afterLinkLabel = false;
      continue;
    }
    afterLinkLabel = false;
    const keptLines = lines.filter((line) => {
      const atEnd = index >= lineCount - EDGE_LINES;
      const atEdge = atEnd || index < EDGE_LINES;
      index++;
      const kind = kindOf(line, { title, byline, atEdge, atEnd });
      if (kind === LINK_LABEL_RULE && LINK_LABEL.test(line.trim()) && !/[:|»›>]|\s[-–—]\s/.test(line)) afterLinkLabel = true;
      return kind === undefined;
    });
    if (keptLines.some((line) => line.trim() !== '')) kept.push(keptLines.join('\n'));
  }
  return kept.join('\n\n');
}

/** A paragraph of two or more short lines (20 words at most): a list of headlines. */
function isHeadlineList(lines: readonly string[]): boolean {
  return lines.length >= 2 && lines.every((line) => line.trim().split(/\s+/).length <= 20);
}

/** The name of the rule that takes `line` for boilerplate, or undefined for article text. */
export function boilerplateKind(line: string, context: TextContext & { atEdge?: boolean; atEnd?: boolean } = {}): string | undefined {
  return kindOf(line, {
    title: normalize(context.title ?? ''),
    byline: normalize(context.byline ?? '').replace(/^by /, ''),
    atEdge: context.atEdge ?? true,
    atEnd: context.atEnd ?? false,
  });
}

function kindOf(line: string, context: LineContext): string | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  const words = trimmed.split(/\s+/).length;
  return RULES.find((rule) => rule.test(trimmed, words, context))?.name;
}

/** A sentence with its first letter in lowercase, or all of it when it is written in capitals. */
function lowerStart(sentence: string): string {
  return sentence === sentence.toUpperCase() ? sentence.toLowerCase() : sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

/** A line cut after each ".", "!" or "?" that a space follows. */
function sentences(line: string): string[] {
  return line.split(/(?<=[.!?])\s+/);
}

/** Lowercase letters and digits separated by single spaces: what two spellings of a line share. */
function normalize(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Whether `line` is the page's byline, maybe after "By" and before a role or a date. */
function namesByline(line: string, byline: string): boolean {
  if (byline === '') return false;
  const rest = normalize(line).replace(/^(?:by|von|par|por|di|door) /, '');
  return rest === byline || (rest.startsWith(`${byline} `) && rest.length - byline.length <= 40);
}

/** Share of a line's words that start with a capital letter (names do). */
function capitalizedShare(line: string): number {
  const words = line.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  const capitalized = words.filter((word) => /^\P{L}*\p{Lu}/u.test(word) || /^(?:and|und|et|y|e|de|van|von|der|da|del)$/.test(word));
  return words.length === 0 ? 0 : capitalized.length / words.length;
}

/** A line made of a date or time and the words around one ("Updated 5:27 am CST, Wednesday, November 20, 2019"). */
function isDateline(line: string): boolean {
  if (!/\d/.test(line)) return false;
  // Two dates without "published" or "updated" are a span of time the story is about.
  if ((line.match(/\b(?:19|20)\d\d\b/g) ?? []).length > 1 && !/\b(?:published|updated|posted|modified)\b/i.test(line)) return false;
  const words = line.toLowerCase().split(/[^\p{L}\p{N}.]+/u).filter((word) => word !== '' && word !== '.');
  const other = words.filter((word) => !/^[\d.]+(?:st|nd|rd|th|h|am|pm)?$/.test(word) && !DATE_WORD.test(word.replace(/\.$/, '')));
  return other.length === 0;
}
