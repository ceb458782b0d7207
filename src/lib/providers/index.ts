// The wire layer's front door: stores call `createProvider` and never a provider class directly.
import { BrowserProvider } from './browser';
import { OllamaProvider } from './ollama';
import { LazyProvider } from './lazy';
import type { PageInfo } from './page';
import { OPENAI_UNSUPPORTED } from './constants';
import type { Connection, Provider } from './types';
import { withErrorWords } from './words';

export interface ProviderOptions {
  /** Where this page runs (origin, protocol, user agent); tests inject one. */
  page?: () => PageInfo;
}

export function createProvider(conn: Connection, options: ProviderOptions = {}): Provider {
  // Its failures wait for their words (a lazy chunk) before they reach the stores (words.ts).
  return withErrorWords(bareProvider(conn, options));
}

function bareProvider(conn: Connection, options: ProviderOptions): Provider {
  if (conn.kind === 'browser') return new BrowserProvider();
  if (conn.kind === 'openai') {
    return new LazyProvider(
      { kind: 'openai', canManageModels: false, unsupportedOptions: OPENAI_UNSUPPORTED },
      () => import('./openai').then((m) => new m.OpenAiProvider(conn, options.page)),
    );
  }
  return new OllamaProvider(conn, options.page);
}

export { isChatModel } from './models';
export { ProviderError, isAborted } from './errors';
export { loadErrorTexts } from './errorTexts';
export {
  authHeaders,
  basicAuthorization,
  normalizeBaseUrl,
  splitUrlCredentials,
  type ServerAddress,
} from './auth';
export { currentPage, isLoopbackHost, predictMixedContent, type PageInfo } from './page';
export type * from './types';
