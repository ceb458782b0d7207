// Writes a changing record at most once per interval. While a reply streams this keeps IndexedDB to
// ≤ 2 writes a second for that one message; the final write (done, stop, error, pagehide) is the
// caller's, after `cancel`.

export interface ThrottledWriter<T> {
  /** Remember the newest value; it is written at the next tick of the interval. */
  schedule(value: T): void;
  /** Stop the timer without writing. */
  cancel(): void;
}

export function createThrottledWriter<T>(
  write: (value: T) => Promise<unknown>,
  intervalMs = 500,
  onError: (e: unknown) => void = () => {},
): ThrottledWriter<T> {
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWrite = 0;
  let chain: Promise<unknown> = Promise.resolve();

  const run = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    lastWrite = Date.now();
    // One write at a time, in order; a failure is reported and the next write still runs.
    chain = chain.then(() => write(value)).catch(onError);
  };

  return {
    schedule(value) {
      pending = { value };
      if (timer) return;
      const wait = Math.max(0, intervalMs - (Date.now() - lastWrite));
      timer = setTimeout(run, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
