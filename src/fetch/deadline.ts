/**
 * Request deadlines that count the time brief waited on the network, not the time its own
 * event loop spent busy with other work: parsing a large feed holds the loop for a second or
 * two, and meanwhile responses that have arrived sit unread. Counted by the wall clock, such a
 * request would time out with its answer in hand.
 *
 * While deadlines are pending, a ticker runs and adds up how late it fires (beyond a little
 * jitter): that is time the loop was busy. A deadline that comes due gives its request the busy
 * time since it started, up to one more budget, then expires: a request never lasts more than
 * twice its budget.
 */

/** The ticker's period, and the lateness per tick taken as ordinary jitter. */
const TICK_MS = 20;
const JITTER_MS = 10;

export interface Deadlines {
  /** Calls `onExpire` after `ms` of waiting; returns the function that cancels it. */
  start(ms: number, onExpire: () => void): () => void;
}

export function createDeadlines(): Deadlines {
  let busy = 0;
  let pending = 0;
  let last = 0;
  let ticker: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = performance.now();
    busy += Math.max(0, now - last - TICK_MS - JITTER_MS);
    last = now;
  };

  function start(ms: number, onExpire: () => void): () => void {
    if (pending++ === 0) {
      last = performance.now();
      ticker = setInterval(tick, TICK_MS).unref();
    }
    const busyAtStart = busy;
    let given = 0;
    let timer: NodeJS.Timeout;
    let done = false;
    const cancel = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (--pending === 0) clearInterval(ticker);
    };
    const arm = (delay: number) => {
      timer = setTimeout(() => {
        tick(); // count a stall that ended just now, before the ticker's turn
        const owed = Math.min(busy - busyAtStart, ms) - given;
        if (owed > JITTER_MS) {
          given += owed;
          arm(owed);
          return;
        }
        cancel();
        onExpire();
      }, delay);
    };
    arm(ms);
    return cancel;
  }

  return { start };
}
