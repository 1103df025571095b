/**
 * `brief doctor`'s model checks: is the server there (and which version), is the model there
 * (else the exact command to get it), how long is its context and which window brief will use,
 * and whether article text would leave this machine (a warning when it would go over plain
 * HTTP). Loads the Ollama client and undici: import it lazily.
 */
import { errorLine } from '../errors.js';
import { chooseNumCtx } from './model-summarizer.js';
import { ollamaModelInfo, ollamaVersion } from './ollama.js';
import { openAiApiRoot, probeOpenAi } from './openai.js';
import { SummarizerError } from './summarizer.js';

export interface DoctorCheck {
  /** "server", "model", "context" or "host". */
  check: string;
  /** 'warn': works, but the user should know. */
  ok: boolean | 'warn';
  detail: string;
}

export interface DiagnoseOptions {
  provider: 'ollama' | 'openai';
  /** Ollama: a normalised host URL; openai: the base URL. */
  host: string;
  model: string;
  apiKey?: string;
  /** Per request; default 3000. */
  timeoutMs?: number;
}

/** The checks, in order; never throws for what the server does. */
export async function diagnoseModel(opts: DiagnoseOptions): Promise<DoctorCheck[]> {
  const checks = opts.provider === 'ollama' ? await diagnoseOllama(opts) : await diagnoseOpenAi(opts);
  return [...checks, hostCheck(opts.host)];
}

async function diagnoseOllama({ host, model, timeoutMs }: DiagnoseOptions): Promise<DoctorCheck[]> {
  let version: string;
  try {
    version = await ollamaVersion({ host, timeoutMs });
  } catch (err) {
    return [{ check: 'server', ok: false, detail: errorLine(err) }, ...notChecked()];
  }
  const server: DoctorCheck = { check: 'server', ok: true, detail: `Ollama ${version} at ${host}` };
  try {
    const info = await ollamaModelInfo({ host, model, timeoutMs });
    const thinks = info.capabilities.includes('thinking') ? ' (a thinking model: brief turns thinking off)' : '';
    return [server, { check: 'model', ok: true, detail: `${model} is installed${thinks}` }, contextCheck(info.contextLength)];
  } catch (err) {
    if (err instanceof SummarizerError && err.kind === 'model-missing') {
      return [server, { check: 'model', ok: false, detail: `${model} is not installed; run: ollama pull ${model}` }, notChecked()[1]!];
    }
    return [server, { check: 'model', ok: false, detail: errorLine(err) }, notChecked()[1]!];
  }
}

async function diagnoseOpenAi({ host, model, apiKey, timeoutMs }: DiagnoseOptions): Promise<DoctorCheck[]> {
  let root: string;
  try {
    root = openAiApiRoot(host);
  } catch (err) {
    return [{ check: 'server', ok: false, detail: errorLine(err) }, ...notChecked()];
  }
  try {
    const probe = await probeOpenAi({ baseUrl: host, model, apiKey, timeoutMs });
    return [
      { check: 'server', ok: true, detail: `an OpenAI-compatible server at ${root}` },
      { check: 'model', ok: true, detail: `${model} is served` },
      contextCheck(probe.contextLength),
    ];
  } catch (err) {
    if (err instanceof SummarizerError && err.kind === 'model-missing') {
      return [
        { check: 'server', ok: true, detail: `an OpenAI-compatible server at ${root}` },
        { check: 'model', ok: false, detail: errorLine(err) },
        notChecked()[1]!,
      ];
    }
    return [{ check: 'server', ok: false, detail: errorLine(err) }, ...notChecked()];
  }
}

function contextCheck(contextLength: number | null): DoctorCheck {
  const used = chooseNumCtx(contextLength);
  if (contextLength === null) return { check: 'context', ok: 'warn', detail: `the model's context length is not reported; brief plans for ${used} tokens` };
  return { check: 'context', ok: true, detail: `${contextLength} tokens; brief uses ${used} per request` };
}

function notChecked(): [DoctorCheck, DoctorCheck] {
  return [
    { check: 'model', ok: false, detail: 'not checked: the server did not answer' },
    { check: 'context', ok: false, detail: 'not checked: the model is not available' },
  ];
}

/** Where article text goes: this machine, or another host (a warning over plain HTTP). No network. */
export function hostCheck(host: string): DoctorCheck {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return { check: 'host', ok: false, detail: `invalid address "${host}"` };
  }
  if (isLoopback(url.hostname)) return { check: 'host', ok: true, detail: `local (${url.host}): article text stays on this machine` };
  if (url.protocol === 'https:') return { check: 'host', ok: true, detail: `remote (${url.host}): article text is sent there over HTTPS` };
  return { check: 'host', ok: 'warn', detail: `remote (${url.host}) over plain HTTP: article text would cross the network unencrypted; use https:// or a server on this machine` };
}

/** Whether a URL's hostname is this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopback(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(name) || name === '::1';
}
