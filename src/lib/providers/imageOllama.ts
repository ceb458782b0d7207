// Ollama's experimental image generation: `/api/generate` to a model with the `image` capability,
// with `width`, `height`, `steps` and `options.seed`. The stream carries `{"completed","total"}`
// step lines and a last `done: true` line with `image` (base64 PNG). A failure after the first
// line just ends the stream, so a stream without its last line is an answer cut short.
import { base64ToBytes } from '../base64';
import { ProviderError } from './errors';
import { Transport, type RequestSpec } from './http';
import { imageFailure } from './imageErrors';
import { sniffImage, type ImageEvent, type ImageGenerator, type ImageRequest } from './imageTypes';
import { num, shorten, str, type JsonObject } from './json';
import { eachLine } from './lines';
import { parseNdjson } from './ndjson';
import type { PageInfo } from './page';
import type { Connection } from './types';

/** Text a model wrote instead of drawing: enough to show, not a whole essay. */
const TEXT_SHOWN = 160;

export function ollamaImageBody(req: ImageRequest, stream: boolean): JsonObject {
  const body: JsonObject = {
    model: req.model,
    prompt: req.prompt,
    width: req.width,
    height: req.height,
    stream,
  };
  if (req.steps) body.steps = req.steps;
  if (req.seed !== undefined) body.options = { seed: req.seed };
  return body;
}

/** The image of a line, decoded and checked to be a raster image; null when the line has none. */
export function decodeImage(b64: string | undefined): ImageEvent | null {
  if (!b64) return null;
  const bytes = base64ToBytes(b64.replace(/^data:[^,]*,/, ''));
  const mime = bytes ? sniffImage(bytes) : null;
  if (!bytes || !mime)
    throw new ProviderError('bad-response', { serverText: 'the image is not a PNG, JPEG or WebP' });
  return { type: 'image', bytes, mime };
}

/**
 * Generate lines to events. A text model writes `response` text instead: that is reported as soon
 * as a little of it has arrived (returning closes the connection, so it stops writing).
 */
export async function* ollamaImageEvents(
  objects: AsyncIterable<JsonObject>,
): AsyncGenerator<ImageEvent, void, undefined> {
  let text = '';
  for await (const line of objects) {
    const completed = num(line.completed);
    const total = num(line.total);
    if (completed !== undefined && total) yield { type: 'progress', completed, total };
    const image = decodeImage(str(line.image));
    if (image) yield image;
    text += str(line.response) ?? '';
    if (text.trim().length >= TEXT_SHOWN || (line.done === true && !image && text.trim())) {
      throw new ProviderError('not-an-image', { serverText: shorten(text, TEXT_SHOWN) });
    }
    if (line.done === true) {
      if (!image) throw new ProviderError('not-an-image', {});
      return;
    }
  }
  throw new ProviderError('bad-response', { isTruncated: true });
}

export class OllamaImageGenerator implements ImageGenerator {
  readonly features = { negativePrompt: false, count: false, progress: true };
  readonly #http: Transport;

  constructor(conn: Connection, page?: () => PageInfo) {
    this.#http = new Transport(conn, { probePath: '/api/version', page });
  }

  async *generate(req: ImageRequest): AsyncGenerator<ImageEvent, void, undefined> {
    const spec: RequestSpec = {
      path: '/api/generate',
      body: ollamaImageBody(req, true),
      signal: req.signal,
      waitsForModel: true,
      model: req.model,
    };
    try {
      yield* this.#http.stream(spec, (batches) => ollamaImageEvents(parseNdjson(eachLine(batches))));
    } catch (e) {
      throw imageFailure(e, this.#http, req.model);
    }
  }
}
