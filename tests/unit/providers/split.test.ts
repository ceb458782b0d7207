// @vitest-environment node
// Acceptance: however the network cuts the bytes — inside a line, inside a CRLF, inside a
// multi-byte character — the answer, its thinking and its stats come out the same.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readLineBatches } from '../../../src/lib/providers/lines';
import { ollamaChatStream } from '../../../src/lib/providers/ollama';
import { openAiChatStream } from '../../../src/lib/providers/openai';
import type { ChatChunk } from '../../../src/lib/providers/types';
import {
  answerOf,
  body,
  encoder,
  ndjsonResponse,
  provider,
  splitAt,
  sseResponse,
  stubFetch,
  type Answer,
} from './helpers';

const THINKING = ['Hmm, ', 'café ', '中文 ', '🤔 ok'];
const CONTENT = ['Voilà', ': ', '中', '文 ', '👍🏽', ' done é'];

const expected = (stats: unknown): Answer => ({
  thinking: THINKING.join(''),
  content: CONTENT.join(''),
  stats,
});

function ollamaFixture(eol = '\n'): Uint8Array {
  const line = (message: Record<string, string>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      model: 'qwen3',
      created_at: '2025-05-04T17:37:44Z',
      message: { role: 'assistant', ...message },
      done: false,
      ...extra,
    });
  const lines = [
    ...THINKING.map((t) => line({ content: '', thinking: t })),
    '', // a blank line, which NDJSON readers skip
    ...CONTENT.map((c) => line({ content: c })),
    line(
      { content: '' },
      {
        done: true,
        done_reason: 'stop',
        total_duration: 4883583458,
        load_duration: 1334875,
        prompt_eval_count: 26,
        prompt_eval_duration: 342546000,
        eval_count: 282,
        eval_duration: 4535599000,
      },
    ),
  ];
  return encoder.encode(lines.join(eol) + eol);
}

const OLLAMA_STATS = {
  doneReason: 'stop',
  totalDurationNs: 4883583458,
  loadDurationNs: 1334875,
  promptEvalCount: 26,
  promptEvalDurationNs: 342546000,
  evalCount: 282,
  evalDurationNs: 4535599000,
};

function sseFixture(eol = '\n'): Uint8Array {
  const event = (data: unknown) => `data: ${JSON.stringify(data)}${eol}${eol}`;
  const delta = (d: Record<string, string>) => ({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: d, finish_reason: null }],
  });
  const [c0, c1, c2, ...rest] = CONTENT;
  const text = [
    `: keep-alive${eol}${eol}`,
    event(delta({ role: 'assistant', content: '', reasoning_content: THINKING[0]! })),
    // `data:` without the space, and the other field name servers use for reasoning.
    `data:${JSON.stringify(delta({ reasoning: THINKING[1]! }))}${eol}${eol}`,
    event(delta({ reasoning_content: THINKING[2]! })),
    event(delta({ reasoning: THINKING[3]! })),
    event(delta({ content: c0! })),
    // One event over two data lines: joined with "\n", which JSON reads as whitespace.
    `event: message${eol}data: {"choices":[{"delta":${eol}data: ${JSON.stringify({ content: c1 })}}]}${eol}${eol}`,
    event(delta({ content: c2! })),
    ...rest.map((c) => event(delta({ content: c }))),
    event({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    event({ choices: [], usage: { prompt_tokens: 26, completion_tokens: 282, total_tokens: 308 } }),
    `data: [DONE]${eol}${eol}`,
  ].join('');
  return encoder.encode(text);
}

const SSE_STATS = { doneReason: 'stop', evalCount: 282, promptEvalCount: 26 };

type Pipeline = (chunks: Uint8Array[]) => AsyncIterable<ChatChunk>;

const ollamaPipeline: Pipeline = (chunks) => ollamaChatStream(readLineBatches(body(chunks).stream));
const ssePipeline: Pipeline = (chunks) => openAiChatStream(readLineBatches(body(chunks).stream));

const cases = [
  { name: 'NDJSON (LF)', bytes: ollamaFixture(), run: ollamaPipeline, stats: OLLAMA_STATS },
  { name: 'NDJSON (CRLF)', bytes: ollamaFixture('\r\n'), run: ollamaPipeline, stats: OLLAMA_STATS },
  { name: 'SSE (LF)', bytes: sseFixture(), run: ssePipeline, stats: SSE_STATS },
  { name: 'SSE (CRLF)', bytes: sseFixture('\r\n'), run: ssePipeline, stats: SSE_STATS },
];

describe.each(cases)('$name split anywhere', ({ bytes, run, stats }) => {
  it('reads the whole body in one chunk', async () => {
    expect(await answerOf(run([bytes]))).toEqual(expected(stats));
  });

  it('gives the same answer when cut in two at every single offset', async () => {
    for (let offset = 1; offset < bytes.length; offset++) {
      const answer = await answerOf(run(splitAt(bytes, [offset])));
      expect(answer, `cut at byte ${offset}`).toEqual(expected(stats));
    }
  });

  it('gives the same answer one byte at a time', async () => {
    const offsets = Array.from({ length: bytes.length }, (_, i) => i);
    expect(await answerOf(run(splitAt(bytes, offsets)))).toEqual(expected(stats));
  });

  it('gives the same answer for any set of cuts (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 60 }),
        async (offsets) => {
          expect(await answerOf(run(splitAt(bytes, offsets)))).toEqual(expected(stats));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('through the providers and fetch', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('Ollama: random cuts, same answer', async () => {
    const bytes = ollamaFixture();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 30 }),
        async (offsets) => {
          stubFetch(() => ndjsonResponse(body(splitAt(bytes, offsets)).stream));
          const chunks = provider('ollama').chat({
            model: 'qwen3',
            messages: [{ role: 'user', content: 'hi' }],
          });
          expect(await answerOf(chunks)).toEqual(expected(OLLAMA_STATS));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('OpenAI: random cuts, same answer', async () => {
    const bytes = sseFixture('\r\n');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 30 }),
        async (offsets) => {
          stubFetch(() => sseResponse(body(splitAt(bytes, offsets)).stream));
          const chunks = provider('openai').chat({
            model: 'qwen3',
            messages: [{ role: 'user', content: 'hi' }],
          });
          expect(await answerOf(chunks)).toEqual(expected(SSE_STATS));
        },
      ),
      { numRuns: 100 },
    );
  });
});
