// OpenAI's images API as OpenAI-compatible image servers serve it (vLLM-Omni, LocalAI,
// stable-diffusion.cpp's server, Ollama's /v1): POST /v1/images/generations with `prompt`, `size`
// "WxH", `n` and `response_format: "b64_json"`, answered `{"created","data":[{"b64_json"}]}`.
// Extra fields are sent in the names those servers read (`negative_prompt`, `num_inference_steps`,
// `seed`); servers that do not know them ignore them. No progress: the answer comes whole.
import { ProviderError } from './errors';
import { Transport } from './http';
import { imageFailure } from './imageErrors';
import { decodeImage } from './imageOllama';
import type { ImageEvent, ImageGenerator, ImageRequest } from './imageTypes';
import { isObject, obj, shorten, str, type JsonObject } from './json';
import type { PageInfo } from './page';
import type { Connection } from './types';

export function openAiImageBody(req: ImageRequest): JsonObject {
  const body: JsonObject = {
    model: req.model,
    prompt: req.prompt,
    size: `${req.width}x${req.height}`,
    n: req.count ?? 1,
    response_format: 'b64_json',
  };
  if (req.negativePrompt?.trim()) body.negative_prompt = req.negativePrompt;
  if (req.steps) body.num_inference_steps = req.steps;
  if (req.seed !== undefined) body.seed = req.seed;
  return body;
}

/**
 * The images of an answer; an answer without any (text, an empty item, only URLs) is not an image,
 * nor is an empty 200: Ollama's /v1 drops a text model's words and writes nothing at all.
 */
export function openAiImages(body: unknown): ImageEvent[] {
  if (body === undefined) throw new ProviderError('not-an-image', {});
  const data = obj(body).data;
  if (!Array.isArray(data)) throw new ProviderError('bad-response', {});
  const images = data
    .filter(isObject)
    .map((d) => decodeImage(str(d.b64_json)))
    .filter((x) => x !== null);
  if (images.length) return images;
  const text = data
    .filter(isObject)
    .map((d) => str(d.revised_prompt) ?? str(d.text) ?? '')
    .join(' ');
  throw new ProviderError('not-an-image', { serverText: text.trim() ? shorten(text, 160) : undefined });
}

export class OpenAiImageGenerator implements ImageGenerator {
  readonly features = { negativePrompt: true, count: true, progress: false };
  readonly #http: Transport;

  constructor(conn: Connection, page?: () => PageInfo) {
    this.#http = new Transport(conn, { probePath: '/v1/models', page });
  }

  async *generate(req: ImageRequest): AsyncGenerator<ImageEvent, void, undefined> {
    let body: unknown;
    try {
      body = await this.#http.json({
        path: '/v1/images/generations',
        body: openAiImageBody(req),
        signal: req.signal,
        waitsForModel: true,
        model: req.model,
      });
    } catch (e) {
      throw imageFailure(e, this.#http, req.model);
    }
    try {
      yield* openAiImages(body);
    } catch (e) {
      throw e instanceof ProviderError
        ? this.#http.error(e.kind, { serverText: e.serverText, model: req.model })
        : e;
    }
  }
}
