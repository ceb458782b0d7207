import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottledWriter } from '../../../src/lib/storage/throttle';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('throttled writer', () => {
  it('writes a streaming message at most twice a second, always the newest text', async () => {
    const writes: string[] = [];
    const w = createThrottledWriter<string>(async (v) => void writes.push(v), 500);
    // 3 seconds of tokens at 100 tok/s.
    let text = '';
    for (let i = 0; i < 300; i++) {
      text += 'x';
      w.schedule(text);
      await vi.advanceTimersByTimeAsync(10);
    }
    await w.flush();
    expect(writes.length).toBeGreaterThanOrEqual(5);
    expect(writes.length).toBeLessThanOrEqual(7);
    expect(writes.at(-1)).toBe(text);
    // Never two writes closer than the interval (save the final flush).
    expect(new Set(writes).size).toBe(writes.length);
  });

  it('flush writes the pending value at once; cancel drops it', async () => {
    const writes: number[] = [];
    const w = createThrottledWriter<number>(async (v) => void writes.push(v), 500);
    w.schedule(1);
    await w.flush();
    expect(writes).toEqual([1]);
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
    await w.flush();
    w.schedule(2);
    await w.flush();
    expect(errors).toHaveLength(1);
    expect(writes).toEqual([2]);
  });
});
