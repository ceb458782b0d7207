// @vitest-environment node
// The image generators against the test server over real HTTP, and the drawing job alone.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultModels, startFakeOllama } from '../../fake-ollama/server.mjs';
import { ERR_IMAGE_OOM, IMAGE_MODELS } from '../../fake-ollama/images.mjs';
import { ImageJob, type ImageJobEnv } from '../../../src/lib/images/job';
import { clampSide, clampWhole, imageFileName, isValidSide } from '../../../src/lib/images/fields';
import { ProviderError } from '../../../src/lib/providers/errors';
import { createProvider } from '../../../src/lib/providers';
import { createImageGenerator } from '../../../src/lib/providers/imageGen';
import { ollamaImageEvents } from '../../../src/lib/providers/imageOllama';
import type { ImageEvent, ImageGenerator, ImageRequest } from '../../../src/lib/providers/imageTypes';
import type { Connection } from '../../../src/lib/providers/types';
import type { MessageRecord } from '../../../src/lib/storage/types';

type Fake = Awaited<ReturnType<typeof startFakeOllama>>;
const IMAGE = 'x/z-image-turbo:latest';
const page = () => ({ origin: 'http://localhost:5173', protocol: 'http:', userAgent: 'node' });

let fake: Fake;
beforeAll(async () => {
  fake = await startFakeOllama({ models: [...defaultModels(), ...IMAGE_MODELS], imageStepMs: 2 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.setOptions({ imagesApi: true, imageStepMs: 2 });
});

const conn = (kind: 'ollama' | 'openai'): Connection => ({
  baseUrl: kind === 'openai' ? `${fake.url}/v1` : fake.url,
  kind,
  auth: { type: 'none' },
});

async function collect(kind: 'ollama' | 'openai', req: Partial<ImageRequest> = {}): Promise<ImageEvent[]> {
  const out: ImageEvent[] = [];
  const gen = createImageGenerator(conn(kind), page);
  for await (const e of gen.generate({ model: IMAGE, prompt: 'a red square', width: 64, height: 32, ...req }))
    out.push(e);
  return out;
}

async function failure(kind: 'ollama' | 'openai', req: Partial<ImageRequest> = {}): Promise<ProviderError> {
  try {
    await collect(kind, req);
  } catch (e) {
    if (e instanceof ProviderError) return e;
    throw e;
  }
  throw new Error('no failure');
}

const pngSize = (bytes: Uint8Array) => {
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  return [v.getUint32(16), v.getUint32(20)];
};

describe('Ollama /api/generate', () => {
  it('yields each step, then the PNG of the asked size', async () => {
    const events = await collect('ollama', { steps: 3, seed: 5 });
    expect(events.slice(0, 3)).toEqual([
      { type: 'progress', completed: 1, total: 3 },
      { type: 'progress', completed: 2, total: 3 },
      { type: 'progress', completed: 3, total: 3 },
    ]);
    const last = events[3]!;
    expect(last.type === 'image' && last.mime).toBe('image/png');
    expect(last.type === 'image' && pngSize(last.bytes)).toEqual([64, 32]);
    expect(fake.requests.at(-1)!.body).toMatchObject({ steps: 3, options: { seed: 5 }, width: 64 });
  });

  it('says a text model answered with text, quoting it', async () => {
    const e = await failure('ollama', { model: 'llama3.2' });
    expect(e.kind).toBe('not-an-image');
    expect(e.title).toBe('llama3.2 answered with text, not an image');
    expect(e.fix.detail).toMatch(/It wrote: “/);
  });

  it('tells out of memory (before or after the first step), a refused size and a cut stream apart', async () => {
    fake.fault({ kind: 'status', status: 500, message: ERR_IMAGE_OOM, model: IMAGE });
    expect((await failure('ollama')).kind).toBe('out-of-memory');
    // Once the steps stream, the runner's failure arrives as an `{"error"}` line.
    fake.fault({ kind: 'midstream-error', afterTokens: 2, model: IMAGE });
    expect((await failure('ollama', { steps: 4 })).kind).toBe('out-of-memory');
    expect((await failure('ollama', { width: 8192 })).kind).toBe('size-refused');
    // A stream that ends cleanly without its last line (a proxy that cut it) is an answer cut short.
    const lines = async function* () {
      yield { completed: 1, total: 4 };
    };
    const cut = await (async () => {
      for await (const _ of ollamaImageEvents(lines())) void _;
    })().catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(ProviderError);
    expect([(cut as ProviderError).kind, (cut as ProviderError).title]).toEqual([
      'bad-response',
      'The answer ended early',
    ]);
  });

  it('explains an Ollama that no longer draws (#16615: its image models answered 400)', async () => {
    fake.setOptions({ imagesApi: false });
    const e = await failure('ollama');
    expect([e.kind, e.title, e.status]).toEqual(['no-image-api', 'This server cannot make images', 400]);
  });

  it('stops at once and closes the request at the server', async () => {
    fake.setOptions({ imageStepMs: 40 });
    const controller = new AbortController();
    const gen = createImageGenerator(conn('ollama'), page);
    const seen: ImageEvent[] = [];
    const run = (async () => {
      for await (const e of gen.generate({
        model: IMAGE,
        prompt: 'x',
        width: 64,
        height: 64,
        steps: 50,
        signal: controller.signal,
      })) {
        seen.push(e);
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    const closed = await fake.waitForClose(fake.requests.find((r) => r.path === '/api/generate')!);
    expect(closed.closedEarly).toBe(true);
  });
});

describe('OpenAI-compatible /v1/images/generations', () => {
  it('takes a model listed with type "image" as an image model, and guesses nothing for the others', async () => {
    fake.setOptions({ modelTypes: true });
    const models = await createProvider(conn('openai'), { page }).listModels();
    fake.setOptions({ modelTypes: false });
    expect(models.find((m) => m.name === IMAGE)).toMatchObject({ capabilities: ['image'] });
    expect(models.find((m) => m.name === IMAGE)?.capabilitiesGuessed).toBeUndefined();
    expect(models.find((m) => m.name === 'llama3.2:latest')).toMatchObject({ capabilitiesGuessed: true });
  });

  it('sends size, n and b64_json, and yields every image', async () => {
    const events = await collect('openai', { count: 2, negativePrompt: 'fog', steps: 4, seed: 9 });
    expect(events.map((e) => e.type)).toEqual(['image', 'image']);
    expect(fake.requests.at(-1)!.body).toEqual({
      model: IMAGE,
      prompt: 'a red square',
      size: '64x32',
      n: 2,
      response_format: 'b64_json',
      negative_prompt: 'fog',
      num_inference_steps: 4,
      seed: 9,
    });
  });

  it('explains a server without the API, a model that cannot draw and a refused size', async () => {
    expect((await failure('openai', { model: 'llama3.2:latest' })).kind).toBe('not-an-image');
    expect((await failure('openai', { width: 9000 })).kind).toBe('size-refused');
    expect((await failure('openai', { model: 'nope' })).kind).toBe('model-not-found');
    fake.setOptions({ imagesApi: false });
    const e = await failure('openai');
    expect([e.kind, e.title]).toEqual(['no-image-api', 'This server cannot make images']);
  });
});

describe('ImageJob', () => {
  const answer = (): MessageRecord => ({
    id: 'a',
    sessionId: 's',
    parentId: 'q',
    role: 'assistant',
    content: '',
    status: 'streaming',
    createdAt: 1,
  });
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const scripted = (steps: (ImageEvent | Error)[], controller?: AbortController): ImageGenerator => ({
    features: { negativePrompt: false, count: false, progress: true },
    async *generate() {
      for (const s of steps) {
        await new Promise((r) => setTimeout(r, 1));
        if (controller?.signal.aborted) throw new DOMException('stopped', 'AbortError');
        if (s instanceof Error) throw s;
        yield s;
      }
    },
  });
  const env = (log: string[]): ImageJobEnv => ({
    storeImage: async () => {
      log.push('store');
      return `img${log.length}`;
    },
    save: async (r) => void log.push(`save:${r.status}:${r.imageIds?.length ?? 0}`),
    onStorageError: () => log.push('storage-error'),
    describe: (e) => ({ kind: 'x', title: String((e as Error).message) }),
    isAbort: (e) => (e as Error).name === 'AbortError',
    now: () => 0,
    onProgress: (c, t) => log.push(`progress:${c}/${t}`),
  });
  const req = (signal: AbortSignal) => ({ model: 'm', prompt: 'p', width: 64, height: 64, signal });

  it('reports progress, stores each image and ends done', async () => {
    const log: string[] = [];
    const a = answer();
    const steps: ImageEvent[] = [
      { type: 'progress', completed: 1, total: 2 },
      { type: 'image', bytes: png, mime: 'image/png' },
    ];
    const out = await new ImageJob(scripted(steps), req(new AbortController().signal), a, env(log)).run();
    expect(out).toEqual({ status: 'done' });
    expect(a.imageIds).toHaveLength(1);
    expect(log).toEqual(['progress:1/2', 'store', 'save:streaming:1', 'save:done:1']);
  });

  it('keeps the images that arrived when a later failure ends it', async () => {
    const log: string[] = [];
    const a = answer();
    const steps = [{ type: 'image', bytes: png, mime: 'image/png' } as const, new Error('boom')];
    const out = await new ImageJob(scripted(steps), req(new AbortController().signal), a, env(log)).run();
    expect(out.status).toBe('error');
    expect([a.status, a.error?.title, a.imageIds?.length]).toEqual(['error', 'boom', 1]);
  });

  it('shows Stop at once and ends stopped, not failed', async () => {
    const controller = new AbortController();
    const a = answer();
    const steps: ImageEvent[] = [
      { type: 'progress', completed: 1, total: 9 },
      { type: 'progress', completed: 2, total: 9 },
    ];
    const job = new ImageJob(scripted(steps, controller), req(controller.signal), a, env([])).run();
    controller.abort();
    expect(a.status).toBe('stopped');
    expect(await job).toEqual({ status: 'stopped' });
    expect(a.error).toBeUndefined();
  });
});

describe('image settings', () => {
  it('makes sides multiples of 16 within 64–4096', () => {
    expect([clampSide(250), clampSide(10), clampSide(9999), clampSide(Number.NaN)]).toEqual([
      256, 64, 4096, 1024,
    ]);
    expect([isValidSide(256), isValidSide(250), isValidSide(8192)]).toEqual([true, false, false]);
  });

  it('keeps a typed step count, seed or image count whole and within its limits; empty stays empty', () => {
    expect([clampWhole(7.6, 1, 150), clampWhole(0, 1, 150), clampWhole(900, 1, 150)]).toEqual([8, 1, 150]);
    expect([clampWhole(undefined, 0, 10), clampWhole(Number.NaN, 0, 10), clampWhole(-3, 0, 10)]).toEqual([
      undefined,
      undefined,
      0,
    ]);
  });

  it('names downloads after the prompt, safely', () => {
    expect(imageFileName('a red square', 0, 'image/png')).toBe('a-red-square.png');
    expect(imageFileName('../../etc/passwd <script>', 1, 'image/jpeg')).toBe('etcpasswd-script-2.jpg');
    expect(imageFileName('', 0, 'image/webp')).toBe('image.webp');
  });
});
