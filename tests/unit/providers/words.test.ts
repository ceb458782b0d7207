import { describe, expect, it, vi } from 'vitest';
import type { Provider } from '../../../src/lib/providers/types';

// The words for failures are fetched at the first failure (not at start-up): a provider's error
// must reach the stores with its words, not the plain title they have while loading.
describe('failures wait for their words', () => {
  it('a provider error carries its words although none were loaded before it', async () => {
    vi.resetModules(); // modules without the words setup.ts loads
    const { ProviderError } = await import('../../../src/lib/providers/errors');
    const { errorTextFor } = await import('../../../src/lib/providers/errorTexts');
    const { withErrorWords } = await import('../../../src/lib/providers/words');
    expect(errorTextFor('unreachable', {})).toBeNull();
    const failing = {
      kind: 'ollama',
      listModels: () => Promise.reject(new ProviderError('unreachable', { baseUrl: 'http://127.0.0.1:9' })),
      chat: async function* () {
        yield* [];
        throw new ProviderError('http', { status: 500 });
      },
    } as unknown as Provider;
    const plain = new ProviderError('unreachable', {}).fix.title;

    const listed = await withErrorWords(failing)
      .listModels()
      .catch((e: unknown) => e);
    expect(listed).toBeInstanceOf(ProviderError);
    expect((listed as InstanceType<typeof ProviderError>).fix.title).not.toBe(plain);

    const streamed = withErrorWords(failing).chat({} as never);
    const thrown = await streamed.next().catch((e: unknown) => e);
    expect((thrown as InstanceType<typeof ProviderError>).fix.title).not.toBe(plain);
  });
});
