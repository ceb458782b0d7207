// Server-sent events (OpenAI-compatible streams), as much of the format as chat servers use.
import { parseJsonObject, throwIfErrorObject, type JsonObject } from './json';

/**
 * Assembles events from lines: `data:` lines joined with "\n", other fields and comments skipped.
 * `push` returns an event's data when a blank line ends it.
 */
export class SseEvents {
  #data: string[] = [];

  push(line: string): string | undefined {
    if (line === '') {
      const event = this.#data.length > 0 ? this.#data.join('\n') : undefined;
      this.#data = [];
      return event;
    }
    if (line.startsWith(':')) return undefined; // a comment, used as a keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') return undefined;
    const value = colon === -1 ? '' : line.slice(colon + 1);
    this.#data.push(value.startsWith(' ') ? value.slice(1) : value);
    return undefined;
  }

  /**
   * The stream ended. The spec drops an event the stream ended in; we keep it, since losing a
   * server's last words (often the usage) to a missing blank line helps nobody.
   */
  end(): string | undefined {
    const event = this.#data.length > 0 ? this.#data.join('\n') : undefined;
    this.#data = [];
    return event;
  }
}

export type SseMessage = { type: 'data'; value: JsonObject } | { type: 'done' };

/**
 * An event's data as a message: `[DONE]`, or its JSON object. Unreadable JSON fails with
 * 'bad-response', an object with an `error` key with 'server'.
 */
export function sseMessage(data: string): SseMessage {
  if (data.trim() === '[DONE]') return { type: 'done' };
  const value = parseJsonObject(data);
  throwIfErrorObject(value);
  return { type: 'data', value };
}
