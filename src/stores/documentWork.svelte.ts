// The documents' work, loaded on first use: storing attached documents with a question, asking
// about them, and starting, resuming and showing the sequential summary. The store keeps the state.
import { cleanOptions } from '../lib/chat/turn';
import { estimateTokens } from '../lib/contextBudget';
import { DocumentError, extractText } from '../lib/documents/extract';
import { dm, SUMMARY_INSTRUCTIONS } from '../lib/i18n/documents';
import { m } from '../lib/i18n/messages';
import { uid } from '../lib/id';
import type { Provider } from '../lib/providers/types';
import { messagesDb, metaDb } from '../lib/storage/db';
import { documentsDb, summariesDb, vectorsDb } from '../lib/storage/documentsDb';
import { broadcast } from '../lib/storage/sync';
import type { DocumentRecord, MessageRecord, SessionRecord, SummaryJobRecord } from '../lib/storage/types';
import { prepareQuestion } from '../lib/documents/ask';
import { Summarizer, summaryChunks, summarySizes } from '../lib/documents/summarizer';
import { conversationText } from '../lib/documents/transcript';
import { indexTree, pathTo } from '../lib/chat/tree';
import { conversation } from './conversation.svelte';
import type { DocumentsHost } from './documents.svelte';
import { contextWindows, OLLAMA_DEFAULT_WINDOW } from './documentsMeter.svelte';
import { describeError, isAbort } from './errors';
import { models } from './models.svelte';
import { notify } from './notify.svelte';
import { requestLock } from './requestLock.svelte';
import { servers } from './servers.svelte';
import { sessions } from './sessions.svelte';
import { beginTurn, streamAnswer } from './turns.svelte';
import { locale } from '../lib/i18n/locale';

type Instructions = { chunk: string; final: string };

/** The window a request is sized for: the chat's, else Ollama's default. */
const windowOf = (session: SessionRecord): number => contextWindows.of(session) ?? OLLAMA_DEFAULT_WINDOW;

/** The summary instructions in the interface's language (Settings → Language, else the browser's). */
function defaultInstructions(): Instructions {
  return { ...SUMMARY_INSTRUCTIONS[locale] };
}

/** The user's edited instructions, or the defaults. */
export async function loadInstructions(): Promise<Instructions> {
  const saved = await metaDb.get<Instructions>('summaryInstructions').catch(() => undefined);
  return saved?.chunk && saved.final ? { chunk: saved.chunk, final: saved.final } : defaultInstructions();
}

/** Saves edited instructions (null: back to the defaults) and returns what is now in force. */
export async function saveInstructions(next: Instructions | null): Promise<Instructions> {
  const value = next ?? defaultInstructions();
  await notify.attempt(() => metaDb.set('summaryInstructions', next ? { ...value } : null), {
    source: 'storage',
  });
  return value;
}

/** Reads files into pending documents; a file that gives no text is reported and left out. */
export async function attach(host: DocumentsHost, files: readonly File[]): Promise<void> {
  await Promise.all(
    files.map(async (file) => {
      const id = uid();
      host.addPending({ id, name: file.name, size: file.size });
      try {
        const x = await extractText(file);
        host.updatePending(id, {
          id,
          sessionId: '',
          name: x.name,
          size: x.size,
          mime: x.mime,
          text: x.text,
          tokens: estimateTokens(x.text),
          ...(x.pageStarts ? { pageStarts: x.pageStarts } : {}),
          createdAt: Date.now(),
        });
      } catch (e) {
        host.updatePending(id, undefined);
        host.addProblem(dm.documentProblem[e instanceof DocumentError ? e.problem : 'unreadable'](file.name));
      }
    }),
  );
}

const snapshotOf = (r: MessageRecord) => $state.snapshot(r) as MessageRecord;

function chatTarget(): {
  session: SessionRecord;
  provider: Provider;
  serverId: string;
  model: string;
} | null {
  const session = sessions.active;
  if (!session || requestLock.isLocked) return null;
  const { serverId, model } = session;
  const provider = serverId ? servers.provider(serverId) : null;
  if (!serverId || !model || !provider) {
    notify.show({ kind: 'no-model', title: m.pickModelFirst }, 'request');
    return null;
  }
  return { session, provider, serverId, model };
}

/** Stores the pending documents with the chat (a draft's id is the id it is stored under). */
async function storePending(host: DocumentsHost, sessionId: string): Promise<DocumentRecord[] | null> {
  const fresh = host.ready().map((d) => ({ ...$state.snapshot(d), sessionId }) as DocumentRecord);
  try {
    if (fresh.length) await documentsDb.putMany(fresh);
  } catch (e) {
    notify.report(e, { source: 'storage' });
    return null;
  }
  host.ofSession(sessionId);
  host.remember(sessionId, fresh);
  return fresh;
}

async function unstore(host: DocumentsHost, sessionId: string, docs: DocumentRecord[]): Promise<void> {
  await documentsDb.removeMany(docs.map((d) => d.id)).catch(() => {});
  host.forget(
    sessionId,
    docs.map((d) => d.id),
  );
}

export async function askWithDocuments(
  host: DocumentsHost,
  question: string,
  images: Blob[],
): Promise<boolean> {
  const t = chatTarget();
  if (!t) return false;
  const { session, provider, serverId, model } = t;
  const answerId = uid();
  const token = requestLock.acquire(answerId);
  if (!token) return false;
  try {
    const fresh = await storePending(host, session.id);
    if (!fresh) return false;
    const turn = await beginTurn({
      parentId: conversation.tailId,
      question,
      newImages: images,
      documentIds: fresh.map((d) => d.id),
      answers: [{ id: answerId, model, serverId }],
    });
    if (!turn) {
      await unstore(host, session.id, fresh);
      return false;
    }
    host.takePending();
    const answer = turn.answers[0]!;
    const prepared = await prepareQuestion({
      session: turn.session,
      history: turn.history,
      docs: host.ofSession(turn.session.id),
      window: windowOf(turn.session),
      models: models.entry(serverId)?.models ?? [],
      connection: servers.connection(serverId),
      signal: token.signal,
      vectors: vectorsDb,
      isAbort,
    });
    if (prepared.citations) {
      answer.citations = prepared.citations;
      answer.retrieval = prepared.retrieval;
    }
    await streamAnswer(answer, prepared.history, turn.session, provider, token.signal);
    return true;
  } catch (e) {
    notify.report(e, { source: 'request', serverId });
    return false;
  } finally {
    requestLock.release(token);
  }
}

/**
 * Summarises documents in parts sized from the window: the attached ones (or those given), else
 * the chat's. The summary becomes an answer in the chat.
 */
export async function summarise(host: DocumentsHost, ids?: string[]): Promise<void> {
  const t = chatTarget();
  if (!t) return;
  const { session, provider, serverId, model } = t;
  const stored = sessions.isDraft ? [] : host.ofSession(session.id);
  const ready = host.ready();
  let docs = ids ? [...ready, ...stored].filter((d) => ids.includes(d.id)) : ready.length ? ready : stored;
  if (!docs.length) return;
  const window = windowOf(session);
  const instructions = await host.instructions();
  const sizes = summarySizes(window, instructions);
  if (!sizes) {
    notify.say(dm.windowTooSmall(window));
    return;
  }
  const answerId = uid();
  const token = requestLock.acquire(answerId);
  if (!token) return;
  try {
    const all = await storePending(host, session.id);
    if (!all) return;
    docs = docs.map((d) => all.find((f) => f.id === d.id) ?? d);
    const turn = await beginTurn({
      parentId: conversation.tailId,
      question: dm.summaryRequest(docs.map((d) => d.name)),
      documentIds: docs.map((d) => d.id),
      answers: [{ id: answerId, model, serverId }],
    });
    if (!turn) {
      await unstore(host, session.id, all);
      return;
    }
    host.takePending(docs.map((d) => d.id));
    const job = newJob({
      answerId,
      sessionId: turn.session.id,
      documentIds: docs.map((d) => d.id),
      serverId,
      model,
      ...sizes,
      instructions,
    });
    await run(host, job, documentsText(docs), turn.answers[0]!, turn.session, provider, token.signal);
  } finally {
    requestLock.release(token);
  }
}

/** A summary job at its start: nothing done, nothing summarised yet. Its id is its answer's. */
function newJob(
  start: Omit<SummaryJobRecord, 'id' | 'done' | 'total' | 'summary' | 'status' | 'elapsedMs' | 'updatedAt'>,
): SummaryJobRecord {
  return {
    ...start,
    id: start.answerId,
    done: 0,
    total: 0,
    summary: '',
    status: 'running',
    elapsedMs: 0,
    updatedAt: Date.now(),
  };
}

/**
 * "Start a new chat from a summary" of a conversation that outgrew the window: the same sequential
 * summary as for documents, run in a new chat on the same model and settings, where the summary is
 * the first answer — read, copied and continued from like any other.
 */
export async function summariseConversation(host: DocumentsHost): Promise<void> {
  const t = chatTarget();
  if (!t || sessions.isDraft) return;
  const { session: from, provider, serverId, model } = t;
  const path = conversation.messages.map(snapshotOf);
  const leafId = path.at(-1)?.id;
  const text = conversationText({ systemPrompt: from.systemPrompt, messages: path });
  if (!leafId || !text) return;
  const window = windowOf(from);
  const instructions = await host.instructions();
  const sizes = summarySizes(window, instructions);
  if (!sizes) {
    notify.say(dm.windowTooSmall(window));
    return;
  }
  const draft = sessions.newDraft(serverId, model, { fresh: true });
  await sessions.update(draft.id, {
    systemPrompt: from.systemPrompt,
    options: $state.snapshot(from.options),
    keepAlive: from.keepAlive,
    ...(from.think !== undefined ? { think: from.think } : {}),
  });
  notify.dismiss();
  await conversation.open(null);
  const answerId = uid();
  const token = requestLock.acquire(answerId);
  if (!token) return;
  try {
    const turn = await beginTurn({
      parentId: null,
      question: dm.conversationSummaryRequest(from.title || m.untitled),
      answers: [{ id: answerId, model, serverId }],
    });
    if (!turn) return;
    const job = newJob({
      answerId,
      sessionId: turn.session.id,
      documentIds: [],
      serverId,
      model,
      ...sizes,
      instructions,
      source: {
        kind: 'conversation',
        sessionId: from.id,
        leafId,
        systemPrompt: from.systemPrompt,
        chars: text.length,
      },
    });
    await run(host, job, text, turn.answers[0]!, turn.session, provider, token.signal);
  } finally {
    requestLock.release(token);
  }
}

/** The text a conversation's summary works through, read again from the earlier chat; null if gone. */
async function sourceText(source: NonNullable<SummaryJobRecord['source']>): Promise<string | null> {
  const tree = indexTree(await messagesDb.ofSession(source.sessionId));
  if (!tree.byId.has(source.leafId)) return null;
  return conversationText({ systemPrompt: source.systemPrompt, messages: pathTo(tree, source.leafId) });
}

/** Goes on with a stopped or failed summary from its last finished chunk. */
export async function resumeSummary(host: DocumentsHost): Promise<void> {
  const session = sessions.active;
  const job = session ? host.job(session.id) : undefined;
  if (!session || !job || job.status === 'running') return;
  const provider = servers.provider(job.serverId);
  if (!provider) {
    notify.show({ kind: 'no-model', title: m.pickModelFirst }, 'request');
    return;
  }
  const token = requestLock.acquire(job.answerId);
  if (!token) return;
  try {
    const shown = conversation.messages.find((r) => r.id === job.answerId);
    const answer =
      shown ?? (await messagesDb.ofSession(job.sessionId)).find((r) => r.id === job.answerId) ?? null;
    if (!answer) return;
    let text: string | null;
    if (job.source) text = await sourceText(job.source);
    else {
      const docs = (await documentsDb.getMany(job.documentIds)).filter((d) => d !== undefined);
      text = docs.length === job.documentIds.length ? documentsText(docs) : null;
    }
    if (text === null) {
      notify.say(dm.summarySourceGone);
      return;
    }
    await run(host, { ...job }, text, answer, session, provider, token.signal);
  } catch (e) {
    notify.report(e, { source: 'storage' });
  } finally {
    requestLock.release(token);
  }
}

/** The documents as one text, each under its name. */
const documentsText = (docs: readonly DocumentRecord[]) =>
  docs.map((d) => `# ${d.name}\n\n${d.text}`).join('\n\n');

async function run(
  host: DocumentsHost,
  job: SummaryJobRecord,
  text: string,
  answer: MessageRecord,
  session: SessionRecord,
  provider: Provider,
  signal: AbortSignal,
): Promise<void> {
  const chunks = summaryChunks(text, job.chunkTokens);
  const changed = chunks.length !== job.total || (job.source && job.source.chars !== text.length);
  if (job.total && changed) {
    // The text changed since the job started: start over rather than skip or repeat parts.
    Object.assign(job, { done: 0, summary: '', elapsedMs: 0 });
    if (job.source) job.source = { ...job.source, chars: text.length };
  }
  const save = async (j: SummaryJobRecord) => {
    await summariesDb.put(j);
    // The answer is saved as stopped: a reload in the middle shows the summary so far.
    await messagesDb.put({
      ...snapshotOf(answer),
      content: j.summary,
      status: 'stopped',
    });
  };
  // The job sets num_ctx itself: the window its chunks were sized for.
  const options = { ...cleanOptions(session.options) };
  delete options.num_ctx;
  const runner = new Summarizer(job, chunks, {
    provider,
    save,
    onProgress: (j) => {
      host.setJob(j);
      if (j.summary) answer.content = j.summary;
    },
    now: () => performance.now(),
    options,
    keepAlive: session.keepAlive || undefined,
  });
  host.setRunning(runner);
  const onAbort = () => runner.stop();
  signal.addEventListener('abort', onAbort);
  answer.status = 'streaming';
  try {
    const outcome = await runner.run();
    answer.content = runner.job.summary;
    answer.status = outcome.status === 'done' ? 'done' : outcome.status === 'stopped' ? 'stopped' : 'error';
    if (outcome.status === 'error') {
      const { kind, title, detail } = describeError(outcome.error);
      answer.error = { kind, title, detail };
      notify.report(outcome.error, { source: 'request', serverId: job.serverId });
    } else delete answer.error;
    await messagesDb.put(snapshotOf(answer));
    if (outcome.status === 'done') await summariesDb.remove(job.id);
  } catch (e) {
    notify.report(e, { source: 'storage' });
  } finally {
    signal.removeEventListener('abort', onAbort);
    host.setRunning(null);
    broadcast({ type: 'messages', sessionId: job.sessionId });
  }
}
