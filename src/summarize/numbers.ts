/**
 * Numbers as values, so that a summary's "1,000", "1000", "1 000" or "one thousand"-style
 * variants can be checked against the article: separators read by the language's convention,
 * scale words ("40 million", "4000万", "$2bn") applied, "%" and "percent" alike (the unit is
 * not compared). Used by grounding.
 */
import { primaryLanguage } from './language.js';

export interface NumberMention {
  /** As written, e.g. "40 million", "5%". */
  raw: string;
  /** The values it may stand for (more than one when the notation is ambiguous). */
  values: number[];
  /** The same without the scale word: 40 for "40 million". */
  bases: number[];
  /** Written as an approximation ("about 60", "nearly 1.2 million"): a rounded article value matches. */
  approximate: boolean;
}

/** Languages that write "1.000,5"; the others write "1,000.5". */
const DECIMAL_COMMA = new Set(['de', 'fr', 'es', 'it', 'pt', 'nl', 'ru', 'el', 'pl', 'sv', 'da', 'no', 'nb', 'fi', 'cs', 'tr', 'id']);

/** Scale words after a number (lowercase, without a final period). "billion" depends on the language. */
const SCALES: Readonly<Record<string, number>> = {
  thousand: 1e3, thousands: 1e3, tausend: 1e3, mille: 1e3, mil: 1e3, duizend: 1e3,
  million: 1e6, millions: 1e6, millionen: 1e6, mio: 1e6, mn: 1e6, millón: 1e6, millones: 1e6, milione: 1e6, milioni: 1e6, miljoen: 1e6, milhão: 1e6, milhões: 1e6,
  milliard: 1e9, milliards: 1e9, milliarde: 1e9, milliarden: 1e9, mrd: 1e9, bn: 1e9, miliardo: 1e9, miliardi: 1e9, miljard: 1e9, bilhão: 1e9, bilhões: 1e9,
  trillion: 1e12, trillions: 1e12, tn: 1e12, billón: 1e12, billones: 1e12, billionen: 1e12, biljoen: 1e12,
  千: 1e3, 万: 1e4, 萬: 1e4, 百万: 1e6, 亿: 1e8, 億: 1e8,
};
/** Chinese and Japanese scale characters, longest first: "4000万美元" is read up to "万". */
const HAN_SCALES = ['百万', '千', '万', '萬', '亿', '億'];
/** Letters glued to a number that may be a scale ("$40m") or a unit ("100m" sprint): both readings kept. */
const AMBIGUOUS_SCALES: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, b: 1e9 };

const NUMBER_PATTERN = /(?<![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}])(\d(?:[\d,.\u00a0\u202f]*\d)?)(\s?)(\p{L}+\.?)?/gu;
const APPROXIMATION = /(?<!\p{L})(?:about|around|almost|nearly|roughly|approximately|some|over|more than|less than|fewer than|under|up to|at least|close to|etwa|rund|fast|knapp|über|environ|près de|presque|alrededor de|casi|unos|circa|quasi|ongeveer|bijna)\s*[$€£¥]?\s*$|[~≈约近逾]\s*$/iu;

/** The numbers written in digits in `text`, read by the conventions of `language`. */
export function numberMentions(text: string, language: string): NumberMention[] {
  const decimalComma = DECIMAL_COMMA.has(primaryLanguage(language));
  const unknown = language === 'und';
  const mentions: NumberMention[] = [];
  for (const match of text.matchAll(NUMBER_PATTERN)) {
    const [whole, digits, space, word] = match as unknown as [string, string, string, string | undefined];
    const bases = readDigits(digits, decimalComma, unknown);
    if (bases.length === 0) continue;
    const { scales, used } = scalesOf(word, space, language);
    const values = scales.flatMap((scale) => bases.map((base) => base * scale));
    const before = text.slice(Math.max(0, match.index - 20), match.index);
    mentions.push({ raw: used ? whole.trim() : digits, values: [...new Set(values)], bases, approximate: APPROXIMATION.test(before) });
  }
  return mentions;
}

/** Every value the article's numbers may stand for, with and without their scale words. */
export function numberValues(text: string, language: string): Set<number> {
  const values = new Set<number>();
  for (const mention of numberMentions(text, language)) {
    for (const value of [...mention.values, ...mention.bases]) values.add(value);
  }
  for (const value of numberWordValues(text, language)) values.add(value);
  return values;
}

/**
 * Whether a number of a summary is among the article's values: equal, or, for an approximate
 * mention or one with a fraction or scale ("1.2 million"), equal to an article value rounded to
 * the mention's precision.
 */
export function isGroundedNumber(mention: NumberMention, articleValues: ReadonlySet<number>): boolean {
  if (mention.values.some((v) => articleValues.has(v))) return true;
  const rounded = mention.approximate || /[.,]\d|\p{L}/u.test(mention.raw);
  if (!rounded) return false;
  return mention.values.some((v) => {
    const step = precisionOf(v);
    for (const a of articleValues) if (Math.abs(a - v) <= step / 2) return true;
    return false;
  });
}

/** The place of the last significant digit: 1.2e6 → 1e5, 60 → 10, 3.5 → 0.1. */
function precisionOf(value: number): number {
  if (value === 0) return 1;
  let step = 10 ** Math.floor(Math.log10(Math.abs(value)));
  while (step > 1e-9 && Math.abs(Math.round(value / step) * step - value) > step * 1e-9) step /= 10;
  return step;
}

/**
 * The values a digit string may have. With the language's convention first: "1,000" is 1000 in
 * English and 1 in German only if that reading is valid (a thousands separator must be followed
 * by groups of exactly three digits). An unknown language keeps every valid reading.
 */
function readDigits(digits: string, decimalComma: boolean, unknown: boolean): number[] {
  const plain = digits.replace(/[\u00a0\u202f]/g, '');
  const english = readWith(plain, ',', '.');
  const european = readWith(plain, '.', ',');
  const [first, second] = decimalComma ? [european, english] : [english, european];
  if (unknown) return [...new Set([first, second].filter((v): v is number => v !== undefined))];
  return first !== undefined ? [first] : second !== undefined ? [second] : [];
}

function readWith(digits: string, thousands: string, decimal: string): number | undefined {
  const [integer = '', fraction, extra] = digits.split(decimal);
  if (extra !== undefined) return undefined;
  const groups = integer.split(thousands);
  if (groups.length > 1 && (groups[0]!.length > 3 || groups.slice(1).some((g) => g.length !== 3))) return undefined;
  if (fraction !== undefined && fraction.includes(thousands)) return undefined;
  const value = Number(groups.join('') + (fraction !== undefined ? `.${fraction}` : ''));
  return Number.isFinite(value) ? value : undefined;
}

/** The multipliers a word after a number stands for, and whether it is part of the number. */
function scalesOf(word: string | undefined, space: string, language: string): { scales: number[]; used: boolean } {
  if (!word) return { scales: [1], used: false };
  const key = word.toLowerCase().replace(/\.$/, '');
  if (key === 'billion' || key === 'billions') return { scales: [primaryLanguage(language) === 'en' || language === 'und' ? 1e9 : 1e12], used: true };
  const scale = SCALES[key] ?? SCALES[HAN_SCALES.find((han) => key.startsWith(han)) ?? ''];
  if (scale !== undefined) return { scales: [scale], used: true };
  const ambiguous = AMBIGUOUS_SCALES[key];
  if (ambiguous !== undefined && !space) return { scales: [1, ambiguous], used: true };
  return { scales: [1], used: false };
}

/** English number words an article may use where a summary writes digits ("seven towns" → 7). */
const ENGLISH_NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90, hundred: 100, dozen: 12, first: 1, second: 2, third: 3, fourth: 4,
  fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, half: 50, once: 1, twice: 2,
};

function numberWordValues(text: string, language: string): number[] {
  if (primaryLanguage(language) !== 'en' && language !== 'und') return [];
  return (text.toLowerCase().match(/\p{L}+/gu) ?? []).flatMap((w) => (w in ENGLISH_NUMBER_WORDS ? [ENGLISH_NUMBER_WORDS[w]!] : []));
}
