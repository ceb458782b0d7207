// What an image server's failure means: the chat classification (status.ts) knows nothing of
// memory or sizes, so failures of a drawing request are looked at once more here.
import { ProviderError } from './errors';
import type { Transport } from './http';

export type { ImageErrorCause } from '../i18n/imageErrors';

/** CUDA, Metal/MLX and llama.cpp-style allocation failures. */
const OUT_OF_MEMORY = /out of memory|\boom\b|cudaMalloc|failed to allocate|insufficient memory|malloc/i;
/** Ollama since #16615: "image generation models are not currently supported" (two linear tests). */
const noImageGeneration = (text: string) =>
  /\bimage generation\b/i.test(text) && /\bnot (currently )?supported\b/i.test(text);
const SIZE = /\b(size|width|height|dimension|resolution)s?\b/i;

/** The failure of a drawing request, in image words where they fit better than the chat ones. */
export function imageFailure(e: unknown, http: Transport, model: string): unknown {
  if (!(e instanceof ProviderError)) return e;
  const err = e;
  const text = err.serverText ?? '';
  const context = { status: err.status, serverText: err.serverText, model };
  if ((err.kind === 'server' || err.kind === 'http') && OUT_OF_MEMORY.test(text))
    return http.error('out-of-memory', context, e);
  if (err.kind === 'http' && (err.status === 400 || err.status === 422) && SIZE.test(text))
    return http.error('size-refused', context, e);
  // A route the server does not have: gin's plain "404 page not found", llama-server's 404, a 405;
  // or Ollama since #16615, which still lists its image models but answers them 400.
  if (err.kind === 'http' && (err.status === 404 || err.status === 405 || err.status === 501))
    return http.error('no-image-api', context, e);
  if (err.kind === 'http' && err.status === 400 && noImageGeneration(text))
    return http.error('no-image-api', context, e);
  return e;
}
