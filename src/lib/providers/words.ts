// The words for failures (errorTexts.ts) are fetched when a failure happens, not at start-up: every
// provider and image generator the stores get passes its failures through here, which waits for
// the words before the error goes on, so whoever shows it has them (no plain title, no flash).
import { loadErrorTexts } from './errorTexts';
import { ProviderError } from './errors';

async function withWords(error: unknown): Promise<never> {
  if (error instanceof ProviderError) await loadErrorTexts();
  throw error;
}

async function* streamWithWords<T>(inner: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  try {
    yield* inner;
  } catch (error) {
    await withWords(error);
  }
}

/** The same object, whose methods' failures (promises and streams) come with their words. */
export function withErrorWords<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(object, args);
        if (result instanceof Promise) return result.catch(withWords);
        const isStream = typeof result === 'object' && result !== null && Symbol.asyncIterator in result;
        return isStream ? streamWithWords(result as AsyncIterable<unknown>) : result;
      };
    },
  });
}
