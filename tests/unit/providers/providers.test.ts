// @vitest-environment node
// What goes over the wire for each operation, and what comes back to the stores.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isChatModel } from '../../../src/lib/providers';
import { anySignal } from '../../../src/lib/providers/http';
import { parseParameters } from '../../../src/lib/providers/ollama';
import { answerOf, body, collect, json, ndjsonResponse, provider, settle, stubFetch } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const tag = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  model: name,
  modified_at: '2025-05-04T17:37:44.706015396-07:00',
  size: 2019393189,
  digest: 'a80c',
  details: {
    format: 'gguf',
    family: 'llama',
    families: ['llama'],
    parameter_size: '3.2B',
    quantization_level: 'Q4_K_M',
  },
  ...extra,
});

const show = (capabilities?: string[], arch = 'llama', ctx = 131072) => ({
  modelfile: '# Modelfile',
  parameters:
    'stop                           "<|start_header_id|>"\nstop                           "<|eot_id|>"\ntemperature 0.6',
  template: '{{ .Prompt }}',
  system: 'Be brief.',
  details: { family: arch, parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
  model_info: { 'general.architecture': arch, [`${arch}.context_length`]: ctx },
  ...(capabilities && { capabilities }),
  modified_at: '2025-05-04T17:37:44Z',
});

describe('Ollama', () => {
  it('version', async () => {
    const calls = stubFetch(() => json({ version: '0.5.1' }));
    expect(await provider('ollama').version()).toBe('0.5.1');
    expect(calls[0]?.url).toBe('http://localhost:11434/api/version');
  });

  it('listModels maps /api/tags and keeps capabilities the server listed', async () => {
    const calls = stubFetch(() =>
      json({ models: [tag('llama3.2:latest', { capabilities: ['completion', 'tools'] })] }),
    );
    expect(await provider('ollama').listModels()).toEqual([
      {
        name: 'llama3.2:latest',
        size: 2019393189,
        family: 'llama',
        parameterSize: '3.2B',
        quantization: 'Q4_K_M',
        modifiedAt: '2025-05-04T17:37:44.706015396-07:00',
        capabilities: ['completion', 'tools'],
      },
    ]);
    expect(calls).toHaveLength(1);
  });

  it('listModels asks /api/show for the rest, 4 at a time, and survives one failing', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'broken', 'all-minilm'];
    let running = 0;
    let peak = 0;
    stubFetch(async (url, init) => {
      if (url.endsWith('/api/tags')) return json({ models: names.map((n) => tag(n)) });
      const model = (JSON.parse(String(init.body)) as { model: string }).model;
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (model === 'broken') return json({ error: 'boom' }, 500);
      if (model === 'all-minilm') return json(show(['embedding'], 'bert', 512));
      return json(show(['completion', 'vision']));
    });
    const models = await provider('ollama').listModels();
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
    expect(models.map((m) => m.name)).toEqual(names);
    expect(models[0]).toMatchObject({ capabilities: ['completion', 'vision'], contextLength: 131072 });
    expect(models.find((m) => m.name === 'broken')?.capabilities).toBeUndefined();
    expect(models.find((m) => m.name === 'all-minilm')).toMatchObject({
      capabilities: ['embedding'],
      contextLength: 512,
    });
    expect(models.filter(isChatModel).map((m) => m.name)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'broken']);
  });

  it('listModels: an abort while filling details aborts the list', async () => {
    const controller = new AbortController();
    stubFetch((url) => {
      if (url.endsWith('/api/tags')) return json({ models: [tag('a')] });
      controller.abort();
      return json(show(['completion']));
    });
    await expect(provider('ollama').listModels(controller.signal)).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('listModels: models: null is an empty list', async () => {
    stubFetch(() => json({ models: null }));
    expect(await provider('ollama').listModels()).toEqual([]);
  });

  it('modelDetails reads capabilities, context length and parameters from /api/show', async () => {
    const calls = stubFetch(() => json(show(['completion', 'thinking'], 'qwen3', 40960)));
    const details = await provider('ollama').modelDetails('qwen3');
    expect(calls[0]).toMatchObject({ url: 'http://localhost:11434/api/show', body: { model: 'qwen3' } });
    expect(calls[0]?.init.method).toBe('POST');
    expect(details).toEqual({
      name: 'qwen3',
      family: 'qwen3',
      parameterSize: '3.2B',
      quantization: 'Q4_K_M',
      modifiedAt: '2025-05-04T17:37:44Z',
      capabilities: ['completion', 'thinking'],
      contextLength: 40960,
      parameters: { stop: '"<|start_header_id|>"\n"<|eot_id|>"', temperature: '0.6' },
      system: 'Be brief.',
    });
  });

  it('modelDetails on a server without capabilities guesses from the family', async () => {
    stubFetch(() => json(show(undefined, 'bert', 512)));
    expect((await provider('ollama').modelDetails('all-minilm')).capabilities).toEqual(['embedding']);
    stubFetch(() => json(show(undefined)));
    expect((await provider('ollama').modelDetails('llama3.2')).capabilities).toEqual(['completion']);
  });

  it('parseParameters ignores blank and odd lines', () => {
    expect(parseParameters('num_ctx 4096\n\nlonely\n')).toEqual({ num_ctx: '4096' });
    expect(parseParameters(undefined)).toBeUndefined();
  });

  it('loadedModels maps /api/ps', async () => {
    stubFetch(() =>
      json({
        models: [
          {
            name: 'mistral:latest',
            size: 5137025024,
            size_vram: 5137025024,
            expires_at: '2024-06-04T14:38:31Z',
            context_length: 4096,
            details: {},
          },
        ],
      }),
    );
    expect(await provider('ollama').loadedModels()).toEqual([
      {
        name: 'mistral:latest',
        size: 5137025024,
        sizeVram: 5137025024,
        contextLength: 4096,
        expiresAt: '2024-06-04T14:38:31Z',
      },
    ]);
  });

  it('chat sends messages, raw base64 images, options, think, format and keep_alive', async () => {
    const calls = stubFetch(() => json({ message: { role: 'assistant', content: 'ok' }, done: true }));
    await collect(
      provider('ollama').chat({
        model: 'llava',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'what is this?', images: [{ base64: 'iVBORw0KGgo', mime: 'image/png' }] },
          { role: 'assistant', content: 'A cat.', thinking: 'looks furry' },
          {
            role: 'user',
            content: 'and this?',
            images: [{ base64: 'data:image/jpeg;base64,/9j/4AAQ', mime: 'image/jpeg' }],
          },
        ],
        options: { temperature: 0.2, num_ctx: 8192, top_k: undefined, stop: ['</s>'] },
        think: 'high',
        format: { type: 'object' },
        keepAlive: '10m',
        stream: false,
      }),
    );
    expect(calls[0]?.url).toBe('http://localhost:11434/api/chat');
    expect(calls[0]?.body).toEqual({
      model: 'llava',
      stream: false,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'what is this?', images: ['iVBORw0KGgo'] },
        { role: 'assistant', content: 'A cat.' },
        { role: 'user', content: 'and this?', images: ['/9j/4AAQ'] },
      ],
      options: { temperature: 0.2, num_ctx: 8192, stop: ['</s>'] },
      think: 'high',
      format: { type: 'object' },
      keep_alive: '10m',
    });
  });

  it('chat streams by default and sends no think/format/options it was not given', async () => {
    const calls = stubFetch(() =>
      ndjsonResponse(body(['{"message":{"content":"x"},"done":true,"done_reason":"stop"}\n']).stream),
    );
    const answer = await answerOf(
      provider('ollama').chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(calls[0]?.body).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(answer).toEqual({ content: 'x', thinking: '', stats: { doneReason: 'stop' } });
  });

  it('chat without streaming yields thinking, the whole answer, then stats', async () => {
    stubFetch(() =>
      json({
        message: { role: 'assistant', content: 'Paris.', thinking: 'capital of France' },
        done: true,
        done_reason: 'stop',
        eval_count: 3,
        eval_duration: 1000,
      }),
    );
    const chunks = await collect(provider('ollama').chat({ model: 'm', messages: [], stream: false }));
    expect(chunks).toEqual([
      { type: 'thinking', text: 'capital of France' },
      { type: 'content', text: 'Paris.' },
      { type: 'done', stats: { doneReason: 'stop', evalCount: 3, evalDurationNs: 1000 } },
    ]);
  });

  it('pull streams progress', async () => {
    const lines = [
      '{"status":"pulling manifest"}\n',
      '{"status":"pulling 0a8c26691023","digest":"sha256:0a8c","total":4683075271}\n',
      '{"status":"pulling 0a8c26691023","digest":"sha256:0a8c","total":4683075271,"completed":241970}\n',
      '{"status":"verifying sha256 digest"}\n{"status":"writing manifest"}\n{"status":"success"}\n',
    ];
    const calls = stubFetch(() => ndjsonResponse(body(lines).stream));
    const progress = await collect(provider('ollama').pull('llama3.2'));
    expect(calls[0]).toMatchObject({
      url: 'http://localhost:11434/api/pull',
      body: { model: 'llama3.2', stream: true },
    });
    expect(progress.map((p) => p.status)).toEqual([
      'pulling manifest',
      'pulling 0a8c26691023',
      'pulling 0a8c26691023',
      'verifying sha256 digest',
      'writing manifest',
      'success',
    ]);
    expect(progress[2]).toEqual({
      status: 'pulling 0a8c26691023',
      digest: 'sha256:0a8c',
      total: 4683075271,
      completed: 241970,
    });
  });

  it('pull: a failure mid-stream after some progress', async () => {
    stubFetch(() =>
      ndjsonResponse(
        body(['{"status":"pulling manifest"}\n{"error":"pull model manifest: file does not exist"}\n'])
          .stream,
      ),
    );
    const { items, error } = await settle(provider('ollama').pull('nope'));
    expect(items).toEqual([{ status: 'pulling manifest' }]);
    expect(error).toMatchObject({ kind: 'server', serverText: 'pull model manifest: file does not exist' });
  });

  it('deleteModel sends DELETE with the model; 404 is model-not-found', async () => {
    const calls = stubFetch(() => new Response(null, { status: 200 }));
    await provider('ollama').deleteModel('llama3:13b');
    expect(calls[0]).toMatchObject({
      url: 'http://localhost:11434/api/delete',
      body: { model: 'llama3:13b' },
    });
    expect(calls[0]?.init.method).toBe('DELETE');
    stubFetch(() => json({ error: "model 'x' not found" }, 404));
    await expect(provider('ollama').deleteModel('x')).rejects.toMatchObject({ kind: 'model-not-found' });
  });

  it('supports every option', () => {
    expect(provider('ollama').unsupportedOptions.size).toBe(0);
    expect(provider('ollama').canManageModels).toBe(true);
  });
});

describe('OpenAI-compatible', () => {
  it('listModels reads /v1/models; data: null is an empty list', async () => {
    stubFetch(() =>
      json({
        object: 'list',
        data: [{ id: 'llama3.2:latest', object: 'model', created: 1746405464, owned_by: 'library' }],
      }),
    );
    expect(await provider('openai').listModels()).toEqual([
      // The list says nothing of what the model can do: marked as a guess, so nothing warns on it.
      { name: 'llama3.2:latest', modifiedAt: '2025-05-05T00:37:44.000Z', capabilitiesGuessed: true },
    ]);
    stubFetch(() => json({ object: 'list', data: null }));
    expect(await provider('openai').listModels()).toEqual([]);
  });

  it('an older Foundry Local with no /v1/models is listed from /openai/models', async () => {
    const calls = stubFetch((url) =>
      url.endsWith('/openai/models')
        ? json(['Phi-4-mini-instruct-generic-cpu', 'qwen2.5-0.5b-instruct-generic-cpu'])
        : new Response(null, { status: 404 }),
    );
    expect((await provider('openai').listModels()).map((m) => m.name)).toEqual([
      'Phi-4-mini-instruct-generic-cpu',
      'qwen2.5-0.5b-instruct-generic-cpu',
    ]);
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual(['/v1/models', '/openai/models']);
  });

  it('a 404 on /v1/models from a server that is not Foundry Local stays a 404', async () => {
    stubFetch(() => new Response('404 page not found', { status: 404 }));
    await expect(provider('openai').listModels()).rejects.toMatchObject({ kind: 'http', status: 404 });
  });

  it('models with no capabilities listed count as chat models, unless named like embeddings', async () => {
    stubFetch(() =>
      json({ data: [{ id: 'qwen2.5-7b' }, { id: 'text-embedding-3-small' }, { id: 'nomic-embed-text' }] }),
    );
    const models = await provider('openai').listModels();
    expect(models.filter(isChatModel).map((m) => m.name)).toEqual(['qwen2.5-7b']);
  });

  it('version is the model list as a health check', async () => {
    const calls = stubFetch(() => json({ data: [] }));
    expect(await provider('openai').version()).toBe('');
    expect(calls[0]?.url).toBe('http://localhost:8000/v1/models');
  });

  it('modelDetails: a listed model, guessed chat-capable; an unlisted one is not found', async () => {
    stubFetch(() => json({ data: [{ id: 'm1' }] }));
    // No /props (this stub answers it with a model list): the capabilities are a guess, and say so.
    expect(await provider('openai').modelDetails('m1')).toEqual({
      name: 'm1',
      capabilities: ['completion'],
      capabilitiesGuessed: true,
    });
    await expect(provider('openai').modelDetails('m2')).rejects.toMatchObject({ kind: 'model-not-found' });
    expect(await provider('openai').loadedModels()).toEqual([]);
  });

  it('chat maps options, images as data URLs, format and reasoning effort', async () => {
    const calls = stubFetch(() => json({ choices: [{ message: { content: 'ok' }, finish_reason: 'stop' }] }));
    await collect(
      provider('openai').chat({
        model: 'gpt',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'what is this?', images: [{ base64: 'iVBORw0KGgo', mime: 'image/png' }] },
        ],
        options: {
          temperature: 0.3,
          top_p: 0.9,
          seed: 42,
          stop: ['END'],
          num_predict: 256,
          top_k: 40,
          num_ctx: 8192,
        },
        format: 'json',
        think: 'low',
        keepAlive: '5m',
        stream: false,
      }),
    );
    expect(calls[0]?.url).toBe('http://localhost:8000/v1/chat/completions');
    expect(calls[0]?.body).toEqual({
      model: 'gpt',
      stream: false,
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo' } },
          ],
        },
      ],
      temperature: 0.3,
      top_p: 0.9,
      // llama-server and LM Studio read top_k; servers that do not ignore it. num_ctx has no equivalent.
      top_k: 40,
      seed: 42,
      stop: ['END'],
      max_tokens: 256,
      response_format: { type: 'json_object' },
      reasoning_effort: 'low',
    });
  });

  it('chat: a JSON schema format, unlimited num_predict and a random seed send nothing extra', async () => {
    const calls = stubFetch(() => json({ choices: [{ message: { content: '{}' }, finish_reason: 'stop' }] }));
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    await collect(
      provider('openai').chat({
        model: 'm',
        messages: [],
        options: { num_predict: -1, seed: -1 },
        format: schema,
        think: true,
        stream: false,
      }),
    );
    expect(calls[0]?.body).toEqual({
      model: 'm',
      messages: [],
      stream: false,
      response_format: { type: 'json_schema', json_schema: { name: 'response', schema } },
    });
  });

  it('chat streams with usage requested, and reports what the server ignores', async () => {
    const events = [
      'data: {"choices":[{"delta":{"content":"Hi"},"finish_reason":null}]}\n\n',
      'data: {"choices":[{"delta":{},"finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":1},"timings":{"predicted_ms":12.5,"prompt_ms":3}}\n\n',
      'data: [DONE]\n\n',
    ];
    const calls = stubFetch(
      () => new Response(body(events).stream, { headers: { 'Content-Type': 'text/event-stream' } }),
    );
    const p = provider('openai');
    const answer = await answerOf(p.chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] }));
    expect(calls[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(answer).toEqual({
      content: 'Hi',
      thinking: '',
      stats: {
        // "length" with no max_tokens set: the context window filled up
        doneReason: 'context_full',
        evalCount: 1,
        promptEvalCount: 5,
        evalDurationNs: 12_500_000,
        promptEvalDurationNs: 3_000_000,
      },
    });
    expect([...p.unsupportedOptions].sort()).toEqual([
      'keep_alive',
      'min_p',
      'num_ctx',
      'repeat_penalty',
      'top_k',
    ]);
  });

  it('chat without streaming: reasoning, content and usage', async () => {
    stubFetch(() =>
      json({
        choices: [
          {
            message: { role: 'assistant', content: 'Paris.', reasoning_content: 'France…' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
      }),
    );
    expect(await collect(provider('openai').chat({ model: 'm', messages: [], stream: false }))).toEqual([
      { type: 'thinking', text: 'France…' },
      { type: 'content', text: 'Paris.' },
      { type: 'done', stats: { evalCount: 2, promptEvalCount: 9, doneReason: 'stop' } },
    ]);
  });

  it('a stream without [DONE] but with a finish_reason is complete; with neither it was cut off', async () => {
    stubFetch(
      () =>
        new Response(
          body(['data: {"choices":[{"delta":{"content":"a"},"finish_reason":"stop"}]}\n\n']).stream,
        ),
    );
    expect((await answerOf(provider('openai').chat({ model: 'm', messages: [] }))).stats).toEqual({
      doneReason: 'stop',
    });
    stubFetch(() => new Response(body(['data: {"choices":[{"delta":{"content":"a"}}]}\n\n']).stream));
    expect((await settle(provider('openai').chat({ model: 'm', messages: [] }))).error).toMatchObject({
      kind: 'bad-response',
    });
  });
});

describe('stopping early closes the connection', () => {
  it('breaking out of a chat loop cancels the body', async () => {
    const probe = body(['{"message":{"content":"a"},"done":false}\n'], { stall: true });
    stubFetch(() => ndjsonResponse(probe.stream));
    for await (const chunk of provider('ollama').chat({ model: 'm', messages: [] })) {
      expect(chunk).toEqual({ type: 'content', text: 'a' });
      break;
    }
    expect(probe.isCancelled).toBe(true);
  });

  it('the fetch signal is aborted once the request is over, so nothing lingers', async () => {
    const calls = stubFetch(() => json({ version: '1' }));
    await provider('ollama').version();
    expect(calls[0]?.init.signal?.aborted).toBe(true);
  });
});

describe('isChatModel', () => {
  it('follows capabilities when known', () => {
    expect(isChatModel({ name: 'llava', capabilities: ['completion', 'vision'] })).toBe(true);
    expect(isChatModel({ name: 'all-minilm', capabilities: ['embedding'] })).toBe(false);
  });

  it('unknown capabilities: chat, unless clearly an embedding model', () => {
    expect(isChatModel({ name: 'llama3.2' })).toBe(true);
    expect(isChatModel({ name: 'x', capabilities: [] })).toBe(true);
    expect(isChatModel({ name: 'mxbai-embed-large' })).toBe(false);
    expect(isChatModel({ name: 'all-minilm', family: 'bert' })).toBe(false);
  });
});

describe('anySignal', () => {
  it.each([true, false])('aborts when any input aborts (native: %s), with its reason', (native) => {
    const a = new AbortController();
    const b = new AbortController();
    const both = anySignal([a.signal, b.signal], native);
    expect(both.aborted).toBe(false);
    b.abort('why');
    expect(both.aborted).toBe(true);
    expect(both.reason).toBe('why');
  });

  it.each([true, false])('is aborted at once when an input already is (native: %s)', (native) => {
    expect(anySignal([AbortSignal.abort('early'), new AbortController().signal], native).reason).toBe(
      'early',
    );
  });
});
