import type { Brief } from '../../types.js';
import type { Io } from '../terminal-io.js';
import type { OutputFormat } from '../context.js';
import { renderTerminal } from '../../render/terminal.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderJson } from '../../render/json.js';

/** Writes a brief to stdout in the chosen format. */
export function printBrief(brief: Brief, format: OutputFormat, io: Io, now: Date, options: { explain?: boolean } = {}): void {
  const text =
    format === 'json'
      ? renderJson(brief)
      : format === 'markdown'
        ? renderMarkdown(brief, now, options)
        : renderTerminal(brief, { chalk: io.chalk, width: io.width, now, explain: options.explain });
  io.stdout.write(text);
}
