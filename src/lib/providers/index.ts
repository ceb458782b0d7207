// The wire layer's front door: stores call `createProvider` and never a provider class directly.
import { BrowserProvider } from './browser';
import { OllamaProvider } from './ollama';
import { OpenAiProvider } from './openai';
import type { PageInfo } from './page';
import type { Connection, Provider } from './types';

export interface ProviderOptions {
  /** Where this page runs (origin, protocol, user agent); tests inject one. */
  page?: () => PageInfo;
}

export function createProvider(conn: Connection, options: ProviderOptions = {}): Provider {
  if (conn.kind === 'browser') return new BrowserProvider();
  return conn.kind === 'openai'
    ? new OpenAiProvider(conn, options.page)
    : new OllamaProvider(conn, options.page);
}

export { isChatModel } from './models';
export { ProviderError, isAborted, isProviderError } from './errors';
export {
  authHeaders,
  basicAuthorization,
  normalizeBaseUrl,
  splitUrlCredentials,
  type ServerAddress,
} from './auth';
export { currentPage, isLoopbackHost, predictMixedContent, type PageInfo } from './page';
export type * from './types';
