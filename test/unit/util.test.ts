import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Limiter, KeyedLimiter } from '../../src/util/limiter.js';
import { parseDuration } from '../../src/util/duration.js';
import { stripControl, safeLine } from '../../src/util/terminal-safe.js';
import { clockFromEnv } from '../../src/util/clock.js';

test('Limiter never runs more than its size at once, even as slots are handed over', async () => {
  const limiter = new Limiter(2);
  let active = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      limiter.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await sleep(i % 3);
        active--;
      }),
    ),
  );
  assert.equal(peak, 2);
});

test('KeyedLimiter limits per key, not globally', async () => {
  const limiter = new KeyedLimiter(1);
  const active = new Map<string, number>();
  let overlapAcrossKeys = false;
  await Promise.all(
    ['a', 'a', 'b', 'b'].map((key) =>
      limiter.run(key, async () => {
        active.set(key, (active.get(key) ?? 0) + 1);
        assert.equal(active.get(key), 1);
        if ((active.get('a') ?? 0) + (active.get('b') ?? 0) === 2) overlapAcrossKeys = true;
        await sleep(5);
        active.set(key, (active.get(key) ?? 0) - 1);
      }),
    ),
  );
  assert.ok(overlapAcrossKeys, 'different hosts run in parallel');
});

test('a failing task releases its slot', async () => {
  const limiter = new Limiter(1);
  await assert.rejects(limiter.run(async () => Promise.reject(new Error('boom'))));
  assert.equal(await limiter.run(async () => 42), 42);
});

test('Limiter: waiting tasks go lowest priority first (the best-ranked story), FIFO at equal priority', async () => {
  const limiter = new Limiter(1);
  const order: string[] = [];
  let release: () => void = () => {};
  const busy = limiter.run(() => new Promise<void>((r) => (release = r)));
  const queued = [
    limiter.run(async () => void order.push('rank 5'), 5),
    limiter.run(async () => void order.push('rank 1'), 1),
    limiter.run(async () => void order.push('rank 3, first'), 3),
    limiter.run(async () => void order.push('rank 3, second'), 3),
  ];
  release();
  await Promise.all([busy, ...queued]);
  assert.deepEqual(order, ['rank 1', 'rank 3, first', 'rank 3, second', 'rank 5']);
});

test('durations', () => {
  assert.equal(parseDuration('24h'), 86_400_000);
  assert.equal(parseDuration('1d12h'), 129_600_000);
  assert.equal(parseDuration('90s'), 90_000);
  for (const bad of ['', '24', 'h', '0h', 'yesterday', '5x']) assert.throws(() => parseDuration(bad), (e: Error & { exitCode?: number }) => e.exitCode === 2, bad);
});

test('escape sequences and control characters never survive', () => {
  const hostile = 'Title\u001b[31mRED\u001b[0m \u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u001b]0;pwned\u0007 bell\u0007 nul\u0000 c1\u009b2J bidi\u202eevil';
  const clean = stripControl(hostile);
  assert.doesNotMatch(clean, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
  assert.equal(clean, 'TitleRED click  bell nul c1 bidievil');
  assert.equal(safeLine('  a\n\tb  '), 'a b');
  assert.equal(stripControl('line1\r\nline2'), 'line1\nline2');
});

test('BRIEF_NOW replaces the clock; a bad value is a usage error', () => {
  assert.equal(clockFromEnv({ BRIEF_NOW: '2026-01-02T03:04:05Z' })().toISOString(), '2026-01-02T03:04:05.000Z');
  assert.throws(() => clockFromEnv({ BRIEF_NOW: 'soon' }), (e: Error & { exitCode?: number }) => e.exitCode === 2);
  const before = Date.now();
  assert.ok(clockFromEnv({})().getTime() >= before);
});

test('an unterminated OSC sequence is removed whole (and, with 40,000 characters of it, still quickly)', () => {
  assert.equal(stripControl(`Title\u001b]8;;${'x'.repeat(40_000)}`), 'Title');
  assert.equal(stripControl(`A\u009d${'y'.repeat(100)}`), 'A');
});
