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
