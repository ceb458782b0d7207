// @vitest-environment node
// The test server's embedding routes (issue 14): vectors that follow the words of the text, so an
// end-to-end test can tell which chunk of a document a question lands on, in both API shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModels, smallContextModel, startFakeOllama } from '../fake-ollama/server.mjs';

type Fake = Awaited<ReturnType<typeof startFakeOllama>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const post = async (base: string, path: string, body: unknown) => {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
};

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

const PASSAGES = [
  'The lighthouse keeper painted the tower vermilion in the spring of 1903.',
  'Photosynthesis turns light, water and carbon dioxide into sugar and oxygen.',
  'The treaty was signed in Vienna after eleven weeks of negotiation.',
];

describe('fake Ollama: embeddings', () => {
  let fake: Fake;
  beforeAll(async () => {
    fake = await startFakeOllama({ models: [...defaultModels(), smallContextModel()] });
  });
  afterAll(() => fake.close());

  it('/api/embed gives unit vectors of the model’s length, the same for the same text', async () => {
    const a = await post(fake.url, '/api/embed', { model: 'all-minilm', input: PASSAGES });
    expect(a.status).toBe(200);
    expect(a.body.embeddings).toHaveLength(3);
    for (const v of a.body.embeddings) {
      expect(v).toHaveLength(384);
      expect(dot(v, v)).toBeCloseTo(1, 5);
    }
    const again = await post(fake.url, '/api/embed', { model: 'all-minilm', input: PASSAGES[1] });
    expect(again.body.embeddings[0]).toEqual(a.body.embeddings[1]);
    expect(a.body.prompt_eval_count).toBeGreaterThan(0);
  });

  it('a question is closest to the passage that shares its words', async () => {
    const { body } = await post(fake.url, '/api/embed', {
      model: 'all-minilm',
      input: [...PASSAGES, 'What colour did the keeper paint the lighthouse tower?'],
    });
    const [p0, p1, p2, q] = body.embeddings as number[][];
    expect(dot(q!, p0!)).toBeGreaterThan(dot(q!, p1!));
    expect(dot(q!, p0!)).toBeGreaterThan(dot(q!, p2!));
  });

  it('/v1/embeddings answers in the OpenAI shape with the same vectors', async () => {
    const native = await post(fake.url, '/api/embed', { model: 'all-minilm', input: PASSAGES });
    const v1 = await post(fake.url, '/v1/embeddings', { model: 'all-minilm', input: PASSAGES });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ object: 'list', model: 'all-minilm' });
    expect(v1.body.data.map((d: Json) => d.index)).toEqual([0, 1, 2]);
    expect(v1.body.data.map((d: Json) => d.embedding)).toEqual(native.body.embeddings);
    expect(v1.body.usage.prompt_tokens).toBe(native.body.prompt_eval_count);
  });

  it('refuses what Ollama refuses, in each API’s error shape', async () => {
    const missing = await post(fake.url, '/api/embed', { model: 'nope', input: 'x' });
    expect(missing).toEqual({ status: 404, body: { error: "model 'nope' not found" } });
    const badType = await post(fake.url, '/api/embed', { model: 'all-minilm', input: [1, 2] });
    expect(badType).toEqual({ status: 400, body: { error: 'invalid input type' } });
    const empty = await post(fake.url, '/v1/embeddings', { model: 'all-minilm', input: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ message: 'invalid input', type: 'invalid_request_error' });
    const v1Missing = await post(fake.url, '/v1/embeddings', { model: 'nope', input: 'x' });
    expect(v1Missing.status).toBe(404);
    expect(v1Missing.body.error.type).toBe('not_found_error');
  });

  it('offers a model with a 2,048-token window for overflow tests', async () => {
    const { body } = await post(fake.url, '/api/show', { model: 'tinyllama' });
    expect(body.model_info['llama.context_length']).toBe(2048);
    expect(body.capabilities).toEqual(['completion']);
  });
});
