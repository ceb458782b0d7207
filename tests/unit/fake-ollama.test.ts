// @vitest-environment node
// The fake Ollama server is the ground truth for every end-to-end test and benchmark, so it gets
// tested like production code: real HTTP over 127.0.0.1, real fetch, real aborts.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  compileOriginPolicy,
  defaultModels,
  originsFromEnv,
  parseGoDuration,
  startFakeOllama,
} from '../fake-ollama/server.mjs';
import { startHitCounter } from '../fake-ollama/hits.mjs';
import { defaultReply, markdownDocument, tokenize } from '../fake-ollama/replies.mjs';

type Fake = Awaited<ReturnType<typeof startFakeOllama>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALLOWED = 'http://localhost:5173';
const FOREIGN = 'http://causerie.test';
const HELLO = [{ role: 'user', content: 'hello' }];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clock = () => performance.timeOrigin + performance.now();

function post(
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
) {
  return fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
}

async function ndjson(res: Response): Promise<Json[]> {
  const text = await res.text();
  expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Json);
}

/** SSE data payloads in order; '[DONE]' stays a string. */
async function sse(res: Response): Promise<(Json | string)[]> {
  const text = await res.text();
  const events = text.split('\n\n');
  expect(events.pop()).toBe(''); // every event is terminated by a blank line
  return events.map((event) => {
    expect(event.startsWith('data: ')).toBe(true);
    const data = event.slice('data: '.length);
    return data === '[DONE]' ? data : (JSON.parse(data) as Json);
  });
}

let fake: Fake;

beforeAll(async () => {
  fake = await startFakeOllama({ port: 0 });
});

afterEach(() => {
  fake.reset();
  fake.setOptions({
    rate: 0,
    origins: [],
    firstByteDelayMs: 0,
    replies: undefined,
    tagsCapabilities: false,
    redirect: undefined,
    allowAnyHeaders: false,
    signedIn: false,
    flavor: 'ollama',
    contextSize: undefined,
    models: defaultModels(),
  });
});

afterAll(async () => {
  await fake.close();
});

describe('tokenizer and scripted replies', () => {
  it('splits text into small tokens that join back exactly, without splitting characters', () => {
    const text = defaultReply(HELLO) + ' internationalization 🙂🙂🙂 中文中文中文中文中文\n\n  indented';
    const tokens = tokenize(text);
    expect(tokens.join('')).toBe(text);
    expect(tokens).toContain('inter');
    for (const token of tokens) {
      expect(Buffer.from(token).toString()).toBe(token); // no lone surrogate halves
      expect(Array.from(token.trimEnd()).length).toBeLessThanOrEqual(8);
    }
  });

  it('quotes the user and carries multi-byte characters in 30 to 60 tokens', () => {
    const reply = defaultReply(HELLO);
    expect(reply.startsWith('You said: "hello". ')).toBe(true);
    for (const char of ['é', '中', '🙂']) expect(reply).toContain(char);
    expect(tokenize(reply).length).toBeGreaterThanOrEqual(30);
    expect(tokenize(reply).length).toBeLessThanOrEqual(60);
  });

  it('builds markdown documents of a requested length', () => {
    const doc = markdownDocument(5000);
    const count = tokenize(doc).length;
    expect(count).toBeGreaterThanOrEqual(5000);
    expect(count).toBeLessThan(5300);
    for (const part of ['\n## ', '\n- ', '|---|', '```ts', '```python', '$E = mc^2$', '$$\n']) {
      expect(doc).toContain(part);
    }
  });
});

describe('plain endpoints', () => {
  it('answers /, HEAD / and /api/version', async () => {
    const root = await fetch(fake.url + '/');
    expect(await root.text()).toBe('Ollama is running');
    expect((await fetch(fake.url + '/', { method: 'HEAD' })).status).toBe(200);
    expect(await (await fetch(fake.url + '/api/version')).json()).toEqual({ version: '0.5.1' });
  });

  it('lists every model in /api/tags, the embedding one included, without capabilities', async () => {
    const { models } = (await (await fetch(fake.url + '/api/tags')).json()) as Json;
    expect(models.map((m: Json) => m.name)).toEqual([
      'llama3.2:latest',
      'llava:7b',
      'qwen3:4b',
      'all-minilm:latest',
      'markdown:latest',
    ]);
    expect(models[0]).toMatchObject({
      model: 'llama3.2:latest',
      size: 2019393189,
      details: { format: 'gguf', family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
    });
    expect(models[0].digest).toMatch(/^[0-9a-f]{64}$/);
    expect(models.some((m: Json) => 'capabilities' in m)).toBe(false);

    fake.setOptions({ tagsCapabilities: true });
    const withCaps = (await (await fetch(fake.url + '/api/tags')).json()) as Json;
    expect(withCaps.models[2].capabilities).toEqual(['completion', 'tools', 'thinking']);
  });

  it('describes models in /api/show and 404s unknown ones', async () => {
    const show = (await (await post(fake.url, '/api/show', { model: 'llama3.2' })).json()) as Json;
    expect(show.capabilities).toEqual(['completion', 'tools']);
    expect(show.model_info['general.architecture']).toBe('llama');
    expect(show.model_info['llama.context_length']).toBe(131072);
    expect(show.parameters).toContain('stop');
    expect(typeof show.template).toBe('string');
    expect(typeof show.license).toBe('string');
    expect(show.modified_at).toBe('2025-05-04T17:37:44.706015396-07:00');

    const minilm = (await (await post(fake.url, '/api/show', { model: 'all-minilm' })).json()) as Json;
    expect(minilm.capabilities).toEqual(['embedding']);
    expect(minilm.model_info['bert.context_length']).toBe(512);

    const missing = await post(fake.url, '/api/show', { model: 'nope' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "model 'nope' not found" });
  });

  it('pulls with NDJSON progress, deletes, and reset() restores the list', async () => {
    const started = clock();
    const lines = await ndjson(await post(fake.url, '/api/pull', { model: 'tinyllama' }));
    expect(clock() - started).toBeGreaterThan(150);
    expect(lines[0]).toEqual({ status: 'pulling manifest' });
    expect(lines[1]).not.toHaveProperty('completed');
    expect(lines[2]).toMatchObject({ digest: expect.stringMatching(/^sha256:/), total: 637700138 });
    expect(lines.at(-1)).toEqual({ status: 'success' });
    let tags = (await (await fetch(fake.url + '/api/tags')).json()) as Json;
    expect(tags.models[0].name).toBe('tinyllama:latest');

    const bad = await ndjson(await post(fake.url, '/api/pull', { model: 'no-such-model' }));
    expect(bad.at(-1)).toEqual({ error: 'pull model manifest: file does not exist' });

    const del = await fetch(fake.url + '/api/delete', {
      method: 'DELETE',
      body: JSON.stringify({ model: 'llava:7b' }),
    });
    expect(del.status).toBe(200);
    expect(await del.text()).toBe('');
    const again = await fetch(fake.url + '/api/delete', {
      method: 'DELETE',
      body: JSON.stringify({ model: 'llava:7b' }),
    });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: "model 'llava:7b' not found" });

    fake.reset();
    tags = (await (await fetch(fake.url + '/api/tags')).json()) as Json;
    expect(tags.models).toHaveLength(5);
    expect(tags.models.map((m: Json) => m.name)).toContain('llava:7b');
  });

  it('embeds deterministically and reports loaded models in /api/ps', async () => {
    const embed = async () =>
      (await (await post(fake.url, '/api/embed', { model: 'all-minilm', input: ['a', 'b'] })).json()) as Json;
    const first = await embed();
    expect(first.embeddings).toHaveLength(2);
    expect(first.embeddings[0]).toHaveLength(384);
    expect((await embed()).embeddings).toEqual(first.embeddings);

    expect(((await (await fetch(fake.url + '/api/ps')).json()) as Json).models).toEqual([]);
    await (await post(fake.url, '/api/chat', { model: 'llama3.2', messages: HELLO, stream: false })).json();
    const ps = (await (await fetch(fake.url + '/api/ps')).json()) as Json;
    expect(ps.models[0]).toMatchObject({ name: 'llama3.2:latest', context_length: 4096 });
    const unload = await post(fake.url, '/api/chat', { model: 'llama3.2', messages: [], keep_alive: 0 });
    expect(((await unload.json()) as Json).done_reason).toBe('unload');
    expect(((await (await fetch(fake.url + '/api/ps')).json()) as Json).models).toEqual([]);
  });

  it('answers /v1/models, with data: null when nothing is installed', async () => {
    const list = (await (await fetch(fake.url + '/v1/models')).json()) as Json;
    expect(list.object).toBe('list');
    expect(list.data[0]).toEqual({
      id: 'llama3.2:latest',
      object: 'model',
      created: 1746405464,
      owned_by: 'library',
    });

    const empty = await startFakeOllama({ models: [] });
    try {
      expect(await (await fetch(empty.url + '/v1/models')).json()).toEqual({ object: 'list', data: null });
      expect(await (await fetch(empty.url + '/api/tags')).json()).toEqual({ models: [] });
    } finally {
      await empty.close();
    }
  });

  it('answers unknown paths with 404 and wrong methods with 405, like gin', async () => {
    expect((await fetch(fake.url + '/api/nothing')).status).toBe(404);
    expect((await fetch(fake.url + '/api/chat')).status).toBe(405);
  });
});

describe('CORS', () => {
  it('lets an allowed origin in and labels the reply', async () => {
    const res = await fetch(fake.url + '/api/tags', { headers: { origin: ALLOWED } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('answers a foreign origin with 403, an empty body and no CORS headers, preflight or not', async () => {
    const requests = [
      fetch(fake.url + '/api/tags', { headers: { origin: FOREIGN } }),
      post(fake.url, '/api/chat', { model: 'llama3.2', messages: HELLO }, { origin: FOREIGN }),
      fetch(fake.url + '/api/chat', {
        method: 'OPTIONS',
        headers: { origin: FOREIGN, 'access-control-request-method': 'POST' },
      }),
    ];
    for (const res of await Promise.all(requests)) {
      expect(res.status).toBe(403);
      expect(await res.text()).toBe('');
      expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
      expect(res.headers.get('vary')).toBeNull();
    }
    expect(fake.requests.filter((r) => r.status === 403)).toHaveLength(3);
  });

  it('answers an allowed preflight with 204 and the exact headers', async () => {
    const res = await fetch(fake.url + '/api/chat', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:8080',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS');
    const allowHeaders = res.headers.get('access-control-allow-headers') ?? '';
    expect(
      allowHeaders.startsWith('Authorization,Content-Type,User-Agent,Accept,X-Requested-With,Openai-Beta,'),
    ).toBe(true);
    expect(allowHeaders.split(',')).toHaveLength(18);
    expect(allowHeaders).toContain('X-Stainless-Timeout');
    expect(res.headers.get('access-control-max-age')).toBe('43200');
    expect(res.headers.get('vary')).toContain('Origin');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets requests without Origin, or from the server’s own host, through without CORS headers', async () => {
    for (const headers of [{}, { origin: fake.url }] as Record<string, string>[]) {
      const res = await fetch(fake.url + '/api/version', { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('accepts the default allow-list', async () => {
    for (const origin of ['https://localhost', 'http://0.0.0.0:3000', 'app://x', 'tauri://localhost']) {
      const res = await fetch(fake.url + '/api/version', { headers: { origin } });
      expect(res.status, origin).toBe(200);
    }
  });

  it('adds configured origins with single-* wildcards, and "*" allows everything', async () => {
    fake.setOptions({ origins: ['https://*.github.io', 'https://app.example.com'] });
    const status = async (origin: string) =>
      (await fetch(fake.url + '/api/version', { headers: { origin } })).status;
    expect(await status('https://someone.github.io')).toBe(200);
    expect(await status('https://app.example.com')).toBe(200);
    expect(await status('https://evil.example.com')).toBe(403);
    expect(await status('null')).toBe(403);

    fake.setOptions({ origins: ['*'] });
    const res = await fetch(fake.url + '/api/version', { headers: { origin: 'null' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(fake.url + '/api/chat', {
      method: 'OPTIONS',
      headers: { origin: FOREIGN },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses the allow-list entries Ollama refuses at start-up', () => {
    expect(() => compileOriginPolicy(['null'])).toThrow(/bad origin/);
    expect(() => compileOriginPolicy(['https://*.*.io'])).toThrow(/only one \*/);
  });

  it('puts CORS headers on error responses so pages can read them', async () => {
    const res = await post(fake.url, '/api/chat', { model: 'foo', messages: HELLO }, { origin: ALLOWED });
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(await res.json()).toEqual({ error: "model 'foo' not found" });
  });
});

describe('auth in front of the server', () => {
  let guarded: Fake;
  beforeAll(async () => {
    guarded = await startFakeOllama({ basicAuth: { username: 'student', password: 's3cret' } });
  });
  afterAll(async () => {
    await guarded.close();
  });
  const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');

  it('rejects missing or wrong credentials with 401, WWW-Authenticate and CORS headers', async () => {
    for (const headers of [{}, { authorization: basic('student', 'wrong') }] as Record<string, string>[]) {
      const res = await fetch(guarded.url + '/api/tags', { headers: { origin: ALLOWED, ...headers } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="Ollama"');
      expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(await res.json()).toEqual({ error: 'unauthorized' });
    }
  });

  it('accepts the right credentials and never challenges a preflight', async () => {
    const ok = await fetch(guarded.url + '/api/tags', {
      headers: { authorization: basic('student', 's3cret') },
    });
    expect(ok.status).toBe(200);
    const preflight = await fetch(guarded.url + '/api/chat', {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
  });

  it('requires a bearer key on /api and /v1 only', async () => {
    const keyed = await startFakeOllama({ bearer: 'sk-test' });
    try {
      const v1 = await fetch(keyed.url + '/v1/models');
      expect(v1.status).toBe(401);
      expect(((await v1.json()) as Json).error).toMatchObject({ message: expect.any(String), param: null });
      expect((await fetch(keyed.url + '/api/tags')).status).toBe(401);
      expect((await fetch(keyed.url + '/')).status).toBe(200);
      const ok = await fetch(keyed.url + '/v1/models', { headers: { authorization: 'Bearer sk-test' } });
      expect(ok.status).toBe(200);
    } finally {
      await keyed.close();
    }
  });
});

describe('/api/chat and /api/generate', () => {
  it('streams one token per NDJSON line that concatenate to the reply, then the stats', async () => {
    const res = await post(fake.url, '/api/chat', { model: 'llama3.2', messages: HELLO });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = await ndjson(res);
    const reply = defaultReply(HELLO);
    const tokens = tokenize(reply);
    const body = lines.slice(0, -1);
    expect(body.map((l) => l.message.content)).toEqual(tokens);
    expect(
      body.every((l) => l.done === false && l.model === 'llama3.2' && l.message.role === 'assistant'),
    ).toBe(true);
    expect(body[0]?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const last = lines.at(-1) as Json;
    expect(last).toMatchObject({
      done: true,
      done_reason: 'stop',
      message: { role: 'assistant', content: '' },
    });
    expect(last.eval_count).toBe(tokens.length);
    // ceil("hello".length / 4) + the template's 4 tokens around the message + 3 for the answer's header
    expect(last.prompt_eval_count).toBe(9);
    expect(last.load_duration).toBe(12_000_000);
    for (const key of ['total_duration', 'prompt_eval_duration', 'eval_duration']) {
      expect(last[key]).toBeGreaterThan(0);
    }
    expect(fake.requests.at(-1)).toMatchObject({ path: '/api/chat', status: 200, closedEarly: false });
    expect((fake.requests.at(-1)?.body as Json).model).toBe('llama3.2');
  });

  it('answers stream:false with one object', async () => {
    const res = await post(fake.url, '/api/chat', { model: 'llama3.2', messages: HELLO, stream: false });
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as Json;
    expect(body.message.content).toBe(defaultReply(HELLO));
    expect(body).toMatchObject({
      done: true,
      done_reason: 'stop',
      eval_count: tokenize(defaultReply(HELLO)).length,
    });
  });

  it('streams thinking before content for thinking models, unless think is false', async () => {
    const lines = await ndjson(
      await post(fake.url, '/api/chat', { model: 'qwen3:4b', messages: HELLO, think: true }),
    );
    const thinking = lines.findIndex((l) => l.message.thinking);
    const content = lines.findIndex((l) => l.message.content);
    expect(thinking).toBe(0);
    expect(content).toBeGreaterThan(thinking);
    expect(lines.slice(content, -1).every((l) => l.message.thinking === undefined)).toBe(true);
    expect((lines.at(-1) as Json).eval_count).toBe(lines.length - 1);

    const plain = await ndjson(
      await post(fake.url, '/api/chat', { model: 'qwen3:4b', messages: HELLO, think: false }),
    );
    expect(plain.some((l) => l.message.thinking)).toBe(false);
  });

  it('returns Ollama’s validation errors', async () => {
    const cases: [unknown, number, string][] = [
      [{ model: 'llama3.2', messages: HELLO, think: true }, 400, '"llama3.2" does not support thinking'],
      [{ model: 'all-minilm:latest', messages: HELLO }, 400, '"all-minilm:latest" does not support chat'],
      [{ model: 'foo', messages: HELLO }, 404, "model 'foo' not found"],
      [{ messages: HELLO }, 400, 'model is required'],
      ['{"model":', 400, 'unexpected EOF'],
      ['xyz', 400, "invalid character 'x' looking for beginning of value"],
    ];
    for (const [body, status, error] of cases) {
      const res = await post(fake.url, '/api/chat', body);
      expect(res.status, error).toBe(status);
      expect(await res.json()).toEqual({ error });
    }
    const generate = await post(fake.url, '/api/generate', { model: 'all-minilm', prompt: 'hi' });
    expect(await generate.json()).toEqual({ error: '"all-minilm" does not support generate' });
  });

  it('loads the model for an empty message list', async () => {
    const body = (await (
      await post(fake.url, '/api/chat', { model: 'llama3.2', messages: [] })
    ).json()) as Json;
    expect(body).toMatchObject({
      done: true,
      done_reason: 'load',
      message: { role: 'assistant', content: '' },
    });
  });

  it('stops after num_predict tokens with done_reason "length" and caps the prompt at num_ctx', async () => {
    const messages = [{ role: 'user', content: 'x'.repeat(400) }];
    const lines = await ndjson(
      await post(fake.url, '/api/chat', {
        model: 'llama3.2',
        messages,
        options: { num_predict: 5, num_ctx: 64 },
      }),
    );
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toMatchObject({ done_reason: 'length', eval_count: 5, prompt_eval_count: 64 });
  });

  it('streams /api/generate as `response` chunks with a final context', async () => {
    const lines = await ndjson(await post(fake.url, '/api/generate', { model: 'llama3.2', prompt: 'hello' }));
    expect(
      lines
        .slice(0, -1)
        .map((l) => l.response)
        .join(''),
    ).toBe(defaultReply(HELLO));
    const last = lines.at(-1) as Json;
    expect(last).toMatchObject({ done: true, done_reason: 'stop', response: '' });
    expect(Array.isArray(last.context)).toBe(true);
  });

  it('uses scripted replies, as strings or functions', async () => {
    fake.setOptions({
      replies: {
        'llama3.2:latest': 'Fixed answer.',
        'qwen3:4b': (messages) => ({ content: `${messages.length} messages`, thinking: 'Hmm.' }),
      },
    });
    const fixed = (await (
      await post(fake.url, '/api/chat', { model: 'llama3.2', messages: HELLO, stream: false })
    ).json()) as Json;
    expect(fixed.message.content).toBe('Fixed answer.');
    const fn = (await (
      await post(fake.url, '/api/chat', { model: 'qwen3:4b', messages: HELLO, stream: false })
    ).json()) as Json;
    expect(fn.message).toEqual({ role: 'assistant', content: '1 messages', thinking: 'Hmm.' });
  });

  it('replies with long markdown from markdown:latest, sized by "tokens=N"', async () => {
    const messages = [{ role: 'user', content: 'Write tokens=2000' }];
    const body = (await (
      await post(fake.url, '/api/chat', { model: 'markdown', messages, stream: false })
    ).json()) as Json;
    expect(body.message.content).toBe(markdownDocument(2000));
    expect(body.eval_count).toBeGreaterThanOrEqual(2000);
  });

  it('paces tokens at the configured rate and delays the first byte', async () => {
    fake.setOptions({ rate: 100, firstByteDelayMs: 150 });
    const started = clock();
    const res = await post(fake.url, '/api/chat', { model: 'llama3.2', messages: HELLO });
    const headersAt = clock() - started;
    const lines = await ndjson(res);
    const elapsed = clock() - started;
    const tokens = lines.length - 1;
    expect(headersAt).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeGreaterThanOrEqual(140 + ((tokens - 1) / 100) * 1000 * 0.9);
    expect((lines.at(-1) as Json).eval_duration).toBe(tokens * 10_000_000); // exactly 100 tok/s
  });

  it('keeps one token per line at 3,000 tokens/s', async () => {
    fake.setOptions({ rate: 3000 });
    const messages = [{ role: 'user', content: 'tokens=3000' }];
    const started = clock();
    const res = await post(fake.url, '/api/chat', { model: 'markdown:latest', messages });
    const lines = await ndjson(res);
    const elapsed = clock() - started;
    const last = lines.at(-1) as Json;
    expect(last.eval_count).toBe(lines.length - 1);
    expect(last.eval_count).toBeGreaterThanOrEqual(3000);
    // At least the time 3,000 tokens take at that rate (no upper bound: a loaded machine is slower).
    expect(elapsed).toBeGreaterThan(800);
    expect(fake.requests.at(-1)?.chunksWritten).toBe(lines.length);
  });

  it('records a request the client aborts as closedEarly and stops writing at once', async () => {
    fake.setOptions({ rate: 20 });
    const controller = new AbortController();
    const res = await post(
      fake.url,
      '/api/chat',
      { model: 'llama3.2', messages: HELLO },
      {},
      controller.signal,
    );
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const request = await fake.waitForRequest((r) => r.path === '/api/chat');
    controller.abort();
    await fake.waitForClose(request);
    expect(request.closedEarly).toBe(true);
    expect(request.endedAt).toBeUndefined();
    const written = request.chunksWritten;
    await sleep(200);
    expect(request.chunksWritten).toBe(written);
    expect(written).toBeLessThan(tokenize(defaultReply(HELLO)).length);
  });

  it('survives lines cut inside multi-byte characters (splitUtf8Writes)', async () => {
    const split = await startFakeOllama({ splitUtf8Writes: true });
    try {
      const lines = await ndjson(await post(split.url, '/api/chat', { model: 'llama3.2', messages: HELLO }));
      const text = lines.map((l) => l.message.content).join('');
      expect(text).toBe(defaultReply(HELLO));
    } finally {
      await split.close();
    }
  });
});

describe('faults', () => {
  it('midstream-error: N tokens, then an {"error"} line, status still 200', async () => {
    fake.fault({ kind: 'midstream-error', afterTokens: 4, message: 'boom' });
    const res = await post(fake.url, '/api/chat', { model: 'llama3.2', messages: HELLO });
    expect(res.status).toBe(200);
    const lines = await ndjson(res);
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toEqual({ error: 'boom' });
  });

  it('drop: the connection dies after N tokens', async () => {
    fake.fault({ kind: 'drop', afterTokens: 2 });
    const res = await post(fake.url, '/api/chat', { model: 'llama3.2', messages: HELLO });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readAll = async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += decoder.decode(value, { stream: true });
      }
    };
    await expect(readAll()).rejects.toThrow();
    expect(received.split('\n').filter(Boolean)).toHaveLength(2); // the tokens before the cut arrive
    const request = fake.requests.at(-1);
    expect(request).toMatchObject({ dropped: true, closedEarly: false, chunksWritten: 2 });
  });

  it('status: Ollama’s error bodies, with CORS headers', async () => {
    fake.fault({ kind: 'status', status: 503 });
    fake.fault({ kind: 'status', status: 500 });
    const busy = await post(
      fake.url,
      '/api/chat',
      { model: 'llama3.2', messages: HELLO },
      { origin: ALLOWED },
    );
    expect(busy.status).toBe(503);
    expect(busy.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(await busy.json()).toEqual({
      error: 'server busy, please try again.  maximum pending requests exceeded',
    });
    const crashed = await post(fake.url, '/api/generate', { model: 'llama3.2', prompt: 'hi' });
    expect(crashed.status).toBe(500);
    expect(((await crashed.json()) as Json).error).toMatch(/^model runner has unexpectedly stopped/);
  });

  it('html502: an nginx error page', async () => {
    fake.fault({ kind: 'html502' });
    const res = await post(fake.url, '/v1/chat/completions', { model: 'llama3.2', messages: HELLO });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toContain('<title>502 Bad Gateway</title>');
  });

  it('targets a model, repeats `times`, and is not eaten by load requests', async () => {
    fake.fault({ kind: 'status', status: 500, model: 'qwen3:4b', times: 2 });
    const chat = (model: string) => post(fake.url, '/api/chat', { model, messages: HELLO, stream: false });
    expect((await chat('llama3.2')).status).toBe(200);
    expect((await post(fake.url, '/api/chat', { model: 'qwen3:4b', messages: [] })).status).toBe(200);
    expect((await chat('QWEN3:4B')).status).toBe(500);
    expect((await chat('qwen3:4b')).status).toBe(500);
    expect((await chat('qwen3:4b')).status).toBe(200);
  });

  it('clearFaults() forgets queued faults', async () => {
    fake.fault({ kind: 'status', status: 503, times: 5 });
    fake.clearFaults();
    expect(
      (await post(fake.url, '/api/chat', { model: 'llama3.2', messages: HELLO, stream: false })).status,
    ).toBe(200);
  });

  it('midstream-error on /v1 is lost as Ollama loses it: an empty chunk, then no finish_reason, no [DONE]', async () => {
    fake.fault({ kind: 'midstream-error', afterTokens: 2, message: 'boom' });
    const res = await post(fake.url, '/v1/chat/completions', {
      model: 'llama3.2',
      messages: HELLO,
      stream: true,
    });
    expect(res.status).toBe(200);
    const events = await sse(res);
    expect(events).toHaveLength(3);
    expect(events).not.toContain('[DONE]');
    expect(events[2]).toMatchObject({ choices: [{ delta: { content: '' }, finish_reason: null }] });
    expect(JSON.stringify(events)).not.toContain('boom');
    expect(JSON.stringify(events)).not.toContain('"error"');
  });
});

describe('/v1/chat/completions', () => {
  it('takes only JPEG, PNG and WebP data URLs, as Ollama’s decodeImageURL does; others are 400', async () => {
    const ask = (url: string) =>
      post(fake.url, '/v1/chat/completions', {
        model: 'llava:7b',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what?' },
              { type: 'image_url', image_url: { url } },
            ],
          },
        ],
      });
    for (const type of ['jpeg', 'jpg', 'png', 'webp']) {
      expect((await ask(`data:image/${type};base64,iVBORw0KGgo=`)).status).toBe(200);
    }
    expect((await ask('data:;base64,iVBORw0KGgo=')).status).toBe(200);
    for (const url of [
      'data:image/gif;base64,R0lGODlh',
      'data:image/bmp;base64,Qk0=',
      'data:image/avif;base64,AAAA',
    ]) {
      const res = await ask(url);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: { message: 'invalid image input', type: 'invalid_request_error', param: null, code: null },
      });
    }
    const remote = await ask('https://example.com/cat.png');
    expect(((await remote.json()) as Json).error.message).toMatch(/image URLs are not currently supported/);
  });

  it('streams SSE deltas, a finish chunk, usage, then [DONE]', async () => {
    const res = await post(fake.url, '/v1/chat/completions', {
      model: 'llama3.2',
      messages: HELLO,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = await sse(res);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1) as Json[];
    const usage = chunks.at(-1) as Json;
    const finish = chunks.at(-2) as Json;
    const deltas = chunks.slice(0, -2);
    expect(deltas.map((c) => c.choices[0].delta.content).join('')).toBe(defaultReply(HELLO));
    expect(deltas[0]).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion.chunk',
      model: 'llama3.2',
      choices: [{ index: 0, finish_reason: null, delta: { role: 'assistant' } }],
    });
    expect(finish.choices[0]).toEqual({
      index: 0,
      delta: { role: 'assistant', content: '' },
      finish_reason: 'stop',
    });
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toEqual({
      prompt_tokens: 9,
      completion_tokens: deltas.length,
      total_tokens: deltas.length + 9,
    });
  });

  it('streams reasoning deltas for thinking models and omits usage unless asked', async () => {
    const events = await sse(
      await post(fake.url, '/v1/chat/completions', { model: 'qwen3:4b', messages: HELLO, stream: true }),
    );
    const chunks = events.slice(0, -1) as Json[];
    expect(chunks[0]?.choices[0].delta.reasoning).toBeTruthy();
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('stop');
  });

  it('answers without stream as one chat.completion and maps max_tokens', async () => {
    const body = (await (
      await post(fake.url, '/v1/chat/completions', { model: 'llama3.2', messages: HELLO, max_tokens: 3 })
    ).json()) as Json;
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0]).toMatchObject({ message: { role: 'assistant' }, finish_reason: 'length' });
    expect(body.choices[0].message.content).toBe(tokenize(defaultReply(HELLO)).slice(0, 3).join(''));
    expect(body.usage).toEqual({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 });
  });

  it('shapes errors the OpenAI way', async () => {
    const missing = await post(fake.url, '/v1/chat/completions', { model: 'foo', messages: HELLO });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { message: "model 'foo' not found", type: 'not_found_error', param: null, code: null },
    });
    const empty = await post(fake.url, '/v1/chat/completions', { model: 'llama3.2', messages: [] });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Json).error.type).toBe('invalid_request_error');
  });
});

describe('command line', () => {
  it('prints the URL and serves until SIGTERM', async () => {
    const cli = fileURLToPath(new URL('../fake-ollama/cli.mjs', import.meta.url));
    const child = spawn(process.execPath, [
      cli,
      '--port',
      '0',
      '--rate',
      '50',
      '--origins',
      'https://*.github.io',
    ]);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8');
        child.stdout.once('data', (line: string) => resolve(line.trim()));
        child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(url + '/api/version', { headers: { origin: 'https://someone.github.io' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://someone.github.io');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});

describe('request log', () => {
  it('records OPTIONS too, and waitForRequest sees past and future requests', async () => {
    await fetch(fake.url + '/api/tags', { method: 'OPTIONS', headers: { origin: ALLOWED } });
    const past = await fake.waitForRequest((r) => r.method === 'OPTIONS');
    expect(past).toMatchObject({ path: '/api/tags', status: 204, closedEarly: false });
    expect(past.headers.origin).toBe(ALLOWED);

    const future = fake.waitForRequest((r) => r.path === '/api/version');
    await fetch(fake.url + '/api/version');
    const seen = await future;
    await fake.waitForClose(seen);
    expect(seen.endedAt).toBeGreaterThanOrEqual(seen.startedAt);

    await expect(fake.waitForRequest((r) => r.path === '/never', 50)).rejects.toThrow(/timed out/);
  });
});

describe('Ollama to the letter: rules a client must not be spared', () => {
  const status = async (base: string, origin: string) =>
    (await fetch(base + '/api/version', { headers: { origin } })).status;

  it('CORS: "http://localhost:*" is the prefix "http://localhost:" (gin-contrib/cors v1.7.2)', async () => {
    expect(await status(fake.url, 'http://localhost:3000')).toBe(200);
    expect(await status(fake.url, 'http://localhost.evil.example')).toBe(403);
    expect(await status(fake.url, 'http://127.0.0.1.evil.example')).toBe(403);
    expect(await status(fake.url, 'http://localhostile:80')).toBe(403);
  });

  it('CORS: OLLAMA_ORIGINS entries are not trimmed, so a space after a comma stops the server', () => {
    expect(() => compileOriginPolicy(originsFromEnv('https://a.example, https://b.example'))).toThrow(
      /bad origin/,
    );
    // A trailing comma leaves an empty entry, which is refused too.
    expect(() => compileOriginPolicy(originsFromEnv('https://a.example,'))).toThrow(/bad origin/);
    // The whole value is trimmed of spaces and quotes, as envconfig.Var does.
    const policy = compileOriginPolicy(originsFromEnv(' "https://a.example,https://b.example" '));
    expect(policy.exact.has('https://a.example')).toBe(true);
    expect(policy.exact.has('https://b.example')).toBe(true);
  });

  it('keep_alive: Go durations and numbers pass; a bare number string answers 400 like Ollama', async () => {
    const chat = (keep_alive: unknown) =>
      post(fake.url, '/api/chat', { model: 'llama3.2', messages: HELLO, stream: false, keep_alive });
    for (const ok of ['5m', '1h30m', '-1m', '0', '250ms', -1, 3600, 0]) {
      expect((await chat(ok)).status, String(ok)).toBe(200);
    }
    const refused: [unknown, string][] = [
      ['-1', 'time: missing unit in duration "-1"'],
      ['3600', 'time: missing unit in duration "3600"'],
      ['1d', 'time: unknown unit "d" in duration "1d"'],
      ['', 'time: invalid duration ""'],
      [' 5m', 'time: invalid duration " 5m"'],
      [true, "Unsupported type: 'bool'"],
    ];
    for (const [value, error] of refused) {
      const res = await chat(value);
      expect(res.status, String(value)).toBe(400);
      expect(await res.json()).toEqual({ error });
    }
  });

  it('keep_alive: negative durations keep the model loaded for good', async () => {
    await post(fake.url, '/api/chat', { model: 'llama3.2', messages: [], keep_alive: '-1m' });
    const ps = (await (await fetch(fake.url + '/api/ps')).json()) as Json;
    expect(Date.parse(ps.models[0].expires_at)).toBeGreaterThan(Date.now() + 100 * 365 * 86_400_000);
    expect(parseGoDuration('1h30m')).toEqual({ ms: 5_400_000 });
    expect(parseGoDuration('1.5s')).toEqual({ ms: 1500 });
    expect(parseGoDuration('.')).toEqual({ error: 'time: invalid duration "."' });
  });

  it('truncation: whole old messages are dropped, system kept, so prompt_eval_count lands below num_ctx', async () => {
    let seen: { role: string; content: string }[] = [];
    fake.setOptions({
      replies: {
        'llama3.2:latest': (messages: { role: string; content: string }[]) => {
          seen = messages;
          return 'ok';
        },
      },
    });
    const messages = [{ role: 'system', content: 'Be brief.' }];
    for (let i = 0; i < 10; i++) {
      messages.push({ role: 'user', content: `question ${i} ` + 'x'.repeat(200) });
      messages.push({ role: 'assistant', content: `answer ${i} ` + 'y'.repeat(200) });
    }
    messages.push({ role: 'user', content: 'the last question' });
    const body = (await (
      await post(fake.url, '/api/chat', {
        model: 'llama3.2',
        messages,
        stream: false,
        options: { num_ctx: 256 },
      })
    ).json()) as Json;
    const sentEstimate = messages.reduce((n, m) => n + Math.ceil(m.content.length / 4) + 4, 3);
    expect(sentEstimate).toBeGreaterThan(1000);
    expect(body.prompt_eval_count).toBeLessThanOrEqual(256);
    expect(body.prompt_eval_count).toBeLessThan(sentEstimate / 4);
    expect(seen[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(seen.at(-1)?.content).toBe('the last question');
    expect(seen.some((m) => m.content.startsWith('question 0 '))).toBe(false);
    expect(fake.requests.at(-1)?.droppedMessages).toBe(messages.length - seen.length);
  });

  it('truncation: without num_ctx the server default (4096) applies', async () => {
    const messages = Array.from({ length: 40 }, (_, i) => ({
      role: i % 2 ? 'assistant' : 'user',
      content: 'z'.repeat(2000),
    }));
    const body = (await (
      await post(fake.url, '/api/chat', { model: 'llama3.2', messages, stream: false })
    ).json()) as Json;
    expect(body.prompt_eval_count).toBeLessThanOrEqual(4096);
    expect(fake.requests.at(-1)?.droppedMessages).toBeGreaterThan(30);
  });

  it('think: a thinking model thinks when the request says nothing, and not with think:false', async () => {
    const thoughts = async (extra: Json) =>
      (
        await ndjson(await post(fake.url, '/api/chat', { model: 'qwen3:4b', messages: HELLO, ...extra }))
      ).filter((l) => l.message?.thinking).length;
    expect(await thoughts({})).toBeGreaterThan(0);
    expect(await thoughts({ think: false })).toBe(0);
  });

  it('a cloud model without sign-in answers 401 with a signin_url', async () => {
    fake.setOptions({ models: [{ name: 'gpt-oss:120b-cloud', remote: true }] });
    const res = await post(fake.url, '/api/chat', { model: 'gpt-oss:120b-cloud', messages: HELLO });
    expect(res.status).toBe(401);
    const body = (await res.json()) as Json;
    expect(body.error).toBe('unauthorized');
    expect(body.signin_url).toMatch(/^https:\/\/ollama\.com\/connect\?/);
    fake.setOptions({ signedIn: true });
    expect((await post(fake.url, '/api/chat', { model: 'gpt-oss:120b-cloud', messages: HELLO })).status).toBe(
      200,
    );
  });
});

describe('hostile modes', () => {
  it('redirect: answers with the status and a Location on the other port, preflights untouched', async () => {
    const hits = await startHitCounter();
    try {
      fake.setOptions({ redirect: { to: hits.url, status: 308, paths: ['/api/chat'] } });
      const res = await post(fake.url, '/api/chat', { model: 'llama3.2', messages: HELLO }, {}, undefined);
      // Node's fetch follows; a manual fetch sees the redirect itself.
      expect(res.url).toBe(hits.url + '/api/chat');
      expect(hits.hits).toHaveLength(1);
      expect(hits.hits[0]?.body).toContain('hello');
      const manual = await fetch(fake.url + '/api/chat', { method: 'POST', body: '{}', redirect: 'manual' });
      expect(manual.status).toBe(308);
      expect(manual.headers.get('location')).toBe(hits.url + '/api/chat');
      expect((await fetch(fake.url + '/api/version')).status).toBe(200);
      const preflight = await fetch(fake.url + '/api/chat', {
        method: 'OPTIONS',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
    } finally {
      await hits.close();
    }
  });

  it('allowAnyHeaders: a permissive proxy echoes the asked headers; Ollama lists its own', async () => {
    const ask = () =>
      fetch(fake.url + '/api/tags', {
        method: 'OPTIONS',
        headers: { origin: ALLOWED, 'access-control-request-headers': 'x-api-key' },
      });
    expect((await ask()).headers.get('access-control-allow-headers')).not.toMatch(/x-api-key/i);
    fake.setOptions({ allowAnyHeaders: true });
    expect((await ask()).headers.get('access-control-allow-headers')).toBe('x-api-key');
  });

  it('duplicate model names are listed twice, as a broken proxy or registry mirror would', async () => {
    fake.setOptions({ models: [{ name: 'llama3.2' }, { name: 'llama3.2' }, { name: 'qwen3:4b' }] });
    const tags = (await (await fetch(fake.url + '/api/tags')).json()) as Json;
    expect(tags.models.map((m: Json) => m.name)).toEqual(['llama3.2:latest', 'llama3.2:latest', 'qwen3:4b']);
  });
});

describe('Foundry Local flavour (an older build)', () => {
  it('has no /v1/models, lists names at /openai/models, says where it listens at /openai/status', async () => {
    fake.setOptions({ flavor: 'foundry', models: [{ name: 'Phi-4-mini-instruct-generic-cpu' }] });
    const v1 = await fetch(fake.url + '/v1/models');
    expect(v1.status).toBe(404);
    expect(await v1.text()).toBe('');
    expect(await (await fetch(fake.url + '/openai/models')).json()).toEqual([
      'Phi-4-mini-instruct-generic-cpu',
    ]);
    const status = (await (await fetch(fake.url + '/openai/status')).json()) as Json;
    expect(status.Endpoints).toEqual([fake.url]);
    const res = await post(fake.url, '/v1/chat/completions', {
      model: 'Phi-4-mini-instruct-generic-cpu',
      messages: HELLO,
    });
    expect(res.status).toBe(200);
    fake.setOptions({ flavor: 'ollama', models: defaultModels() });
    expect((await fetch(fake.url + '/openai/models')).status).toBe(404);
  });
});

describe('llama.cpp flavour (llama-server on /v1)', () => {
  const GGUF = '/models/Qwen3-8B-Q4_K_M.gguf';
  const chat = (messages: unknown[], extra: Json = {}) =>
    post(fake.url, '/v1/chat/completions', { model: GGUF, messages, ...extra });

  it('lists the model by its file path and describes itself at /props', async () => {
    fake.setOptions({ flavor: 'llama.cpp', models: [{ name: GGUF }] });
    const list = (await (await fetch(fake.url + '/v1/models')).json()) as Json;
    expect(list.data[0]).toMatchObject({ id: GGUF, owned_by: 'llamacpp' });
    const props = (await (await fetch(fake.url + '/props')).json()) as Json;
    expect(props.default_generation_settings).toMatchObject({ n_ctx: 4096, params: { top_k: 40 } });
    expect(props.default_generation_settings.params.top_p).toBeCloseTo(0.95);
    expect(props.modalities).toEqual({ vision: false, audio: false });
    fake.setOptions({ flavor: 'ollama', models: defaultModels() });
    expect((await fetch(fake.url + '/props')).status).toBe(404);
  });

  it('refuses a prompt over the context with exceed_context_size_error instead of dropping messages', async () => {
    fake.setOptions({ flavor: 'llama.cpp', models: [{ name: GGUF }], contextSize: 256 });
    const res = await chat([{ role: 'user', content: 'x'.repeat(2000) }]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.error).toMatchObject({ code: 400, type: 'exceed_context_size_error', n_ctx: 256 });
    expect(body.error.n_prompt_tokens).toBeGreaterThan(256);
    expect(body.error.message).toMatch(/exceeds the available context size \(256 tokens\)/);
  });

  it('ends with finish_reason "length" when prompt and answer fill the context', async () => {
    fake.setOptions({ flavor: 'llama.cpp', models: [{ name: GGUF }], contextSize: 64 });
    const res = await chat([{ role: 'user', content: 'y'.repeat(160) }], { stream: false });
    const body = (await res.json()) as Json;
    expect(body.choices[0].finish_reason).toBe('length');
    expect(body.usage.prompt_tokens + body.usage.completion_tokens).toBe(64);
  });

  it('answers an image for a model without a projector with the mmproj 500', async () => {
    fake.setOptions({ flavor: 'llama.cpp', models: [{ name: GGUF }] });
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
    const res = await chat([{ role: 'user', content: [{ type: 'text', text: 'what is it?' }, image] }]);
    expect(res.status).toBe(500);
    expect(((await res.json()) as Json).error.message).toMatch(/image input is not supported.*mmproj/);
  });

  it('reads image bytes as stb_image does: GIF and BMP pass whatever the declared type, WebP is 400', async () => {
    fake.setOptions({
      flavor: 'llama.cpp',
      models: [{ name: GGUF, capabilities: ['completion', 'vision'] }],
    });
    const ask = (url: string) =>
      chat([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is it?' },
            { type: 'image_url', image_url: { url } },
          ],
        },
      ]);
    const b64 = (text: string) => Buffer.from(text, 'latin1').toString('base64');
    expect((await ask(`data:image/gif;base64,${b64('GIF89a\x01\x00\x01\x00')}`)).status).toBe(200);
    expect((await ask(`data:image/png;base64,${b64('BM\x3a\x00\x00\x00')}`)).status).toBe(200);
    const webp = await ask(`data:image/webp;base64,${b64('RIFF\x1a\x00\x00\x00WEBPVP8 ')}`);
    expect(webp.status).toBe(400);
    expect(await webp.json()).toEqual({
      error: { code: 400, message: 'Failed to load image or audio file', type: 'invalid_request_error' },
    });
    const notData = await ask('data:text/plain;base64,aGk=');
    expect(((await notData.json()) as Json).error.message).toBe(
      'Invalid image_url.url format: data:text/plain;base64',
    );
  });

  it('reports a mid-stream error as an error event, unlike Ollama’s /v1', async () => {
    fake.setOptions({ flavor: 'llama.cpp', models: [{ name: GGUF }] });
    fake.fault({ kind: 'midstream-error', afterTokens: 2, message: 'boom' });
    const events = await sse(await chat(HELLO, { stream: true }));
    expect(events.at(-1)).toEqual({ error: { code: 500, message: 'boom', type: 'server_error' } });
  });
});
