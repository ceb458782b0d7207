// Server-sent events (OpenAI-compatible streams), as much of the format as chat servers use.
import { parseJsonObject, throwIfErrorObject, type JsonObject } from './json';

/** Yields the data of each event: `data:` lines joined with "\n", other fields and comments skipped. */
export async function* parseSseData(lines: AsyncIterable<string>): AsyncGenerator<string, void, undefined> {
  let data: string[] = [];
  for await (const line of lines) {
    if (line === '') {
      if (data.length > 0) yield data.join('\n');
      data = [];
      continue;
    }
    if (line.startsWith(':')) continue; // a comment, used as a keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') continue;
    const value = colon === -1 ? '' : line.slice(colon + 1);
    data.push(value.startsWith(' ') ? value.slice(1) : value);
  }
  // The spec drops an event the stream ended in; we keep it, since losing a server's last words
  // (often the usage) to a missing blank line helps nobody.
  if (data.length > 0) yield data.join('\n');
}

export type SseMessage = { type: 'data'; value: JsonObject } | { type: 'done' };

/**
 * Yields each event's JSON object, then `{ type: 'done' }` at `[DONE]` (and stops reading).
 * Unreadable JSON fails with 'bad-response', an object with an `error` key with 'server'.
 */
export async function* parseSseJson(
  lines: AsyncIterable<string>,
): AsyncGenerator<SseMessage, void, undefined> {
  for await (const data of parseSseData(lines)) {
    if (data.trim() === '[DONE]') {
      yield { type: 'done' };
      return;
    }
    const value = parseJsonObject(data);
    throwIfErrorObject(value);
    yield { type: 'data', value };
  }
}
