/**
 * A counting semaphore: at most `size` tasks run at once; the rest wait, lowest `priority`
 * first and, at equal priority, in the order they came (FIFO).
 */
export class Limiter {
  private active = 0;
  private arrivals = 0;
  private readonly waiting: Array<{ priority: number; arrival: number; resume: () => void }> = [];

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new RangeError('limiter size must be at least 1');
  }

  async run<T>(task: () => Promise<T>, priority = 0): Promise<T> {
    // A released slot is handed straight to the next waiter, so no newcomer can slip in between.
    if (this.active >= this.size) await new Promise<void>((resume) => this.waiting.push({ priority, arrival: this.arrivals++, resume }));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.takeNext();
      if (next) next();
      else this.active--;
    }
  }

  private takeNext(): (() => void) | undefined {
    if (this.waiting.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.waiting.length; i++) {
      const w = this.waiting[i]!;
      const b = this.waiting[best]!;
      if (w.priority < b.priority || (w.priority === b.priority && w.arrival < b.arrival)) best = i;
    }
    return this.waiting.splice(best, 1)[0]!.resume;
  }
}

/** One limiter per key (e.g. per host), created on first use. */
export class KeyedLimiter {
  private readonly limiters = new Map<string, Limiter>();
  constructor(readonly size: number) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new Limiter(this.size);
      this.limiters.set(key, limiter);
    }
    return limiter.run(task);
  }
}

/** Maps over `items` with at most `concurrency` calls in flight; results keep input order. */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limiter = new Limiter(concurrency);
  return Promise.all(items.map((item, i) => limiter.run(() => fn(item, i))));
}
