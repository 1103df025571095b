/**
 * The formats a brief can be written in, and how one is chosen. A module of its own, with
 * no dependencies: `brief --help` lists the formats without loading anything more.
 */
import path from 'node:path';
import type { Io } from './terminal-io.js';
import { UsageError } from '../errors.js';

export const OUTPUT_FORMATS = ['terminal', 'markdown', 'json', 'html', 'text'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The file extension each format is written with (`--output-dir`), and the formats an extension implies (`--output`). */
const EXTENSION: Record<OutputFormat, string> = { terminal: 'txt', markdown: 'md', json: 'json', html: 'html', text: 'txt' };
const FORMAT_OF_EXTENSION: Record<string, OutputFormat> = { md: 'markdown', markdown: 'markdown', json: 'json', html: 'html', htm: 'html', txt: 'text' };

export function formatExtension(format: OutputFormat): string {
  return EXTENSION[format];
}

/**
 * The format of a brief: `--format`; else, writing to a file, the one its extension names
 * (`--output brief.html`), else Markdown; else terminal on a TTY and Markdown on a pipe.
 */
export function parseFormat(text: string | undefined, io: Io, target: { output?: string; outputDir?: string } = {}): OutputFormat {
  if (text === undefined) {
    if (target.output) return FORMAT_OF_EXTENSION[path.extname(target.output).slice(1).toLowerCase()] ?? 'markdown';
    if (target.outputDir) return 'markdown';
    return io.stdoutIsTty ? 'terminal' : 'markdown';
  }
  if ((OUTPUT_FORMATS as readonly string[]).includes(text)) return text as OutputFormat;
  if (text === 'md') return 'markdown';
  throw new UsageError(`invalid --format "${text}": ${OUTPUT_FORMATS.join(', ')}`);
}
