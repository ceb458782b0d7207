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
 * Yields the body's lines as they arrive, as one array per network read (never empty). A fast
 * server sends many lines per read; handing them over together lets a parser go through them in
 * one step instead of one asynchronous step per line, which is most of what a token costs.
 * Stopping early (`break`, `return()`) or aborting cancels the body so the server sees the
 * connection close and stops generating.
 */
export async function* readLineBatches(
  body: ReadableStream<Uint8Array>,
  options: ReadLinesOptions = {},
): AsyncGenerator<string[], void, undefined> {
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
      const lines = splitter.push(decoder.decode(value, { stream: true }));
      if (lines.length > 0) yield lines;
    }
    isDrained = true;
    const rest = [...splitter.push(decoder.decode()), ...splitter.end()];
    if (rest.length > 0) yield rest;
  } finally {
    signal?.removeEventListener('abort', cancel);
    if (!isDrained) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** The lines of `batches`, one at a time (for streams where lines come slowly: pulls, pictures). */
export async function* eachLine(batches: AsyncIterable<string[]>): AsyncGenerator<string, void, undefined> {
  for await (const batch of batches) yield* batch;
}

/** Yields the body's lines one at a time (see readLineBatches). */
export function readLines(
  body: ReadableStream<Uint8Array>,
  options: ReadLinesOptions = {},
): AsyncGenerator<string, void, undefined> {
  return eachLine(readLineBatches(body, options));
}
