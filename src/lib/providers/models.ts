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

/**
 * A server that lists one name twice (a proxy merging two backends, a hostile server) would make
 * the picker's keyed list throw: keep the first entry of each name, in the server's order.
 */
export function dedupeModels<T extends { name: string }>(models: readonly T[]): T[] {
  const seen = new Set<string>();
  return models.filter((m) => {
    if (seen.has(m.name)) return false;
    seen.add(m.name);
    return true;
  });
}

/** Longer than Ollama's MaxNamePartLen, a name is shown as text and never put in a command. */
const MAX_MODEL_NAME = 128;
// Ollama's types/model/name.go, read right to left there: [host/][namespace/]model[:tag][+build].
// Bytes are letters, digits, '_', '-', '.'; a namespace has no '.'; a single prefix is a
// namespace, so "x.y/model" is invalid. Names with an @digest are left out (shown as text).
const PART = '[A-Za-z0-9_.-]+';
const NAMESPACE = '[A-Za-z0-9_-]+';
const OLLAMA_NAME = new RegExp(
  `^(?:${PART}/${NAMESPACE}/|${NAMESPACE}/)?${PART}(?::${PART})?(?:\\+${PART})?$`,
);

/**
 * True when `name` follows Ollama's model-name grammar, so it may appear in a command the user
 * copies (`ollama pull …`): no spaces, quotes, `;`, `|`, `$` or anything else a shell reads.
 */
export function isOllamaModelName(name: string): boolean {
  const bare = name.startsWith('http://')
    ? name.slice('http://'.length)
    : name.startsWith('https://')
      ? name.slice('https://'.length)
      : name;
  if (bare.length === 0 || bare.length > MAX_MODEL_NAME || bare.includes('..')) return false;
  return OLLAMA_NAME.test(bare);
}

/** A path-like id (`/models/x.gguf`, `C:\models\x.gguf`, `x.gguf`), as llama-server lists it by default. */
function isFilePath(id: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\.{1,2}[\\/])/.test(id) || /\.(gguf|bin|safetensors)$/i.test(id);
}

/**
 * The name to show for a model id: llama-server without `--alias` names its model by the file's
 * path, which is long and says little; its file name is what the user recognises. Ollama names
 * (`hf.co/user/model:tag`) are shown whole.
 */
export function displayModelName(id: string): string {
  if (!isFilePath(id)) return id;
  const base = id.split(/[\\/]/).pop() ?? id;
  return base || id;
}

/**
 * A server may list a name of any length (a hostile one, a megabyte): at most 200 characters of it
 * are shown, the rest cut with "…". The whole name is still what is asked for and stored.
 */
export const shownModelName = (name: string): string => (name.length > 200 ? `${name.slice(0, 199)}…` : name);

/** True when the shown name is shorter than the id: the UI then says where the full id comes from. */
export const isShortenedModelName = (id: string): boolean => displayModelName(id) !== id;
