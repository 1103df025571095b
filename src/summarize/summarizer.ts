/**
 * The contract every summarizer implements. Pure types and one error class: importing this
 * module costs nothing, so commands can type against it before deciding which summarizer to load.
 */
import type { Summary } from '../types.js';

export interface SummarizeInput {
  title: string;
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
  url?: string;
  /** BCP 47 language of the article, when the page declares one. */
  lang?: string;
}

export interface Summarizer {
  readonly method: 'ollama' | 'extractive';
  /** Model name for "ollama"; null for "extractive". */
  readonly model: string | null;
  summarize(input: SummarizeInput): Promise<Summary>;
}

/**
 * Version of the prompts, the output schema and the extractive algorithm. It is part of the
 * summary cache key: bump it whenever any of them changes, so stale summaries are not reused.
 */
export const PROMPT_VERSION = '1';

export type SummarizerErrorKind = 'unreachable' | 'model-missing' | 'bad-output' | 'timeout' | 'server';

/** A summarizer failure with a one-line, user-facing message and a kind callers can branch on. */
export class SummarizerError extends Error {
  constructor(
    message: string,
    readonly kind: SummarizerErrorKind,
  ) {
    super(message);
    this.name = 'SummarizerError';
  }
}
