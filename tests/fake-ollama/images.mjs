// Image generation for the fake Ollama server, kept apart from the chat code.
//
// Ollama's experimental image models (capability `image`) answer `/api/generate` with `width`,
// `height`, `steps` and `options.seed`: streamed NDJSON progress lines `{"completed":3,"total":9}`
// and a last line with `done: true` and `image` (base64 PNG). Above 4096 pixels a side it answers
// 400 "width and height must be <= 4096"; a runner failure answers 500 `{"error"}` before the first
// line, and an `{"error"}` line after it (the status is sent by then). `/v1/images/generations`
// takes the OpenAI shape (`prompt`, `size` "WxH", `n`, `response_format`) and answers
// `{"created","data":[{"b64_json"}]}`; Ollama's ImageWriter writes only a last line that carries an
// image, so a text model there gets a 200 with an empty body. Read in ollama/ollama server/routes.go
// (handleImageGenerate), middleware/openai.go (ImageWriter), openai/openai.go, before #16615.
//
// Ollama removed image generation in July 2026 (#16615): image models stay listed with their
// `image` capability, `/api/generate` answers them 400 "image generation models are not currently
// supported" and `/v1/images/generations` is gone (gin's 404). `imagesApi: false` is that server.
//
// The pictures are deterministic PNGs made here: a background coloured after the prompt ("a red
// square" is red) with a marker whose place depends on the seed, so two seeds give two images.

import { deflateSync } from 'node:zlib';

/** @typedef {import('./server.mjs').ModelDef} ModelDef */

/** Ollama's limit on each side (server/routes.go handleImageGenerate). */
export const MAX_IMAGE_SIDE = 4096;
/** The default step count of x/z-image-turbo. */
export const DEFAULT_STEPS = 9;
/** What an image runner that ran out of memory answers, for `fault({ kind: 'status', message })`. */
export const ERR_IMAGE_OOM =
  'image runner process has terminated: failed to allocate 2147483648 bytes: out of memory';

/** @type {ModelDef[]} */
export const IMAGE_MODELS = [
  {
    name: 'x/z-image-turbo:latest',
    family: 'zimage',
    parameterSize: '6B',
    quantizationLevel: 'FP8',
    capabilities: ['image'],
    size: 6_200_000_000,
    modifiedAt: '2026-01-20T09:00:00.000000001-07:00',
    template: '',
  },
];

// ---- PNG ----

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG chunks use it. @param {Uint8Array} bytes */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = /** @type {number} */ (CRC_TABLE[(c ^ b) & 0xff]) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * An 8-bit RGB PNG from a pixel function.
 * @param {number} width @param {number} height
 * @param {(x: number, y: number) => [number, number, number]} pixel
 */
export function encodePng(width, height, pixel) {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const at = y * stride + 1 + x * 3;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** @type {Record<string, [number, number, number]>} */
const COLOURS = {
  red: [220, 30, 30],
  green: [30, 170, 60],
  blue: [30, 70, 220],
  yellow: [240, 210, 40],
  orange: [245, 140, 20],
  purple: [140, 50, 180],
  black: [10, 10, 10],
  white: [245, 245, 245],
};

/** The colour the prompt names first, else one derived from its text. @param {string} prompt */
export function promptColour(prompt) {
  const word = prompt
    .toLowerCase()
    .split(/[^a-z]+/)
    .find((w) => w in COLOURS);
  if (word) return /** @type {[number, number, number]} */ (COLOURS[word]);
  let h = 2166136261;
  for (const ch of prompt) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0;
  return /** @type {[number, number, number]} */ ([h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff]);
}

/**
 * The picture for a prompt: its colour, with a square marker in the top band placed by the seed.
 * @param {string} prompt @param {number} width @param {number} height @param {number} seed
 */
export function pictureFor(prompt, width, height, seed) {
  const bg = promptColour(prompt);
  const fg = /** @type {[number, number, number]} */ (bg.map((c) => 255 - c));
  const side = Math.max(1, Math.floor(Math.min(width, height) / 8));
  const left = Math.abs(Math.trunc(seed) * 37) % Math.max(1, width - side);
  return encodePng(width, height, (x, y) => (y < side && x >= left && x < left + side ? fg : bg));
}

// ---- Routes ----

/** @param {unknown} v */
const int = (v) => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);

/**
 * The image routes, given the server's own helpers (so faults, request records and closing
 * connections work as for chat).
 * @param {any} h  `{ options, findModel, takeFault, jsonBody, sendJson, sendText, writeHead, write, sleep, goTimestamp, drop }`
 */
export function createImageRoutes(h) {
  const stepMs = () => h.options.imageStepMs ?? 30;

  /** Ollama: an image model on /api/generate. @param {any} ctx @param {any} model @param {Record<string, unknown>} body */
  async function generate(ctx, model, body) {
    // Ollama after #16615.
    if (h.options.imagesApi === false) {
      return h.sendJson(ctx, 400, { error: 'image generation models are not currently supported' });
    }
    const width = int(body.width) || 1024;
    const height = int(body.height) || 1024;
    if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
      return h.sendJson(ctx, 400, { error: `width and height must be <= ${MAX_IMAGE_SIDE}` });
    }
    const prompt = typeof body.prompt === 'string' ? body.prompt : '';
    const name = String(body.model);
    if (!prompt) {
      return h.sendJson(ctx, 200, {
        model: name,
        created_at: h.goTimestamp(),
        done: true,
        done_reason: 'load',
      });
    }
    const steps = int(body.steps) || DEFAULT_STEPS;
    const options = /** @type {Record<string, unknown>} */ (body.options ?? {});
    const seed = int(options.seed);
    const fault = h.takeFault(model.name);
    if (fault?.kind === 'status') {
      return h.sendJson(ctx, fault.status, { error: fault.message ?? ERR_IMAGE_OOM });
    }
    const isStreaming = body.stream !== false;
    const startedAt = Date.now();
    const final = () => ({
      model: name,
      created_at: h.goTimestamp(),
      done: true,
      done_reason: 'stop',
      image: pictureFor(prompt, width, height, seed).toString('base64'),
      total_duration: (Date.now() - startedAt + 1) * 1e6,
      load_duration: 1e6,
    });
    if (!isStreaming) {
      for (let i = 0; i < steps && !ctx.closed; i++) await h.sleep(ctx, stepMs());
      if (ctx.closed) return;
      return h.sendJson(ctx, 200, final());
    }
    h.writeHead(ctx, 200, { 'content-type': 'application/x-ndjson' });
    for (let i = 1; i <= steps; i++) {
      await h.sleep(ctx, stepMs());
      if (ctx.closed) return;
      // A runner that fails after the first line: Ollama writes the error as the last line.
      if (fault && (fault.kind === 'midstream-error' || fault.kind === 'drop') && i > fault.afterTokens) {
        if (fault.kind === 'drop') return h.drop(ctx);
        h.write(ctx, JSON.stringify({ error: fault.message ?? ERR_IMAGE_OOM }) + '\n');
        ctx.res.end();
        return;
      }
      const line = { model: name, created_at: h.goTimestamp(), done: false, completed: i, total: steps };
      h.write(ctx, JSON.stringify(line) + '\n');
    }
    h.write(ctx, JSON.stringify(final()) + '\n');
    ctx.res.end();
  }

  /** @param {number} status @param {string} message */
  const openAIError = (status, message) => ({
    error: {
      message,
      type: status === 404 ? 'not_found_error' : 'invalid_request_error',
      param: null,
      code: null,
    },
  });

  /** `/v1/images/generations`. @param {any} ctx */
  async function openAIGenerations(ctx) {
    if (h.options.imagesApi === false) return h.sendText(ctx, 404, '404 page not found');
    const parsed = h.jsonBody(ctx, 'api.ImageGenerationRequest');
    if ('error' in parsed) return h.sendJson(ctx, 400, openAIError(400, parsed.error));
    const body = /** @type {Record<string, unknown>} */ (parsed.body);
    if (typeof body.model !== 'string' || !body.model)
      return h.sendJson(ctx, 400, openAIError(400, 'model is required'));
    if (typeof body.prompt !== 'string' || !body.prompt)
      return h.sendJson(ctx, 400, openAIError(400, 'prompt is required'));
    const model = h.findModel(body.model);
    if (!model) return h.sendJson(ctx, 404, openAIError(404, `model "${body.model}" not found`));
    const size = typeof body.size === 'string' && body.size ? body.size : '1024x1024';
    const match = /^(\d+)x(\d+)$/.exec(size);
    const width = match ? Number(match[1]) : 0;
    const height = match ? Number(match[2]) : 0;
    if (!match || width < 16 || height < 16 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
      return h.sendJson(
        ctx,
        400,
        openAIError(400, `invalid size "${size}": width and height must be between 16 and ${MAX_IMAGE_SIDE}`),
      );
    }
    const fault = h.takeFault(model.name);
    if (fault?.kind === 'status') {
      return h.sendJson(ctx, fault.status, openAIError(fault.status, fault.message ?? ERR_IMAGE_OOM));
    }
    const steps = int(body.num_inference_steps) || int(body.steps) || DEFAULT_STEPS;
    for (let i = 0; i < steps && !ctx.closed; i++) await h.sleep(ctx, stepMs());
    if (ctx.closed) return;
    const created = Math.floor(Date.now() / 1000);
    // A model that cannot draw runs and writes text, which Ollama's ImageWriter drops: 200, no body.
    if (!model.capabilities.includes('image')) {
      h.writeHead(ctx, 200, { 'content-type': 'application/x-ndjson' });
      ctx.res.end();
      return;
    }
    // OpenAI-compatible image servers (vLLM-Omni, LocalAI) honour `n`; Ollama's own handler makes one.
    const n = Math.min(4, Math.max(1, int(body.n) || 1));
    const seed = int(body.seed);
    const prompt = String(body.prompt);
    const data = Array.from({ length: n }, (_, i) => ({
      b64_json: pictureFor(prompt, width, height, seed + i).toString('base64'),
    }));
    h.sendJson(ctx, 200, { created, data });
  }

  return { generate, openAIGenerations };
}
