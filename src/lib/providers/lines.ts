// Bytes to lines, shared by the NDJSON and SSE parsers. A network chunk may end in the middle of
// a line, of a CRLF pair, or of a multi-byte UTF-8 character: all three are carried over.

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Splits text into lines on LF, CRLF or a lone CR (SSE allows all three). Keeps the unfinished rest.
 * Each chunk is scanned once and the unfinished line is kept as pieces, so a line of many megabytes
 * (a base64 image in one NDJSON line) arriving in small chunks costs its length, not its length
 * times the number of chunks.
 */
export class LineSplitter {
  #pieces: string[] = [];
  /** The last chunk ended on CR: the line is out, and an LF starting the next one is its other half. */
  #isAfterCr = false;

  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    if (this.#isAfterCr && text !== '') {
      this.#isAfterCr = false;
      if (text.startsWith('\n')) start = 1;
    }
    LINE_BREAK.lastIndex = start;
    for (let m = LINE_BREAK.exec(text); m; m = LINE_BREAK.exec(text)) {
      this.#pieces.push(text.slice(start, m.index));
      lines.push(this.#pieces.length === 1 ? this.#pieces[0]! : this.#pieces.join(''));
      this.#pieces = [];
      start = m.index + m[0].length;
      if (m[0] === '\r' && start === text.length) this.#isAfterCr = true;
    }
    if (start < text.length) this.#pieces.push(text.slice(start));
    return lines;
  }

  /** The stream ended: whatever is left is the last line. */
  end(): string[] {
    const rest = this.#pieces.join('');
    this.#pieces = [];
    this.#isAfterCr = false;
    return rest === '' ? [] : [rest];
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
