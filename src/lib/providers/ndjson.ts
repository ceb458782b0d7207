// NDJSON (Ollama's streams): one JSON object per line.
import { ProviderError } from './errors';
import { isObject, parseJson, shorten, throwIfErrorObject, type JsonObject } from './json';

/**
 * One line's object, or undefined for a blank line. A malformed line fails with 'bad-response',
 * an `{"error":…}` line with 'server'.
 */
export function ndjsonObject(line: string): JsonObject | undefined {
  if (line.trim() === '') return undefined;
  const value = parseJson(line);
  if (!isObject(value)) throw new ProviderError('bad-response', { serverText: shorten(line, 200) });
  throwIfErrorObject(value);
  return value;
}

/**
 * Yields each line's object. Blank lines are skipped. A malformed line fails with 'bad-response'
 * and an `{"error":…}` line with 'server' — both only after every line before them was yielded,
 * so text that arrived before a failure is never lost.
 */
export async function* parseNdjson(
  lines: AsyncIterable<string>,
): AsyncGenerator<JsonObject, void, undefined> {
  for await (const line of lines) {
    const value = ndjsonObject(line);
    if (value) yield value;
  }
}
