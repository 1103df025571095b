/**
 * Entry point of the extraction worker thread (see worker-extractor.ts): extracts the
 * pages it is sent, one at a time, in the order they arrive.
 */
import { parentPort } from 'node:worker_threads';
import { extractPage, type PageExtraction } from './readability.js';

export interface ExtractRequest {
  id: number;
  html: string;
  url: string;
}

/** "ready" once jsdom and Readability are loaded; then one "result" per request. */
export type WorkerMessage = { type: 'ready' } | { type: 'result'; id: number; page: PageExtraction | null };

const port = parentPort;
if (port === null) throw new Error('extract-worker must be started as a worker thread');

let queue = Promise.resolve();
port.on('message', (request: ExtractRequest) => {
  // extractPage never rejects, so the queue never breaks.
  queue = queue.then(async () => {
    const page = await extractPage(request.html, request.url);
    port.postMessage({ type: 'result', id: request.id, page } satisfies WorkerMessage);
  });
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
