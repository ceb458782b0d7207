// Small, defensive readers for JSON from servers we do not control.
import { ProviderError } from './errors';

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

export const obj = (v: unknown): JsonObject => (isObject(v) ? v : {});

export const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

const MAX_SERVER_TEXT = 500;

/** Server text is shown to the user: one line, cut short. */
export function shorten(text: string, max = MAX_SERVER_TEXT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The error text in any of the shapes servers use: Ollama `{"error":"…"}`, OpenAI
 * `{"error":{"message":"…"}}`, older vLLM `{"object":"error","message":"…"}`.
 */
export function errorMessageOf(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const error = body.error;
  const text = (isObject(error) ? str(error.message) : undefined) ?? str(error) ?? str(body.message);
  return text === undefined ? undefined : shorten(text);
}

/** Parses one JSON document; anything unreadable is the server's fault, not ours. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ProviderError('bad-response', { serverText: shorten(text, 200) }, { cause: e });
  }
}

/** Parses a JSON object (not an array or a bare value), as every API here answers. */
export function parseJsonObject(text: string): JsonObject {
  const value = parseJson(text);
  if (!isObject(value)) throw new ProviderError('bad-response', { serverText: shorten(text, 200) });
  return value;
}

/** An object carrying an `error` key is a failure report, whatever the status said. */
export function throwIfErrorObject(value: JsonObject): void {
  if ('error' in value && value.error !== null && value.error !== undefined) {
    throw new ProviderError('server', {
      serverText: errorMessageOf(value) ?? shorten(JSON.stringify(value.error)),
    });
  }
}

/** Drops undefined fields, so stored records and test expectations carry only what the server said. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
