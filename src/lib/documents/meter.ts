// The context meter before sending: estimated tokens of the system prompt, the conversation on
// screen, the documents and the draft, against the window. Loaded on first use (not on first paint).
import { contextMeter, estimatePromptTokens, estimateTokens } from '../contextBudget';
import type { DocumentRecord, MessageRecord } from '../storage/types';
import { dm } from '../i18n/documents';

export interface Meter {
  used: number;
  limit: number | undefined;
  fits: boolean;
  label: string;
  /** A larger window the model was trained for, to offer; undefined when there is none. */
  raiseTo?: number;
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
  let used = EMPTY_PROMPT + estimateTokens(x.systemPrompt) + 4 + estimateTokens(x.draft) + 4;
  for (const r of x.messages) if (r.content || r.imageIds?.length) used += recordTokens(r);
  if (x.docs.length) used += wholeTokens(x.docs);
  const limit = x.limit;
  if (!x.docs.length && (!limit || used < limit / 2)) return null;
  if (!limit) return { used, limit, fits: true, label: dm.contextLabel(used, undefined) };
  const c = contextMeter(used, limit);
  const wanted = 2 ** Math.ceil(Math.log2(Math.max(limit * 2, (used + answerRoom(limit)) * 1.25)));
  const raiseTo = x.trained && x.trained > limit ? Math.min(x.trained, wanted) : undefined;
  return { used, limit, fits: c.fits, label: dm.contextLabel(used, limit), ...(raiseTo ? { raiseTo } : {}) };
}

export { estimateTokens };
