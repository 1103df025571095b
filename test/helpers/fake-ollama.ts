/**
 * A fake Ollama server on 127.0.0.1 that answers like the real one (see shared OLLAMA.md):
 * `/`, `/api/version`, `/api/tags`, `/api/show`, `/api/generate` (model loads only), `/api/embed`, `/api/chat` (NDJSON streaming by default, with
 * a final stats chunk; one JSON object with `stream:false`), `{"error":…}` bodies with Ollama's
 * statuses (404 missing model, 503 busy, 400/500 bad requests), silent front truncation of a
 * prompt longer than `num_ctx` (the "model" sees only the first 5 tokens and the tail;
 * `prompt_eval_count === num_ctx` is the only sign), a model load (load_duration) on the first
 * request and whenever `num_ctx` changes, thinking models. Every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeModel {
  name: string;
  /** Trained context length; default 8192; null leaves it out of model_info. */
  contextLength?: number | null;
  /** Default ["completion", "tools"]. */
  capabilities?: string[];
  /** Architecture, the prefix of model_info keys; default "llama". */
  arch?: string;
}

export interface FakeChatRequest {
  model: string;
  messages: any[];
  format: unknown;
  options: any;
  stream: boolean;
  think?: unknown;
  /** The prompt as the model sees it: the messages' contents joined, front-truncated to num_ctx. */
  visiblePrompt: string;
  /** Whether the prompt was longer than num_ctx (and so cut). */
  truncated: boolean;
}

export interface FakeOllamaOptions {
  /** Default: one model, llama3.2:3b, context 8192. */
  models?: FakeModel[];
  /** The assistant's content for a chat request; default: a valid summary JSON built from the last user message. */
  reply?: (req: FakeChatRequest) => string | { content: string; doneReason?: string };
  /** Answer 503 (queue full) to the first N chat calls. */
  busyTimes?: number;
  /** Wait this long before answering a chat call. */
  stallMs?: number;
  /**
   * A fault for the Nth chat call (1-based), after the busy answers: `runner-error` answers 500 as a
   * crashed runner does, `reset` starts a streamed or plain answer and drops the connection
   * mid-body, `stall` never answers.
   */
  chatFault?: (call: number) => 'runner-error' | 'reset' | 'stall' | undefined;
  /** The vector /api/embed gives a text (before L2 normalisation); default: a bag of its words hashed into 64 dimensions. */
  embed?: (text: string) => number[];
  /** Holds a chat call (the Nth, 1-based, with this request body) until the promise returned for it settles. */
  holdChat?: (call: number, body: any) => Promise<unknown> | undefined;
  /** Called with every request as it arrives (before it is answered). */
  onRequest?: (path: string, body: any) => void;
  /** Characters per prompt token when counting `prompt_eval_count`; default 4. */
  charsPerToken?: number;
  /**
   * A reasoning model that leaks its thinking into the content (older servers, or models whose
   * template Ollama does not parse): the content starts with `<think>…</think>` even with think:false.
   */
  thinkInContent?: boolean;
}

export interface FakeOllama {
  url: string;
  requests: Array<{ path: string; body: any }>;
  /** Model loads: the first request for a model (a chat, or a load on /api/generate), and each change of its num_ctx. */
  readonly loads: number;
  /** Most chat requests answered at the same time. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export const FAKE_OLLAMA_VERSION = '0.12.6';

/** Ollama's vectors are L2-normalised. */
function unitLength(v: number[]): number[] {
  const norm = Math.hypot(...v);
  return norm > 0 ? v.map((x) => x / norm) : v;
}

/** A stand-in embedding: each lower-cased word adds 1 to one of 64 dimensions (by a string hash). */
function hashedWords(text: string): number[] {
  const v = new Array<number>(64).fill(0);
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    let h = 0;
    for (const ch of word) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
    v[h % 64]! += 1;
  }
  return v;
}
/** Ollama's num_ctx when a request sets none (under 24 GiB of VRAM). */
const DEFAULT_NUM_CTX = 4096;

export async function startFakeOllama(opts: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const models = opts.models ?? [{ name: 'llama3.2:3b' }];
  const requests: FakeOllama['requests'] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let busyLeft = opts.busyTimes ?? 0;
  let chatCalls = 0;
  let loads = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  /** num_ctx each model is loaded with. */
  const loaded = new Map<string, number>();

  const find = (name: unknown): FakeModel | undefined =>
    typeof name === 'string' ? models.find((m) => withTag(m.name) === withTag(name)) : undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const raw = await readBody(req);
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      requests.push({ path, body: raw });
      return sendError(res, 400, 'invalid character in request body');
    }
    requests.push({ path, body });
    opts.onRequest?.(path, body);

    const route = `${req.method} ${path}`;
    if (route === 'GET /' || route === 'HEAD /') return sendText(res, 200, 'Ollama is running');
    if (route === 'GET /api/version') return sendJson(res, 200, { version: FAKE_OLLAMA_VERSION });
    if (route === 'GET /api/tags') return sendJson(res, 200, { models: models.map(tagEntry) });
    if (route === 'POST /api/show') return show(res, body);
    if (route === 'POST /api/chat') return chat(res, body);
    if (route === 'POST /api/generate') return generate(res, body);
    if (route === 'POST /api/embed') return embed(res, body);
    if (['/', '/api/version', '/api/tags', '/api/show', '/api/chat', '/api/generate', '/api/embed'].includes(path)) return sendText(res, 405, '405 method not allowed');
    return sendText(res, 404, '404 page not found');
  }

  function show(res: ServerResponse, body: any): void {
    const name = body?.model ?? body?.name;
    const model = find(name);
    if (!model) return sendError(res, 404, `model '${name}' not found`);
    const arch = model.arch ?? 'llama';
    const contextLength = model.contextLength === undefined ? 8192 : model.contextLength;
    sendJson(res, 200, {
      license: '',
      modelfile: `FROM ${withTag(model.name)}`,
      parameters: 'stop "<|eot_id|>"',
      template: '{{ .Prompt }}',
      details: details(arch),
      model_info: {
        'general.architecture': arch,
        'general.parameter_count': 3212749888,
        ...(contextLength === null ? {} : { [`${arch}.context_length`]: contextLength }),
        [`${arch}.embedding_length`]: 3072,
      },
      capabilities: capabilitiesOf(model),
      modified_at: '2025-01-01T00:00:00Z',
    });
  }

  /**
   * Only what brief uses of /api/generate: a request without a prompt loads the model (with the
   * request's num_ctx) and answers `done_reason: "load"`, as Ollama does.
   */
  function generate(res: ServerResponse, body: any): void {
    if (typeof body?.model !== 'string' || !body.model) return sendError(res, 400, 'model is required');
    const model = find(body.model);
    if (!model) return sendError(res, 404, `model '${body.model}' not found`);
    if (body.prompt) return sendError(res, 500, 'the fake serves only model loads on /api/generate');
    const numCtx = Number(body.options?.num_ctx) > 0 ? Number(body.options.num_ctx) : DEFAULT_NUM_CTX;
    const loading = loaded.get(model.name) !== numCtx;
    if (loading) {
      loads++;
      loaded.set(model.name, numCtx);
    }
    sendJson(res, 200, { model: body.model, created_at: new Date().toISOString(), response: '', done: true, done_reason: 'load', ...(loading ? { load_duration: 2_000_000_000 } : {}) });
  }

  /** POST /api/embed: `input` a string or a list; one vector per input, in order. */
  function embed(res: ServerResponse, body: any): void {
    if (typeof body?.model !== 'string' || !body.model) return sendError(res, 400, 'model is required');
    if (!find(body.model)) return sendError(res, 404, `model "${body.model}" not found, try pulling it first`);
    const inputs: unknown[] = Array.isArray(body.input) ? body.input : [body.input];
    if (!inputs.every((x) => typeof x === 'string')) return sendError(res, 400, 'invalid input type');
    const texts = inputs as string[];
    sendJson(res, 200, {
      model: body.model,
      embeddings: texts.map((text) => unitLength((opts.embed ?? hashedWords)(text))),
      total_duration: 40_000_000,
      prompt_eval_count: texts.reduce((n, t) => n + Math.ceil(t.length / (opts.charsPerToken ?? 4)), 0),
    });
  }

  function chat(res: ServerResponse, body: any): void {
    if (typeof body?.model !== 'string' || !body.model) return sendError(res, 400, 'model is required');
    const model = find(body.model);
    if (!model) return sendError(res, 404, `model '${body.model}' not found`);
    if (!isValidFormat(body.format)) {
      return sendError(res, 500, `invalid format: ${JSON.stringify(body.format)}; expected "json" or a valid JSON Schema object`);
    }
    const wantsThinking = body.think !== undefined && body.think !== false;
    if (wantsThinking && !capabilitiesOf(model).includes('thinking')) {
      return sendError(res, 400, `"${withTag(model.name)}" does not support thinking`);
    }
    if (busyLeft > 0) {
      busyLeft--;
      return sendError(res, 503, 'server busy, please try again.  maximum pending requests exceeded');
    }
    const fault = opts.chatFault?.(++chatCalls);
    if (fault === 'runner-error') return sendError(res, 500, 'llama runner process has terminated: exit status 2');
    if (fault === 'stall') return; // the socket stays open until the client gives up or close() ends it
    if (fault === 'reset') {
      res.writeHead(200, { 'content-type': body.stream === false ? 'application/json; charset=utf-8' : 'application/x-ndjson' });
      res.write(body.stream === false ? '{"model":"' : '{"message":{"role":"assistant","content":"{\\"head"},"done":false}\n');
      setImmediate(() => res.socket?.destroy());
      return;
    }
    const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
    const numCtx = Number(body.options?.num_ctx) > 0 ? Number(body.options.num_ctx) : DEFAULT_NUM_CTX;
    const seen = seenPrompt(messages.map((m) => String(m?.content ?? '')).join('\n'), numCtx, opts.charsPerToken ?? 4);
    const request: FakeChatRequest = {
      model: body.model,
      messages,
      format: body.format,
      options: body.options ?? {},
      stream: body.stream !== false,
      think: body.think,
      visiblePrompt: seen.visible,
      truncated: seen.tokens > numCtx,
    };
    const loading = loaded.get(model.name) !== numCtx;
    if (loading) {
      loads++;
      loaded.set(model.name, numCtx);
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const stats = { promptTokens: Math.min(seen.tokens, numCtx), loading };
    const answer = () => respondToChat(res, request, capabilitiesOf(model).includes('thinking') && body.think !== false, stats);
    const held = opts.holdChat?.(chatCalls, body);
    if (held) return void held.finally(() => !res.destroyed && answer());
    if (!opts.stallMs) return answer();
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) answer();
    }, opts.stallMs);
    timers.add(timer);
  }

  function respondToChat(res: ServerResponse, request: FakeChatRequest, thinks: boolean, counts: { promptTokens: number; loading: boolean }): void {
    const produced = (opts.reply ?? defaultReply)(request);
    const answer = typeof produced === 'string' ? { content: produced, doneReason: undefined } : produced;
    const content = (opts.thinkInContent ? '<think>\nThe user wants a summary. {"headline": "draft"}\n</think>\n' : '') + answer.content;
    // Zero values are omitted, as Ollama does: no load_duration when the model was already loaded.
    const stats = {
      done: true,
      done_reason: answer.doneReason ?? 'stop',
      total_duration: 1_500_000_000,
      ...(counts.loading ? { load_duration: 2_000_000_000 } : {}),
      prompt_eval_count: counts.promptTokens,
      prompt_eval_duration: 400_000_000,
      eval_count: Math.max(1, Math.ceil(content.length / 4)),
      eval_duration: 1_000_000_000,
    };
    const base = { model: request.model, created_at: new Date().toISOString() };
    const thinking = thinks ? { thinking: 'The user wants a summary of the article.' } : {};
    if (!request.stream) {
      return sendJson(res, 200, { ...base, message: { role: 'assistant', content, ...thinking }, ...stats });
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    if (thinks) res.write(JSON.stringify({ ...base, message: { role: 'assistant', content: '', ...thinking }, done: false }) + '\n');
    for (const piece of chunks(content, 3)) {
      res.write(JSON.stringify({ ...base, message: { role: 'assistant', content: piece }, done: false }) + '\n');
    }
    res.end(JSON.stringify({ ...base, message: { role: 'assistant', content: '' }, ...stats }) + '\n');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, String(err));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get loads() {
      return loads;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A model asked for without a tag is its ":latest". */
function withTag(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

function capabilitiesOf(model: FakeModel): string[] {
  return model.capabilities ?? ['completion', 'tools'];
}

function details(family: string) {
  return { parent_model: '', format: 'gguf', family, families: [family], parameter_size: '3.2B', quantization_level: 'Q4_K_M' };
}

function tagEntry(model: FakeModel) {
  const name = withTag(model.name);
  return {
    name,
    model: name,
    modified_at: '2025-01-01T00:00:00Z',
    size: 2019393189,
    digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
    details: details(model.arch ?? 'llama'),
  };
}

/** Ollama accepts no format, null, "", "json" or a JSON Schema object; anything else is a 500. */
function isValidFormat(format: unknown): boolean {
  if (format === undefined || format === null || format === '' || format === 'json') return true;
  return typeof format === 'object' && !Array.isArray(format);
}

/**
 * What the model sees of a prompt of `tokens` tokens: all of it when it fits `numCtx`; else, as
 * Ollama's runner does, the first few tokens and the tail, the middle (system prompt, the
 * article's beginning) silently dropped.
 */
function seenPrompt(prompt: string, numCtx: number, charsPerToken: number): { visible: string; tokens: number } {
  const tokens = Math.ceil(prompt.length / charsPerToken);
  if (tokens <= numCtx) return { visible: prompt, tokens };
  const keep = 5;
  const head = prompt.slice(0, Math.floor(keep * charsPerToken));
  const tail = prompt.slice(prompt.length - Math.floor((numCtx - keep) * charsPerToken));
  return { visible: head + tail, tokens };
}

/**
 * A valid answer to the request's schema, from what the model sees. For the overview schema
 * (`points`), one point per numbered story: its summary's first sentence. Otherwise a summary:
 * the headline from the first line between <article> tags (the title), the other fields and
 * the quotes from the sentences after it (in notes, "Part N:" and the quoted sentences skipped).
 */
export function defaultReply(req: FakeChatRequest): string {
  const properties = typeof req.format === 'object' && req.format !== null ? (req.format as { properties?: object }).properties : undefined;
  if (properties && 'points' in properties) return JSON.stringify({ points: overviewPoints(req.visiblePrompt) });
  const fields = summaryFields(articleBlock(req.visiblePrompt));
  if (!properties) return JSON.stringify(fields);
  return JSON.stringify(Object.fromEntries(Object.keys(properties).map((key) => [key, fields[key] ?? fields.headline])));
}

/** The text between the last <article> tag the model sees (if its start was cut: from the start) and the next </article>. */
function articleBlock(visible: string): string {
  const open = visible.lastIndexOf('<article>');
  const start = open >= 0 ? open + '<article>'.length : 0;
  const end = visible.indexOf('</article>', start);
  return visible.slice(start, end >= 0 ? end : undefined).trim();
}

function summaryFields(text: string): Record<string, string> {
  const [firstLine = '', ...rest] = text.split('\n');
  const headline = firstLine.trim().split(/\s+/).slice(0, 15).join(' ') || 'News';
  const body = rest
    .join(' ')
    .replace(/Quoted from the article:.*?(?=Part \d+:|$)/g, ' ')
    .replace(/Part \d+:/g, ' ');
  const sentences = sentencesOf(body);
  const at = (i: number) => sentences[i] ?? sentences[sentences.length - 1] ?? headline;
  return {
    headline,
    summary: sentences.slice(0, 2).join(' ') || headline,
    whatHappened: at(0),
    whatHappenedQuote: at(0),
    whyItMatters: at(1),
    whyItMattersQuote: at(1),
    whatToWatch: at(2),
    whatToWatchQuote: at(2),
  };
}

/** "[n] headline" then a summary line, for each story between <stories> tags: up to 5 points, at least 3. */
function overviewPoints(visible: string): Array<{ text: string; story: number }> {
  const stories = [...visible.matchAll(/^\[(\d+)\] .*\n(.+)$/gm)].map((m) => ({ story: Number(m[1]), sentences: sentencesOf(m[2]!) }));
  const points: Array<{ text: string; story: number }> = [];
  for (let round = 0; points.length < 3 && stories.some((s) => s.sentences[round]); round++) {
    for (const s of stories) if (s.sentences[round] && points.length < 5) points.push({ text: s.sentences[round]!, story: s.story });
  }
  return points;
}

/** Sentences end at . ! ? before a space (so "1.2" stays whole) and after 。！？. */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|(?<=[。！？])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function chunks(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

function sendError(res: ServerResponse, status: number, error: string): void {
  sendJson(res, status, { error });
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
