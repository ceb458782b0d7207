import type { ImageSettings } from '../images/settings';
import type { Auth, ChatStats, GenerationOptions, ModelSummary, ServerKind } from '../providers/types';

export type AuthType = Auth['type'];

/** A server profile as stored. Secrets are only present when `rememberSecrets` is on. */
export interface ServerProfile {
  id: string;
  name: string;
  kind: ServerKind;
  baseUrl: string;
  authType: AuthType;
  username?: string;
  password?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  rememberSecrets: boolean;
  /** Shipped by the host's causerie.config.json or made on first run. */
  origin?: 'default' | 'config' | 'url' | 'user';
  /**
   * Came from an import file. `'pending'`: shown for confirmation, never contacted until the user
   * accepts it (then the field is removed); `'refused'`: kept only so that its chats say where they
   * came from, never contacted. Such profiles are not in the servers list.
   */
  imported?: 'pending' | 'refused';
  lastModel?: string;
  /** The host marked it shared (a course's server): model management is hidden unless enabled. */
  shared?: boolean;
  /** The user chose to pull and delete models here, although the server is shared or needs a login. */
  manageModels?: boolean;
  connectTimeoutMs?: number;
  firstByteTimeoutMs?: number;
  createdAt: number;
}

export interface SessionRecord {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  serverId?: string;
  model?: string;
  systemPrompt: string;
  options: GenerationOptions;
  keepAlive?: string;
  /** Ask thinking models to think (sent only to models with the `thinking` capability). */
  think?: boolean | 'low' | 'medium' | 'high';
  /** The last message of the branch on screen. */
  leafId?: string;
  /** Kept at the top of the chat list. */
  pinned?: boolean;
}

export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

export interface MessageError {
  kind: string;
  title: string;
  detail?: string;
}

export interface MessageStats extends ChatStats {
  /** Milliseconds from sending to the first token, measured in the page. */
  ttftMs?: number;
  /** Milliseconds from sending to the end, measured in the page. */
  wallMs?: number;
  /** Milliseconds the model spent thinking before it started the answer. */
  thinkingMs?: number;
  /** The context window in use when the answer was made, for the "no longer fits" warning. */
  contextSize?: number;
  /** Estimated prompt tokens of what was sent (to tell when the server dropped its start). */
  sentTokens?: number;
  /** Stopped before the server's own counts arrived: `evalCount` counts the chunks received. */
  isPartial?: boolean;
}

export interface MessageRecord {
  id: string;
  sessionId: string;
  parentId: string | null;
  role: 'user' | 'assistant' | 'system';
  content: string;
  thinking?: string;
  imageIds?: string[];
  status: MessageStatus;
  error?: MessageError;
  stats?: MessageStats;
  model?: string;
  serverId?: string;
  /** Answers made together by "Compare" share this id. */
  compareId?: string;
  /** Documents attached to this question (DocumentRecord ids). */
  documentIds?: string[];
  /** The parts of the documents an answer was given, shown as citations. */
  citations?: Citation[];
  /** How those parts were chosen: by an embedding model, or by keywords when the server has none. */
  retrieval?: 'embedding' | 'keyword';
  /** A drawn answer: the prompt and settings it was made with (its pictures are `imageIds`). */
  imageGen?: ImageSettings;
  createdAt: number;
}

/** One part of a document that went into an answer's prompt. */
export interface Citation {
  documentId: string;
  name: string;
  /** 1-based page, for PDFs. */
  page?: number;
  text: string;
}

/** An attached document: its extracted text, kept with the chat it belongs to. */
export interface DocumentRecord {
  id: string;
  sessionId: string;
  name: string;
  /** Bytes of the original file. */
  size: number;
  mime: string;
  text: string;
  /** Estimated tokens of `text`. */
  tokens: number;
  /** Offsets in `text` where each PDF page starts. */
  pageStarts?: number[];
  createdAt: number;
}

/** A sequential summary, saved after every finished chunk so that it can resume after a reload. */
export interface SummaryJobRecord {
  id: string;
  sessionId: string;
  /** The assistant message the summary is written into. */
  answerId: string;
  documentIds: string[];
  serverId: string;
  model: string;
  /** The window the chunks were sized for, and the sizes that follow from it. */
  window: number;
  chunkTokens: number;
  summaryTokens: number;
  /** Chunks finished, out of `total`. */
  done: number;
  total: number;
  /** The summary so far (after `done` chunks). */
  summary: string;
  status: 'running' | 'stopped' | 'error' | 'done';
  /** Milliseconds spent on finished chunks, for the time estimate. */
  elapsedMs: number;
  instructions: { chunk: string; final: string };
  updatedAt: number;
  /**
   * A conversation's summary (no documents): the path it works through, read again on resume rather
   * than copied into the job, which is saved after every chunk. `chars` tells whether it changed.
   */
  source?: { kind: 'conversation'; sessionId: string; leafId: string; systemPrompt: string; chars: number };
}

export interface ModelCacheRecord {
  serverId: string;
  fetchedAt: number;
  models: ModelSummary[];
}

/** A saved prompt (issue 17): text to insert in the message box, or a chat's system prompt. */
export interface SavedPrompt {
  id: string;
  /** What the `/` list shows and filters on. */
  name: string;
  text: string;
  kind: 'prompt' | 'system';
  createdAt: number;
  updatedAt: number;
}
