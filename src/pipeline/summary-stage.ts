import type { Article, Summary } from '../types.js';
import type { Store } from '../store/store.js';
import type { Summarizer } from '../summarize/summarizer.js';
import { PROMPT_VERSION, SummarizerError } from '../summarize/summarizer.js';
import { sha256 } from '../util/hash.js';
import { errorLine } from '../errors.js';

export interface SummaryDeps {
  store: Store;
  now: () => Date;
  /** Called once when the model becomes unusable mid-run and the rest falls back. */
  onModelLost?: (reason: string) => void;
}

/**
 * Summarizes articles, never the same text twice: summaries are cached under
 * hash(title + text) + model + prompt version. When the model fails on one article
 * that article gets an extractive summary (and the reason); when the model is gone
 * altogether (unreachable, missing) every later article falls back too.
 */
export class SummaryStage {
  private modelLost: string | undefined;

  constructor(
    private readonly primary: Summarizer,
    private readonly fallback: Summarizer,
    private readonly deps: SummaryDeps,
  ) {}

  async summarize(article: Article): Promise<{ summary: Summary; cached: boolean; fallbackReason?: string }> {
    // A summary the model made earlier is used even when the model is gone now.
    const hit = this.lookup(article, this.primary);
    if (hit) return { summary: hit, cached: true };
    if (this.modelLost !== undefined) return this.fallBack(article, this.modelLost);
    try {
      return { summary: await this.run(article, this.primary), cached: false };
    } catch (err) {
      const reason = errorLine(err);
      if (err instanceof SummarizerError && (err.kind === 'unreachable' || err.kind === 'model-missing')) {
        this.modelLost = reason;
        this.deps.onModelLost?.(reason);
      }
      return this.fallBack(article, reason);
    }
  }

  private async fallBack(article: Article, reason: string): Promise<{ summary: Summary; cached: boolean; fallbackReason: string }> {
    const cached = this.lookup(article, this.fallback);
    return { summary: cached ?? (await this.run(article, this.fallback)), cached: !!cached, fallbackReason: reason };
  }

  private lookup(article: Article, summarizer: Summarizer): Summary | undefined {
    return this.deps.store.summary(cacheKey(article, summarizer).key);
  }

  private async run(article: Article, summarizer: Summarizer): Promise<Summary> {
    const summary = await summarizer.summarize({ title: article.title, text: article.text, url: article.url, lang: article.lang });
    const { key, contentHash, model } = cacheKey(article, summarizer);
    this.deps.store.saveSummary(key, { contentHash, model, promptVersion: PROMPT_VERSION }, summary, this.deps.now().toISOString());
    return summary;
  }
}

export function cacheKey(article: Article, summarizer: Summarizer): { key: string; contentHash: string; model: string } {
  const contentHash = sha256(`${article.title}\n\n${article.text}`);
  const model = summarizer.method === 'ollama' ? `ollama:${summarizer.model}` : 'extractive';
  return { key: sha256(`${contentHash}\n${model}\n${PROMPT_VERSION}`), contentHash, model };
}
