/**
 * The Extractor abstraction: the pipeline asks for a page's article without caring
 * whether Readability runs on its own thread or on a worker.
 */
import type { PageExtraction } from './readability.js';

/**
 * Something that extracts articles from pages, in this thread or another. `extract`
 * never rejects for a bad page (it resolves null); `close` frees its resources.
 */
export interface Extractor {
  extract(html: string, url: string): Promise<PageExtraction | null>;
  /** Get ready for pages soon to come (the worker loads jsdom), without waiting. */
  warmUp?(): void;
  close(): Promise<void>;
}

/** An extractor that runs Readability on the calling thread (jsdom loads on first use). */
export function createInProcessExtractor(): Extractor {
  return {
    async extract(html, url) {
      const { extractPage } = await import('./readability.js');
      return extractPage(html, url);
    },
    async close() {},
  };
}
