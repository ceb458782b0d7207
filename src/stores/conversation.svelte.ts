// The chat on screen: every message of it (all branches), which path through them is shown, and
// how that changes. Turns are started and streamed in turns.svelte.ts.
import { branchAsMarkdown } from '../lib/chat/turn';
import { indexTree, newestLeaf, pathTo, siblingsOf, subtree } from '../lib/chat/tree';
import { m } from '../lib/i18n/messages';
import { messagesDb } from '../lib/storage/db';
import { holdForUndo, removeOrphanImages } from '../lib/storage/imageGc';
import { liveStreamIds } from '../lib/storage/liveness';
import { broadcast } from '../lib/storage/sync';
import type { MessageRecord } from '../lib/storage/types';
import { askTurn, isStreamingIn } from './turns.svelte';
import { autoScroll } from './autoScroll.svelte';
import { notify } from './notify.svelte';
import { requestLock } from './requestLock.svelte';
import { sessions } from './sessions.svelte';

const snapshot = (r: MessageRecord) => $state.snapshot(r) as MessageRecord;

class ConversationStore {
  #sessionId = $state<string | null>(null);
  #all = $state<MessageRecord[]>([]);
  #leafId = $state<string | undefined>(undefined);
  // Only ids, parents and times are read here, so streamed text does not rebuild the tree.
  #tree = $derived(indexTree(this.#all));
  #path = $derived(pathTo(this.#tree, this.#leafId));
  // Documents and their summaries are only ever attached with a question: a chat without such a
  // question has none, and their storage need not be read (it loads on first use).
  #usesDocuments = $derived(this.#all.some((r) => (r.documentIds?.length ?? 0) > 0));

  get sessionId(): string | null {
    return this.#sessionId;
  }
  /** Whether a message of this chat (any branch) carries documents. */
  get usesDocuments(): boolean {
    return this.#usesDocuments;
  }
  /** The branch on screen, oldest first. */
  get messages(): MessageRecord[] {
    return this.#path;
  }

  /** The answers of a comparison still waiting for the user's choice (the path ends at their question). */
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
    const orphans = loaded.filter((x) => x.status === 'streaming' && !live.has(x.id));
    for (const o of orphans) o.status = 'stopped';
    this.#all = loaded;
    this.#leafId = sessions.active?.id === sessionId ? sessions.active.leafId : undefined;
    if (orphans.length) await notify.guard(() => messagesDb.putMany(orphans), { source: 'storage' });
  }

  /**
   * Another tab changed this chat: re-read it (unless this tab is writing to it) and follow what
   * was added below the message on screen, so a question asked here continues from there.
   */
  async refresh(sessionId: string): Promise<void> {
    if (sessionId !== this.#sessionId || isStreamingIn(sessionId)) return;
    const loaded = await messagesDb.ofSession(sessionId);
    if (sessionId !== this.#sessionId || isStreamingIn(sessionId)) return;
    const tree = indexTree(loaded);
    const leaf = this.#leafId ? tree.byId.get(this.#leafId) : undefined;
    this.#all = loaded;
    this.#leafId = leaf ? newestLeaf(tree, leaf).id : pathTo(tree, undefined).at(-1)?.id;
  }

  /** Sends a question and streams the answer. False when nothing was sent (the text stays with the caller). */
  send(text: string, images: Blob[] = []): Promise<boolean> {
    return askTurn({ parentId: this.#tailId(), question: text, newImages: images });
  }

  /** A new answer to the same question; the earlier one stays as an alternative. */
  regenerate(answer: MessageRecord): Promise<boolean> {
    if (answer.role !== 'assistant' || !answer.parentId) return Promise.resolve(false);
    return askTurn({ parentId: answer.parentId, question: null });
  }

  /** Asks an edited question as a new branch; the original and its answers stay reachable. */
  edit(question: MessageRecord, text: string): Promise<boolean> {
    if (question.role !== 'user') return Promise.resolve(false);
    return askTurn({ parentId: question.parentId, question: text, imageIds: question.imageIds });
  }

  /**
   * Where the next question hangs. A comparison nobody chose from continues from its first finished
   * answer (the others stay as its alternatives): two questions in a row would break the turns.
   */
  #tailId(): string | null {
    const pending = this.comparison;
    if (pending) return (pending.find((a) => a.status === 'done') ?? pending[0]!).id;
    return this.#path.at(-1)?.id ?? null;
  }

  /** The next question of a comparison hangs where a question asked now would. */
  get tailId(): string | null {
    return this.#tailId();
  }

  /**
   * Shows the records a turn just stored and follows them: one answer on screen, or several (a
   * comparison) beside their question. Returns the shown answers and the history they answer.
   */
  add(
    sessionId: string,
    records: MessageRecord[],
    answerIds: ReadonlySet<string>,
  ): { answers: MessageRecord[]; history: MessageRecord[] } {
    this.#sessionId = sessionId;
    this.#all.push(...records);
    const rest = records.filter((r) => !answerIds.has(r.id));
    this.#leafId =
      answerIds.size === 1 ? [...answerIds][0] : (rest.at(-1)?.id ?? records[0]?.parentId ?? undefined);
    autoScroll.reset();
    return {
      answers: this.#all.filter((x) => answerIds.has(x.id)),
      history: this.#path.filter((x) => !answerIds.has(x.id)).map(snapshot),
    };
  }

  /** Continues the conversation with one answer of a comparison; the others stay as alternatives. */
  async choose(answer: MessageRecord): Promise<void> {
    const id = this.#sessionId;
    if (!id || requestLock.isLocked) return;
    this.#leafId = answer.id;
    await notify.guard(
      () => sessions.update(id, { leafId: answer.id, model: answer.model, serverId: answer.serverId }),
      { source: 'storage' },
    );
  }

  /** Shows the side-by-side comparison an answer came from again. */
  async reopenComparison(answer: MessageRecord): Promise<void> {
    if (!answer.compareId || !answer.parentId || requestLock.isLocked) return;
    await this.#setLeaf(answer.parentId);
  }

  /** Moves to the previous (-1) or next (+1) alternative of a message, and on to its newest leaf. */
  async showAlternative(msg: MessageRecord, delta: number): Promise<void> {
    if (requestLock.isLocked) return;
    const { list, index } = siblingsOf(this.#tree, msg);
    const target = list[index + delta];
    if (target) await this.#setLeaf(newestLeaf(this.#tree, target).id);
  }

  /** Deletes a message and everything that followed from it in its branch, and images no one uses. */
  async deleteMessage(msg: MessageRecord): Promise<void> {
    const sessionId = this.#sessionId;
    if (requestLock.isLocked || !sessionId) return;
    const gone = subtree(this.#tree, msg);
    const goneIds = new Set(gone.map((x) => x.id));
    const { list, index } = siblingsOf(this.#tree, msg);
    const neighbour = list[index - 1] ?? list[index + 1];
    const nextLeaf = neighbour ? newestLeaf(this.#tree, neighbour).id : (msg.parentId ?? undefined);
    this.#all = this.#all.filter((x) => !goneIds.has(x.id));
    await notify.guard(
      async () => {
        await messagesDb.removeMany(gone.map(snapshot));
        await removeOrphanImages(gone.flatMap((x) => x.imageIds ?? []));
      },
      { source: 'storage' },
    );
    await this.#setLeaf(nextLeaf);
    broadcast({ type: 'messages', sessionId });
  }

  /** Removes every message of the open chat (the chat stays); Undo puts them back. */
  async clear(): Promise<void> {
    const id = this.#sessionId;
    if (!id || requestLock.isLocked) return;
    const removed = this.#all.map(snapshot);
    const leafId = this.#leafId;
    if (!(await notify.attempt(() => messagesDb.removeSession(id), { source: 'storage' }))) return;
    const images = holdForUndo(removed.flatMap((x) => x.imageIds ?? []));
    this.#all = [];
    await this.#setLeaf(undefined);
    broadcast({ type: 'messages', sessionId: id });
    notify.offerUndo(
      m.clearedConversation,
      async () => {
        await messagesDb.putMany(removed);
        images.undo();
        if (this.#sessionId === id) {
          this.#all = removed;
          await this.#setLeaf(leafId);
        }
        broadcast({ type: 'messages', sessionId: id });
      },
      () => images.expire(),
    );
  }

  /** Stop: closes the request at once; the partial answer stays, marked stopped. */
  stop(): void {
    requestLock.stop();
  }

  /** Stops one answer of a comparison; the others go on. */
  stopOne(answer: MessageRecord): void {
    requestLock.stop(answer.id);
  }

  /** The branch on screen as Markdown, for the clipboard. */
  asMarkdown(): string {
    return branchAsMarkdown(sessions.active?.title || m.untitled, this.#path, {
      you: m.you,
      system: m.system,
      assistant: m.assistant,
    });
  }

  async #setLeaf(leafId: string | undefined): Promise<void> {
    this.#leafId = leafId;
    const id = this.#sessionId;
    if (id && sessions.active?.id === id) {
      await notify.guard(() => sessions.update(id, { leafId }), { source: 'storage' });
    }
  }

  /** Forgets the chat on screen (tests start from nothing). */
  reset(): void {
    this.#sessionId = null;
    this.#all = [];
    this.#leafId = undefined;
  }
}

export const conversation = new ConversationStore();
