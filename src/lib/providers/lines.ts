// Bytes to lines, shared by the NDJSON and SSE parsers. A network chunk may end in the middle of
// a line, of a CRLF pair, or of a multi-byte UTF-8 character: all three are carried over.

const LINE_BREAK = /\r\n|\r|\n/g;

/** Splits text into lines on LF, CRLF or a lone CR (SSE allows all three). Keeps the unfinished rest. */
export class LineSplitter {
  #rest = '';

  push(text: string): string[] {
    const buffer = this.#rest + text;
    const lines: string[] = [];
    let start = 0;
    LINE_BREAK.lastIndex = 0;
    for (let m = LINE_BREAK.exec(buffer); m; m = LINE_BREAK.exec(buffer)) {
      // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
      if (m[0] === '\r' && m.index === buffer.length - 1) break;
      lines.push(buffer.slice(start, m.index));
      start = m.index + m[0].length;
    }
    this.#rest = buffer.slice(start);
    return lines;
  }

  /** The stream ended: whatever is left is the last line. */
  end(): string[] {
    const rest = this.#rest;
    this.#rest = '';
    if (rest === '') return [];
    return [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
  }
}

export interface ReadLinesOptions {
  /** Aborting cancels the body, which closes the connection. */
  signal?: AbortSignal;
  /** Called for every chunk that arrives (the first one ends the first-byte wait). */
  onChunk?: () => void;
}

/**
 * Yields the body's lines as they arrive. Stopping early (`break`, `return()`) or aborting cancels
 * the body so the server sees the connection close and stops generating.
 */
export async function* readLines(
  body: ReadableStream<Uint8Array>,
  options: ReadLinesOptions = {},
): AsyncGenerator<string, void, undefined> {
  const { signal, onChunk } = options;
  const reader = body.getReader();
  // One decoder for the whole body: `stream: true` keeps a split character's first bytes.
  const decoder = new TextDecoder('utf-8');
  const splitter = new LineSplitter();
  // fetch cancels its own body on abort; a body from elsewhere needs it done here.
  const cancel = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  let isDrained = false;
  try {
    signal?.throwIfAborted();
    for (;;) {
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) break;
      onChunk?.();
      yield* splitter.push(decoder.decode(value, { stream: true }));
    }
    isDrained = true;
    yield* splitter.push(decoder.decode());
    yield* splitter.end();
  } finally {
    signal?.removeEventListener('abort', cancel);
    if (!isDrained) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
