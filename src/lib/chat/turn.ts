// One turn of a conversation, without any DOM: what to send, and feeding the answer back.
import type { ChatMessage, ChatRequest, ChatStats, GenerationOptions, Provider } from '../providers/types';
import type { MessageRecord, MessageStats } from '../storage/types';
import type { EncodedImage } from './images';
import { serverDroppedStart } from '../contextBudget';
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
 * Roles must alternate (strict chat templates refuse two questions in a row), so a question left
 * without an answer is joined to the next one rather than dropped.
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
    const attached = (m.imageIds ?? []).map((id) => images.get(id)).filter((x) => x !== undefined);
    const last = out.at(-1);
    if (m.role === 'user' && last?.role === 'user') {
      last.content = last.content ? `${last.content}\n\n${m.content}` : m.content;
      if (attached.length) last.images = [...(last.images ?? []), ...attached];
      continue;
    }
    const msg: ChatMessage = { role: m.role, content: m.content };
    if (attached.length) msg.images = attached;
    out.push(msg);
  }
  return out;
}

/** The `think` field for a model: only models that can think get one, and Off must say `false`. */
export function thinkField(
  capabilities: readonly string[],
  setting: boolean | ThinkLevel | undefined,
): ChatRequest['think'] {
  if (!capabilities.includes('thinking')) return undefined;
  // Since Ollama 0.12.4 a request without `think` to a thinking model thinks anyway.
  return setting ?? true;
}

export type ThinkLevel = 'low' | 'medium' | 'high';
export const THINK_LEVELS: readonly ThinkLevel[] = ['low', 'medium', 'high'];

/**
 * Models that take a level instead of on/off. gpt-oss ignores `true`/`false` (it always reasons)
 * and is tuned by `"low"|"medium"|"high"`; nothing in `/api/show` says so, the family does.
 */
export function takesThinkLevels(model: string | undefined, family?: string): boolean {
  const name = (model ?? '').toLowerCase();
  return /(^|\/)gpt-oss([:-]|$)/.test(name) || family?.toLowerCase() === 'gptoss';
}

interface NewTurn {
  sessionId: string;
  /** The message the question (or, without one, the answers) hangs under. */
  parentId: string | null;
  /** Null: new answers to the existing question `parentId`. */
  question: string | null;
  imageIds?: string[];
  /** Documents attached to the question (issue 14). */
  documentIds?: string[];
  answers: { id: string; model: string; serverId: string }[];
  /** Answers made together by Compare share this id. */
  compareId?: string;
  now: number;
  newId: () => string;
}

/** The records one turn adds: the question (when there is one), then an empty answer per model. */
export function newTurnRecords(t: NewTurn): MessageRecord[] {
  const out: MessageRecord[] = [];
  let parentId = t.parentId;
  if (t.question !== null) {
    const q: MessageRecord = {
      id: t.newId(),
      sessionId: t.sessionId,
      parentId,
      role: 'user',
      content: t.question,
      status: 'done',
      createdAt: t.now,
      ...(t.imageIds?.length ? { imageIds: [...t.imageIds] } : {}),
      ...(t.documentIds?.length ? { documentIds: [...t.documentIds] } : {}),
    };
    out.push(q);
    parentId = q.id;
  }
  t.answers.forEach((a, i) =>
    out.push({
      id: a.id,
      sessionId: t.sessionId,
      parentId,
      role: 'assistant',
      content: '',
      status: 'streaming',
      model: a.model,
      serverId: a.serverId,
      ...(t.compareId ? { compareId: t.compareId } : {}),
      createdAt: t.now + 1 + i,
    }),
  );
  return out;
}

/** A branch of the conversation as Markdown, for the clipboard. */
export function branchAsMarkdown(
  title: string,
  path: readonly MessageRecord[],
  names: { you: string; system: string; assistant: string },
): string {
  const parts = [`# ${title}`];
  for (const x of path) {
    const who =
      x.role === 'user' ? names.you : x.role === 'system' ? names.system : (x.model ?? names.assistant);
    parts.push(`## ${who}\n\n${x.content}`);
  }
  return parts.join('\n\n') + '\n';
}

/**
 * Whether the answer was made without all of what was sent: `full` when prompt and answer filled
 * the window, `dropped` when the server evidently counted far fewer prompt tokens than were sent
 * (Ollama drops whole old messages until the prompt fits and says nothing).
 */
export function contextProblem(stats: MessageStats | undefined): 'full' | 'dropped' | null {
  if (!stats || stats.promptEvalCount === undefined) return null;
  const { sentTokens, promptEvalCount, contextSize } = stats;
  if (
    sentTokens !== undefined &&
    serverDroppedStart({ sentEstimate: sentTokens, promptEvalCount, numCtx: contextSize })
  ) {
    return 'dropped';
  }
  if (contextSize && promptEvalCount + (stats.evalCount ?? 0) >= contextSize) return 'full';
  return null;
}

export interface TurnHandlers {
  /** `count`: how many of the server's pieces (about tokens) the text holds. */
  onContent(text: string, count: number): void;
  onThinking(text: string, count: number): void;
}

/** How many pieces of the stream are read before the page gets a turn (a few ms of work). */
const READ_SLICE_PIECES = 200;

/**
 * Runs one chat request to its end and returns the server's stats. Errors (and Stop) are thrown.
 * `<think>…</think>` inside the content is routed to the thinking text.
 */
export async function runTurn(provider: Provider, request: ChatRequest, h: TurnHandlers): Promise<ChatStats> {
  let stats: ChatStats = {};
  const tags = new ThinkTagSplitter();
  const emit = (s: { thinking: string; content: string }, count: number) => {
    if (s.thinking) h.onThinking(s.thinking, s.content ? 0 : count);
    if (s.content) h.onContent(s.content, count);
  };
  // Lines already received (a fast server, a huge answer at once) are read in slices: the page
  // gets its frames between them, and no single task parses a whole 200 kB answer.
  let read = 0;
  for await (const chunk of provider.chat(request)) {
    const count = chunk.type === 'done' ? 1 : (chunk.count ?? 1);
    if (chunk.type === 'content') emit(tags.push(chunk.text), count);
    else if (chunk.type === 'thinking') h.onThinking(chunk.text, count);
    else stats = chunk.stats;
    read += count;
    if (read >= READ_SLICE_PIECES) {
      read = 0;
      await new Promise((resolve) => setTimeout(resolve));
    }
  }
  emit(tags.end(), 0);
  return stats;
}
