import { buildChatMessages, cleanOptions, runTurn } from '../lib/chat/turn';
import { uid } from '../lib/id';
import { messagesDb } from '../lib/storage/db';
import { holdStreamLock, liveStreamIds } from '../lib/storage/liveness';
import { broadcast } from '../lib/storage/sync';
import { createThrottledWriter } from '../lib/storage/throttle';
import type { MessageRecord } from '../lib/storage/types';
import { m } from '../lib/i18n/messages';
import { autoScroll } from './autoScroll.svelte';
import { describeError, isAbort, type ShownError } from './errors';
import { requestLock } from './requestLock.svelte';
import { servers } from './servers.svelte';
import { sessions } from './sessions.svelte';
import { settings } from './settings.svelte';

/** The streaming message is written at most this often (design: ≤ 2 writes/s). */
export const STREAM_WRITE_INTERVAL_MS = 500;

class ConversationStore {
  #sessionId = $state<string | null>(null);
  #messages = $state<MessageRecord[]>([]);
  #alert = $state<ShownError | null>(null);
  #streaming: MessageRecord | null = null;

  get sessionId(): string | null {
    return this.#sessionId;
  }
  get messages(): MessageRecord[] {
    return this.#messages;
  }
  /** The problem to show in the alert region, if any. */
  get alert(): ShownError | null {
    return this.#alert;
  }
  get isStreaming(): boolean {
    return requestLock.isLocked;
  }

  setAlert(e: ShownError | null): void {
    this.#alert = e;
  }
  dismissAlert(): void {
    this.#alert = null;
  }

  /** Shows a chat. Answers left "streaming" by a closed tab are marked stopped, keeping their text. */
  async open(sessionId: string | null): Promise<void> {
    this.#sessionId = sessionId;
    autoScroll.reset();
    if (!sessionId) {
      this.#messages = [];
      return;
    }
    const loaded = await messagesDb.ofSession(sessionId);
    if (this.#sessionId !== sessionId) return;
    const live = await liveStreamIds();
    const orphans = loaded.filter(
      (x) => x.status === 'streaming' && !live.has(x.id) && x !== this.#streaming,
    );
    for (const o of orphans) o.status = 'stopped';
    if (orphans.length) await messagesDb.putMany(orphans);
    this.#messages = loaded;
  }

  /** Another tab changed this chat: re-read it, unless this tab is the one writing it. */
  async refresh(sessionId: string): Promise<void> {
    if (sessionId !== this.#sessionId || this.#streaming) return;
    const loaded = await messagesDb.ofSession(sessionId);
    if (sessionId === this.#sessionId && !this.#streaming) this.#messages = loaded;
  }

  /**
   * Sends a question and streams the answer into the conversation. Returns false (and changes
   * nothing) while another answer is pending: that is the request lock.
   */
  async send(text: string): Promise<boolean> {
    const question = text.trim();
    const session = sessions.active;
    if (!question || !session || requestLock.isLocked) return false;
    const serverId = session.serverId;
    const model = session.model;
    const provider = serverId ? servers.provider(serverId) : null;
    if (!serverId || !model || !provider) {
      this.#alert = { kind: 'no-model', title: m.pickModelFirst };
      return false;
    }
    const assistantId = uid();
    const token = requestLock.acquire(assistantId);
    if (!token) return false;
    this.#alert = null;

    const stored = await sessions.commitDraft(question);
    this.#sessionId = stored.id;
    const now = Date.now();
    const last = this.#messages.at(-1);
    const user: MessageRecord = {
      id: uid(),
      sessionId: stored.id,
      parentId: last?.id ?? null,
      role: 'user',
      content: question,
      status: 'done',
      createdAt: now,
    };
    const history = [...$state.snapshot(this.#messages), user] as MessageRecord[];
    this.#messages.push(user, {
      id: assistantId,
      sessionId: stored.id,
      parentId: user.id,
      role: 'assistant',
      content: '',
      status: 'streaming',
      model,
      serverId,
      createdAt: now + 1,
    });
    // The proxied record: writing to it updates the view.
    const answer = this.#messages.at(-1)!;
    this.#streaming = answer;
    autoScroll.reset();
    const releaseLiveness = holdStreamLock(assistantId);

    const save = (r: MessageRecord) => messagesDb.put($state.snapshot(r) as MessageRecord);
    const writer = createThrottledWriter<MessageRecord>(save, STREAM_WRITE_INTERVAL_MS, (e) =>
      this.#storageFailed(e),
    );
    try {
      await messagesDb.putMany([user, $state.snapshot(answer) as MessageRecord]);
    } catch (e) {
      this.#storageFailed(e);
    }
    void sessions.touch(stored.id);
    void servers.rememberModel(serverId, model);
    broadcast({ type: 'messages', sessionId: stored.id });

    const started = performance.now();
    let firstTokenAt: number | undefined;
    const onToken = () => {
      firstTokenAt ??= performance.now();
      writer.schedule(answer);
    };
    try {
      const stats = await runTurn(
        provider,
        {
          model,
          messages: buildChatMessages(stored.systemPrompt, history),
          options: cleanOptions(stored.options),
          keepAlive: stored.keepAlive || undefined,
          stream: settings.stream,
          signal: token.signal,
        },
        {
          onContent: (t) => {
            if (token.signal.aborted) return;
            answer.content += t;
            onToken();
          },
          onThinking: (t) => {
            if (token.signal.aborted) return;
            answer.thinking = (answer.thinking ?? '') + t;
            onToken();
          },
        },
      );
      answer.status = 'done';
      answer.stats = {
        ...stats,
        ttftMs: firstTokenAt !== undefined ? firstTokenAt - started : undefined,
        wallMs: performance.now() - started,
      };
    } catch (e) {
      if (isAbort(e) || token.signal.aborted) {
        answer.status = 'stopped';
      } else {
        const shown = describeError(e);
        answer.status = 'error';
        answer.error = { kind: shown.kind, title: shown.title, detail: shown.detail };
        this.#alert = shown;
      }
    } finally {
      requestLock.release(token);
      this.#streaming = null;
      writer.cancel();
      releaseLiveness();
    }
    try {
      await save(answer);
    } catch (e) {
      this.#storageFailed(e);
    }
    broadcast({ type: 'messages', sessionId: stored.id });
    return true;
  }

  /** Stop: closes the request at once; the partial answer stays, marked stopped. */
  stop(): void {
    if (this.#streaming) this.#streaming.status = 'stopped';
    requestLock.stop();
  }

  /** The page is going away mid-answer: save what has arrived, marked stopped. */
  handlePageHide(): void {
    const s = this.#streaming;
    if (!s) return;
    void messagesDb.put({ ...($state.snapshot(s) as MessageRecord), status: 'stopped' });
  }

  /** Removes every message of the open chat (the chat itself stays). */
  async clear(): Promise<void> {
    const id = this.#sessionId;
    if (!id || requestLock.isLocked) return;
    await messagesDb.removeSession(id);
    this.#messages = [];
    broadcast({ type: 'messages', sessionId: id });
  }

  #storageFailed(e: unknown): void {
    this.#alert = describeError(e);
  }
}

export const conversation = new ConversationStore();
