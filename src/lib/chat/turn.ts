// One turn of a conversation, without any DOM: what to send, and feeding the answer back.
import type { ChatMessage, ChatRequest, ChatStats, GenerationOptions, Provider } from '../providers/types';
import type { MessageRecord, MessageStats } from '../storage/types';
import type { EncodedImage } from './images';
import { ThinkTagSplitter } from './thinkTags';

/** Drops empty option fields so the server's (Modelfile's) defaults apply to them. */
export function cleanOptions(options: GenerationOptions): GenerationOptions | undefined {
  const out: GenerationOptions = {};
  for (const [k, v] of Object.entries(options) as [keyof GenerationOptions, unknown][]) {
    if (v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v))) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The messages sent for a turn: the system prompt, then the conversation so far. Answers that
 * failed or are still empty are left out: the model should not see its own error placeholders.
 */
export function buildChatMessages(
  systemPrompt: string,
  history: MessageRecord[],
  images: ReadonlyMap<string, EncodedImage> = new Map(),
): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (systemPrompt.trim()) out.push({ role: 'system', content: systemPrompt });
  for (const m of history) {
    if (m.role === 'assistant' && (m.status === 'error' || !m.content)) continue;
    const msg: ChatMessage = { role: m.role, content: m.content };
    const attached = (m.imageIds ?? []).map((id) => images.get(id)).filter((x) => x !== undefined);
    if (attached.length) msg.images = attached;
    out.push(msg);
  }
  return out;
}

/**
 * True when the conversation filled the model's context window: the server then silently dropped
 * the oldest part of it (Ollama shifts the context rather than failing).
 */
export function isContextFull(stats: MessageStats | undefined): boolean {
  if (!stats?.contextSize || stats.promptEvalCount === undefined) return false;
  return stats.promptEvalCount + (stats.evalCount ?? 0) >= stats.contextSize;
}

export interface TurnHandlers {
  onContent(text: string): void;
  onThinking(text: string): void;
}

/**
 * Runs one chat request to its end and returns the server's stats. Errors (and Stop) are thrown.
 * `<think>…</think>` inside the content is routed to the thinking text.
 */
export async function runTurn(provider: Provider, request: ChatRequest, h: TurnHandlers): Promise<ChatStats> {
  let stats: ChatStats = {};
  const tags = new ThinkTagSplitter();
  const emit = (s: { thinking: string; content: string }) => {
    if (s.thinking) h.onThinking(s.thinking);
    if (s.content) h.onContent(s.content);
  };
  for await (const chunk of provider.chat(request)) {
    if (chunk.type === 'content') emit(tags.push(chunk.text));
    else if (chunk.type === 'thinking') h.onThinking(chunk.text);
    else stats = chunk.stats;
  }
  emit(tags.end());
  return stats;
}
