// @vitest-environment node
// The test server's image generation: real HTTP, real PNGs (checked by inflating them here).
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultModels, startFakeOllama } from '../fake-ollama/server.mjs';
import { crc32, ERR_IMAGE_OOM, IMAGE_MODELS } from '../fake-ollama/images.mjs';

type Fake = Awaited<ReturnType<typeof startFakeOllama>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const IMAGE = 'x/z-image-turbo';

function post(base: string, path: string, body: unknown, signal?: AbortSignal) {
  return fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

/** Width, height and the RGB of one pixel of an 8-bit RGB PNG; every chunk's CRC is checked. */
function readPng(b64: string, at: [number, number] = [0, 0]) {
  const bytes = Buffer.from(b64, 'base64');
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < bytes.length) {
    const len = bytes.readUInt32BE(off);
    const type = bytes.subarray(off + 4, off + 8).toString('latin1');
    const data = bytes.subarray(off + 8, off + 8 + len);
    expect(bytes.readUInt32BE(off + 8 + len)).toBe(crc32(bytes.subarray(off + 4, off + 8 + len)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3 + 1;
  const [x, y] = at;
  const p = y * stride + 1 + x * 3;
  return { width, height, pixel: [raw[p], raw[p + 1], raw[p + 2]], raw };
}

async function lines(res: Response): Promise<Json[]> {
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Json);
}

let fake: Fake;

beforeAll(async () => {
  fake = await startFakeOllama({
    models: [...defaultModels(), ...IMAGE_MODELS],
    tagsCapabilities: true,
    imageStepMs: 2,
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.setOptions({ imagesApi: true, imageStepMs: 2 });
});

describe('image models on /api/generate', () => {
  it('lists the image model with the image capability', async () => {
    const tags = (await (await fetch(`${fake.url}/api/tags`)).json()) as Json;
    const m = tags.models.find((x: Json) => x.name === 'x/z-image-turbo:latest');
    expect(m.capabilities).toEqual(['image']);
  });

  it('streams one progress line per step, then a PNG of the asked size coloured after the prompt', async () => {
    const res = await post(fake.url, '/api/generate', {
      model: IMAGE,
      prompt: 'a red square',
      width: 256,
      height: 128,
      steps: 4,
    });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const out = await lines(res);
    expect(out.slice(0, -1).map((l) => [l.completed, l.total, l.done])).toEqual([
      [1, 4, false],
      [2, 4, false],
      [3, 4, false],
      [4, 4, false],
    ]);
    const last = out.at(-1)!;
    expect(last.done).toBe(true);
    const png = readPng(last.image, [128, 100]);
    expect([png.width, png.height]).toEqual([256, 128]);
    expect(png.pixel).toEqual([220, 30, 30]);
  });

  it('draws the same image for the same seed and another for another seed', async () => {
    const draw = async (seed: number) =>
      (
        await lines(
          await post(fake.url, '/api/generate', {
            model: IMAGE,
            prompt: 'blue',
            width: 64,
            height: 64,
            steps: 1,
            options: { seed },
          }),
        )
      ).at(-1)!.image as string;
    expect(await draw(7)).toBe(await draw(7));
    expect(await draw(7)).not.toBe(await draw(8));
  });

  it('answers stream:false with one object holding the image', async () => {
    const res = await post(fake.url, '/api/generate', {
      model: IMAGE,
      prompt: 'green',
      width: 32,
      height: 32,
      steps: 2,
      stream: false,
    });
    const body = (await res.json()) as Json;
    expect(body.done).toBe(true);
    expect(readPng(body.image).width).toBe(32);
  });

  it('refuses a side above 4096 like Ollama', async () => {
    const res = await post(fake.url, '/api/generate', { model: IMAGE, prompt: 'x', width: 5000, height: 64 });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'width and height must be <= 4096' });
  });

  it('answers a text model with text, whatever width and height say', async () => {
    const out = await lines(
      await post(fake.url, '/api/generate', {
        model: 'llama3.2',
        prompt: 'a red square',
        width: 64,
        height: 64,
      }),
    );
    expect(out.some((l) => typeof l.response === 'string' && l.response.length > 0)).toBe(true);
    expect(out.some((l) => 'image' in l)).toBe(false);
  });

  it('fails with an out-of-memory 500 when told to', async () => {
    fake.fault({ kind: 'status', status: 500, message: ERR_IMAGE_OOM, model: IMAGE });
    const res = await post(fake.url, '/api/generate', { model: IMAGE, prompt: 'x', width: 64, height: 64 });
    expect(res.status).toBe(500);
    expect(((await res.json()) as Json).error).toMatch(/out of memory/);
  });

  it('writes the runner’s failure as the last line once the steps stream (the status is sent by then)', async () => {
    fake.fault({ kind: 'midstream-error', afterTokens: 2, model: IMAGE });
    const res = await post(fake.url, '/api/generate', {
      model: IMAGE,
      prompt: 'x',
      width: 64,
      height: 64,
      steps: 5,
    });
    expect(res.status).toBe(200);
    const out = await lines(res);
    expect(out.map((l) => l.completed)).toEqual([1, 2, undefined]);
    expect(out.at(-1)).toEqual({ error: ERR_IMAGE_OOM });
    expect(out.some((l) => l.done)).toBe(false);
  });

  it('notices when the client hangs up mid-generation', async () => {
    fake.setOptions({ imageStepMs: 50 });
    const controller = new AbortController();
    const res = await post(
      fake.url,
      '/api/generate',
      { model: IMAGE, prompt: 'x', width: 64, height: 64, steps: 40 },
      controller.signal,
    );
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const record = await fake.waitForRequest((r) => r.path === '/api/generate');
    const closed = await fake.waitForClose(record);
    expect(closed.closedEarly).toBe(true);
    expect(closed.chunksWritten).toBeLessThan(40);
  });
});

describe('/v1/images/generations', () => {
  it('answers the OpenAI shape with n base64 PNGs of the asked size', async () => {
    const res = await post(fake.url, '/v1/images/generations', {
      model: IMAGE,
      prompt: 'a yellow sun',
      size: '96x64',
      n: 2,
      response_format: 'b64_json',
    });
    const body = (await res.json()) as Json;
    expect(typeof body.created).toBe('number');
    expect(body.data).toHaveLength(2);
    const png = readPng(body.data[0].b64_json, [48, 40]);
    expect([png.width, png.height]).toEqual([96, 64]);
    expect(png.pixel).toEqual([240, 210, 40]);
    expect(body.data[0].b64_json).not.toBe(body.data[1].b64_json);
  });

  it('refuses a size it cannot make, with an OpenAI error', async () => {
    const res = await post(fake.url, '/v1/images/generations', {
      model: IMAGE,
      prompt: 'x',
      size: '9000x9000',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error.message).toMatch(/invalid size "9000x9000"/);
  });

  it('answers a model that cannot draw with a 200 and no body (the ImageWriter drops its text)', async () => {
    const res = await post(fake.url, '/v1/images/generations', {
      model: 'llama3.2',
      prompt: 'x',
      size: '64x64',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('is a plain 404 on a server without image generation, whose /api/generate refuses image models', async () => {
    fake.setOptions({ imagesApi: false });
    const res = await post(fake.url, '/v1/images/generations', { model: IMAGE, prompt: 'x' });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('404 page not found');
    const generate = await post(fake.url, '/api/generate', { model: IMAGE, prompt: 'x' });
    expect(generate.status).toBe(400);
    expect(await generate.json()).toEqual({ error: 'image generation models are not currently supported' });
  });

  it('names a missing model in a 404', async () => {
    const res = await post(fake.url, '/v1/images/generations', { model: 'nope', prompt: 'x' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).error.message).toBe('model "nope" not found');
  });
});
