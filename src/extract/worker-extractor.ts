/**
 * Extraction on one worker thread, so jsdom's parsing (≈ 190 ms a page, up to seconds)
 * never blocks the main thread. One worker only: a jsdom thread already keeps about
 * 1.35 cores busy, and a pool of two was no faster on two cores (NODE20.md).
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { ExtractRequest, WorkerMessage } from './extract-worker.js';
import { createInProcessExtractor, type Extractor } from './extractor.js';
import type { PageExtraction } from './readability.js';

export interface WorkerExtractorOptions {
  /** The worker's entry file; by default the compiled extract-worker.js next to this module. */
  workerUrl?: URL;
}

/**
 * An extractor backed by a worker thread, started at the first page or at warmUp(), so a run
 * that reads no page never loads jsdom. Falls back to extracting in-process when the
 * worker can't start: when its file is missing (running from TypeScript sources under
 * tsx, which workers can't load) or when it fails or dies before it is ready.
 */
export function createWorkerExtractor(options: WorkerExtractorOptions = {}): Extractor {
  const workerUrl = options.workerUrl ?? new URL('./extract-worker.js', import.meta.url);
  if (!existsSync(workerUrl)) return createInProcessExtractor();
  return new WorkerExtractor(workerUrl);
}

interface PendingRequest {
  html: string;
  url: string;
  resolve: (page: PageExtraction | null | Promise<PageExtraction | null>) => void;
}

/**
 * Longest wait in close() for a worker still loading its modules. Node 20 aborts the whole
 * process (SIGABRT, "v8::Module::IsGraphAsync must be used on an instantiated module") when a
 * worker is terminated in the middle of loading jsdom: about 1 in 150 tries in a loop here.
 */
const CLOSE_WAIT_FOR_READY_MS = 10_000;

class WorkerExtractor implements Extractor {
  private worker: Worker | undefined;
  private started = false;
  private fallback: Extractor | undefined;
  /** Requests sent to the worker and not yet answered, oldest first (Map keeps insertion order). */
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 0;
  private ready = false;
  private closed = false;
  /** Settles when the worker is ready, has failed or has exited (settled by onMessage and abandonWorker). */
  private loaded: Promise<void> = Promise.resolve();
  private settleLoaded: () => void = () => {};

  constructor(private readonly workerUrl: URL) {}

  /** Starts the worker (loading jsdom takes about a second) ahead of the first page. */
  warmUp(): void {
    if (!this.closed) this.start();
  }

  extract(html: string, url: string): Promise<PageExtraction | null> {
    if (this.closed) return Promise.reject(new Error('the extractor is closed'));
    const worker = this.start();
    if (worker === undefined) return this.inProcess().extract(html, url);
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { html, url, resolve });
      worker.postMessage({ id, html, url } satisfies ExtractRequest);
    });
  }

  /**
   * Stops the worker; requests still waiting resolve to null. A worker still loading its
   * modules is let finish first (see CLOSE_WAIT_FOR_READY_MS), kept alive meanwhile.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    for (const request of this.pending.values()) request.resolve(null);
    this.pending.clear();
    if (worker) {
      if (!this.ready) {
        worker.ref();
        await Promise.race([this.loaded, sleep(CLOSE_WAIT_FOR_READY_MS, undefined, { ref: false })]);
      }
      await worker.terminate();
    }
    await this.fallback?.close();
  }

  /** The worker, started on first need; undefined when it cannot run (then pages are extracted in-process). */
  private start(): Worker | undefined {
    if (this.started) return this.worker;
    this.started = true;
    let worker: Worker;
    try {
      worker = new Worker(this.workerUrl);
    } catch {
      return undefined; // no worker: every request goes to the in-process fallback
    }
    this.worker = worker;
    this.loaded = new Promise((resolve) => (this.settleLoaded = resolve));
    // An idle worker must not keep the process alive; it is ref'd while requests wait.
    worker.unref();
    worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    worker.on('error', () => this.abandonWorker());
    worker.on('exit', () => this.abandonWorker());
    return worker;
  }

  private onMessage(message: WorkerMessage): void {
    if (message.type === 'ready') {
      this.ready = true;
      this.settleLoaded();
      return;
    }
    const request = this.pending.get(message.id);
    if (request === undefined) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker?.unref();
    request.resolve(message.page);
  }

  /**
   * The worker failed or exited on its own: from now on extract in-process. If it had
   * been working, the page in hand when it died (the oldest, as the worker goes in
   * order) counts as unreadable rather than risk the main thread on it; the rest are
   * redone in-process.
   */
  private abandonWorker(): void {
    this.settleLoaded(); // also when close() is waiting for it, having let go of it already
    if (this.worker === undefined) return;
    this.worker = undefined;
    const requests = [...this.pending.values()];
    this.pending.clear();
    requests.forEach((request, i) => {
      if (this.ready && i === 0) request.resolve(null);
      else request.resolve(this.inProcess().extract(request.html, request.url));
    });
  }

  private inProcess(): Extractor {
    this.fallback ??= createInProcessExtractor();
    return this.fallback;
  }
}
