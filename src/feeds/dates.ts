/** Parses a feed date (RFC 822, ISO 8601 and the usual near-misses) to ISO 8601, or undefined. */
export function parseFeedDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
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
  if (year < 1990 || year > 9999) return undefined;
  return new Date(ms).toISOString();
}
