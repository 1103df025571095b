/**
 * Typed errors that carry brief's documented exit codes. The CLI's single error
 * handler prints `error: <message>` and exits with `exitCode`; nothing else exits.
 */
export const EXIT = {
  ok: 0,
  /** Nothing could be produced (every source failed, no stories, no stored brief). */
  nothing: 1,
  /** Bad usage or configuration. */
  usage: 2,
  /** `--require-llm` was given and no model could be used. */
  noModel: 3,
} as const;

export class BriefError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.nothing,
  ) {
    super(message);
    this.name = 'BriefError';
  }
}

export class UsageError extends BriefError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

/** The first line of any thrown value, for one-line reports. */
export function errorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? '').trim() || 'unknown error';
}
