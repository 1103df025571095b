import type { Stage } from '../pipeline/run-brief.js';
import type { ModelCall } from '../summarize/summarizer.js';
import { estimateEta, progressLine, type ProgressSnapshot } from '../render/progress.js';

/**
 * Follows a run for the live status line: each stage's count (from the pipeline's
 * onProgress), the model's tokens per second (from each model call), and the time left
 * for the stories, at the pace since the feeds were in. `show` receives each new line
 * (Io.status, which prints only on a terminal).
 */
export class ProgressTracker {
  private readonly snapshot: ProgressSnapshot = {};
  private tokens = 0;
  private modelMs = 0;
  private storiesFrom: number | undefined;

  constructor(
    private readonly show: (line: string) => void,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  readonly onProgress = (stage: Stage, done: number, total: number): void => {
    this.snapshot[stage] = { done, total };
    if (stage === 'feeds' && done === total) this.storiesFrom = this.clock();
    else if (stage !== 'feeds') this.storiesFrom ??= this.clock();
    if (stage === 'summaries') this.snapshot.etaMs = estimateEta(this.clock() - (this.storiesFrom ?? this.clock()), done, total);
    this.show(progressLine(this.snapshot));
  };

  readonly onModelCall = (call: ModelCall): void => {
    if (!call.completionTokens || call.durationMs <= 0) return;
    this.tokens += call.completionTokens;
    this.modelMs += call.durationMs;
    this.snapshot.tokensPerSecond = this.tokens / (this.modelMs / 1000);
  };
}
