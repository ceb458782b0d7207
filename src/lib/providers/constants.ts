// Facts about the API families that code outside their (lazily loaded) modules needs.
import type { OptionName } from './types';

/** Ollama options with no counterpart in the OpenAI chat API. */
export const OPENAI_UNSUPPORTED: readonly OptionName[] = [
  'top_k',
  'min_p',
  'repeat_penalty',
  'num_ctx',
  'keep_alive',
];

/** The done reason for an answer cut off because the context window filled up (not a token limit). */
export const CONTEXT_FULL = 'context_full';

/**
 * The image types every OpenAI-compatible server reads. Ollama's /v1 takes JPEG, PNG and WebP data
 * URLs and answers 400 to the rest; llama-server's stb_image reads no WebP (400 "Failed to load image
 * or audio file"); LM Studio takes JPEG and PNG. Other pictures are sent re-encoded as PNG (imagePng.ts).
 */
export const OPENAI_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg'];
