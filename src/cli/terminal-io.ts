import { Chalk, type ChalkInstance } from 'chalk';

/** What the output streams are and what they can show. */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** chalk for stdout: no colour unless stdout is a terminal and colour is allowed. */
  chalk: ChalkInstance;
  /** chalk for files brief writes (--output): colour only when FORCE_COLOR asks for it. */
  fileChalk: ChalkInstance;
  /** Whether stdout shows OSC 8 hyperlinks (see supportsHyperlinks). */
  hyperlinks: boolean;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  quiet: boolean;
  /** Columns of stdout: the terminal's width, or 80 when unknown (a pipe, or a terminal that reports 0). */
  width: number;
  warn(message: string): void;
  /** A transient status line on stderr, only on a terminal. Pass '' to clear it. */
  status(message: string): void;
  /** A line on stderr for a person watching (a run's summary): only on a terminal, never with --quiet. */
  notice(message: string): void;
}

/**
 * Colour only on a TTY, never with NO_COLOR (any non-empty value) or --no-color;
 * FORCE_COLOR=1..3 forces it (for pagers like `less -R`).
 */
export function colorLevel(stream: NodeJS.WriteStream, allowed: boolean, env: NodeJS.ProcessEnv = process.env): 0 | 1 | 2 | 3 {
  if (!allowed || (env.NO_COLOR ?? '') !== '') return 0;
  const forced = env.FORCE_COLOR;
  if (forced !== undefined && forced !== '') {
    const n = Number(forced);
    return forced === 'false' || n === 0 ? 0 : ((Number.isInteger(n) && n >= 1 && n <= 3 ? n : 1) as 1 | 2 | 3);
  }
  if (!stream.isTTY) return 0;
  const depth = stream.getColorDepth?.() ?? 1;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

/**
 * OSC 8 links only where they are known to work: FORCE_HYPERLINK=1 (or 0) decides; else
 * stdout must be a terminal with colour on (so never with NO_COLOR or --no-color) that
 * says who it is: iTerm2, WezTerm, VS Code, Ghostty, kitty, Windows Terminal, or VTE ≥ 0.50.
 */
export function supportsHyperlinks(stream: { isTTY?: boolean }, colour: number, env: NodeJS.ProcessEnv = process.env): boolean {
  if (colour === 0) return false;
  const forced = env.FORCE_HYPERLINK;
  if (forced !== undefined && forced !== '') return forced !== '0' && forced !== 'false';
  if (!stream.isTTY) return false;
  if (['iTerm.app', 'WezTerm', 'vscode', 'ghostty'].includes(env.TERM_PROGRAM ?? '')) return true;
  if (env.KITTY_WINDOW_ID || env.WT_SESSION || env.TERM === 'xterm-kitty') return true;
  return Number(env.VTE_VERSION ?? 0) >= 5000;
}

export function createIo(flags: { color: boolean; quiet?: boolean }): Io {
  const { stdout, stderr } = process;
  const level = colorLevel(stdout, flags.color);
  const chalk = new Chalk({ level });
  const warnChalk = new Chalk({ level: colorLevel(stderr, flags.color) });
  const stderrIsTty = !!stderr.isTTY;
  let statusShown = false;
  const clear = () => {
    if (statusShown) stderr.write('\r\u001b[2K');
    statusShown = false;
  };
  return {
    stdout,
    stderr,
    chalk,
    fileChalk: new Chalk({ level: colorLevel({ isTTY: false } as NodeJS.WriteStream, flags.color) }),
    hyperlinks: supportsHyperlinks(stdout, level),
    stdoutIsTty: !!stdout.isTTY,
    stderrIsTty,
    quiet: !!flags.quiet,
    width: stdout.columns || 80,
    warn(message) {
      if (flags.quiet) return;
      clear();
      stderr.write(`${warnChalk.yellow('warning:')} ${message}\n`);
    },
    status(message) {
      if (!stderrIsTty || flags.quiet) return;
      clear();
      if (message) {
        const width = (stderr.columns || 80) - 1;
        stderr.write(warnChalk.dim(message.length > width ? `${message.slice(0, width - 1)}…` : message));
        statusShown = true;
      }
    },
    notice(message) {
      if (!stderrIsTty || flags.quiet) return;
      clear();
      stderr.write(`${warnChalk.dim(message)}\n`);
    },
  };
}
