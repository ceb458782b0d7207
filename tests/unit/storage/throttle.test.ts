import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottledWriter } from '../../../src/lib/storage/throttle';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('throttled writer', () => {
  it('writes a streaming message at most twice a second, each write at least 500 ms after the last', async () => {
    const writes: { value: string; at: number }[] = [];
    const start = Date.now();
    const w = createThrottledWriter<string>(
      async (value) => void writes.push({ value, at: Date.now() - start }),
      500,
    );
    // 3 seconds of tokens at 100 tok/s.
    let text = '';
    for (let i = 0; i < 300; i++) {
      text += 'x';
      w.schedule(text);
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(500);
    // The first token is written at once, then one write per 500 ms: 0, 500, …, 3000.
    expect(writes.map((x) => x.at)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000]);
    const gaps = writes.slice(1).map((x, i) => x.at - writes[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    // Each write carries the newest text at its time, and the last one all of it.
    expect(writes.at(-1)?.value).toBe(text);
    expect(writes.map((x) => x.value.length)).toEqual([1, 50, 100, 150, 200, 250, 300]);
  });

  it('a value scheduled long after the last write goes out at once', async () => {
    const at: number[] = [];
    const start = Date.now();
    const w = createThrottledWriter<number>(async () => void at.push(Date.now() - start), 500);
    w.schedule(1);
    await vi.advanceTimersByTimeAsync(2000);
    w.schedule(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(at).toEqual([0, 2000]);
  });

  it('cancel drops the pending value', async () => {
    const writes: number[] = [];
    const w = createThrottledWriter<number>(async (v) => void writes.push(v), 500);
    w.schedule(1);
    await vi.advanceTimersByTimeAsync(0);
    w.schedule(2);
    w.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toEqual([1]);
  });

  it('a failed write is reported and does not stop later writes', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const writes: number[] = [];
    const w = createThrottledWriter<number>(
      async (v) => {
        if (fail) {
          fail = false;
          throw new DOMException('full', 'QuotaExceededError');
        }
        writes.push(v);
      },
      500,
      (e) => errors.push(e),
    );
    w.schedule(1);
    await vi.advanceTimersByTimeAsync(0);
    w.schedule(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(errors).toHaveLength(1);
    expect(writes).toEqual([2]);
  });
});
