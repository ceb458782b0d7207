import { describe, expect, it } from 'vitest';
import { contextSize, PLAIN_STOPS, samplingFields } from '../../../src/lib/inpage/options';
import { chooseRuntime, type RuntimeEnv } from '../../../src/lib/inpage/runtime';
import { checkFits, checkModelUrl, modelNameFor, orderParts, partUrls } from '../../../src/lib/inpage/store';
import { statsFrom } from '../../../src/lib/inpage/provider';

const env = (o: Partial<RuntimeEnv> = {}): RuntimeEnv => ({
  jspi: true,
  memory64: true,
  webgpuAdapter: false,
  crossOriginIsolated: false,
  hardwareConcurrency: 8,
  isolationWorker: false,
  host: 'example.org',
  ...o,
});

describe('chooseRuntime', () => {
  it('prefers WebGPU when an adapter exists', () => {
    expect(chooseRuntime(env({ webgpuAdapter: true }))).toMatchObject({ kind: 'webgpu', gpu: true });
  });
  it('uses half the cores when the page is cross-origin isolated', () => {
    const r = chooseRuntime(env({ crossOriginIsolated: true }));
    expect(r).toMatchObject({ kind: 'wasm-threads', threads: 4, gpu: false });
    expect(chooseRuntime(env({ crossOriginIsolated: true, isolationWorker: true })).reason).toMatch(
      /isolation worker/,
    );
  });
  it('runs on one thread otherwise, and names GitHub Pages as the reason there', () => {
    expect(chooseRuntime(env())).toMatchObject({ kind: 'wasm-single', threads: 1 });
    expect(chooseRuntime(env({ host: 'someone.github.io' })).reason).toMatch(
      /GitHub Pages cannot send the COOP\/COEP headers/,
    );
  });
  it('says why an isolated page on a two-core device still runs one thread', () => {
    expect(chooseRuntime(env({ crossOriginIsolated: true, hardwareConcurrency: 2 })).reason).toMatch(
      /half of this device’s 2 logical cores is one/,
    );
  });
  it('tells a browser without JSPI or Memory64 that it cannot run models here', () => {
    const r = chooseRuntime(env({ jspi: false, webgpuAdapter: true }));
    expect(r.kind).toBe('unsupported');
    expect(r.reason).toMatch(/lacks WebAssembly JSPI/);
    expect(chooseRuntime(env({ memory64: false })).reason).toMatch(/Memory64/);
  });
});

describe('generation options', () => {
  it('maps every option the kind honours to the engine’s names', () => {
    expect(
      samplingFields(
        {
          temperature: 0.2,
          top_p: 0.9,
          top_k: 20,
          min_p: 0.05,
          repeat_penalty: 1.1,
          num_predict: 64,
          seed: 42,
          stop: ['END'],
          num_ctx: 1024,
        },
        false,
      ),
    ).toEqual({
      temperature: 0.2,
      top_p: 0.9,
      top_k: 20,
      min_p: 0.05,
      repeat_penalty: 1.1,
      max_tokens: 64,
      seed: 42,
      stop: ['END'],
    });
  });
  it('treats Ollama’s -1 as no limit and adds the plain template’s stops', () => {
    expect(samplingFields({ num_predict: -1, seed: -1 }, true)).toEqual({ stop: PLAIN_STOPS });
  });
  it('uses the asked context size, else the trained one capped at 4096', () => {
    expect(contextSize({ num_ctx: 1024 }, 131072)).toBe(1024);
    expect(contextSize({}, 131072)).toBe(4096);
    expect(contextSize(undefined, 2048)).toBe(2048);
  });
});

describe('model files', () => {
  const f = (name: string) => ({ name });
  it('orders the parts of a split model and refuses an incomplete set', () => {
    const parts = [f('m-00002-of-00002.gguf'), f('m-00001-of-00002.gguf')];
    expect(orderParts(parts).map((p) => p.name)).toEqual(['m-00001-of-00002.gguf', 'm-00002-of-00002.gguf']);
    expect(modelNameFor(['m-00001-of-00002.gguf'])).toBe('m.gguf');
    expect(() => orderParts([f('m-00001-of-00003.gguf'), f('m-00003-of-00003.gguf')])).toThrow(
      /split into 3 files but 2 were picked/,
    );
    expect(() => orderParts([f('a.gguf'), f('b.gguf')])).toThrow(/one model at a time/);
  });
  it('refuses a model larger than the free space, with both figures', () => {
    expect(() => checkFits('big.gguf', 5e9, { usage: 1e9, quota: 4e9 })).toThrow(
      /“big\.gguf” needs 5\.0 GB but this browser has only 3\.0 GB free/,
    );
    expect(() => checkFits('ok.gguf', 1e9, { usage: 1e9, quota: 4e9 })).not.toThrow();
    expect(() => checkFits('x.gguf', 1e12, null)).not.toThrow();
  });
  it('downloads only over https (or http on this machine), never with credentials in the URL', () => {
    expect(checkModelUrl('https://example.org/m.gguf').href).toBe('https://example.org/m.gguf');
    expect(checkModelUrl('http://127.0.0.1:8000/m.gguf').host).toBe('127.0.0.1:8000');
    expect(() => checkModelUrl('http://example.org/m.gguf')).toThrow(/https/);
    expect(() => checkModelUrl('https://u:p@example.org/m.gguf')).toThrow(/https/);
    expect(() => checkModelUrl('javascript:alert(1)')).toThrow(/https/);
  });
  it('finds every part of a split model from the first part’s address', () => {
    const { urls, names } = partUrls(new URL('https://h.example/r/q-00001-of-00002.gguf?download=1'));
    expect(names).toEqual(['q-00001-of-00002.gguf', 'q-00002-of-00002.gguf']);
    expect(urls.map(String)).toEqual([
      'https://h.example/r/q-00001-of-00002.gguf?download=1',
      'https://h.example/r/q-00002-of-00002.gguf?download=1',
    ]);
  });
});

describe('statsFrom', () => {
  it('turns the engine’s timings into the stats every server kind shows', () => {
    const last = {
      id: 'x',
      object: 'chat.completion.chunk' as const,
      created: 0,
      model: 'm',
      choices: [{ index: 0, delta: {}, finish_reason: 'length' as const, logprobs: null }],
      timings: {
        cache_n: 0,
        prompt_n: 25,
        prompt_ms: 10,
        prompt_per_token_ms: 0.4,
        prompt_per_second: 2500,
        predicted_n: 200,
        predicted_ms: 400,
        predicted_per_token_ms: 2,
        predicted_per_second: 500,
      },
    };
    expect(statsFrom(last, 700)).toEqual({
      evalCount: 200,
      evalDurationNs: 400e6,
      promptEvalCount: 25,
      promptEvalDurationNs: 10e6,
      totalDurationNs: 1110e6,
      loadDurationNs: 700e6,
      doneReason: 'length',
    });
    expect(statsFrom(undefined, 0)).toEqual({});
  });
});
