// One turn of a conversation, without any DOM: what to send, and feeding the answer back.
import type { ChatMessage, ChatRequest, ChatStats, GenerationOptions, Provider } from '../providers/types';
import type { MessageRecord } from '../storage/types';

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
export function buildChatMessages(systemPrompt: string, history: MessageRecord[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (systemPrompt.trim()) out.push({ role: 'system', content: systemPrompt });
  for (const m of history) {
    if (m.role === 'assistant' && (m.status === 'error' || !m.content)) continue;
    out.push({ role: m.role, content: m.content });
  }
  return out;
}

export interface TurnHandlers {
  onContent(text: string): void;
  onThinking(text: string): void;
}

/** Runs one chat request to its end and returns the server's stats. Errors (and Stop) are thrown. */
export async function runTurn(provider: Provider, request: ChatRequest, h: TurnHandlers): Promise<ChatStats> {
  let stats: ChatStats = {};
  for await (const chunk of provider.chat(request)) {
    if (chunk.type === 'content') h.onContent(chunk.text);
    else if (chunk.type === 'thinking') h.onThinking(chunk.text);
    else stats = chunk.stats;
  }
  return stats;
}
