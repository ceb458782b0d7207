// The context meter before sending: estimated tokens of the system prompt, the conversation on
// screen, the documents and the draft, against the window. Loaded on first use (not on first paint).
import { contextMeter, estimatePromptTokens, estimateTokens } from '../contextBudget';
import type { DocumentRecord, MessageRecord } from '../storage/types';
import { dm } from '../i18n/documents';

export interface Meter {
  /** Estimated tokens of what a send now would really carry. */
  used: number;
  limit: number | undefined;
  fits: boolean;
  label: string;
  /** A larger window the model was trained for, to offer; undefined when there is none. */
  raiseTo?: number;
  /**
   * The documents in play: their size whole, and whether only their best parts will go (they do
   * not fit beside the conversation, so each question carries the parts that match it).
   */
  documents?: { whole: number; isPartial: boolean };
}

export interface MeterInput {
  systemPrompt: string;
  draft: string;
  messages: readonly MessageRecord[];
  docs: readonly DocumentRecord[];
  /** The window in use, when known. */
  limit: number | undefined;
  /** The window the model was trained for, when known. */
  trained: number | undefined;
}

/** Tokens kept for the answer when the documents share the window with the conversation. */
export const answerRoom = (window: number) => Math.max(128, Math.min(2048, Math.floor(window / 4)));
/** Tokens the documents take when sent whole (the tags around each one included). */
export const wholeTokens = (docs: readonly DocumentRecord[]) => docs.reduce((n, d) => n + d.tokens + 12, 8);
/**
 * Tokens left for the documents beside a prompt of `base` tokens: the answer's room and a tenth of
 * the window for the estimate's error stay free. The question and the meter use the same sum.
 */
export const documentBudget = (window: number, base: number) =>
  window - base - answerRoom(window) - Math.floor(window * 0.1);

// Token estimates of stored messages, by id and length: the meter is re-read on every keystroke
// and must not walk a 2 MB conversation each time.
const tokenCache = new Map<string, { length: number; tokens: number }>();
const EMPTY_PROMPT = estimatePromptTokens([]);

function recordTokens(r: MessageRecord): number {
  const known = tokenCache.get(r.id);
  if (known && known.length === r.content.length) return known.tokens;
  const images = (r.imageIds ?? []).map(() => ({ base64: '', mime: '' }));
  const tokens = estimatePromptTokens([{ role: r.role, content: r.content, images }]) - EMPTY_PROMPT;
  tokenCache.set(r.id, { length: r.content.length, tokens });
  return tokens;
}

/** Null when there is nothing worth showing: no documents and a conversation well inside the window. */
export function measure(x: MeterInput): Meter | null {
  let base = EMPTY_PROMPT + estimateTokens(x.systemPrompt) + 4 + estimateTokens(x.draft) + 4;
  for (const r of x.messages) if (r.content || r.imageIds?.length) base += recordTokens(r);
  const limit = x.limit;
  if (!x.docs.length && (!limit || base < limit / 2)) return null;
  const whole = x.docs.length ? wholeTokens(x.docs) : 0;
  if (!limit) {
    const used = base + whole;
    return { used, limit, fits: true, label: dm.contextLabel(used, undefined) };
  }
  // What goes is what the question will really carry: the documents whole when they fit, else the
  // parts that fill the room left (none when the conversation alone fills the window).
  const budget = documentBudget(limit, base);
  const isPartial = x.docs.length > 0 && whole > budget;
  const used = base + (isPartial ? Math.max(0, budget) : whole);
  const c = contextMeter(used, limit);
  const wanted = 2 ** Math.ceil(Math.log2(Math.max(limit * 2, (base + whole + answerRoom(limit)) * 1.25)));
  const raiseTo = x.trained && x.trained > limit ? Math.min(x.trained, wanted) : undefined;
  return {
    used,
    limit,
    fits: c.fits,
    label: dm.contextLabel(used, limit),
    ...(raiseTo ? { raiseTo } : {}),
    ...(x.docs.length ? { documents: { whole, isPartial } } : {}),
  };
}

export { estimateTokens };
