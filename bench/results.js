/**
 * bench/results.json: every benchmark stores its figures under its own key, keeping the others,
 * so one bench can be run alone without losing the rest.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RESULTS = fileURLToPath(new URL('results.json', import.meta.url));

/** Stores `value` under `key` in bench/results.json (read, replace the key, write) and says so. */
export function saveResults(key, value) {
  const results = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
  results[key] = value;
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written to bench/results.json (${key})`);
}
