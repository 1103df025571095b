/**
 * The words clustering reads (see cluster.ts): tokens of a headline or a lede, stemmed, with
 * paraphrases, numbers, country adjectives and named storms normalised. Pure; no imports.
 */

export interface Token {
  term: string;
  /** Written as a name (capitalised mid-sentence), an acronym, or a number. */
  entity: boolean;
  /** Written in lower case. */
  lower: boolean;
}

const STOPWORDS = new Set(
  (
    'a about above across after again against ago all almost along already also although am among an and another any are ' +
    'around as at back be became because become been before being below between both but by came can cannot could did do does ' +
    'doing done dont down during each early either else even ever every few for from further get gets got had has have having he ' +
    'her here hers herself him himself his how however i if in into is it its itself just last late later least less like made ' +
    'make many may me might more most much must my near nearly new news next no nor not now of off on once one only onto or other ' +
    'our ours out over own per percent cent said same say says she should since so some still such take than that the their theirs ' +
    'them themselves then there these they this those though through to told too toward under until up upon us very via was we ' +
    'were what when where whether which while who whom whose why will with within without would year years yet you your ' +
    'monday tuesday wednesday thursday friday saturday sunday today tonight yesterday tomorrow week weeks day days morning ' +
    'evening night month months according amid mr mrs ms dr st live update updates latest breaking watch video photos read'
  ).split(' '),
);

const NUMBER_WORDS: Record<string, string> = {
  two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', dozen: '12', twenty: '20', hundred: '100',
};

/** Scale words and suffixes: "1.2m", "$3bn", "84k", "1.2 million" are written as their value. */
const SCALE: Record<string, number> = {
  k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, million: 1e6, bn: 1e9, b: 1e9, billion: 1e9, tn: 1e12, trillion: 1e12,
};
/** Scale words standing alone after a number ("84 thousand"); single letters only as suffixes. */
const SCALE_WORD = /^(?:thousand|million|billion|trillion|bn|mn|tn)$/i;

/** Multi-word paraphrases, replaced before tokenizing. */
const PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bstep(?:s|ped|ping)? down\b/gi, 'resigns'],
  [/\bwalk(?:s|ed|ing)? out\b/gi, 'strike'],
  [/\b(?:borrowing costs?|interest rates?)\b/gi, 'rates'],
  [/\bprime minister\b/gi, 'pm'],
  [/\bchief executive\b/gi, 'ceo'],
  [/\bcyber[\s-]attacks?\b/gi, 'cyberattack'],
  [/\b(?:without|lost|lose|loses|losing) (?:power|electricity)\b|\bpower cuts?\b|\b(?:went|go|goes|going|gone) dark\b|\bin the dark\b/gi, 'outage'],
];

/**
 * A time of day ("01:14", "14:50 GMT", "9.30am", "6 p.m."), not a race time ("2:00:35") or a
 * rate ("3.25"): when something happened, not what; read as numbers, two reports of different
 * events would share "14".
 */
const CLOCK_TIME = /(?<![\d:.,])\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?(?![\d:])|(?<![\d:.,])\d{1,2}(?:\.\d{2})?\s?[ap]\.?m\.?(?!\p{L})/giu;

/**
 * A named storm ("Storm Bertha", "Hurricane Maria"): the name is the event's, not an actor's, so
 * it is read as a plain word (content), not as a name that only gates a match.
 */
const NAMED_EVENT = /\b(?:Tropical Storm|Storm|Hurricane|Typhoon|Cyclone)\s+(\p{Lu}\p{Ll}+)(?!\p{L})/gu;

/**
 * The storm names `text` reports, lower case: "Storm Bertha", "Hurricane Maria" → "bertha",
 * "maria"; and, of the `known` names (named so elsewhere), those it writes alone ("Bertha: what
 * we know", "Greta's fury"), but not as part of a longer name ("Greta Lind").
 */
export function stormNames(text: string, known: ReadonlySet<string> = new Set()): Set<string> {
  const normalised = text.normalize('NFKC');
  const names = new Set([...normalised.matchAll(NAMED_EVENT)].map((m) => m[1]!.toLowerCase()));
  for (const name of known) {
    const written = name[0]!.toUpperCase() + name.slice(1);
    if (!names.has(name) && normalised.includes(written) && loneWord(written).test(normalised)) names.add(name);
  }
  return names;
}

const loneWords = new Map<string, RegExp>();

/** `word` not next to another capitalised word (so not part of a longer name). */
function loneWord(word: string): RegExp {
  let re = loneWords.get(word);
  if (!re) {
    re = new RegExp(`(?<!\\p{Lu}[\\p{L}'’-]*\\s+|\\p{L})${word}(?!\\p{L}|\\s+\\p{Lu})`, 'u');
    loneWords.set(word, re);
  }
  return re;
}

/**
 * Country and continent adjectives read as the place ("Chilean miners" / "Chile quake"), when capitalised:
 * reports name a country one way or the other. Ambiguous ones (American, Georgian) are left out.
 */
const DEMONYMS = new Map(
  (
    'african africa,asian asia,european europe,afghan afghanistan,albanian albania,algerian algeria,argentine argentina,argentinian argentina,armenian armenia,' +
    'australian australia,austrian austria,bangladeshi bangladesh,belgian belgium,bolivian bolivia,brazilian brazil,' +
    'british uk,britain uk,bulgarian bulgaria,cambodian cambodia,canadian canada,chilean chile,chinese china,' +
    'colombian colombia,croatian croatia,cuban cuba,czech czechia,danish denmark,dutch netherlands,egyptian egypt,' +
    'ethiopian ethiopia,filipino philippines,finnish finland,french france,german germany,greek greece,' +
    'hungarian hungary,icelandic iceland,indian india,indonesian indonesia,iranian iran,iraqi iraq,irish ireland,' +
    'israeli israel,italian italy,japanese japan,kenyan kenya,korean korea,lebanese lebanon,libyan libya,' +
    'malaysian malaysia,mexican mexico,moroccan morocco,nepalese nepal,nepali nepal,nigerian nigeria,' +
    'norwegian norway,pakistani pakistan,palestinian palestine,peruvian peru,polish poland,portuguese portugal,' +
    'romanian romania,russian russia,scottish scotland,serbian serbia,singaporean singapore,somali somalia,' +
    'spanish spain,sudanese sudan,swedish sweden,swiss switzerland,syrian syria,taiwanese taiwan,thai thailand,' +
    'tunisian tunisia,turkish turkey,ukrainian ukraine,venezuelan venezuela,vietnamese vietnam,welsh wales,' +
    'yemeni yemen,zimbabwean zimbabwe'
  )
    .split(',')
    .map((pair) => pair.split(' ') as [string, string]),
);

/** Words news reports use for the same thing; each group is read as its first word. */
const THESAURUS = [
  // what happened
  'earthquake quake tremor temblor', 'fire blaze inferno', 'wildfire bushfire', 'explosion blast explode exploded fireball',
  'flood flooding deluge', 'crash collision', 'capsize capsized overturn overturned', 'outage blackout', 'attack assault',
  'hack hacker cyberattack ransomware', 'kill killed dead death die died', 'injure injured hurt wounded',
  'protest demonstration protester demonstrator', 'resign quit', 'sack sacked dismiss dismissed oust ousted', 'win victory',
  'launch unveil', 'buy acquire purchase takeover acquisition', 'sue lawsuit', 'fraud scam', 'jail prison imprison jailed sentenced',
  'fine penalty', 'price fee fare', 'election vote poll ballot referendum', 'deal agreement accord pact treaty', 'talks negotiations',
  'rise jump surge soar climb hike increase', 'fall drop slide slump plunge tumble sink decline', 'cut trim reduce reduction',
  // who and what
  'company firm', 'ceo boss', 'bank lender', 'court judge tribunal', 'law act legislation', 'coach manager',
  'plane jet aircraft airliner', 'ship boat vessel ferry', 'car vehicle', 'laptop notebook', 'factory plant', 'shop store retailer',
  'home house', 'child kid', 'drug medicine medication', 'vaccine vaccination jab', 'flu influenza', 'bird avian',
  'cattle cow cows herd', 'power electricity', 'oil crude', 'moon lunar', 'spacecraft lander spaceship', 'film movie', 'prize award',
  'bridge viaduct', 'motorway highway freeway', 'heat heatwave hottest', 'surveillance snooping spying',
];

/** Scripts written without spaces between words: read as character pairs. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/**
 * One token: a word with digits ("A320", "H5N1"); a number with any letters after it ("1.2m",
 * "44.1C"); a word, with a joined prefix ("semi-final" is not a final); or punctuation that ends
 * a sentence or a headline's lead-in.
 */
const TOKEN = /\p{L}+\d[\p{L}\d]*|(\d+(?:[.,]\d+)*)(\p{L}*)|(?:(?:semi|quarter|non|anti|pre|post)-)?[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|[.!?:;|–—]/giu;
const SENTENCE_END = /^[.!?:;|–—]$/;

/**
 * Content tokens of a text. `titleCase`: the text capitalises every word (a headline style), so
 * capitals there say nothing about names.
 */
export function tokenize(text: string, titleCase: boolean): Token[] {
  const out: Token[] = [];
  let sentenceStart = true;
  const normalised = PHRASES.reduce((t, [re, word]) => t.replace(re, word), text.normalize('NFKC').replace(CLOCK_TIME, ' '))
    .replace(NAMED_EVENT, (_, name: string) => `storm ${name.toLowerCase()}`);
  /** The number just read, which a scale word after it multiplies ("84 thousand"). */
  let number: { token: Token; value: number } | undefined;
  for (const match of normalised.matchAll(TOKEN)) {
    const [raw, digits, suffix = ''] = match;
    const previous = number;
    number = undefined;
    if (digits !== undefined) {
      const plain = Number(normaliseNumber(digits));
      const value = plain * (SCALE[suffix.toLowerCase()] ?? 1);
      // "9m" may be metres and "5b" a grade: without a currency sign or a decimal, the plain number counts too.
      if (value !== plain && suffix.length === 1 && !/[$£€¥]/.test(normalised[match.index - 1] ?? '') && !/[.,]/.test(digits)) {
        out.push({ term: numberTerm(plain, digits), entity: true, lower: false });
      }
      const token: Token = { term: numberTerm(value, digits), entity: true, lower: false };
      out.push(token);
      number = { token, value };
    } else if (previous && SCALE_WORD.test(raw)) {
      previous.token.term = numberTerm(previous.value * SCALE[raw.toLowerCase()]!, previous.token.term);
    } else if (!SENTENCE_END.test(raw)) {
      const word = pushWord(out, raw, sentenceStart, titleCase);
      if (word && NUMBER_WORDS[raw.toLowerCase()]) number = { token: word, value: Number(word.term) };
    }
    sentenceStart = SENTENCE_END.test(raw);
  }
  return out;
}

/** A value as a term: "1200000" for 1.2 million; `fallback` when it is not a finite number. */
function numberTerm(value: number, fallback: string): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(12))) : normaliseNumber(fallback);
}

/** Pushes the word's token(s); returns the token when it is one ("three" → "3"), undefined for none or character pairs. */
function pushWord(out: Token[], raw: string, sentenceStart: boolean, titleCase: boolean): Token | undefined {
  const word = raw.replace(/['’]s$/iu, '').replace(/['’-]/g, '');
  if (UNSPACED.test(word)) {
    for (let i = 0; i === 0 || i + 1 < word.length; i++) out.push({ term: word.slice(i, i + 2), entity: false, lower: false });
    return undefined;
  }
  const lower = word.toLowerCase();
  const acronym = word.length >= 2 && word.length <= 6 && word === word.toUpperCase() && word !== lower && !titleCase;
  if (lower.length < 2 || (STOPWORDS.has(lower) && !acronym)) return undefined;
  const number = NUMBER_WORDS[lower];
  const capitalised = word[0] !== word[0]!.toLowerCase();
  let token: Token;
  if (number) {
    token = { term: number, entity: true, lower: false };
  } else {
    const term = stem((capitalised && DEMONYMS.get(lower)) || lower);
    token = { term: SYNONYMS.get(term) ?? term, entity: acronym || (capitalised && !sentenceStart && !titleCase), lower: !capitalised };
  }
  out.push(token);
  return token;
}

/** "1,800" → "1800"; a decimal comma becomes a point. */
function normaliseNumber(digits: string): string {
  return /^\d{1,3}(,\d{3})+$/.test(digits) ? digits.replace(/,/g, '') : digits.replace(',', '.');
}

/** A Headline In Which Most Words Are Capitalised. */
export function isTitleCase(title: string): boolean {
  const words = title.match(/\p{L}{4,}/gu) ?? [];
  const capitalised = words.filter((w) => w[0] !== w[0]!.toLowerCase()).length;
  return words.length >= 3 && capitalised / words.length >= 0.6;
}

/**
 * A light English suffix stripper: plural, -ed, -ing, -ly, -ment and a final e, so that inflections of
 * one word meet ("recalls", "recalled", "recalling" → "recall"; "rates", "rated" → "rat").
 * Not linguistics: only consistency matters.
 */
function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:[sxz]|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const suffix = /^(.{3,}?)(?:ing|ed)$/.exec(w);
  if (suffix && /[aeiouy]/.test(suffix[1]!)) {
    w = suffix[1]!;
    if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
  } else if (w.endsWith('ly') && w.length > 5) {
    w = w.slice(0, -2);
  } else if (w.endsWith('ment') && w.length > 8) {
    w = w.slice(0, -4); // "derailment" → "derail"
  }
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

/** Stem → the stem of its thesaurus group's first word. */
const SYNONYMS = new Map(
  THESAURUS.flatMap((group) => {
    const [head, ...rest] = group.split(' ').map(stem);
    return rest.map((w) => [w, head!] as const);
  }),
);

/** Month names are capitalised but name no one: they never make two items "name" different things. */
export const MONTHS = new Set('january february march april may june july august september october november december'.split(' ').map(stem));
