/**
 * The OpenAI-compatible backend of the model summarizer, for local servers that speak that API:
 * llama.cpp's llama-server, LM Studio, vLLM (and Ollama's own /v1). GET /v1/models to probe,
 * POST /v1/chat/completions with `response_format: json_schema`, a fixed seed and a low
 * temperature. Plain fetch through undici with brief's timeout. Loads undici.
 *
 * Summaries it makes carry `method: "ollama"` like any language-model summary, because the shared
 * SummaryMethod has no other model value; `ModelCall.provider` tells the servers apart.
 */
import { firstLine, networkError, saysContextExceeded, timedFetch, type TimedFetch } from './http.js';
import { ANSWER_TOKENS, chooseNumCtx, createModelSummarizer, MIN_NUM_CTX, PromptTooLong, type ChatBackend, type ChatReply, type ChatRequest } from './model-summarizer.js';
import { SummarizerError, type ModelCall, type Summarizer } from './summarizer.js';

export interface OpenAiOptions {
  /** The server's address, with or without the trailing /v1: "http://127.0.0.1:8080". */
  baseUrl: string;
  model: string;
  /** Sent as a Bearer token when given. */
  apiKey?: string;
  /** Per request; default 180000. */
  timeoutMs?: number;
  /** Context window to plan prompts for; default chooseNumCtx(what /v1/models reports). */
  numCtx?: number;
  /** First wait before retrying a busy or unreachable server, doubled each retry; default 1000. */
  retryDelayMs?: number;
  onCall?: (call: ModelCall) => void;
}

export interface OpenAiProbe {
  ok: true;
  /** The ids /v1/models lists. */
  models: string[];
  /** The model's context length when the server reports one (vLLM, llama.cpp, LM Studio fields), else null. */
  contextLength: number | null;
}

const DEFAULT_TIMEOUT_MS = 180_000;
const PROBE_TIMEOUT_MS = 3_000;
const SEED = 42;

/** The API root: the base URL without a trailing slash, ending in /v1. */
export function openAiApiRoot(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new RangeError(`invalid base URL "${baseUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`invalid base URL "${baseUrl}": http or https`);
  const root = url.href.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return root.endsWith('/v1') ? root : `${root}/v1`;
}

/**
 * GET /v1/models: is the server there, does it list `model`, how long is its context. Throws
 * SummarizerError 'unreachable', 'model-missing' (the server lists models but not this one) or
 * 'server'. Servers that serve whatever model is loaded (llama.cpp) list it under its file name:
 * a model they do not list is reported missing, so pass the listed id.
 */
export async function probeOpenAi(opts: { baseUrl: string; model: string; apiKey?: string; timeoutMs?: number }): Promise<OpenAiProbe> {
  const timeoutMs = opts.timeoutMs ?? PROBE_TIMEOUT_MS;
  const root = openAiApiRoot(opts.baseUrl);
  const server = `the server at ${root}`;
  let body: unknown;
  try {
    const response = await timedFetch(timeoutMs)(`${root}/models`, { headers: headers(opts.apiKey) });
    if (response.status === 401 || response.status === 403) throw new SummarizerError(`${server} refused the API key (HTTP ${response.status})`, 'server');
    if (!response.ok) throw new SummarizerError(`${server} does not answer like an OpenAI-compatible server (HTTP ${response.status})`, 'server');
    body = await response.json();
  } catch (err) {
    const failure = networkError(err, server, timeoutMs);
    throw failure.kind === 'timeout' ? new SummarizerError(failure.message, 'unreachable') : failure;
  }
  const data = (body as { data?: unknown })?.data;
  if (!Array.isArray(data)) throw new SummarizerError(`${server} does not answer like an OpenAI-compatible server`, 'server');
  const entries = data.filter((m): m is Record<string, unknown> & { id: string } => typeof m?.id === 'string');
  const entry = entries.find((m) => m.id === opts.model);
  if (!entry) {
    const listed = entries.map((m) => m.id).join(', ') || 'none';
    throw new SummarizerError(`model "${opts.model}" is not served by ${server} (it lists: ${listed})`, 'model-missing');
  }
  return { ok: true, models: entries.map((m) => m.id), contextLength: contextLengthOf(entry) };
}

/** The context length a /v1/models entry reports: vLLM's max_model_len, LM Studio's, llama.cpp's meta. */
function contextLengthOf(entry: Record<string, unknown>): number | null {
  const meta = (entry.meta ?? {}) as Record<string, unknown>;
  for (const value of [entry.max_model_len, entry.loaded_context_length, entry.max_context_length, entry.context_length, meta.n_ctx, meta.n_ctx_train]) {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return null;
}

/** A summarizer backed by a model on an OpenAI-compatible server; probes it first (throws like probeOpenAi). */
export async function createOpenAiSummarizer(opts: OpenAiOptions): Promise<Summarizer> {
  if (opts.numCtx !== undefined && !(Number.isInteger(opts.numCtx) && opts.numCtx >= MIN_NUM_CTX)) {
    throw new RangeError(`the context window must be a whole number of at least ${MIN_NUM_CTX} tokens`);
  }
  const probe = await probeOpenAi(opts);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const backend = new OpenAiBackend(timedFetch(timeoutMs), {
    root: openAiApiRoot(opts.baseUrl),
    model: opts.model,
    apiKey: opts.apiKey,
    timeoutMs,
    numCtx: opts.numCtx ?? chooseNumCtx(probe.contextLength),
  });
  return createModelSummarizer(backend, { onCall: opts.onCall, retryDelayMs: opts.retryDelayMs });
}

interface Settings {
  root: string;
  model: string;
  apiKey: string | undefined;
  timeoutMs: number;
  numCtx: number;
}

class OpenAiBackend implements ChatBackend {
  readonly provider = 'openai';
  readonly model: string;
  readonly numCtx: number;

  constructor(
    private readonly fetch: TimedFetch,
    private readonly settings: Settings,
  ) {
    this.model = settings.model;
    this.numCtx = settings.numCtx;
  }

  /** POST /v1/chat/completions, non-streaming, the answer constrained by a strict JSON schema. */
  async chat({ messages, schema, temperature }: ChatRequest): Promise<ChatReply> {
    const { root, model, apiKey, timeoutMs } = this.settings;
    const server = `the server at ${root}`;
    let status: number;
    let body: unknown;
    try {
      const response = await this.fetch(`${root}/chat/completions`, {
        method: 'POST',
        headers: { ...headers(apiKey), 'content-type': 'application/json' },
        body: JSON.stringify({
          model,
          messages,
          stream: false,
          temperature,
          seed: SEED,
          max_tokens: ANSWER_TOKENS,
          response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema } },
        }),
      });
      status = response.status;
      body = await response.json().catch(() => undefined);
    } catch (err) {
      throw networkError(err, server, timeoutMs);
    }
    if (status !== 200) throw httpError(status, errorMessage(body), server, model);
    const choice = (body as { choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }> })?.choices?.[0];
    const usage = (body as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } })?.usage;
    return {
      content: typeof choice?.message?.content === 'string' ? choice.message.content : '',
      doneReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : undefined,
      promptTokens: typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : undefined,
      completionTokens: typeof usage?.completion_tokens === 'number' ? usage.completion_tokens : undefined,
    };
  }
}

function headers(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

/** The message of an OpenAI-style error body ({"error": {"message"}} or {"error": "…"}). */
function errorMessage(body: unknown): string {
  const error = (body as { error?: unknown })?.error;
  const message = typeof error === 'string' ? error : (error as { message?: unknown })?.message;
  return typeof message === 'string' ? firstLine(message) : '';
}

function httpError(status: number, message: string, server: string, model: string): Error {
  if (status === 400 && saysContextExceeded(message)) return new PromptTooLong(message);
  if (status === 404) return new SummarizerError(`model "${model}" is not served by ${server}${message ? `: ${message}` : ''}`, 'model-missing');
  // llama.cpp answers 503 while it loads the model; others when overloaded.
  if (status === 503 || status === 429) return new SummarizerError(`${server} is busy (HTTP ${status}); try again later`, 'busy');
  return new SummarizerError(`${server} failed (HTTP ${status})${message ? `: ${message}` : ''}`, 'server');
}
