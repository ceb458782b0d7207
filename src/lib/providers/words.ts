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

/** The same object, whose methods' failures (each returns a promise or a stream) come with words. */
export const withErrorWords = <T extends object>(target: T): T =>
  new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(object, args);
        return result instanceof Promise
          ? result.catch(withWords)
          : streamWithWords(result as AsyncIterable<unknown>);
      };
    },
  });
