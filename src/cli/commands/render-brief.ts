import type { Brief } from '../../types.js';
import type { Io } from '../terminal-io.js';
import type { OutputFormat } from '../formats.js';
import { renderTerminal, renderText, type TerminalOptions } from '../../render/terminal.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderJson } from '../../render/json.js';
import { renderHtml } from '../../render/html.js';

/**
 * A brief in the chosen format. `toFile`: the text goes to a file, so the terminal format
 * has colour only with FORCE_COLOR, and no hyperlinks.
 */
export function renderBrief(brief: Brief, format: OutputFormat, io: Io, now: Date, options: { explain?: boolean; toFile?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return renderJson(brief);
    case 'markdown':
      return renderMarkdown(brief, now, options);
    case 'html':
      return renderHtml(brief, now, options);
    case 'text':
      return renderText(brief, now, options);
    case 'terminal':
      return options.toFile
        ? renderTerminal(brief, { chalk: io.fileChalk, width: 80, now, explain: options.explain })
        : renderTerminal(brief, stdoutTerminal(io, now, options.explain));
  }
}

/** The terminal layout as stdout can show it: its colour, width and links. */
export function stdoutTerminal(io: Io, now: Date, explain?: boolean): TerminalOptions {
  return { chalk: io.chalk, width: io.width, now, explain, hyperlinks: io.hyperlinks };
}
