// How much of the context window a request takes, estimated before sending, and whether the server
// evidently dropped the start of it. Ollama never says it truncated: it drops whole old messages
// until the prompt fits num_ctx and reports `prompt_eval_count` for what it kept (cached tokens
// included), which then lands well below what was sent, and usually below num_ctx too. So "prompt +
// answer ≥ num_ctx" rarely fires; comparing the count with an estimate of what was sent does.
import type { ChatMessage } from './providers/types';
import { decimal } from './i18n/locale';

/** What a chat template adds around each message (role header, end-of-turn), in tokens. */
const TOKENS_PER_MESSAGE = 4;
/** The assistant header after the last message. */
const TOKENS_PROMPT_END = 3;
/** Ollama counts an image as 768 tokens for a model with a projector (CLIP-style). */
export const IMAGE_TOKENS = 768;

/**
 * A tokenizer-free estimate: BPE vocabularies give about four characters per token for English
 * and code, about one token per CJK character or emoji, and in between for accented text. Good to
 * ±25 % for ordinary text, which is what the checks below allow for. Linear in the text.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let wide = 0;
  let other = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) ascii++;
    else if (code >= 0x2e80)
      wide++; // CJK, kana, hangul, emoji and beyond
    else other++;
  }
  return Math.ceil(ascii / 4 + other / 2 + wide);
}

/** The estimated prompt size of a request: every message as the template renders it, plus images. */
export function estimatePromptTokens(
  messages: readonly ChatMessage[],
  options: { imageTokens?: number } = {},
): number {
  const perImage = options.imageTokens ?? IMAGE_TOKENS;
  let total = TOKENS_PROMPT_END;
  for (const m of messages) {
    total += estimateTokens(m.content) + TOKENS_PER_MESSAGE + perImage * (m.images?.length ?? 0);
  }
  return total;
}

export interface ContextMeter {
  /** Estimated tokens of what will be sent. */
  used: number;
  /** The context window (num_ctx, or the server's). */
  limit: number;
  /** The prompt and room for an answer fit. */
  fits: boolean;
  /** For the element named "Context": "1,200 / 2,048 tokens". */
  label: string;
}

/** Tokens kept free for the answer when judging whether a prompt fits. */
const ANSWER_ROOM = 256;

/**
 * The meter shown before sending. It warns (`fits: false`) when the prompt plus a modest answer
 * would not fit: the server would then drop the oldest messages, or refuse (llama.cpp).
 */
export function contextMeter(usedTokens: number, contextWindow: number): ContextMeter {
  const used = Math.max(0, Math.round(usedTokens));
  const limit = Math.max(1, Math.round(contextWindow));
  const room = Math.min(ANSWER_ROOM, Math.floor(limit / 8));
  return {
    used,
    limit,
    fits: used + room <= limit,
    label: `${decimal(used)} / ${decimal(limit)} tokens`,
  };
}

export interface DroppedStartInput {
  /** `estimatePromptTokens` of the messages that were sent. */
  sentEstimate: number;
  /** What the server said it evaluated (`prompt_eval_count`, `usage.prompt_tokens`). */
  promptEvalCount: number | undefined;
  /** The context window the request asked for or the server reported, when known. */
  numCtx?: number;
}

/** Below this share of the estimate, the count cannot be estimation error: messages were dropped. */
const DROPPED_RATIO = 0.6;
/** Ollama only drops when the prompt does not fit; a prompt well inside the window was kept whole. */
const FITS_RATIO = 0.8;
/** Short prompts are left alone: template overheads dominate them and nothing long was at stake. */
const MIN_ESTIMATE = 200;

/**
 * True when the server evidently counted fewer prompt tokens than were sent, i.e. it dropped the
 * start of the conversation (or of a document). This is the UI contract's context warning
 * (`data-warning="context"`), shown next to the answer.
 */
export function serverDroppedStart(input: DroppedStartInput): boolean {
  const { sentEstimate, promptEvalCount, numCtx } = input;
  if (promptEvalCount === undefined || !(promptEvalCount > 0)) return false;
  if (sentEstimate < MIN_ESTIMATE) return false;
  if (numCtx !== undefined && numCtx > 0 && sentEstimate < numCtx * FITS_RATIO) return false;
  return promptEvalCount < sentEstimate * DROPPED_RATIO;
}
