/**
 * Language codes: reading a `--lang` value, naming a language in a prompt, and deciding whether
 * an answer is in the language asked for. Light: configuration code may import it.
 */
import { detectLanguage } from './sentences.js';

/**
 * Reads a `--lang` / config value: "auto" (or empty) is undefined, meaning each article's own
 * language; anything else must be a BCP 47 tag and comes back canonical ("ZH-cn" → "zh-CN").
 * Throws RangeError('invalid language "…": "auto" or a code such as en, de, zh').
 */
export function parseLanguageOption(value: string | undefined): string | undefined {
  const raw = value?.trim();
  if (!raw || raw.toLowerCase() === 'auto') return undefined;
  try {
    const [canonical] = Intl.getCanonicalLocales(raw);
    if (canonical) return canonical;
  } catch {
    // reported below
  }
  throw new RangeError(`invalid language "${value}": "auto" or a code such as en, de, zh`);
}

/** The primary subtag, lowercased: "zh-Hant-TW" → "zh". */
export function primaryLanguage(code: string): string {
  return code.split(/[-_]/)[0]!.toLowerCase();
}

/**
 * The language's English name for a prompt, with its script but not its region ("zh" →
 * "Chinese", "zh-Hant-TW" → "Traditional Chinese", "en-US" → "English"); undefined when unknown.
 */
export function languageName(code: string): string | undefined {
  if (!code || code === 'und') return undefined;
  try {
    const { language, script } = new Intl.Locale(code);
    const name = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(script ? `${language}-${script}` : language);
    return name || undefined;
  } catch {
    return undefined;
  }
}

/** The languages detectLanguage can name; for the others an answer's language is not checked. */
const DETECTABLE = new Set(['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'zh', 'ja', 'ko', 'ru', 'ar', 'el', 'he', 'hi']);

/**
 * The language `text` is detectably written in when that is not `expected`; undefined when it
 * matches, when `expected` is unknown or undetectable, or when the text is too short to tell.
 */
export function languageMismatch(text: string, expected: string): string | undefined {
  const want = primaryLanguage(expected);
  if (!DETECTABLE.has(want)) return undefined;
  const found = detectLanguage(text);
  return found !== 'und' && found !== want ? found : undefined;
}
