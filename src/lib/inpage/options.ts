// Maps Causerie's generation options (Ollama's names) to what wllama's chat API takes. wllama runs
// llama-server's own request handler, so the sampling fields keep llama-server's names; the context
// size is a load-time setting (a new size reloads the model).
import type { ChatMessage, GenerationOptions } from '../providers/types';

/** Used when the GGUF carries no `tokenizer.chat_template`; the UI says so. */
export const PLAIN_TEMPLATE =
  "{% for message in messages %}{{ message['role'] + ': ' + message['content'] + '\\n\\n' }}{% endfor %}{% if add_generation_prompt %}{{ 'assistant: ' }}{% endif %}";
/** With the plain template, a model that starts writing the next turn is cut there. */
export const PLAIN_STOPS = ['\nuser:', '\nsystem:'];

/** The context size when none is set: the trained length, capped to keep memory modest in a tab. */
export const DEFAULT_CONTEXT = 4096;

export function contextSize(options: GenerationOptions | undefined, trained: number | undefined): number {
  const asked = options?.num_ctx;
  if (asked && asked > 0) return Math.floor(asked);
  return Math.min(trained && trained > 0 ? trained : DEFAULT_CONTEXT, DEFAULT_CONTEXT);
}

export interface SamplingFields {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  min_p?: number;
  repeat_penalty?: number;
  max_tokens?: number;
  seed?: number;
  stop?: string[];
}

export function samplingFields(
  options: GenerationOptions | undefined,
  plainTemplate: boolean,
): SamplingFields {
  const o = options ?? {};
  const out: SamplingFields = {};
  if (o.temperature !== undefined) out.temperature = o.temperature;
  if (o.top_p !== undefined) out.top_p = o.top_p;
  if (o.top_k !== undefined) out.top_k = o.top_k;
  if (o.min_p !== undefined) out.min_p = o.min_p;
  if (o.repeat_penalty !== undefined) out.repeat_penalty = o.repeat_penalty;
  // Ollama's -1 (and -2) mean "no limit"; llama-server's default is the same.
  if (o.num_predict !== undefined && o.num_predict > 0) out.max_tokens = Math.floor(o.num_predict);
  if (o.seed !== undefined && o.seed >= 0) out.seed = Math.floor(o.seed);
  const stops = [...(o.stop ?? []), ...(plainTemplate ? PLAIN_STOPS : [])].filter((s) => s.length > 0);
  if (stops.length) out.stop = stops;
  return out;
}

/** Text-only messages (the in-page engine gets no images from us); tool turns read as user text. */
export function engineMessages(
  messages: ChatMessage[],
): { role: 'system' | 'user' | 'assistant'; content: string }[] {
  return messages.map((msg) => ({ role: msg.role === 'tool' ? 'user' : msg.role, content: msg.content }));
}
