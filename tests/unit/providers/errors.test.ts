// @vitest-environment node
// One test per error cause: what the user would be told, and that it is told right.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProviderError, isAborted } from '../../../src/lib/providers/errors';
import { predictMixedContent } from '../../../src/lib/providers/page';
import { classifyStatus, htmlTitle } from '../../../src/lib/providers/status';
import type { ErrorFix } from '../../../src/lib/providers/types';
import {
  SAFARI_UA,
  body,
  httpsPage,
  json,
  ndjsonResponse,
  networkError,
  never,
  provider,
  settle,
  sseResponse,
  stubFetch,
  type FetchCall,
} from './helpers';

afterEach(() => vi.unstubAllGlobals());

const hi = { model: 'llama3.2', messages: [{ role: 'user' as const, content: 'hi' }] };

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const allText = (fix: ErrorFix) => JSON.stringify(fix);

const html502 = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3</center></body></html>`;

/** The main request fails like a blocked fetch; the no-cors probe does what `probe` says. */
function blocked(probe: 'resolves' | 'rejects'): FetchCall[] {
  return stubFetch((_url, init) => {
    if (init.mode !== 'no-cors') return networkError();
    return probe === 'resolves' ? new Response(null, { status: 200 }) : networkError();
  });
}

describe('network failures: CORS or unreachable, told apart by a no-cors probe', () => {
  it('cors: the probe gets through, so the server is up and refused this origin', async () => {
    const calls = blocked('resolves');
    const e = await failure(provider('ollama').listModels());
    expect(e.kind).toBe('cors');
    expect(calls.map((c) => [c.url, c.init.mode])).toEqual([
      ['http://localhost:11434/api/tags', undefined],
      ['http://localhost:11434/api/version', 'no-cors'],
    ]);
    const text = allText(e.fix);
    expect(e.fix.detail).toContain('http://localhost:4173');
    expect(text).toContain('systemctl edit ollama.service');
    expect(text).toContain('Environment=\\"OLLAMA_ORIGINS=http://localhost:4173\\"');
    expect(text).toContain('systemctl daemon-reload && sudo systemctl restart ollama');
    expect(text).toContain('launchctl setenv OLLAMA_ORIGINS \\"http://localhost:4173\\"');
    expect(text).toContain('Windows');
    expect(text).toContain('curl -i -H \\"Origin: http://localhost:4173\\" http://localhost:11434/api/tags');
  });

  it('cors from a file:// page: origin "null" can only be admitted with *', async () => {
    blocked('resolves');
    const p = provider('ollama', {}, { origin: 'null', protocol: 'file:', userAgent: '' });
    const e = await failure(p.version());
    expect(e.kind).toBe('cors');
    expect(e.fix.detail).toContain('null');
    expect(allText(e.fix)).toContain('OLLAMA_ORIGINS=*');
  });

  it('cors on an OpenAI-compatible server names the servers’ own switches and probes /v1/models', async () => {
    const calls = blocked('resolves');
    const e = await failure(provider('openai').listModels());
    expect(e.kind).toBe('cors');
    expect(calls[1]?.url).toBe('http://localhost:8000/v1/models');
    const text = allText(e.fix);
    expect(text).toContain('Enable CORS');
    expect(text).toContain('llama.cpp');
    expect(text).toContain('vLLM');
  });

  it('unreachable: the probe fails too; the fix names host and port', async () => {
    blocked('rejects');
    const e = await failure(provider('ollama', { baseUrl: 'http://10.0.0.7:11434' }).listModels());
    expect(e.kind).toBe('unreachable');
    expect(e.title).toContain('10.0.0.7:11434');
    expect(e.fix.detail).toMatch(/running/);
    expect(allText(e.fix)).toContain('OLLAMA_HOST=0.0.0.0');
  });

  it('unreachable with no port typed names the default one', async () => {
    blocked('rejects');
    const e = await failure(provider('openai', { baseUrl: 'https://llm.example.org/v1' }).listModels());
    expect(e.title).toContain('llm.example.org:443');
  });

  it('a connection lost mid-answer is unreachable, after the text that came', async () => {
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new TypeError('network error'));
        sent = true;
        controller.enqueue(new TextEncoder().encode('{"message":{"content":"Hel"},"done":false}\n'));
      },
    });
    stubFetch(() => ndjsonResponse(stream));
    const { items, error } = await settle(provider('ollama').chat(hi));
    expect(items).toEqual([{ type: 'content', text: 'Hel' }]);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect((error as ProviderError).title).toMatch(/Lost the connection/);
  });
});

describe('mixed content', () => {
  it('is predicted for an https page calling a LAN http server', () => {
    expect(predictMixedContent('http://192.168.1.20:11434', httpsPage)).toBe(true);
    expect(predictMixedContent('http://gpu-box:11434', httpsPage)).toBe(true);
  });

  it('is not predicted for loopback in Chrome and Firefox, but is in Safari', () => {
    expect(predictMixedContent('http://localhost:11434', httpsPage)).toBe(false);
    expect(predictMixedContent('http://127.0.0.1:11434', httpsPage)).toBe(false);
    expect(predictMixedContent('http://localhost:11434', { ...httpsPage, userAgent: SAFARI_UA })).toBe(true);
  });

  it('is not predicted from an http page or towards an https server', () => {
    expect(predictMixedContent('http://192.168.1.20:11434', { ...httpsPage, protocol: 'http:' })).toBe(false);
    expect(predictMixedContent('https://192.168.1.20', httpsPage)).toBe(false);
  });

  it('is the verdict when predicted and the probe fails, with the ways out', async () => {
    const calls = blocked('rejects');
    const p = provider('ollama', { baseUrl: 'http://192.168.1.20:11434' }, httpsPage);
    const e = await failure(p.listModels());
    expect(e.kind).toBe('mixed-content');
    const text = allText(e.fix);
    expect(text).toMatch(/over http/);
    expect(text).toMatch(/HTTPS in front of the server/);
    expect(text).toMatch(/local network access/);
    // Chrome's Local Network Access only prompts when the request says where it goes.
    expect((calls[0]?.init as { targetAddressSpace?: string }).targetAddressSpace).toBe('local');
  });

  it('Safari: even localhost, and the fix says so', async () => {
    blocked('rejects');
    const p = provider('ollama', {}, { ...httpsPage, userAgent: SAFARI_UA });
    const e = await failure(p.version());
    expect(e.kind).toBe('mixed-content');
    expect(e.fix.detail).toMatch(/Safari.*even on localhost/);
  });

  it('is CORS after all when the probe gets through (e.g. local network access granted)', async () => {
    blocked('resolves');
    const p = provider('ollama', { baseUrl: 'http://192.168.1.20:11434' }, httpsPage);
    expect((await failure(p.version())).kind).toBe('cors');
  });
});

describe('HTTP statuses', () => {
  it('auth: 401 with a body', async () => {
    stubFetch(() => json({ error: 'unauthorized' }, 401));
    const e = await failure(
      provider('ollama', { auth: { type: 'basic', username: 'ann', password: 'hunter22' } }).version(),
    );
    expect(e).toMatchObject({ kind: 'auth', status: 401 });
    expect(e.title).toMatch(/refused the login/);
    expect(e.fix.detail).toMatch(/username and password/);
  });

  it('auth: 401 from a profile without credentials asks for them', async () => {
    stubFetch(
      () =>
        new Response('<html><title>401 Authorization Required</title></html>', {
          status: 401,
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    const e = await failure(provider('ollama').version());
    expect(e.kind).toBe('auth');
    expect(e.title).toMatch(/needs a login/);
  });

  it('auth: 403 with a body; an empty 403 is not a login problem', () => {
    expect(classifyStatus(403, 'application/json', '{"error":"forbidden"}').kind).toBe('auth');
    expect(classifyStatus(403, '', '').kind).toBe('http');
  });

  it('model-not-found: 404 naming the model', async () => {
    stubFetch(() => json({ error: "model 'nope' not found" }, 404));
    const e = await failure(
      settle(provider('ollama').chat({ ...hi, model: 'nope' })).then((r) => Promise.reject(r.error)),
    );
    expect(e).toMatchObject({ kind: 'model-not-found', status: 404, serverText: "model 'nope' not found" });
    expect(e.title).toContain('nope');
    expect(allText(e.fix)).toContain('ollama pull nope');
  });

  it('model-not-found from an OpenAI-compatible server ({"error":{"message"}})', async () => {
    stubFetch(() =>
      json(
        { error: { message: 'model "nope" not found, try pulling it first', type: 'not_found_error' } },
        404,
      ),
    );
    const { error } = await settle(provider('openai').chat({ ...hi, model: 'nope' }));
    expect(error).toMatchObject({
      kind: 'model-not-found',
      serverText: 'model "nope" not found, try pulling it first',
    });
  });

  it('a 404 without a model in it is a wrong address', () => {
    expect(classifyStatus(404, 'text/plain', '404 page not found').kind).toBe('http');
  });

  it('model-cannot-chat: an embedding-only model (400 does not support chat)', async () => {
    stubFetch(() => json({ error: '"all-minilm" does not support chat' }, 400));
    const { error } = await settle(provider('ollama').chat({ ...hi, model: 'all-minilm' }));
    expect(error).toMatchObject({ kind: 'model-cannot-chat', status: 400 });
    expect((error as ProviderError).title).toContain('all-minilm');
    expect((error as ProviderError).fix.detail).toMatch(/embedding model/);
  });

  it('model-cannot-chat: does not support generate', () => {
    expect(
      classifyStatus(400, 'application/json', '{"error":"\\"x\\" does not support generate"}').kind,
    ).toBe('model-cannot-chat');
  });

  it('busy: 503, with llama.cpp’s "Loading model" told apart', async () => {
    stubFetch(() =>
      json({ error: 'server busy, please try again.  maximum pending requests exceeded' }, 503),
    );
    expect((await failure(provider('ollama').version())).kind).toBe('busy');
    stubFetch(() => json({ error: { message: 'Loading model', type: 'unavailable_error', code: 503 } }, 503));
    const e = await failure(provider('openai').listModels());
    expect(e.kind).toBe('busy');
    expect(e.fix.detail).toMatch(/loading the model/);
  });

  it('server: 500 carries the server’s own text', async () => {
    stubFetch(() =>
      json({ error: 'model runner has unexpectedly stopped, this may be due to resource limitations' }, 500),
    );
    const { error } = await settle(provider('ollama').chat(hi));
    expect(error).toMatchObject({ kind: 'server', status: 500 });
    expect((error as ProviderError).fix.detail).toContain('model runner has unexpectedly stopped');
    expect((error as ProviderError).fix.detail).toMatch(/memory/);
  });

  it('proxy: an HTML 502 page is summarised by status and title, never dumped', async () => {
    stubFetch(
      () =>
        new Response(html502, {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    const e = await failure(provider('ollama').listModels());
    expect(e).toMatchObject({ kind: 'proxy', status: 502 });
    expect(e.title).toContain('502 Bad Gateway');
    expect(e.fix.detail).toContain('“502 Bad Gateway”');
    expect(e.message).not.toContain('<');
    expect(allText(e.fix)).not.toMatch(/nginx\/1|<center>|DOCTYPE/);
  });

  it('proxy: a plain-text 504 from a gateway', () => {
    expect(classifyStatus(504, 'text/plain', 'upstream request timeout').kind).toBe('proxy');
  });

  it('http: any other status, with the reason phrase and server text', async () => {
    stubFetch(() => json({ error: 'request entity too large' }, 413));
    const e = await failure(provider('ollama').version());
    expect(e).toMatchObject({ kind: 'http', status: 413 });
    expect(e.title).toContain('413 Payload Too Large');
    expect(e.fix.detail).toContain('request entity too large');
  });

  it('reads the error text in every shape servers use', () => {
    expect(classifyStatus(400, '', '{"error":"flat"}').serverText).toBe('flat');
    expect(classifyStatus(400, '', '{"error":{"message":"nested"}}').serverText).toBe('nested');
    expect(classifyStatus(400, '', '{"object":"error","message":"vllm"}').serverText).toBe('vllm');
  });

  it('htmlTitle decodes entities and ignores markup', () => {
    expect(htmlTitle('<head><title> Error &amp; &#8212; 502 </title></head>')).toBe('Error & — 502');
    expect(htmlTitle('<p>no title</p>')).toBeUndefined();
  });
});

describe('failures inside a stream', () => {
  it('server: an {"error"} line after some text: the text first, then the error', async () => {
    const lines = [
      '{"message":{"role":"assistant","content":"Bonjour"},"done":false}\n',
      '{"message":{"role":"assistant","content":" à tous"},"done":false}\n{"error":"an error was encountered while running the model"}\n',
    ];
    stubFetch(() => ndjsonResponse(body(lines).stream));
    const { items, error } = await settle(provider('ollama').chat(hi));
    expect(items).toEqual([
      { type: 'content', text: 'Bonjour' },
      { type: 'content', text: ' à tous' },
    ]);
    expect(error).toMatchObject({
      kind: 'server',
      serverText: 'an error was encountered while running the model',
    });
    // The error knows the server even though the parser threw it.
    expect((error as ProviderError).fix.detail).toContain('an error was encountered');
  });

  it('server: an SSE event with an error key after some text', async () => {
    const events = [
      'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\n',
      'data: {"error":{"message":"context overflow"}}\n\n',
    ];
    stubFetch(() => sseResponse(body(events).stream));
    const { items, error } = await settle(provider('openai').chat(hi));
    expect(items).toEqual([{ type: 'content', text: 'Hi' }]);
    expect(error).toMatchObject({ kind: 'server', serverText: 'context overflow' });
  });

  it('bad-response: a malformed line after some text', async () => {
    stubFetch(() =>
      ndjsonResponse(body(['{"message":{"content":"ok"},"done":false}\n{"message":\n']).stream),
    );
    const { items, error } = await settle(provider('ollama').chat(hi));
    expect(items).toEqual([{ type: 'content', text: 'ok' }]);
    expect(error).toMatchObject({ kind: 'bad-response' });
  });

  it('bad-response: a stream that ends before done says the answer ended early', async () => {
    stubFetch(() => ndjsonResponse(body(['{"message":{"content":"ok"},"done":false}\n']).stream));
    const { items, error } = await settle(provider('ollama').chat(hi));
    expect(items).toEqual([{ type: 'content', text: 'ok' }]);
    expect(error).toMatchObject({ kind: 'bad-response' });
    expect((error as ProviderError).title).toMatch(/ended early/);
  });

  it('bad-response: a 200 web page where JSON was expected', async () => {
    stubFetch(
      () =>
        new Response('<html><title>Welcome to nginx!</title></html>', {
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    const e = await failure(provider('ollama').listModels());
    expect(e.kind).toBe('bad-response');
    expect(e.fix.detail).toContain('Welcome to nginx!');
  });

  it('bad-response: JSON of the wrong shape', async () => {
    stubFetch(() => json({ models: 'many' }));
    expect((await failure(provider('ollama').listModels())).kind).toBe('bad-response');
  });
});

describe('abort and time-outs', () => {
  it('aborted: the user stops mid-stream; the connection is closed', async () => {
    const probe = body(['{"message":{"content":"Hel"},"done":false}\n'], { stall: true });
    stubFetch(() => ndjsonResponse(probe.stream));
    const controller = new AbortController();
    const chunks = provider('ollama').chat({ ...hi, signal: controller.signal });
    expect((await chunks.next()).value).toEqual({ type: 'content', text: 'Hel' });
    const pending = chunks.next();
    controller.abort();
    const e = await failure(pending);
    expect(e.kind).toBe('aborted');
    expect(isAborted(e)).toBe(true);
    expect(probe.isCancelled).toBe(true);
  });

  it('aborted: stopped before the headers came', async () => {
    stubFetch((_url, init) => never(init));
    const controller = new AbortController();
    const pending = provider('ollama').version(controller.signal);
    controller.abort();
    expect((await failure(pending)).kind).toBe('aborted');
  });

  it('aborted: a signal already aborted never reaches the server as a failure to report', async () => {
    stubFetch(() => json({ version: '0.5.1' }));
    const e = await failure(provider('ollama').version(AbortSignal.abort()));
    expect(e.kind).toBe('aborted');
  });

  it('timeout (connect): no headers in time, distinct from a user abort', async () => {
    stubFetch((_url, init) => never(init));
    const e = await failure(provider('ollama', { connectTimeoutMs: 20 }).listModels());
    expect(e).toMatchObject({ kind: 'timeout', phase: 'connect' });
    expect(e.title).toContain('localhost:11434');
    expect(e.title).toContain('20 ms');
  });

  it('timeout (first-byte): headers came, then no token in time; the body is cancelled', async () => {
    const probe = body([], { stall: true });
    stubFetch(() => sseResponse(probe.stream));
    const p = provider('openai', { connectTimeoutMs: 1000, firstByteTimeoutMs: 20 });
    const { error } = await settle(p.chat(hi));
    expect(error).toMatchObject({ kind: 'timeout', phase: 'first-byte' });
    expect((error as ProviderError).title).toMatch(/did not start answering/);
    expect(probe.isCancelled).toBe(true);
  });

  it('the first-byte wait ends with the first chunk: a slow answer after that is fine', async () => {
    let step = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        step++;
        if (step === 1)
          controller.enqueue(new TextEncoder().encode('{"message":{"content":"a"},"done":false}\n'));
        else if (step === 2) {
          await new Promise((r) => setTimeout(r, 60));
          controller.enqueue(new TextEncoder().encode('{"message":{"content":"b"},"done":true}\n'));
        } else controller.close();
      },
    });
    stubFetch(() => ndjsonResponse(stream));
    const { error, items } = await settle(
      provider('ollama', { connectTimeoutMs: 1000, firstByteTimeoutMs: 20 }).chat(hi),
    );
    expect(error).toBeUndefined();
    expect(items.at(-1)).toMatchObject({ type: 'done' });
  });

  it('Ollama sends no header before its first token: the chat wait gets both time-outs', async () => {
    stubFetch(
      (_url, init) =>
        new Promise<Response>((resolve, reject) => {
          const timer = setTimeout(() => resolve(json({ message: { content: 'late' }, done: true })), 50);
          init.signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(init.signal?.reason as Error);
          });
        }),
    );
    const p = provider('ollama', { connectTimeoutMs: 30, firstByteTimeoutMs: 100 });
    const { error, items } = await settle(p.chat({ ...hi, stream: false }));
    expect(error).toBeUndefined();
    expect(items[0]).toEqual({ type: 'content', text: 'late' });
    // …but a plain request gets only the connect time-out.
    expect((await failure(p.version())).kind).toBe('timeout');
  });

  it('no time-out configured: waits as long as it takes', async () => {
    stubFetch(() => new Promise((r) => setTimeout(() => r(json({ version: '0.9.0' })), 30)));
    expect(await provider('ollama').version()).toBe('0.9.0');
  });
});

describe('unsupported and config', () => {
  it('unsupported: pull and delete on an OpenAI-compatible server', async () => {
    const p = provider('openai');
    expect(p.canManageModels).toBe(false);
    expect((await settle(p.pull('x'))).error).toMatchObject({ kind: 'unsupported' });
    expect((await failure(p.deleteModel('x'))).kind).toBe('unsupported');
  });

  it('config: a base URL that is not an address fails without fetching', async () => {
    const calls = stubFetch(() => json({}));
    const e = await failure(provider('ollama', { baseUrl: 'not a url at all' }).version());
    expect(e.kind).toBe('config');
    expect(calls).toHaveLength(0);
  });

  it('config: a header fetch refuses names the header, never its value', async () => {
    const calls = stubFetch(() => json({ version: '1' }));
    const p = provider('ollama', { auth: { type: 'headers', headers: { 'X-Token': 'clé-secrète-✓' } } });
    const e = await failure(p.version());
    expect(e.kind).toBe('config');
    expect(e.title).toContain('X-Token');
    expect(e.message).not.toContain('secrète');
    expect(calls).toHaveLength(0);
  });
});

describe('secrets never appear in error texts', () => {
  const password = 'p4ss-wörd!';
  const apiKey = 'sk-live-1234567890';
  const basicToken = Buffer.from(`ann:${password}`, 'utf8').toString('base64');

  const leaks = (e: ProviderError, secret: string) =>
    [e.message, e.title, JSON.stringify(e.fix), e.serverText ?? ''].some((t) => t.includes(secret));

  it('a server echoing the password and Basic token gets them blanked', async () => {
    stubFetch(() => json({ error: `bad credentials ann:${password} (Basic ${basicToken})` }, 401));
    const e = await failure(
      provider('ollama', { auth: { type: 'basic', username: 'ann', password } }).version(),
    );
    expect(leaks(e, password)).toBe(false);
    expect(leaks(e, basicToken)).toBe(false);
    expect(e.serverText).toContain('bad credentials');
  });

  it('an API key echoed mid-stream is blanked', async () => {
    stubFetch(() => sseResponse(body([`data: {"error":{"message":"invalid key ${apiKey}"}}\n\n`]).stream));
    const { error } = await settle(provider('openai', { auth: { type: 'bearer', apiKey } }).chat(hi));
    expect(error).toMatchObject({ kind: 'server' });
    expect(leaks(error as ProviderError, apiKey)).toBe(false);
  });

  it('credentials typed in the URL are not in any error text', async () => {
    blocked('rejects');
    const e = await failure(
      provider('ollama', { baseUrl: `http://ann:${encodeURIComponent(password)}@gpu.lan:11434` }).version(),
    );
    expect(e.kind).toBe('unreachable');
    expect(leaks(e, password)).toBe(false);
    expect(leaks(e, encodeURIComponent(password))).toBe(false);
    expect(e.title).toContain('gpu.lan:11434');
  });

  it('custom header values are blanked from server text', async () => {
    stubFetch(() => json({ error: 'token abcdef123 rejected' }, 403));
    const e = await failure(
      provider('ollama', { auth: { type: 'headers', headers: { 'X-Api-Token': 'abcdef123' } } }).version(),
    );
    expect(e.kind).toBe('auth');
    expect(leaks(e, 'abcdef123')).toBe(false);
  });
});
