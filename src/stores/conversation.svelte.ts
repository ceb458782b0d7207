import { encodeStoredImages } from '../lib/chat/images';
import { FrameBuffer } from '../lib/chat/frameBuffer';
import { buildChatMessages, cleanOptions, runTurn } from '../lib/chat/turn';
import { indexTree, newestLeaf, pathTo, siblingsOf, subtree } from '../lib/chat/tree';
import { lanes, runLanes, type CompareTarget } from '../lib/chat/schedule';
import { uid } from '../lib/id';
import { m } from '../lib/i18n/messages';
import type { Provider } from '../lib/providers/types';
import { imagesDb, messagesDb } from '../lib/storage/db';
import { holdStreamLock, liveStreamIds } from '../lib/storage/liveness';
import { broadcast } from '../lib/storage/sync';
import { createThrottledWriter } from '../lib/storage/throttle';
import type { MessageRecord, SessionRecord } from '../lib/storage/types';
import { autoScroll } from './autoScroll.svelte';
import { describeError, isAbort, type ShownError } from './errors';
import { models } from './models.svelte';
import { requestLock, type LockToken } from './requestLock.svelte';
import { servers } from './servers.svelte';
import { sessions } from './sessions.svelte';
import { settings } from './settings.svelte';

/** The streaming message is written at most this often (design: ≤ 2 writes/s). */
export const STREAM_WRITE_INTERVAL_MS = 500;

interface AskInput {
  /** The message the new question (or, with `question` null, the new answer) hangs under. */
  parentId: string | null;
  /** Null regenerates an answer to the existing question `parentId`. */
  question: string | null;
  /** Images already stored (an edited question keeps its images). */
  imageIds?: string[];
  /** New images to store with the question. */
  newImages?: Blob[];
}

const snapshot = (r: MessageRecord) => $state.snapshot(r) as MessageRecord;

class ConversationStore {
  #sessionId = $state<string | null>(null);
  /** Every message of the chat: all branches. */
  #all = $state<MessageRecord[]>([]);
  #leafId = $state<string | undefined>(undefined);
  #alert = $state<ShownError | null>(null);
  #streaming = new Set<MessageRecord>();
  // Only ids, parents and times are read here, so streamed text does not rebuild the tree.
  #tree = $derived(indexTree(this.#all));
  #path = $derived(pathTo(this.#tree, this.#leafId));

  get sessionId(): string | null {
    return this.#sessionId;
  }
  /** The branch on screen, oldest first. */
  get messages(): MessageRecord[] {
    return this.#path;
  }
  /** The problem to show in the alert region, if any. */
  get alert(): ShownError | null {
    return this.#alert;
  }

  /**
   * The answers of a comparison still waiting for the user's choice: the branch on screen ends at
   * a question whose newest answers were made together by Compare.
   */
  get comparison(): MessageRecord[] | null {
    const last = this.#path.at(-1);
    if (!last || last.role !== 'user') return null;
    const kids = this.#tree.children.get(last.id) ?? [];
    const groupId = kids.findLast((k) => k.compareId)?.compareId;
    const group = groupId ? kids.filter((k) => k.compareId === groupId) : [];
    return group.length > 1 ? group : null;
  }

  /** The alternatives of a message (regenerated answers, edited questions) and its place among them. */
  alternatives(msg: MessageRecord): { count: number; index: number } {
    const s = siblingsOf(this.#tree, msg);
    return { count: s.list.length, index: s.index };
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
      this.#all = [];
      this.#leafId = undefined;
      return;
    }
    const [loaded, live] = await Promise.all([messagesDb.ofSession(sessionId), liveStreamIds()]);
    if (this.#sessionId !== sessionId) return;
    const mine = new Set([...this.#streaming].map((x) => x.id));
    const orphans = loaded.filter((x) => x.status === 'streaming' && !live.has(x.id) && !mine.has(x.id));
    for (const o of orphans) o.status = 'stopped';
    if (orphans.length) await messagesDb.putMany(orphans);
    this.#all = loaded;
    this.#leafId = sessions.active?.id === sessionId ? sessions.active.leafId : undefined;
  }

  /** Another tab changed this chat: re-read it, unless this tab is writing to it. */
  async refresh(sessionId: string): Promise<void> {
    if (sessionId !== this.#sessionId || this.#streaming.size) return;
    const loaded = await messagesDb.ofSession(sessionId);
    if (sessionId === this.#sessionId && !this.#streaming.size) this.#all = loaded;
  }

  /**
   * Sends a question and streams the answer. Returns false (and changes nothing) while another
   * answer is pending: that is the request lock.
   */
  send(text: string, images: Blob[] = []): Promise<boolean> {
    return this.#ask({ parentId: this.#path.at(-1)?.id ?? null, question: text, newImages: images });
  }

  /** A new answer to the same question; the earlier one stays as an alternative. */
  regenerate(answer: MessageRecord): Promise<boolean> {
    if (answer.role !== 'assistant' || !answer.parentId) return Promise.resolve(false);
    return this.#ask({ parentId: answer.parentId, question: null });
  }

  /** Asks an edited question as a new branch; the original and its answers stay reachable. */
  edit(question: MessageRecord, text: string): Promise<boolean> {
    if (question.role !== 'user') return Promise.resolve(false);
    return this.#ask({ parentId: question.parentId, question: text, imageIds: question.imageIds });
  }

  /**
   * Sends one question to several models. Models on the same server answer one after another
   * (unless `runAtOnce`), different servers at the same time. Each answer has its own Stop.
   */
  async compare(text: string, targets: CompareTarget[], runAtOnce: boolean): Promise<boolean> {
    const question = text.trim();
    const session = sessions.active;
    if (!question || !session || requestLock.isLocked || targets.length < 2) return false;
    const items = targets.map((t) => ({ ...t, id: uid(), provider: servers.provider(t.serverId) }));
    if (items.some((x) => !x.provider)) {
      this.#alert = { kind: 'no-model', title: m.pickModelFirst };
      return false;
    }
    const tokens = requestLock.acquireGroup(items.map((x) => x.id));
    if (!tokens) return false;
    this.#alert = null;
    try {
      const stored = await sessions.commitDraft(question);
      this.#sessionId = stored.id;
      const now = Date.now();
      const compareId = uid();
      const user: MessageRecord = {
        id: uid(),
        sessionId: stored.id,
        parentId: this.#path.at(-1)?.id ?? null,
        role: 'user',
        content: question,
        status: 'done',
        createdAt: now,
      };
      const answers: MessageRecord[] = items.map((x, i) => ({
        id: x.id,
        sessionId: stored.id,
        parentId: user.id,
        role: 'assistant',
        content: '',
        status: 'streaming',
        model: x.model,
        serverId: x.serverId,
        compareId,
        createdAt: now + 1 + i,
      }));
      this.#all.push(user, ...answers);
      this.#leafId = user.id;
      const history = this.#path.map(snapshot);
      await messagesDb.putMany([user, ...answers]);
      void sessions.update(stored.id, { leafId: user.id });
      void sessions.touch(stored.id);
      broadcast({ type: 'messages', sessionId: stored.id });
      const proxies = new Map(this.#all.filter((x) => x.compareId === compareId).map((x) => [x.id, x]));
      await runLanes(lanes(items, runAtOnce), (x) =>
        this.#stream(
          proxies.get(x.id)!,
          history,
          stored,
          x.provider!,
          tokens.find((t) => t.owner === x.id)!,
        ),
      );
      return true;
    } catch (e) {
      this.#alert = describeError(e);
      return true;
    } finally {
      for (const t of tokens) requestLock.release(t);
    }
  }

  /** Continues the conversation with one answer of a comparison; the others stay as alternatives. */
  async choose(answer: MessageRecord): Promise<void> {
    const id = this.#sessionId;
    if (!id || requestLock.isLocked) return;
    this.#leafId = answer.id;
    await sessions.update(id, { leafId: answer.id, model: answer.model, serverId: answer.serverId });
  }

  /** Shows the side-by-side comparison an answer came from again. */
  async reopenComparison(answer: MessageRecord): Promise<void> {
    if (!answer.compareId || !answer.parentId || requestLock.isLocked) return;
    await this.#setLeaf(answer.parentId);
  }

  /** Stops one answer of a comparison; the others go on. */
  stopOne(answer: MessageRecord): void {
    if (answer.status === 'streaming') answer.status = 'stopped';
    requestLock.stop(answer.id);
  }

  /** Moves to the previous (-1) or next (+1) alternative of a message, and on to its newest leaf. */
  async showAlternative(msg: MessageRecord, delta: number): Promise<void> {
    if (requestLock.isLocked) return;
    const { list, index } = siblingsOf(this.#tree, msg);
    const target = list[index + delta];
    if (!target) return;
    await this.#setLeaf(newestLeaf(this.#tree, target).id);
  }

  /** Deletes a message and everything that followed from it in its branch. */
  async deleteMessage(msg: MessageRecord): Promise<void> {
    if (requestLock.isLocked || !this.#sessionId) return;
    const gone = subtree(this.#tree, msg);
    const goneIds = new Set(gone.map((x) => x.id));
    const { list, index } = siblingsOf(this.#tree, msg);
    const neighbour = list[index - 1] ?? list[index + 1];
    const nextLeaf = neighbour ? newestLeaf(this.#tree, neighbour).id : (msg.parentId ?? undefined);
    this.#all = this.#all.filter((x) => !goneIds.has(x.id));
    for (const x of gone) await messagesDb.remove(snapshot(x));
    await this.#setLeaf(nextLeaf);
    broadcast({ type: 'messages', sessionId: this.#sessionId });
  }

  /** The branch on screen as Markdown, for the clipboard. */
  asMarkdown(): string {
    const title = sessions.active?.title || m.untitled;
    const parts = [`# ${title}`];
    for (const x of this.#path) {
      const who = x.role === 'user' ? m.you : x.role === 'system' ? m.system : (x.model ?? m.assistant);
      parts.push(`## ${who}\n\n${x.content}`);
    }
    return parts.join('\n\n') + '\n';
  }

  async #setLeaf(leafId: string | undefined): Promise<void> {
    this.#leafId = leafId;
    const id = this.#sessionId;
    if (id && sessions.active?.id === id) await sessions.update(id, { leafId });
  }

  async #ask(input: AskInput): Promise<boolean> {
    const question = input.question?.trim() ?? null;
    const session = sessions.active;
    if (input.question !== null && !question) return false;
    if (!session || requestLock.isLocked) return false;
    const serverId = session.serverId;
    const model = session.model;
    const provider = serverId ? servers.provider(serverId) : null;
    if (!serverId || !model || !provider) {
      this.#alert = { kind: 'no-model', title: m.pickModelFirst };
      return false;
    }
    const answerId = uid();
    const token = requestLock.acquire(answerId);
    if (!token) return false;
    this.#alert = null;

    try {
      const stored = question !== null ? await sessions.commitDraft(question) : session;
      this.#sessionId = stored.id;
      const imageIds = [...(input.imageIds ?? [])];
      for (const blob of input.newImages ?? []) {
        const id = uid();
        await imagesDb.put(id, blob);
        imageIds.push(id);
      }
      const now = Date.now();
      const added: MessageRecord[] = [];
      let parentId = input.parentId;
      if (question !== null) {
        const user: MessageRecord = {
          id: uid(),
          sessionId: stored.id,
          parentId,
          role: 'user',
          content: question,
          status: 'done',
          createdAt: now,
          ...(imageIds.length ? { imageIds } : {}),
        };
        added.push(user);
        parentId = user.id;
      }
      added.push({
        id: answerId,
        sessionId: stored.id,
        parentId,
        role: 'assistant',
        content: '',
        status: 'streaming',
        model,
        serverId,
        createdAt: now + 1,
      });
      this.#all.push(...added);
      this.#leafId = answerId;
      const answer = this.#all.at(-1)!;
      const history = this.#path.slice(0, -1).map(snapshot);
      await messagesDb.putMany(added);
      void sessions.update(stored.id, { leafId: answerId });
      void sessions.touch(stored.id);
      void servers.rememberModel(serverId, model);
      broadcast({ type: 'messages', sessionId: stored.id });
      await this.#stream(answer, history, stored, provider, token);
      return true;
    } catch (e) {
      // Storing the question failed (quota): say so; whatever was saved before stays.
      this.#alert = describeError(e);
      return true;
    } finally {
      requestLock.release(token);
    }
  }

  /** Streams one answer into `answer`, writing it at most every 500 ms and once at the end. */
  async #stream(
    answer: MessageRecord,
    history: MessageRecord[],
    session: SessionRecord,
    provider: Provider,
    token: LockToken,
  ): Promise<void> {
    const save = (r: MessageRecord) => messagesDb.put(snapshot(r));
    const writer = createThrottledWriter<MessageRecord>(save, STREAM_WRITE_INTERVAL_MS, (e) =>
      this.#storageFailed(e),
    );
    this.#streaming.add(answer);
    autoScroll.reset();
    const releaseLiveness = holdStreamLock(answer.id);
    const model = answer.model!;
    const capabilities = models.find(answer.serverId!, model)?.capabilities ?? [];
    const started = performance.now();
    let firstTokenAt: number | undefined;
    let thinkingStartedAt: number | undefined;
    let thinkingMs: number | undefined;
    const buffer = new FrameBuffer((content, thinking) => {
      if (thinking) answer.thinking = (answer.thinking ?? '') + thinking;
      if (content) answer.content += content;
      writer.schedule(answer);
    });
    try {
      const images = await encodeStoredImages(
        history.flatMap((x) => x.imageIds ?? []),
        (ids) => imagesDb.getMany(ids),
      );
      const stats = await runTurn(
        provider,
        {
          model,
          messages: buildChatMessages(session.systemPrompt, history, images),
          options: cleanOptions(session.options),
          keepAlive: session.keepAlive || undefined,
          think: (session.think ?? true) && capabilities.includes('thinking') ? true : undefined,
          stream: settings.stream,
          signal: token.signal,
        },
        {
          onContent: (t) => {
            if (token.signal.aborted) return;
            firstTokenAt ??= performance.now();
            if (thinkingStartedAt !== undefined && thinkingMs === undefined) {
              thinkingMs = performance.now() - thinkingStartedAt;
            }
            buffer.pushContent(t);
          },
          onThinking: (t) => {
            if (token.signal.aborted) return;
            firstTokenAt ??= performance.now();
            thinkingStartedAt ??= performance.now();
            buffer.pushThinking(t);
          },
        },
      );
      buffer.flush();
      answer.status = 'done';
      answer.stats = {
        ...stats,
        ttftMs: firstTokenAt !== undefined ? firstTokenAt - started : undefined,
        wallMs: performance.now() - started,
        thinkingMs,
        contextSize: await this.#contextSize(session, provider, model),
      };
    } catch (e) {
      if (isAbort(e) || token.signal.aborted) {
        // What is on screen at the click is the answer: tokens still waiting for a frame are dropped.
        buffer.drop();
        answer.status = 'stopped';
      } else {
        // An error after some text keeps that text.
        buffer.flush();
        const shown = describeError(e);
        answer.status = 'error';
        answer.error = { kind: shown.kind, title: shown.title, detail: shown.detail };
        this.#alert = shown;
      }
    } finally {
      this.#streaming.delete(answer);
      writer.cancel();
      releaseLiveness();
    }
    try {
      await save(answer);
    } catch (e) {
      this.#storageFailed(e);
    }
    broadcast({ type: 'messages', sessionId: answer.sessionId });
  }

  /** The context window the answer was made with: the chat's num_ctx, else what the server loaded. */
  async #contextSize(session: SessionRecord, provider: Provider, model: string): Promise<number | undefined> {
    if (session.options.num_ctx) return session.options.num_ctx;
    try {
      const loaded = await provider.loadedModels();
      return loaded.find((x) => x.name === model)?.contextLength;
    } catch {
      return undefined;
    }
  }

  /** Stop: closes the request at once; the partial answer stays, marked stopped. */
  stop(): void {
    for (const s of this.#streaming) s.status = 'stopped';
    requestLock.stop();
  }

  /** The page is going away mid-answer: save what has arrived, marked stopped. */
  handlePageHide(): void {
    for (const s of this.#streaming) void messagesDb.put({ ...snapshot(s), status: 'stopped' });
  }

  /** Removes every message of the open chat (the chat itself stays). */
  async clear(): Promise<void> {
    const id = this.#sessionId;
    if (!id || requestLock.isLocked) return;
    await messagesDb.removeSession(id);
    this.#all = [];
    await this.#setLeaf(undefined);
    broadcast({ type: 'messages', sessionId: id });
  }

  #storageFailed(e: unknown): void {
    this.#alert = describeError(e);
  }
}

export const conversation = new ConversationStore();
