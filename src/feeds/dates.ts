/** Longer than any real date: a bound on the work done for a hostile "date". */
const MAX_DATE_LENGTH = 100;

/** Parses a feed date (RFC 822, ISO 8601 and the usual near-misses) to ISO 8601, or undefined. */
export function parseFeedDate(value: unknown): string | undefined {
  const ms = feedTime(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** A feed date as milliseconds since the epoch, or undefined when it does not parse or is implausible. */
function feedTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length > MAX_DATE_LENGTH || value.trim() === '') return undefined;
  const text = value.trim();
  let ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    // Common malformations: "Tues," weekday names, a trailing "(UTC)" comment, "UTC+0".
    const cleaned = text
      .replace(/^[A-Za-z]+,?\s+/, '')
      .replace(/\([^)]*\)/g, '')
      .replace(/\bUTC([+-]\d+)?$/i, (_m, off: string | undefined) => (off ? `GMT${off.padStart(3, '+0')}00` : 'GMT'))
      .trim();
    ms = Date.parse(cleaned);
  }
  if (Number.isNaN(ms)) return undefined;
  const year = new Date(ms).getUTCFullYear();
  return year < 1990 || year > 9999 ? undefined : ms;
}

/**
 * The elements that date an entry, in order of preference: Atom 1.0's published and
 * updated (with Atom 0.3's issued, created and modified), RSS's pubDate and dc:date.
 */
const ENTRY_DATE_ELEMENTS = ['published', 'issued', 'created', 'updated', 'modified', 'pubDate', 'dc:date'];

/** An entry's date, as milliseconds: the first of its date elements that parses. `valueOf` gives an element's text. */
export function entryTime(valueOf: (element: string) => unknown): number | undefined {
  for (const element of ENTRY_DATE_ELEMENTS) {
    const ms = feedTime(valueOf(element));
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/** An entry's date as ISO 8601 (see entryTime). */
export function entryDate(valueOf: (element: string) => unknown): string | undefined {
  const ms = entryTime(valueOf);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
