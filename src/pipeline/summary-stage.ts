import type { Article, Summary } from '../types.js';
import type { Store } from '../store/store.js';
import type { OverviewStory, Summarizer } from '../summarize/summarizer.js';
import { SummarizerError, summaryVersion } from '../summarize/summarizer.js';
import { sha256 } from '../util/hash.js';
import { errorLine } from '../errors.js';

export interface SummaryDeps {
  store: Store;
  now: () => Date;
  /** BCP 47 code every summary is written in; undefined = each article's own language. */
  targetLanguage?: string;
  /** Called once when the model becomes unusable mid-run and the rest falls back. */
  onModelLost?: (reason: string) => void;
}

/**
 * Summarizes articles, never the same text twice: summaries are cached under
 * hash(title + text) + model + prompt version + target language. When the model
 * fails on one article that article gets an extractive summary (and the reason);
 * when the model is gone altogether (unreachable, missing) every later article
 * falls back too. A summary the model made earlier is used even when it is gone now.
 */
export class SummaryStage {
  private modelLost: string | undefined;

  constructor(
    private readonly primary: Summarizer,
    private readonly fallback: Summarizer,
    private readonly deps: SummaryDeps,
  ) {}

  async summarize(article: Article): Promise<{ summary: Summary; cached: boolean; fallbackReason?: string }> {
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

  /**
   * Starts loading the model in the background, so its load overlaps reading the articles.
   * Not awaited: a load that fails shows up, and is handled, in the first summary.
   */
  warmUp(): void {
    if (this.modelLost === undefined) void this.primary.warmUp?.();
  }

  /** "Today in N points", from the model while it is there, else extractive; cached like summaries. */
  async overview(stories: readonly OverviewStory[]): Promise<string[]> {
    const summarizer = this.modelLost === undefined ? this.primary : this.fallback;
    const contentHash = sha256(JSON.stringify(stories.map((s) => [s.headline, s.summary])));
    const model = modelName(summarizer);
    const version = summaryVersion(summarizer);
    const key = sha256(`overview\n${contentHash}\n${model}\n${version}\n${this.deps.targetLanguage ?? 'auto'}`);
    const cached = this.deps.store.overview(key);
    if (cached) return cached;
    const bullets = await summarizer.overview(stories, this.deps.targetLanguage);
    this.deps.store.saveOverview(key, { contentHash, model, promptVersion: version }, bullets, this.deps.now().toISOString());
    return bullets;
  }

  private async fallBack(article: Article, reason: string): Promise<{ summary: Summary; cached: boolean; fallbackReason: string }> {
    const cached = this.lookup(article, this.fallback);
    const summary = cached ?? (await this.run(article, this.fallback));
    return { summary: { ...summary, fallbackReason: reason }, cached: !!cached, fallbackReason: reason };
  }

  private lookup(article: Article, summarizer: Summarizer): Summary | undefined {
    return this.deps.store.summary(this.cacheKey(article, summarizer).key);
  }

  private async run(article: Article, summarizer: Summarizer): Promise<Summary> {
    const summary = await summarizer.summarize({
      title: article.title,
      text: article.text,
      url: article.url,
      lang: article.lang,
      targetLanguage: this.deps.targetLanguage,
    });
    const { key, contentHash, model } = this.cacheKey(article, summarizer);
    this.deps.store.saveSummary(key, { contentHash, model, promptVersion: summaryVersion(summarizer) }, summary, this.deps.now().toISOString());
    return summary;
  }

  private cacheKey(article: Article, summarizer: Summarizer): { key: string; contentHash: string; model: string } {
    return cacheKey(article, summarizer, this.deps.targetLanguage);
  }
}

/** The summary cache key; the extractive summarizer cannot translate, so the target language does not split its entries. */
function cacheKey(article: Article, summarizer: Summarizer, targetLanguage?: string): { key: string; contentHash: string; model: string } {
  const contentHash = sha256(`${article.title}\n\n${article.text}`);
  const model = modelName(summarizer);
  const language = summarizer.method === 'extractive' ? '' : (targetLanguage ?? 'auto');
  return { key: sha256(`${contentHash}\n${model}\n${summaryVersion(summarizer)}\n${language}`), contentHash, model };
}

function modelName(summarizer: Summarizer): string {
  return summarizer.method === 'extractive' ? 'extractive' : `${summarizer.method}:${summarizer.model}`;
}
