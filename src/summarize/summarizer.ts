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
  /**
   * BCP 47 language the summary must be written in; undefined = the article's own. The
   * extractive summarizer cannot translate and ignores it (its `language` says what it wrote).
   */
  targetLanguage?: string;
}

/** One story as the overview sees it. */
export interface OverviewStory {
  headline: string;
  summary: string;
  language?: string;
}

export interface Summarizer {
  /** "extractive" for the built-in summarizer; a language model's otherwise (see openai.ts). */
  readonly method: Summary['method'];
  /** Model name for a language model; null for "extractive". */
  readonly model: string | null;
  summarize(input: SummarizeInput): Promise<Summary>;
  /**
   * "Today in N points": 3 to 5 bullets drawn from the stories' summaries (fewer only when the
   * summaries hold fewer sentences in all; none without stories). A model's bullets are grounded
   * in the summaries; when the model fails, or fewer than 3 of its bullets are grounded, the
   * extractive overview stands in. Never throws a SummarizerError.
   */
  overview(stories: readonly OverviewStory[], targetLanguage?: string): Promise<string[]>;
  /**
   * Loads the model ahead of the first request, so the load overlaps the run's other work (a
   * local model takes seconds to load). Optional; never throws: a failure shows in the next request.
   */
  warmUp?(): Promise<void>;
}

/** One HTTP request to a model, for the call log. */
export interface ModelCall {
  provider: 'ollama' | 'openai';
  model: string;
  promptVersion: string;
  /** `retry`: a request asked again after invalid output or an answer in the wrong language. */
  purpose: 'summary' | 'chunk' | 'combine' | 'overview' | 'retry';
  /** The article's URL (else its title) the call was for; absent for the overview. */
  subject?: string;
  numCtx?: number;
  estimatedPromptTokens?: number;
  /** Tokens the server evaluated (Ollama's prompt_eval_count, OpenAI's usage.prompt_tokens). */
  promptTokens?: number;
  completionTokens?: number;
  /** Wall time of the request as brief measured it. */
  durationMs: number;
  /** Time the server spent loading the model (Ollama only, when it did). */
  loadMs?: number;
  /**
   * `truncated`: the prompt filled the whole window (Ollama cut it silently) or the server refused
   * it as too long; the article is then redone in smaller parts. `invalid-output`: not the
   * schema's JSON. `wrong-language`: not in the language asked for. `error`: no answer (see `error`).
   */
  outcome: 'ok' | 'invalid-output' | 'truncated' | 'wrong-language' | 'error';
  /** One line: why the outcome is not "ok". */
  error?: string;
}

/**
 * Version of the prompts, the output schema and the grounding rules. It is part of the cache key
 * of model summaries and overviews: bump it whenever any of them changes, so stale summaries are
 * not reused.
 */
export const PROMPT_VERSION = '3';

/**
 * Version of the extractive algorithm, in the cache key of extractive summaries and overviews in
 * place of PROMPT_VERSION, so a change to either re-makes only its own summaries (model time is
 * the expensive kind). 4: What to watch is not stated without a forward-looking sentence.
 */
export const EXTRACTIVE_VERSION = '4';

/** The version that keys a summarizer's cached output. */
export function summaryVersion(summarizer: Pick<Summarizer, 'method'>): string {
  return summarizer.method === 'extractive' ? `extractive-${EXTRACTIVE_VERSION}` : PROMPT_VERSION;
}

/**
 * `busy`: the server's queue is full (HTTP 503) even after retries; `bad-output`: the model's
 * answers were unusable (invalid twice, wrong language twice, or the prompts cannot fit).
 */
export type SummarizerErrorKind = 'unreachable' | 'model-missing' | 'bad-output' | 'timeout' | 'server' | 'busy';

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
