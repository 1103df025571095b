import type { Brief } from '../types.js';
import { stripControl } from '../util/terminal-safe.js';

/** Version of the JSON output's shape; bumped on any incompatible change. */
export const JSON_SCHEMA_VERSION = 1;

/** The brief as JSON for other tools; text is kept as-is except control characters. */
export function renderJson(brief: Brief): string {
  const clean = JSON.parse(JSON.stringify(brief), (_key, value: unknown) => (typeof value === 'string' ? stripControl(value) : value)) as Brief;
  return `${JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...clean }, null, 2)}\n`;
}
