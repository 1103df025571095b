/**
 * The Ollama backend of the model summarizer, and the probes: is the server there, is the model
 * installed, how long is its context. Loaded lazily: it imports `ollama` and `undici`.
 *
 * Each request is non-streaming (with brief's own timeout) with a JSON Schema `format`, a fixed
 * seed, a low temperature, `think: false` for models that think, and one `num_ctx` for the
 * summarizer's lifetime (changing it reloads the model). `keep_alive` keeps the model loaded
 * between the requests of a run.
 */
import { Ollama, type ShowResponse } from 'ollama';
import { firstLine, networkError, saysContextExceeded, timedFetch } from './http.js';
import { ANSWER_TOKENS, chooseNumCtx, createModelSummarizer, MIN_NUM_CTX, PromptTooLong, type ChatBackend, type ChatReply, type ChatRequest } from './model-summarizer.js';
import { SummarizerError, type ModelCall, type Summarizer } from './summarizer.js';

export { DEFAULT_MODEL } from './ollama-host.js';

export interface OllamaOptions {
  /** A normalised host URL (see normalizeOllamaHost). */
  host: string;
  model: string;
  /** Per request; default 180000 (a long article on a CPU takes minutes). */
  timeoutMs?: number;
  /** Context window for every request; default chooseNumCtx(the model's context). */
  numCtx?: number;
  /** First wait before retrying a busy or unreachable server, doubled each retry; default 1000. */
  retryDelayMs?: number;
  /**
   * The model's capabilities as a probe found them. Given, the summarizer trusts them and
   * `contextLength` instead of asking /api/show again.
   */
  capabilities?: string[];
  /** The model's trained context length, with `capabilities`; absent when unknown. */
  contextLength?: number;
  /** Every model request, as it ends (for the call log). */
  onCall?: (call: ModelCall) => void;
}

export interface OllamaModelInfo {
  /** The model's trained context length (`<arch>.context_length`), null when not reported. */
  contextLength: number | null;
  /** From /api/show, e.g. ["completion", "tools", "thinking"]. */
  capabilities: string[];
}

export interface OllamaProbe extends OllamaModelInfo {
  ok: true;
  version: string;
}

const DEFAULT_TIMEOUT_MS = 180_000;
const PROBE_TIMEOUT_MS = 3_000;
const SEED = 42;
const KEEP_ALIVE = '10m';

/**
 * Checks that an Ollama server answers at `host` and has `model`: GET /api/version, then
 * POST /api/show. Throws SummarizerError 'unreachable' (no connection, or no answer within
 * `timeoutMs`, default 3 s), 'model-missing' (404 from /api/show) or 'server'.
 */
export async function probeOllama(opts: { host: string; model: string; timeoutMs?: number }): Promise<OllamaProbe> {
  const version = await ollamaVersion(opts);
  const info = await ollamaModelInfo(opts);
  return { ok: true, version, ...info };
}

/** GET /api/version; throws like probeOllama ('server' when something else answers). */
export async function ollamaVersion(opts: { host: string; timeoutMs?: number }): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? PROBE_TIMEOUT_MS;
  let version: unknown;
  try {
    ({ version } = await createClient(opts.host, timeoutMs).version());
  } catch (err) {
    const status = statusOf(err);
    if (status !== undefined) throw new SummarizerError(`${opts.host} does not answer like an Ollama server (HTTP ${status})`, 'server');
    throw asProbeError(networkError(err, `Ollama at ${opts.host}`, timeoutMs));
  }
  if (typeof version !== 'string') throw new SummarizerError(`${opts.host} does not answer like an Ollama server`, 'server');
  return version;
}

/** POST /api/show: the model's context length and capabilities; throws like probeOllama. */
export async function ollamaModelInfo(opts: { host: string; model: string; timeoutMs?: number }): Promise<OllamaModelInfo> {
  const timeoutMs = opts.timeoutMs ?? PROBE_TIMEOUT_MS;
  return showModel(createClient(opts.host, timeoutMs), opts.host, opts.model, timeoutMs).catch((err: unknown) => {
    throw asProbeError(err as SummarizerError);
  });
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
  const backend = new OllamaBackend(client, {
    host: opts.host,
    model: opts.model,
    timeoutMs,
    numCtx: opts.numCtx ?? chooseNumCtx(model.contextLength),
    // Thinking models think by default; a summary needs none. Others reject `think` on old servers.
    think: model.capabilities.includes('thinking') ? false : undefined,
  });
  return createModelSummarizer(backend, { onCall: opts.onCall, retryDelayMs: opts.retryDelayMs });
}

interface Settings {
  host: string;
  model: string;
  timeoutMs: number;
  numCtx: number;
  think: false | undefined;
}

class OllamaBackend implements ChatBackend {
  readonly provider = 'ollama';
  readonly model: string;
  readonly numCtx: number;

  constructor(
    private readonly client: Ollama,
    private readonly settings: Settings,
  ) {
    this.model = settings.model;
    this.numCtx = settings.numCtx;
  }

  /**
   * POST /api/generate without a prompt: Ollama loads the model and answers at once when it is
   * in memory. Sent with the num_ctx and keep_alive of every chat, or the first chat would load
   * it again (a change of num_ctx reloads the model).
   */
  async warmUp(): Promise<void> {
    const { model, numCtx } = this.settings;
    try {
      await this.client.generate({ model, prompt: '', stream: false, options: { num_ctx: numCtx }, keep_alive: KEEP_ALIVE });
    } catch {
      // Nothing to do: the first summary meets the same problem and reports it.
    }
  }

  /** POST /api/chat. The thinking (message.thinking) is not read; a `<think>` block in the content is stripped by the parser. */
  async chat({ messages, schema, temperature }: ChatRequest): Promise<ChatReply> {
    const { host, model, numCtx, think, timeoutMs } = this.settings;
    try {
      const response = await this.client.chat({
        model,
        messages,
        stream: false,
        format: schema,
        ...(think === false ? { think } : {}),
        options: { temperature, seed: SEED, num_ctx: numCtx, num_predict: ANSWER_TOKENS },
        keep_alive: KEEP_ALIVE,
      });
      return {
        content: response.message.content,
        doneReason: response.done_reason,
        promptTokens: response.prompt_eval_count,
        completionTokens: response.eval_count,
        loadMs: response.load_duration ? Math.round(response.load_duration / 1e6) : undefined,
      };
    } catch (err) {
      // With context shift off, newer servers refuse an oversized prompt instead of cutting it.
      if (statusOf(err) === 400 && saysContextExceeded((err as Error).message)) throw new PromptTooLong(firstLine((err as Error).message));
      throw toSummarizerError(err, host, model, timeoutMs);
    }
  }
}

/** Texts to vectors (Ollama's POST /api/embed), for grouping reports of one event. */
export interface Embedder {
  readonly model: string;
  /** One vector per text, in order. Throws SummarizerError. */
  embed(texts: readonly string[]): Promise<number[][]>;
}

/**
 * An embedder backed by an Ollama embedding model (e.g. nomic-embed-text). Long texts are cut to
 * the model's context by the server (`truncate`): only a headline and lede are sent anyway.
 */
export function createOllamaEmbedder(opts: { host: string; model: string; timeoutMs?: number }): Embedder {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = createClient(opts.host, timeoutMs);
  return {
    model: opts.model,
    async embed(texts) {
      if (texts.length === 0) return [];
      let response: { embeddings: number[][] };
      try {
        response = await client.embed({ model: opts.model, input: [...texts], truncate: true, keep_alive: KEEP_ALIVE });
      } catch (err) {
        throw toSummarizerError(err, opts.host, opts.model, timeoutMs);
      }
      const vectors = response.embeddings;
      if (!Array.isArray(vectors) || vectors.length !== texts.length || !vectors.every((v) => Array.isArray(v) && v.length > 0)) {
        throw new SummarizerError(`Ollama at ${opts.host} answered ${Array.isArray(vectors) ? vectors.length : 'no'} embeddings for ${texts.length} texts`, 'server');
      }
      return vectors;
    },
  };
}

/** The model's context length and capabilities from POST /api/show. */
async function showModel(client: Ollama, host: string, model: string, timeoutMs: number): Promise<OllamaModelInfo> {
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
 * An `ollama` client whose requests time out after `timeoutMs`: the client passes no signal to
 * non-streaming requests, so the timeout lives in the fetch it is given.
 */
function createClient(host: string, timeoutMs: number): Ollama {
  return new Ollama({ host, fetch: timedFetch(timeoutMs) as unknown as typeof fetch });
}

/** The HTTP status of the `ollama` client's ResponseError (not exported by the package). */
function statusOf(err: unknown): number | undefined {
  if (err instanceof Error && err.name === 'ResponseError') {
    const status = (err as Error & { status_code?: unknown }).status_code;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

/** Maps a client or network failure to a one-line SummarizerError. A missing model is told by its 404, never by the text. */
function toSummarizerError(err: unknown, host: string, model: string, timeoutMs: number): SummarizerError {
  const status = statusOf(err);
  if (status === 404) {
    return new SummarizerError(`model "${model}" is not available on Ollama at ${host}; pull it with: ollama pull ${model}`, 'model-missing');
  }
  if (status === 503) return new SummarizerError(`Ollama at ${host} is busy (server queue full); try again later`, 'busy');
  if (status !== undefined) {
    return new SummarizerError(`Ollama at ${host} failed (HTTP ${status}): ${firstLine((err as Error).message)}`, 'server');
  }
  return networkError(err, `Ollama at ${host}`, timeoutMs);
}
