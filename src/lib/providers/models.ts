// Which models can chat, and small helpers shared by the providers' model lists.
import type { Capability, ModelSummary } from './types';

/** Names and families of embedding models (nomic-embed-text, all-minilm, bge-m3, text-embedding-3-…). */
function looksLikeEmbedding(m: ModelSummary): boolean {
  return /embed/i.test(m.name) || /(^|-)bert$/i.test(m.family ?? '');
}

/** Capabilities for a server that reports none: chat unless the model is clearly an embedding model. */
export function inferCapabilities(m: ModelSummary): Capability[] {
  return looksLikeEmbedding(m) ? ['embedding'] : ['completion'];
}

/** True when the model can answer a chat: it has `completion`, or nothing says it can't. */
export function isChatModel(m: ModelSummary): boolean {
  // An empty list says as little as a missing one.
  if (m.capabilities?.length) return m.capabilities.includes('completion');
  return !looksLikeEmbedding(m);
}

/** Runs `task` over `items` with at most `limit` at once. */
export async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Ollama's images are raw base64; tolerate a data URL handed in by mistake. */
export const stripDataUrl = (base64: string): string => base64.replace(/^data:[^,]*,/, '');
