/**
 * The Ollama summarizer and the reachability probe. Loaded lazily: it imports `ollama` and
 * `undici`.
 *
 * Each request is non-streaming with a JSON Schema `format`, a fixed seed and one `num_ctx` for
 * the summarizer's lifetime (changing it reloads the model). An article too long for that window
 * is never cut: it is summarized part by part and the parts' notes are combined (map-reduce).
 */
import { Ollama, type ChatResponse, type ShowResponse } from 'ollama';
import { Agent, fetch as undiciFetch } from 'undici';
import { setTimeout as sleep } from 'node:timers/promises';
import { KEY_POINT_LABELS, type Summary } from '../types.js';
import { estimateTokens, splitToFit } from './budget.js';
import {
  articleMessages,
  combineMessages,
  notesFrom,
  parseSummaryFields,
  partMessages,
  SUMMARY_SCHEMA,
  type ChatMessage,
  type SummaryFields,
} from './prompts.js';
import { detectLanguage } from './sentences.js';
import { SummarizerError, type SummarizeInput, type Summarizer } from './summarizer.js';

export { DEFAULT_MODEL } from './ollama-host.js';

export interface OllamaOptions {
  /** A normalised host URL (see normalizeOllamaHost). */
  host: string;
  model: string;
  /** Per request; default 120000. */
  timeoutMs?: number;
  /** Context window for every request; default min(model's context, 8192). */
  numCtx?: number;
  /** First wait before retrying a busy (503) server, doubled each retry; default 1000. */
  retryDelayMs?: number;
  /**
   * The model's capabilities as a probe found them. Given, the summarizer trusts them and
   * `contextLength` instead of asking /api/show again.
   */
  capabilities?: string[];
  /** The model's trained context length, with `capabilities`; absent when unknown. */
  contextLength?: number;
}

export interface OllamaProbe {
  ok: true;
  version: string;
  contextLength: number | null;
  /** From /api/show, e.g. ["completion", "tools", "thinking"]. */
  capabilities: string[];
}

const DEFAULT_TIMEOUT_MS = 120_000;
const PROBE_TIMEOUT_MS = 3_000;
const DEFAULT_RETRY_DELAY_MS = 1_000;
/** Retries of a request the server answered 503 (queue full). */
const BUSY_RETRIES = 2;
/** The default context window is the model's, capped here to keep memory and latency modest. */
const MAX_DEFAULT_NUM_CTX = 8192;
/** The window when the model does not report its context length. */
const UNKNOWN_CONTEXT_NUM_CTX = 4096;
/** Smallest window that leaves room for the prompt, the answer and some article. */
const MIN_NUM_CTX = 2048;
/** Tokens kept free for the answer; also the answer's cap (num_predict). */
const ANSWER_TOKENS = 1024;
/** Tokens the chat template adds around the messages. */
const TEMPLATE_TOKENS = 64;
/** Fewer tokens than this left for the article text, and the window is too small to be useful. */
const MIN_TEXT_TOKENS = 200;
/** How many times a prompt found truncated by the server is retried with halved parts. */
const OVERFLOW_RETRIES = 2;
const TEMPERATURE = 0.2;
const SEED = 42;
const KEEP_ALIVE = '10m';

/**
 * Checks that an Ollama server answers at `host` and has `model`: GET /api/version, then
 * POST /api/show. Throws SummarizerError 'unreachable' (no connection, or no answer within
 * `timeoutMs`, default 3 s), 'model-missing' (404 from /api/show) or 'server'.
 */
export async function probeOllama(opts: { host: string; model: string; timeoutMs?: number }): Promise<OllamaProbe> {
  const timeoutMs = opts.timeoutMs ?? PROBE_TIMEOUT_MS;
  const client = createClient(opts.host, timeoutMs);
  let version: unknown;
  try {
    ({ version } = await client.version());
  } catch (err) {
    if (statusOf(err) !== undefined) {
      throw new SummarizerError(`${opts.host} does not answer like an Ollama server (HTTP ${statusOf(err)})`, 'server');
    }
    throw asProbeError(toSummarizerError(err, opts.host, opts.model, timeoutMs));
  }
  if (typeof version !== 'string') throw new SummarizerError(`${opts.host} does not answer like an Ollama server`, 'server');
  const { contextLength, capabilities } = await showModel(client, opts.host, opts.model, timeoutMs).catch((err: unknown) => {
    throw asProbeError(err as SummarizerError);
  });
  return { ok: true, version, contextLength, capabilities };
}

/** A probe that times out means the server is not usable: report it as unreachable. */
function asProbeError(err: SummarizerError): SummarizerError {
  return err.kind === 'timeout' ? new SummarizerError(err.message, 'unreachable') : err;
}

/**
 * A summarizer backed by an Ollama model. Reads the model's context length and capabilities
 * once (POST /api/show) unless `capabilities` are given; throws SummarizerError like probeOllama.
 */
export async function createOllamaSummarizer(opts: OllamaOptions): Promise<Summarizer> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (opts.numCtx !== undefined && !(Number.isInteger(opts.numCtx) && opts.numCtx >= MIN_NUM_CTX)) {
    throw new RangeError(`the context window must be a whole number of at least ${MIN_NUM_CTX} tokens`);
  }
  const client = createClient(opts.host, timeoutMs);
  const model = opts.capabilities
    ? { contextLength: opts.contextLength ?? null, capabilities: opts.capabilities }
    : await showModel(client, opts.host, opts.model, timeoutMs);
  return new OllamaSummarizer(client, {
    host: opts.host,
    model: opts.model,
    timeoutMs,
    numCtx: opts.numCtx ?? Math.max(MIN_NUM_CTX, Math.min(model.contextLength ?? UNKNOWN_CONTEXT_NUM_CTX, MAX_DEFAULT_NUM_CTX)),
    // Thinking models think by default; a summary needs none. Others reject `think` on old servers.
    think: model.capabilities.includes('thinking') ? false : undefined,
    retryDelayMs: opts.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
  });
}

interface Settings {
  host: string;
  model: string;
  timeoutMs: number;
  numCtx: number;
  think: false | undefined;
  retryDelayMs: number;
}

/** Thrown internally when the server reports that a prompt filled the whole context window. */
class ContextOverflow extends Error {}

class OllamaSummarizer implements Summarizer {
  readonly method = 'ollama';
  readonly model: string;

  constructor(
    private readonly client: Ollama,
    private readonly settings: Settings,
  ) {
    this.model = settings.model;
  }

  async summarize(input: SummarizeInput): Promise<Summary> {
    const language = input.lang?.trim() || detectLanguage(input.text);
    const fields = await this.summarizeWithinContext(input.title, input.text, language);
    return {
      headline: fields.headline,
      summary: fields.summary,
      keyPoints: [fields.whatHappened, fields.whyItMatters, fields.whatToWatch].map((text, i) => ({
        label: KEY_POINT_LABELS[i]!,
        text,
      })),
      method: 'ollama',
      model: this.model,
      language,
    };
  }

  /** Our token estimate can be wrong: when the server says a prompt filled the window, use smaller parts. */
  private async summarizeWithinContext(title: string, text: string, language: string): Promise<SummaryFields> {
    const fullBudget = this.settings.numCtx - ANSWER_TOKENS - TEMPLATE_TOKENS - promptOverhead(title);
    for (let attempt = 0; ; attempt++) {
      const budget = Math.floor(fullBudget / 2 ** attempt);
      if (budget < MIN_TEXT_TOKENS) break;
      try {
        return await this.summarizeText(title, text, language, budget);
      } catch (err) {
        if (!(err instanceof ContextOverflow)) throw err;
        if (attempt === OVERFLOW_RETRIES) break;
      }
    }
    throw new SummarizerError(
      `the prompts do not fit the context window of ${this.settings.numCtx} tokens of model ${this.model}`,
      'bad-output',
    );
  }

  /** One request when the article fits `budget` tokens; else map (each part) and reduce. */
  private async summarizeText(title: string, text: string, language: string, budget: number): Promise<SummaryFields> {
    if (estimateTokens(text) <= budget) return this.ask(articleMessages(title, text));
    const parts = splitToFit(text, budget, language);
    const notes: string[] = [];
    for (const [i, part] of parts.entries()) {
      notes.push(notesFrom(await this.ask(partMessages(title, part, i + 1, parts.length))));
    }
    return this.combine(title, notes, budget);
  }

  /** Combines the parts' notes; when they are too many for one request, combines them in groups first. */
  private async combine(title: string, notes: readonly string[], budget: number): Promise<SummaryFields> {
    const groups = splitToFit(numbered(notes), budget);
    if (groups.length === 1) return this.ask(combineMessages(title, groups[0]!));
    if (groups.length >= notes.length) {
      throw new SummarizerError(`the article is too long for the context window of model ${this.model}`, 'bad-output');
    }
    const merged: string[] = [];
    for (const group of groups) merged.push(notesFrom(await this.ask(combineMessages(title, group))));
    return this.combine(title, merged, budget);
  }

  /** One request; an unusable answer is asked again once at temperature 0. */
  private async ask(messages: ChatMessage[]): Promise<SummaryFields> {
    let response = await this.chat(messages, TEMPERATURE);
    const fields = parseSummaryFields(response.message.content);
    if (fields) return fields;
    response = await this.chat(messages, 0);
    const retried = parseSummaryFields(response.message.content);
    if (retried) return retried;
    const why = response.done_reason === 'length' ? 'the answer was cut at the length limit' : 'the answer was not the expected JSON';
    throw new SummarizerError(`model ${this.model} returned invalid JSON twice (${why})`, 'bad-output');
  }

  /** POST /api/chat, retrying a busy server with exponential backoff. */
  private async chat(messages: ChatMessage[], temperature: number): Promise<ChatResponse> {
    const { host, model, numCtx, think, timeoutMs, retryDelayMs } = this.settings;
    for (let attempt = 0; ; attempt++) {
      let response: ChatResponse;
      try {
        response = await this.client.chat({
          model,
          messages,
          stream: false,
          format: SUMMARY_SCHEMA,
          ...(think === false ? { think } : {}),
          options: { temperature, seed: SEED, num_ctx: numCtx, num_predict: ANSWER_TOKENS },
          keep_alive: KEEP_ALIVE,
        });
      } catch (err) {
        if (statusOf(err) === 503 && attempt < BUSY_RETRIES) {
          await sleep(retryDelayMs * 2 ** attempt);
          continue;
        }
        throw toSummarizerError(err, host, model, timeoutMs);
      }
      // Ollama cuts an oversized prompt silently; the only sign is a prompt as long as the window.
      if ((response.prompt_eval_count ?? 0) >= numCtx) throw new ContextOverflow();
      return response;
    }
  }
}

/** Estimated tokens of everything in a request but the article text. */
function promptOverhead(title: string): number {
  const prompts = [articleMessages(title, ''), partMessages(title, '', 999, 999), combineMessages(title, '')];
  return Math.max(...prompts.map((messages) => estimateTokens(messages.map((m) => m.content).join('\n'))));
}

function numbered(notes: readonly string[]): string {
  return notes.map((note, i) => `Part ${i + 1}:\n${note}`).join('\n\n');
}

/** The model's context length and capabilities from POST /api/show. */
async function showModel(
  client: Ollama,
  host: string,
  model: string,
  timeoutMs: number,
): Promise<{ contextLength: number | null; capabilities: string[] }> {
  let info: ShowResponse;
  try {
    info = await client.show({ model });
  } catch (err) {
    throw toSummarizerError(err, host, model, timeoutMs);
  }
  return { contextLength: contextLengthOf(info.model_info), capabilities: info.capabilities ?? [] };
}

/** `model_info["<arch>.context_length"]`, whatever the architecture. */
function contextLengthOf(modelInfo: unknown): number | null {
  if (typeof modelInfo !== 'object' || modelInfo === null) return null;
  for (const [key, value] of Object.entries(modelInfo)) {
    if (key.endsWith('.context_length') && typeof value === 'number' && value > 0) return value;
  }
  return null;
}

/**
 * An `ollama` client whose requests time out after `timeoutMs`. The client passes no signal to
 * non-streaming requests, and undici's own 300 s header/body timeouts would otherwise cut a slow
 * generation; its Agent gets timeouts above ours so that ours fires first.
 */
function createClient(host: string, timeoutMs: number): Ollama {
  const dispatcher = new Agent({ headersTimeout: timeoutMs + 5_000, bodyTimeout: timeoutMs + 5_000 });
  const timedFetch = (input: Parameters<typeof undiciFetch>[0], init: Parameters<typeof undiciFetch>[1] = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return undiciFetch(input, { ...init, signal, dispatcher });
  };
  return new Ollama({ host, fetch: timedFetch as unknown as typeof fetch });
}

/** The HTTP status of the `ollama` client's ResponseError (not exported by the package). */
function statusOf(err: unknown): number | undefined {
  if (err instanceof Error && err.name === 'ResponseError') {
    const status = (err as Error & { status_code?: unknown }).status_code;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

/** Maps a client or network failure to a one-line SummarizerError. */
function toSummarizerError(err: unknown, host: string, model: string, timeoutMs: number): SummarizerError {
  if (err instanceof SummarizerError) return err;
  const status = statusOf(err);
  if (status === 404) {
    return new SummarizerError(`model "${model}" is not available on Ollama at ${host}; pull it with: ollama pull ${model}`, 'model-missing');
  }
  if (status === 503) return new SummarizerError(`Ollama at ${host} is busy (server queue full); try again later`, 'server');
  if (status !== undefined) {
    return new SummarizerError(`Ollama at ${host} failed (HTTP ${status}): ${firstLine((err as Error).message)}`, 'server');
  }
  const timedOut = new SummarizerError(`Ollama at ${host} did not answer within ${timeoutMs / 1000} s`, 'timeout');
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return timedOut;
  if (err instanceof TypeError && err.message === 'fetch failed') {
    const code = causeCode(err);
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return timedOut;
    return new SummarizerError(`cannot reach Ollama at ${host}${code ? ` (${code})` : ''}; is it running?`, 'unreachable');
  }
  return new SummarizerError(`Ollama at ${host} failed: ${firstLine(err instanceof Error ? err.message : String(err))}`, 'server');
}

/** What a fetch failure's cause says: its code (ECONNREFUSED…), else its message ("bad port"). */
function causeCode(err: Error): string | undefined {
  const cause = err.cause as { code?: unknown; message?: unknown; errors?: Array<{ code?: unknown }> } | undefined;
  const code = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message;
  return typeof code === 'string' && code ? firstLine(code) : undefined;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}
