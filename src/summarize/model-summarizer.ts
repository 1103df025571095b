/**
 * The language-model summarizer, whatever the server: Ollama's API or an OpenAI-compatible one
 * (a ChatBackend each). Everything that makes a model summary trustworthy lives here:
 *
 * - every prompt fits the context window: an article too long for it is summarized part by part
 *   and the parts' notes are combined (map-reduce), never cut; a prompt the server reports as
 *   filling the window (truncated) is redone in smaller parts;
 * - every answer must fit a JSON schema; an unusable one, or one in the wrong language, is asked
 *   again once at temperature 0, then the article fails with a 'bad-output' SummarizerError;
 * - a busy (503) or unreachable server is retried with exponential backoff;
 * - key points are grounded in the article (grounding.ts), overview bullets in the summaries;
 * - every request is reported to `onCall`, for the call log.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { KEY_POINT_LABELS, type Summary } from '../types.js';
import { errorLine } from '../errors.js';
import { estimateTokens, splitToFit } from './budget.js';
import { extractiveOverview } from './extractive.js';
import { groundClaim, groundingSource, groundKeyPoints } from './grounding.js';
import { languageMismatch } from './language.js';
import {
  articleMessages,
  combineMessages,
  notesFrom,
  OVERVIEW_SCHEMA,
  overviewMessages,
  parseOverviewPoints,
  parseSummaryFields,
  partMessages,
  SUMMARY_SCHEMA,
  type ChatMessage,
  type PromptLanguages,
  type SummaryFields,
} from './prompts.js';
import { detectLanguage } from './sentences.js';
import {
  PROMPT_VERSION,
  SummarizerError,
  type ModelCall,
  type OverviewStory,
  type SummarizeInput,
  type Summarizer,
} from './summarizer.js';

/** Tokens kept free for the answer; also the answer's cap (num_predict, max_tokens). */
export const ANSWER_TOKENS = 1024;
/** Smallest window that leaves room for the prompt, the answer and some article. */
export const MIN_NUM_CTX = 2048;
/** The default context window is the model's, capped here to keep memory and latency modest. */
const MAX_DEFAULT_NUM_CTX = 8192;
/** The window when the model does not report its context length. */
const UNKNOWN_CONTEXT_NUM_CTX = 4096;

/** The context window brief plans for: the model's own, at most 8192, 4096 when unknown, at least 2048. */
export function chooseNumCtx(contextLength: number | null | undefined): number {
  return Math.max(MIN_NUM_CTX, Math.min(contextLength ?? UNKNOWN_CONTEXT_NUM_CTX, MAX_DEFAULT_NUM_CTX));
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** JSON Schema the answer must follow. */
  schema: object;
  temperature: number;
}

export interface ChatReply {
  content: string;
  /** "stop", or "length" when the answer or the context ran out. */
  doneReason?: string;
  promptTokens?: number;
  completionTokens?: number;
  loadMs?: number;
}

/** One model on one server, speaking its API. */
export interface ChatBackend {
  readonly provider: ModelCall['provider'];
  readonly model: string;
  /** The context window every request is planned for (Ollama: sent as num_ctx). */
  readonly numCtx: number;
  /** One HTTP request. Throws SummarizerError, or PromptTooLong when the server refuses the prompt's length. */
  chat(request: ChatRequest): Promise<ChatReply>;
  /** Asks the server to load the model now, with the settings every request uses. Never throws. */
  warmUp?(): Promise<void>;
}

/** The server refused a prompt as too long for the context (or, Ollama, cut it silently). */
export class PromptTooLong extends Error {
  constructor(message = 'the prompt filled the context window') {
    super(message);
    this.name = 'PromptTooLong';
  }
}

export interface ModelSummarizerOptions {
  /** Every request, as it ends. Must not throw. */
  onCall?: (call: ModelCall) => void;
  /** First wait before retrying a busy or unreachable server, doubled each retry; default 1000. */
  retryDelayMs?: number;
}

const TEMPERATURE = 0.2;
const RETRY_TEMPERATURE = 0;
const DEFAULT_RETRY_DELAY_MS = 1_000;
/** Retries of a request the server answered 503 (queue full) or could not be connected for. */
const TRANSIENT_RETRIES = 2;
/** Tokens the chat template adds around the messages. */
const TEMPLATE_TOKENS = 64;
/** Fewer tokens than this left for the article text, and the window is too small to be useful. */
const MIN_TEXT_TOKENS = 200;
/** How many times a prompt found too long by the server is retried with halved parts. */
const OVERFLOW_RETRIES = 2;

type Verdict<T> = { ok: true; value: T } | { ok: false; outcome: 'invalid-output' | 'wrong-language'; reason: string };

/** What one `ask` sends and how it reads the answer. */
interface Question<T> {
  purpose: 'summary' | 'chunk' | 'combine' | 'overview';
  subject?: string;
  schema: object;
  /** The messages; `insist` after an answer in the wrong language. */
  messages(insist: boolean): ChatMessage[];
  parse(content: string): T | null;
  /** The language the answer must be in (checked on `text`), when it is checked. */
  language?: string;
  text(value: T): string;
}

export function createModelSummarizer(backend: ChatBackend, opts: ModelSummarizerOptions = {}): Summarizer {
  return new ModelSummarizer(backend, opts.onCall, opts.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS);
}

class ModelSummarizer implements Summarizer {
  get method(): Summary['method'] {
    return this.backend.provider;
  }
  readonly model: string;

  constructor(
    private readonly backend: ChatBackend,
    private readonly onCall: ((call: ModelCall) => void) | undefined,
    private readonly retryDelayMs: number,
  ) {
    this.model = backend.model;
  }

  async warmUp(): Promise<void> {
    await this.backend.warmUp?.();
  }

  async summarize(input: SummarizeInput): Promise<Summary> {
    const article = input.lang?.trim() || detectLanguage(input.text);
    const languages: PromptLanguages = { target: input.targetLanguage?.trim() || article, article };
    const fields = await this.summarizeWithinContext(input.title, input.text, languages, input.url || input.title);
    const summary: Summary = {
      headline: fields.headline,
      summary: fields.summary,
      keyPoints: [
        [fields.whatHappened, fields.whatHappenedQuote],
        [fields.whyItMatters, fields.whyItMattersQuote],
        [fields.whatToWatch, fields.whatToWatchQuote],
      ].map(([text, quote], i) => ({ label: KEY_POINT_LABELS[i]!, text: text!, ...(quote ? { evidence: quote } : {}) })),
      method: this.method,
      model: this.model,
      language: languages.target,
    };
    return groundKeyPoints(summary, input.text, article);
  }

  async overview(stories: readonly OverviewStory[], targetLanguage?: string): Promise<string[]> {
    if (stories.length === 0) return [];
    const target = targetLanguage?.trim() || mostCommonLanguage(stories);
    const included = this.storiesThatFit(stories, target);
    try {
      const points = await this.ask({
        purpose: 'overview',
        schema: OVERVIEW_SCHEMA,
        messages: (insist) => overviewMessages(included, target, insist),
        parse: (content) => parseOverviewPoints(content, included.length),
        language: target,
        text: (points) => points.map((p) => p.text).join(' '),
      });
      const grounded = points.filter((p) => {
        const story = included[p.story - 1]!;
        const source = groundingSource(`${story.headline}\n\n${story.summary}`, story.language || detectLanguage(story.summary));
        return groundClaim(p.text, source, target).verified;
      });
      const bullets = [...new Set(grounded.map((p) => p.text))];
      if (bullets.length >= 3) return bullets;
    } catch (err) {
      if (!(err instanceof SummarizerError || err instanceof PromptTooLong)) throw err;
    }
    return extractiveOverview(stories);
  }

  /** The first stories, in order, whose headlines and summaries fit one request. */
  private storiesThatFit(stories: readonly OverviewStory[], target: string): OverviewStory[] {
    const budget = this.backend.numCtx - ANSWER_TOKENS - TEMPLATE_TOKENS;
    let count = stories.length;
    while (count > 1 && promptTokens(overviewMessages(stories.slice(0, count), target)) > budget) count--;
    return stories.slice(0, count);
  }

  /** Our token estimate can be wrong: when the server says a prompt did not fit, use smaller parts. */
  private async summarizeWithinContext(title: string, text: string, languages: PromptLanguages, subject: string): Promise<SummaryFields> {
    const fullBudget = this.backend.numCtx - ANSWER_TOKENS - TEMPLATE_TOKENS - promptOverhead(title, languages);
    for (let attempt = 0; ; attempt++) {
      const budget = Math.floor(fullBudget / 2 ** attempt);
      if (budget < MIN_TEXT_TOKENS) break;
      try {
        return await this.summarizeText({ title, languages, subject, budget }, text);
      } catch (err) {
        if (!(err instanceof PromptTooLong)) throw err;
        if (attempt === OVERFLOW_RETRIES) break;
      }
    }
    throw new SummarizerError(
      `the prompts do not fit the context window of ${this.backend.numCtx} tokens of model ${this.model}`,
      'bad-output',
    );
  }

  /** One request when the article fits the budget; else map (each part) and reduce. */
  private async summarizeText(job: Job, text: string): Promise<SummaryFields> {
    const { title, languages, budget } = job;
    if (estimateTokens(text) <= budget) {
      return this.askFields(job, 'summary', (insist) => articleMessages(title, text, { ...languages, insist }));
    }
    const parts = splitToFit(text, budget, languages.article);
    const notes: string[] = [];
    for (const [i, part] of parts.entries()) {
      const fields = await this.askFields(job, 'chunk', (insist) => partMessages(title, part, i + 1, parts.length, { ...languages, insist }));
      notes.push(notesFrom(fields));
    }
    return this.combine(job, notes);
  }

  /** Combines the parts' notes; when they are too many for one request, combines them in groups first. */
  private async combine(job: Job, notes: readonly string[]): Promise<SummaryFields> {
    const groups = splitToFit(numbered(notes), job.budget);
    const ask = (group: string) => this.askFields(job, 'combine', (insist) => combineMessages(job.title, group, { ...job.languages, insist }));
    if (groups.length === 1) return ask(groups[0]!);
    if (groups.length >= notes.length) {
      throw new SummarizerError(`the article is too long for the context window of model ${this.model}`, 'bad-output');
    }
    const merged: string[] = [];
    for (const group of groups) merged.push(notesFrom(await ask(group)));
    return this.combine(job, merged);
  }

  /** Summary fields; the final answer (not a part's notes) must be in the target language. */
  private askFields(job: Job, purpose: 'summary' | 'chunk' | 'combine', messages: (insist: boolean) => ChatMessage[]): Promise<SummaryFields> {
    return this.ask({
      purpose,
      subject: job.subject,
      schema: SUMMARY_SCHEMA,
      messages,
      parse: parseSummaryFields,
      language: purpose === 'chunk' ? undefined : job.languages.target,
      text: (f) => [f.headline, f.summary, f.whatHappened, f.whyItMatters, f.whatToWatch].join(' '),
    });
  }

  /** One question; an unusable answer, or one in the wrong language, is asked again once at temperature 0. */
  private async ask<T>(question: Question<T>): Promise<T> {
    const first = await this.exchange(question, question.messages(false), question.purpose, TEMPERATURE);
    if (first.ok) return first.value;
    const second = await this.exchange(question, question.messages(first.outcome === 'wrong-language'), 'retry', RETRY_TEMPERATURE);
    if (second.ok) return second.value;
    const why = first.reason === second.reason ? second.reason : `${first.reason}, then ${second.reason}`;
    throw new SummarizerError(`model ${this.model} gave no usable answer twice (${why})`, 'bad-output');
  }

  /** One request (retried while the server is busy or unreachable), judged and reported. */
  private async exchange<T>(question: Question<T>, messages: ChatMessage[], purpose: ModelCall['purpose'], temperature: number): Promise<Verdict<T>> {
    const estimatedPromptTokens = promptTokens(messages) + TEMPLATE_TOKENS;
    const { numCtx } = this.backend;
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      const report = (call: Pick<ModelCall, 'outcome' | 'error'> & Partial<ModelCall>) =>
        this.report({ purpose, subject: question.subject, numCtx, estimatedPromptTokens, durationMs: Math.round(performance.now() - started), ...call });
      let reply: ChatReply;
      try {
        reply = await this.backend.chat({ messages, schema: question.schema, temperature });
      } catch (err) {
        report({ outcome: err instanceof PromptTooLong ? 'truncated' : 'error', error: errorLine(err) });
        if (err instanceof SummarizerError && isTransient(err) && attempt < TRANSIENT_RETRIES) {
          await sleep(this.retryDelayMs * 2 ** attempt);
          continue;
        }
        throw err;
      }
      const stats = { promptTokens: reply.promptTokens, completionTokens: reply.completionTokens, loadMs: reply.loadMs };
      // Ollama cuts an oversized prompt silently; the only sign is a prompt as long as the window.
      if (reply.promptTokens !== undefined && reply.promptTokens >= numCtx) {
        report({ ...stats, outcome: 'truncated', error: `the server evaluated ${reply.promptTokens} prompt tokens, the whole window (estimated ${estimatedPromptTokens})` });
        throw new PromptTooLong();
      }
      const verdict = judge(question, reply);
      report({ ...stats, outcome: verdict.ok ? 'ok' : verdict.outcome, ...(verdict.ok ? {} : { error: verdict.reason }) });
      return verdict;
    }
  }

  private report(call: Omit<ModelCall, 'provider' | 'model' | 'promptVersion'>): void {
    this.onCall?.({ provider: this.backend.provider, model: this.model, promptVersion: PROMPT_VERSION, ...withoutUndefined(call) });
  }
}

interface Job {
  title: string;
  languages: PromptLanguages;
  subject: string;
  /** Tokens of article text one request may carry. */
  budget: number;
}

/** Parses the answer and checks its language. */
function judge<T>(question: Question<T>, reply: ChatReply): Verdict<T> {
  const value = question.parse(reply.content);
  if (value === null) {
    const reason = reply.doneReason === 'length' ? 'the answer was cut at the length limit' : 'the answer was not the expected JSON';
    return { ok: false, outcome: 'invalid-output', reason };
  }
  const found = question.language ? languageMismatch(question.text(value), question.language) : undefined;
  if (found) return { ok: false, outcome: 'wrong-language', reason: `the answer was in "${found}", not "${question.language}"` };
  return { ok: true, value };
}

function isTransient(err: SummarizerError): boolean {
  return err.kind === 'busy' || err.kind === 'unreachable';
}

function promptTokens(messages: readonly ChatMessage[]): number {
  return estimateTokens(messages.map((m) => m.content).join('\n'));
}

/** Estimated tokens of everything in a request but the article text. */
function promptOverhead(title: string, languages: PromptLanguages): number {
  const insisting = { ...languages, insist: true };
  return Math.max(
    promptTokens(articleMessages(title, '', insisting)),
    promptTokens(partMessages(title, '', 999, 999, insisting)),
    promptTokens(combineMessages(title, '', insisting)),
  );
}

function numbered(notes: readonly string[]): string {
  return notes.map((note, i) => `Part ${i + 1}:\n${note}`).join('\n\n');
}

/** The language most stories are in ("und" when none says). */
function mostCommonLanguage(stories: readonly OverviewStory[]): string {
  const counts = new Map<string, number>();
  for (const s of stories) if (s.language && s.language !== 'und') counts.set(s.language, (counts.get(s.language) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'und';
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
