// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../../../src/lib/providers/errors';
import { LineSplitter, readLines } from '../../../src/lib/providers/lines';
import { parseNdjson } from '../../../src/lib/providers/ndjson';
import { ollamaChatStream } from '../../../src/lib/providers/ollama';
import { openAiChatStream } from '../../../src/lib/providers/openai';
import { SseEvents, sseMessage } from '../../../src/lib/providers/sse';
import { body, collect, encoder, settle } from './helpers';

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

describe('LineSplitter', () => {
  it('splits on LF, CRLF and a lone CR', () => {
    const s = new LineSplitter();
    expect(s.push('a\nb\r\nc\rd')).toEqual(['a', 'b', 'c']);
    expect(s.end()).toEqual(['d']);
  });

  it('ends a line at a CR that ends a chunk, and takes an LF that follows as its other half', () => {
    const s = new LineSplitter();
    expect(s.push('a\r')).toEqual(['a']);
    expect(s.push('\nb\r')).toEqual(['b']);
    expect(s.push('')).toEqual([]);
    expect(s.push('\r\n')).toEqual(['']);
    expect(s.push('\nc\n')).toEqual(['', 'c']);
  });

  it('keeps a trailing CR at the end of the stream as a line break', () => {
    const s = new LineSplitter();
    expect(s.push('last\r')).toEqual(['last']);
    expect(s.end()).toEqual([]);
  });

  it('scans each character once when a multi-megabyte line arrives in small chunks', async () => {
    // A 3 MB base64 image in one NDJSON line, cut into 2 kB network chunks (1,536 of them).
    const image = 'iVBORw0KGgo'.padEnd(3 * 1024 * 1024, 'A');
    const line = `{"images":["${image}"]}`;
    const bytes = encoder.encode(`${line}\n{"done":true}\n`);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 2048) chunks.push(bytes.slice(at, at + 2048));
    // Work is what the line-break search is handed: the text after where each search starts (an
    // upper bound, as a search stops at the first break it finds).
    let scanned = 0;
    let searches = 0;
    const exec = RegExp.prototype.exec;
    const spy = vi.spyOn(RegExp.prototype, 'exec').mockImplementation(function (this: RegExp, text: string) {
      if (this.source === '\\r\\n|\\r|\\n') {
        searches++;
        scanned += text.length - this.lastIndex;
      }
      return exec.call(this, text);
    });
    try {
      const lines = await collect(readLines(body(chunks).stream));
      expect(lines).toEqual([line, '{"done":true}']);
    } finally {
      spy.mockRestore();
    }
    expect(searches).toBeGreaterThanOrEqual(chunks.length);
    // Linear: each character is handed over about once. Rescanning the unfinished line on each
    // chunk would hand the search about 2.4 billion characters here, 750 times the input.
    expect(scanned).toBeLessThanOrEqual(2 * bytes.length);
  });
});

describe('readLines', () => {
  it('carries a UTF-8 character split across chunks', async () => {
    const bytes = encoder.encode('中🤔\n');
    const chunks = [bytes.slice(0, 1), bytes.slice(1, 4), bytes.slice(4, 6), bytes.slice(6)];
    expect(await collect(readLines(body(chunks).stream))).toEqual(['中🤔']);
  });

  it('cancels the body when the consumer stops early', async () => {
    const probe = body(['one\ntwo\n', 'three\n'], { stall: true });
    for await (const line of readLines(probe.stream)) {
      if (line === 'one') break;
    }
    expect(probe.isCancelled).toBe(true);
    // The lock is released, so the body is free again.
    expect(probe.stream.locked).toBe(false);
  });

  it('cancels the body and throws the reason when aborted while waiting', async () => {
    const probe = body(['one\n'], { stall: true });
    const controller = new AbortController();
    const lines = readLines(probe.stream, { signal: controller.signal });
    expect((await lines.next()).value).toBe('one');
    const pending = lines.next();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(probe.isCancelled).toBe(true);
  });

  it('reports each chunk as it arrives', async () => {
    let count = 0;
    await collect(readLines(body(['a', 'b\n']).stream, { onChunk: () => count++ }));
    expect(count).toBe(2);
  });
});

describe('parseNdjson', () => {
  it('skips blank lines', async () => {
    expect(await collect(parseNdjson(from(['{"a":1}', '', '  ', '{"a":2}'])))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('fails with bad-response on a malformed line, after the lines before it', async () => {
    const { items, error } = await settle(parseNdjson(from(['{"a":1}', '{"a":', '{"a":3}'])));
    expect(items).toEqual([{ a: 1 }]);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('bad-response');
  });

  it('fails with server on an {"error"} line, after the lines before it', async () => {
    const { items, error } = await settle(
      parseNdjson(from(['{"a":1}', '{"error":"model runner has unexpectedly stopped"}'])),
    );
    expect(items).toEqual([{ a: 1 }]);
    expect(error).toMatchObject({ kind: 'server', serverText: 'model runner has unexpectedly stopped' });
  });

  it('treats a line that is not an object as unreadable', async () => {
    const { error } = await settle(parseNdjson(from(['[1,2]'])));
    expect(error).toMatchObject({ kind: 'bad-response' });
  });
});

/** The events' data, as the OpenAI-compatible stream reads them. */
function sseData(lines: readonly string[]): string[] {
  const events = new SseEvents();
  const out: string[] = [];
  for (const line of lines) {
    const data = events.push(line);
    if (data !== undefined) out.push(data);
  }
  const last = events.end();
  if (last !== undefined) out.push(last);
  return out;
}

describe('server-sent events', () => {
  it('splits events on blank lines, joins data lines, skips comments and other fields', () => {
    const lines = [
      ': ping',
      'event: message',
      'id: 7',
      'data: a',
      'data:b',
      'data',
      '',
      '',
      'retry: 10',
      'data: c',
      '',
    ];
    expect(sseData(lines)).toEqual(['a\nb\n', 'c']);
  });

  it('removes one space after the colon, not more', () => {
    expect(sseData(['data:   x', ''])).toEqual(['  x']);
  });

  it('keeps an event the stream ended in', () => {
    expect(sseData(['data: last'])).toEqual(['last']);
  });

  it('fails with bad-response on unreadable data', () => {
    expect(() => sseMessage('{nope')).toThrow(expect.objectContaining({ kind: 'bad-response' }));
  });
});

const delta = (content: string) => `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}`;

describe('an OpenAI-compatible chat stream', () => {
  it('stops at [DONE] without reading further', async () => {
    const chunks = await collect(
      openAiChatStream(from([[delta('a'), '', 'data: [DONE]', '', delta('b'), '']])),
    );
    expect(chunks).toEqual([
      { type: 'content', text: 'a' },
      { type: 'done', stats: {} },
    ]);
  });

  it('fails with server on an object carrying an error, after the text before it', async () => {
    const { items, error } = await settle(
      openAiChatStream(
        from([[delta('a'), '', 'data: {"error":{"message":"boom","type":"server_error"}}', '']]),
      ),
    );
    expect(items).toEqual([{ type: 'content', text: 'a' }]);
    expect(error).toMatchObject({ kind: 'server', serverText: 'boom' });
  });

  it('joins the text of one network read into one chunk, and counts its pieces', async () => {
    const chunks = await collect(
      openAiChatStream(
        from([
          [delta('He'), '', delta('llo'), ''],
          [delta('!'), '', 'data: [DONE]', ''],
        ]),
      ),
    );
    expect(chunks).toEqual([
      { type: 'content', text: 'Hello', count: 2 },
      { type: 'content', text: '!' },
      { type: 'done', stats: {} },
    ]);
  });
});

describe('an Ollama chat stream', () => {
  const line = (o: object) => JSON.stringify(o);
  it('joins the text of one network read, thinking and answer apart, and stops at done', async () => {
    const chunks = await collect(
      ollamaChatStream(
        from([
          [
            line({ message: { thinking: 'hm' } }),
            line({ message: { thinking: 'm' } }),
            line({ message: { content: 'Hi' } }),
            line({ message: { content: ' there' } }),
          ],
          [
            line({ message: { content: '' }, done: true, eval_count: 3 }),
            line({ message: { content: 'x' } }),
          ],
        ]),
      ),
    );
    expect(chunks).toEqual([
      { type: 'thinking', text: 'hmm', count: 2 },
      { type: 'content', text: 'Hi there', count: 2 },
      { type: 'done', stats: expect.objectContaining({ evalCount: 3 }) },
    ]);
  });

  it('hands on the text before a malformed line, then fails with bad-response', async () => {
    const { items, error } = await settle(
      ollamaChatStream(
        from([
          [line({ message: { content: 'kept' } }), '{"message":', line({ message: { content: 'never' } })],
        ]),
      ),
    );
    expect(items).toEqual([{ type: 'content', text: 'kept' }]);
    expect(error).toMatchObject({ kind: 'bad-response' });
  });

  it('a body that ends without done was cut off', async () => {
    const { items, error } = await settle(ollamaChatStream(from([[line({ message: { content: 'half' } })]])));
    expect(items).toEqual([{ type: 'content', text: 'half' }]);
    expect(error).toMatchObject({ kind: 'bad-response', message: expect.stringContaining('ended early') });
  });
});
