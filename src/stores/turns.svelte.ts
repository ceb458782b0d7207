// Starting a turn, for the conversation and for Compare: the question and its empty answers are
// saved once (one create-and-save block for both), then each answer is streamed by the turn runner
// with this page's frame clock and storage, a failure going through the one error path. Which
// answers are streaming right now is known here.
import type { EncodedImage } from '../lib/chat/images';
import { TurnRunner, type TurnOutcome } from '../lib/chat/runner';
import { buildChatMessages, cleanOptions, newTurnRecords, thinkField } from '../lib/chat/turn';
import { uid } from '../lib/id';
import { m } from '../lib/i18n/messages';
import { estimatePromptTokens } from '../lib/contextBudget';
import { nextFrame } from '../lib/dom/frames';
import type { ChatStats, Provider } from '../lib/providers/types';
import { imagesDb, messagesDb } from '../lib/storage/db';
import { holdImages } from '../lib/storage/imageGc';
import { holdStreamLock } from '../lib/storage/liveness';
import { broadcast } from '../lib/storage/sync';
import type { MessageRecord, SessionRecord } from '../lib/storage/types';
import { conversation } from './conversation.svelte';
import { describeError, isAbort } from './errors';
import { models } from './models.svelte';
import { notify } from './notify.svelte';
import { requestLock } from './requestLock.svelte';
import { servers } from './servers.svelte';
import { sessions } from './sessions.svelte';
import { settings } from './settings.svelte';

const snapshot = (r: MessageRecord) => $state.snapshot(r) as MessageRecord;
// Plain collections: bookkeeping, never shown.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const live = new Set<MessageRecord>();

/**
 * True while this tab writes an answer into the chat, streamed text or a drawing (its own copy is
 * then the newest: re-reading the chat would show the stored copy, which the writer no longer fills).
 */
export function isStreamingIn(sessionId: string): boolean {
  return [...live].some((a) => a.sessionId === sessionId);
}

/** This tab writes into `answer` until the returned function is called. */
export function holdLive(answer: MessageRecord): () => void {
  live.add(answer);
  return () => live.delete(answer);
}

/** When each answer asked without streaming was sent: its server says nothing until it is whole. */
const wholeWaits: Record<string, number> = $state({});

/** `Date.now()` when this non-streamed answer was asked, while it is awaited; else undefined. */
export function wholeAnswerSince(answerId: string): number | undefined {
  return wholeWaits[answerId];
}

/** The page is going away mid-answer: save what has arrived, marked stopped. */
export function saveLiveAsStopped(): void {
  for (const a of live) void messagesDb.update({ ...snapshot(a), status: 'stopped' }).catch(() => {});
}

// A model's loaded window changes rarely; asking `/api/ps` after every answer would double the
// requests of a chat.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const windows = new Map<string, { size: number | undefined; at: number }>();
const WINDOW_TTL_MS = 60_000;
/** Below this many tokens no server's window is full (Ollama's smallest default is 2,048). */
const SMALLEST_DEFAULT_WINDOW = 2048;

async function contextSize(
  session: SessionRecord,
  provider: Provider,
  serverId: string,
  model: string,
  stats: ChatStats,
): Promise<number | undefined> {
  if (session.options.num_ctx) return session.options.num_ctx;
  const used = (stats.promptEvalCount ?? 0) + (stats.evalCount ?? 0);
  if (used < SMALLEST_DEFAULT_WINDOW) return undefined;
  const key = `${serverId}\u0000${model}`;
  const known = windows.get(key);
  if (known && Date.now() - known.at < WINDOW_TTL_MS) return known.size;
  const loaded = await provider.loadedModels();
  const size = loaded.find((x) => x.name === model)?.contextLength;
  windows.set(key, { size, at: Date.now() });
  return size;
}

/** The stored images a request carries, encoded; their encoder loads with the first chat that has some. */
async function encodeImages(ids: string[]): Promise<Map<string, EncodedImage>> {
  if (!ids.length) return new Map();
  const { encodeStoredImages } = await import('../lib/chat/images');
  return encodeStoredImages(ids, (x) => imagesDb.getMany(x));
}

/**
 * Streams one answer into `answer` (reactive state, shown as it fills) from the conversation
 * `history` (plain records, oldest first). Never throws: a failure is in the message and the alert.
 */
export async function streamAnswer(
  answer: MessageRecord,
  history: MessageRecord[],
  session: SessionRecord,
  provider: Provider,
  signal: AbortSignal,
): Promise<TurnOutcome> {
  const serverId = answer.serverId!;
  const model = answer.model!;
  live.add(answer);
  try {
    const images = await encodeImages(history.flatMap((x) => x.imageIds ?? []));
    const capabilities = models.find(serverId, model)?.capabilities ?? [];
    const messages = buildChatMessages(session.systemPrompt, history, images);
    const runner = new TurnRunner(
      provider,
      {
        model,
        messages,
        options: cleanOptions(session.options),
        keepAlive: session.keepAlive || undefined,
        think: thinkField(capabilities, session.think),
        stream: settings.stream,
        signal,
      },
      answer,
      {
        schedule: nextFrame,
        now: () => performance.now(),
        save: (r) => messagesDb.update(snapshot(r)),
        onStorageError: (e) => notify.report(e, { source: 'storage' }),
        hold: holdStreamLock,
        describe: (e) => {
          const { kind, title, detail } = describeError(e);
          return { kind, title, detail };
        },
        isAbort,
        sentTokens: estimatePromptTokens(messages),
        contextSize: (stats) => contextSize(session, provider, serverId, model, stats),
      },
    );
    if (!settings.stream) wholeWaits[answer.id] = Date.now();
    const outcome = await runner.run();
    if (outcome.status === 'error') notify.report(outcome.error, { source: 'request', serverId });
    else if (outcome.status === 'done') {
      servers.noteReachable(serverId);
      // The model may name a new chat (Settings); chatTitles.ts says when, and loads only then.
      if (settings.generateTitles && !answer.compareId)
        void import('./chatTitles')
          .then((t) => t.nameFirstChat(snapshot(answer), history, session, provider, capabilities))
          .catch(() => {});
    }
    return outcome;
  } catch (e) {
    // Reading the chat's images failed before anything was sent.
    answer.status = 'error';
    const { kind, title, detail } = describeError(e);
    answer.error = { kind, title, detail };
    notify.report(e, { source: 'storage' });
    await messagesDb.update(snapshot(answer)).catch(() => {});
    return { status: 'error', error: e };
  } finally {
    live.delete(answer);
    delete wholeWaits[answer.id];
    broadcast({ type: 'messages', sessionId: answer.sessionId });
  }
}

export interface TurnStart {
  /** The question; null asks again (new answers to the question `parentId`). */
  question: string | null;
  parentId: string | null;
  /** Images already stored (an edited question keeps its images). */
  imageIds?: string[];
  /** New images to store with the question. */
  newImages?: Blob[];
  /** Documents (already stored) attached to the question. */
  documentIds?: string[];
  answers: { id: string; model: string; serverId: string }[];
  compareId?: string;
}

export interface StartedTurn {
  session: SessionRecord;
  /** The empty answers, as shown (reactive): the runner fills them. */
  answers: MessageRecord[];
  /** What the model is sent: the path up to the question, as plain records. */
  history: MessageRecord[];
}

/**
 * Stores a question (and its images) with one empty answer per model, and shows them. Returns
 * null, with nothing left behind and the reason in the alert, when the question could not be saved.
 */
export async function beginTurn(t: TurnStart): Promise<StartedTurn | null> {
  notify.clear('request');
  const question = t.question?.trim() ?? null;
  const newImages = (t.newImages ?? []).map((blob) => ({ id: uid(), blob }));
  const newImageIds: string[] = [];
  // Until the question that refers to them is saved, nothing may collect its new images.
  const release = holdImages(newImages.map((x) => x.id));
  let committed: SessionRecord | null = null;
  try {
    for (const { id, blob } of newImages) {
      await imagesDb.put(id, blob);
      newImageIds.push(id);
    }
    const wasDraft = sessions.isDraft;
    const session = question !== null ? await sessions.commitDraft(question) : sessions.active!;
    if (wasDraft) committed = session;
    const records = newTurnRecords({
      sessionId: session.id,
      parentId: t.parentId,
      question,
      imageIds: [...(t.imageIds ?? []), ...newImageIds],
      documentIds: t.documentIds,
      answers: t.answers,
      compareId: t.compareId,
      now: Date.now(),
      newId: uid,
    });
    await messagesDb.putMany(records);
    const answerIds = new Set(t.answers.map((a) => a.id)); // eslint-disable-line svelte/prefer-svelte-reactivity
    const shown = conversation.add(session.id, records, answerIds);
    broadcast({ type: 'messages', sessionId: session.id });
    const leafId = t.answers.length === 1 ? t.answers[0]!.id : records[0]!.id;
    await notify.attempt(() => sessions.afterTurn(session.id, leafId), { source: 'storage' });
    return { session, ...shown };
  } catch (e) {
    await Promise.allSettled(newImageIds.map((id) => imagesDb.remove(id)));
    if (committed) await sessions.uncommit(committed).catch(() => {});
    const why = describeError(e);
    const kind = why.kind === 'quota' ? 'quota' : 'storage';
    notify.show({ kind, title: m.questionNotSaved, detail: why.title }, 'storage');
    return null;
  } finally {
    release();
  }
}

/** Asks the chat's model one question (or again). False when nothing was sent. */
export async function askTurn(
  input: Pick<TurnStart, 'parentId' | 'question' | 'imageIds' | 'newImages'>,
): Promise<boolean> {
  if (input.question !== null && !input.question.trim()) return false;
  const session = sessions.active;
  if (!session || requestLock.isLocked) return false;
  const { serverId, model } = session;
  const provider = serverId ? servers.provider(serverId) : null;
  if (!serverId || !model || !provider) {
    notify.show({ kind: 'no-model', title: m.pickModelFirst }, 'request');
    return false;
  }
  const answerId = uid();
  const token = requestLock.acquire(answerId);
  if (!token) return false;
  try {
    const turn = await beginTurn({ ...input, answers: [{ id: answerId, model, serverId }] });
    if (!turn) return false;
    await notify.attempt(() => servers.rememberModel(serverId, model), { source: 'storage' });
    await streamAnswer(turn.answers[0]!, turn.history, turn.session, provider, token.signal);
    return true;
  } finally {
    requestLock.release(token);
  }
}
