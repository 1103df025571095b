import { readFileSync } from 'node:fs';

/** brief's version, from its package.json (two levels above both src/ and dist/ modules). */
export const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

export const USER_AGENT = `brief/${VERSION} (terminal news summarizer; +https://www.npmjs.com/package/brief-news)`;
