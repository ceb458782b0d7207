import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { createRequestLock } from '../../../src/stores/requestLock.svelte';

describe('request lock', () => {
  it('lets one request through and refuses the next until it is released', () => {
    const lock = createRequestLock();
    const first = lock.acquire('a');
    expect(first).not.toBeNull();
    expect(lock.isLocked).toBe(true);
    expect(lock.acquire('b')).toBeNull();
    lock.release(first!);
    expect(lock.isLocked).toBe(false);
    expect(lock.acquire('c')).not.toBeNull();
  });

  it('Stop aborts the pending request and unlocks at once', () => {
    const lock = createRequestLock();
    const token = lock.acquire('a')!;
    lock.stop();
    expect(token.signal.aborted).toBe(true);
    expect(lock.isLocked).toBe(false);
  });

  it('a comparison holds the lock for every answer and Stop can end one of them', () => {
    const lock = createRequestLock();
    const tokens = lock.acquireGroup(['x', 'y', 'z'])!;
    expect(lock.acquire('other')).toBeNull();
    lock.stop('y');
    expect(tokens.map((t) => t.signal.aborted)).toEqual([false, true, false]);
    expect(lock.owners).toEqual(['x', 'z']);
    lock.stop();
    expect(tokens.every((t) => t.signal.aborted)).toBe(true);
    expect(lock.isLocked).toBe(false);
  });

  it('releasing a stopped token again changes nothing', () => {
    const lock = createRequestLock();
    const a = lock.acquire('a')!;
    lock.stop();
    const b = lock.acquire('b')!;
    lock.release(a);
    expect(lock.owners).toEqual(['b']);
    lock.release(b);
  });

  it('views that read the lock update when it changes', () => {
    const lock = createRequestLock();
    const seen: boolean[] = [];
    const cleanup = $effect.root(() => {
      $effect(() => {
        seen.push(lock.isLocked);
      });
    });
    flushSync();
    const t = lock.acquire('a')!;
    flushSync();
    lock.release(t);
    flushSync();
    expect(seen).toEqual([false, true, false]);
    cleanup();
  });
});
