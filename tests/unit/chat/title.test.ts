// @vitest-environment node
// Chat titles from the first answer: the request, the cleaning of what models answer, and a title
// asked of the test server over real HTTP (Ollama's /api/chat and the OpenAI-compatible /v1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama } from '../../fake-ollama/server.mjs';
import { cleanTitle, generateTitle, TITLE_MAX_CHARS, titleRequest } from '../../../src/lib/chat/title';
import { createProvider } from '../../../src/lib/providers';
import type { MessageRecord } from '../../../src/lib/storage/types';

const record = (role: 'user' | 'assistant', content: string): MessageRecord => ({
  id: role,
  sessionId: 's',
  parentId: null,
  role,
  content,
  status: 'done',
  createdAt: 1,
});
const question = record('user', 'quelle est la capitale de la France ?');
const answer = record('assistant', 'Paris est la capitale de la France.');

describe('cleanTitle', () => {
  it('takes the title out of what models wrap around it', () => {
    expect(cleanTitle('"Capitale de la France"')).toBe('Capitale de la France');
    expect(cleanTitle('**Title:** “Closures in JavaScript”')).toBe('Closures in JavaScript');
    expect(cleanTitle('# Titre : « Recette de crêpes »\n\nThis title sums it up.')).toBe('Recette de crêpes');
    expect(cleanTitle('\n\n  `Sorting a list`.  ')).toBe('Sorting a list');
    expect(cleanTitle('Paris trip. This title describes the conversation.')).toBe('Paris trip');
    expect(cleanTitle('- Rust ownership')).toBe('Rust ownership');
  });

  it('ignores thinking, closed or not, and keeps a question mark', () => {
    expect(cleanTitle('<think>They want a title.</think>\nWhy is the sky blue?')).toBe(
      'Why is the sky blue?',
    );
    expect(cleanTitle('<think>still thinking when the tokens ran out')).toBeNull();
  });

  it('gives up on answers with no words, and cuts long ones to a title', () => {
    expect(cleanTitle('')).toBeNull();
    expect(cleanTitle('"" ** ...')).toBeNull();
    const long = cleanTitle('one two three four five six seven eight nine ten eleven twelve');
    expect(long).toBe('one two three four five six seven eight');
    const wide = cleanTitle('Supercalifragilisticexpialidocious '.repeat(5))!;
    expect(wide.length).toBeLessThanOrEqual(TITLE_MAX_CHARS);
    expect(wide.endsWith('…')).toBe(true);
  });

  it('never lets control characters or a second line into the title', () => {
    expect(cleanTitle('Hello\u0007 \u202eworld\nrm -rf /')).toBe('Hello world');
  });

  it('makes a title of a hostile answer too (every step is one pass over a cut line)', () => {
    expect(cleanTitle(`${'.'.repeat(200_000)}${'<think>'.repeat(10_000)}`)).toBeNull();
    const long = cleanTitle(`${'a'.repeat(300_000)}\nsecond line`)!;
    expect(long.length).toBe(TITLE_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('titleRequest', () => {
  it('is short and not streamed, with thinking off where the model can turn it off', () => {
    const r = titleRequest(question, answer, 'qwen3:4b', ['completion', 'thinking'], '10m');
    expect(r).toMatchObject({ model: 'qwen3:4b', stream: false, think: false, keepAlive: '10m' });
    expect(r.options?.num_predict).toBeGreaterThan(0);
    expect(r.messages.map((x) => x.role)).toEqual(['user', 'assistant', 'user']);
    expect(r.messages[2]!.content).toMatch(/at most 6 words, in the language of my first message/);
    expect(titleRequest(question, answer, 'llama3.2', ['completion'], undefined).think).toBeUndefined();
  });

  it('lets a model that always reasons think a little, without cutting it short', () => {
    const r = titleRequest(question, answer, 'gpt-oss:20b', ['completion', 'thinking'], undefined);
    expect(r.think).toBe('low');
    expect(r.options?.num_predict).toBeUndefined();
  });

  it('sends only the start of a very long first question and answer', () => {
    const big = record('user', 'x'.repeat(100_000));
    const r = titleRequest(big, big, 'llama3.2', [], undefined);
    expect(r.messages[0]!.content.length).toBeLessThan(2000);
  });
});

describe('generateTitle against the test server', () => {
  let fake: Awaited<ReturnType<typeof startFakeOllama>>;
  beforeAll(async () => {
    fake = await startFakeOllama({ rate: 0 });
  });
  afterAll(() => fake.close());

  for (const kind of ['ollama', 'openai'] as const) {
    it(`${kind}: one request, not streamed, gives a title in the chat's language`, async () => {
      fake.reset();
      const provider = createProvider({
        baseUrl: kind === 'openai' ? `${fake.url}/v1` : fake.url,
        kind,
        auth: { type: 'none' },
      });
      const title = await generateTitle(
        provider,
        titleRequest(question, answer, 'qwen3:4b', ['completion', 'thinking'], undefined),
      );
      expect(title).toBe('Quelle Est La Capitale');
      const sent = fake.requests.filter((r) => r.method === 'POST');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.body).toMatchObject({ stream: false });
    });
  }
});
