// Writes a changing record at most once per interval, plus on demand (done, stop, error, pagehide).
// While a reply streams this keeps IndexedDB to ≤ 2 writes a second for that one message.

export interface ThrottledWriter<T> {
  /** Remember the newest value; it is written at the next tick of the interval. */
  schedule(value: T): void;
  /** Write the newest value now (if any is pending) and wait for it. */
  flush(): Promise<void>;
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
    if (!pending) return chain;
    const { value } = pending;
    pending = null;
    lastWrite = Date.now();
    chain = chain.then(() => write(value)).catch(onError);
    return chain;
  };

  return {
    schedule(value) {
      pending = { value };
      if (timer) return;
      const wait = Math.max(0, intervalMs - (Date.now() - lastWrite));
      timer = setTimeout(() => void run(), wait);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await run();
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
