// The image generation contract: what a drawing request carries and what comes back. One generator
// per server kind (imageOllama.ts, imageOpenai.ts), beside the chat `Provider`.
import type { ModelSummary } from './types';

export interface ImageRequest {
  model: string;
  prompt: string;
  /** Sent only where the server takes one (OpenAI-compatible image servers). */
  negativePrompt?: string;
  width: number;
  height: number;
  steps?: number;
  seed?: number;
  /** Images to make; Ollama makes one per request. */
  count?: number;
  signal?: AbortSignal;
}

/** Progress (Ollama streams `completed`/`total` steps), then one event per image. */
export type ImageEvent =
  | { type: 'progress'; completed: number; total: number }
  | { type: 'image'; bytes: Uint8Array<ArrayBuffer>; mime: ImageMime };

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

/** Which fields of the image prompt this server kind honours. */
export interface ImageFeatures {
  negativePrompt: boolean;
  count: boolean;
  /** Step progress arrives while it draws. */
  progress: boolean;
}

export interface ImageGenerator {
  readonly features: ImageFeatures;
  generate(request: ImageRequest): AsyncGenerator<ImageEvent, void, undefined>;
}

/** Image models: Ollama says `image` in `capabilities`; other servers when they say so, or by name. */
export const isImageModel = (m: Pick<ModelSummary, 'capabilities'>): boolean =>
  m.capabilities?.includes('image') ?? false;

/** The raster type the bytes start with (never trust what the server declares), or null. */
export function sniffImage(bytes: Uint8Array): ImageMime | null {
  const at = (i: number, sig: number[]) => sig.every((x, j) => bytes[i + j] === x);
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  return null;
}
