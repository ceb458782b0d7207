import { uid } from '../lib/id';
import { m } from '../lib/i18n/messages';
import { holdForUndo } from '../lib/storage/imageGc';
import type { GenerationOptions } from '../lib/providers/types';
import { messagesDb, metaDb, sessionsDb } from '../lib/storage/db';
import { broadcast } from '../lib/storage/sync';
import type { SessionRecord } from '../lib/storage/types';
import { notify } from './notify.svelte';
import { settings } from './settings.svelte';

const TITLE_MAX = 60;

/** A chat's title: the first line of its first question, shortened at a word boundary. */
export function titleFrom(question: string): string {
  const line = question.trim().split('\n')[0]?.trim() ?? '';
  if (line.length <= TITLE_MAX) return line;
  const cut = line.slice(0, TITLE_MAX);
  const space = cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

class SessionsStore {
  #list = $state<SessionRecord[]>([]);
  #activeId = $state<string | null>(null);
  // A new chat lives here until its first message is sent; only then is it stored and listed.
  #draft = $state<SessionRecord | null>(null);
  #query = $state('');
  #matches = $state.raw<Set<string> | null>(null);
  #searchSeq = 0;

  /** Stored sessions, most recently used first. */
  get list(): SessionRecord[] {
    return this.#list;
  }

  /** The list as the sidebar shows it: filtered by the search, if any. */
  get visible(): SessionRecord[] {
    const matches = this.#matches;
    return matches ? this.#list.filter((s) => matches.has(s.id)) : this.#list;
  }

  get query(): string {
    return this.#query;
  }

  get active(): SessionRecord | null {
    return this.#list.find((s) => s.id === this.#activeId) ?? this.#draft;
  }

  get activeId(): string | null {
    return this.active?.id ?? null;
  }

  get isDraft(): boolean {
    return this.#draft !== null && this.#draft.id === this.active?.id;
  }

  async init(): Promise<void> {
    await this.reload();
    const last = await metaDb.get<string>('activeSession');
    if (last && this.#list.some((s) => s.id === last)) this.#activeId = last;
  }

  /** Re-reads the stored sessions (at start, and when another tab changed them). */
  async reload(): Promise<void> {
    const all = await sessionsDb.all();
    this.#list = all.sort((a, b) => b.updatedAt - a.updatedAt);
    if (this.#query) await this.search(this.#query);
  }

  /** Starts a new, not yet stored chat with the given server and model and the default settings. */
  newDraft(
    serverId: string | undefined,
    model: string | undefined,
    opts: { fresh?: boolean } = {},
  ): SessionRecord {
    if (
      !opts.fresh &&
      this.#draft &&
      this.#activeId === this.#draft.id &&
      this.#draft.serverId === serverId
    ) {
      return this.#draft;
    }
    const now = Date.now();
    this.#draft = {
      id: uid(),
      title: '',
      createdAt: now,
      updatedAt: now,
      serverId,
      model,
      systemPrompt: settings.defaultSystemPrompt,
      options: $state.snapshot(settings.defaultOptions) as GenerationOptions,
      keepAlive: settings.defaultKeepAlive || undefined,
    };
    this.#activeId = this.#draft.id;
    return this.#draft;
  }

  async open(id: string): Promise<void> {
    if (!this.#list.some((s) => s.id === id)) return;
    this.#activeId = id;
    // Remembered for the next start; opening the chat does not wait for it.
    void metaDb.set('activeSession', id).catch(() => {});
  }

  /** Stores the active draft (on its first message) and returns the stored record. */
  async commitDraft(firstQuestion: string): Promise<SessionRecord> {
    const draft = this.#draft;
    const active = this.active;
    if (!draft || !active || draft.id !== active.id) return active!;
    const stored: SessionRecord = { ...$state.snapshot(draft), title: titleFrom(firstQuestion) };
    this.#draft = null;
    this.#list = [stored, ...this.#list];
    this.#activeId = stored.id;
    await sessionsDb.put(stored);
    await metaDb.set('activeSession', stored.id);
    broadcast({ type: 'sessions' });
    return stored;
  }

  /** A stored draft whose first question could not be saved goes back to being a draft. */
  async uncommit(stored: SessionRecord): Promise<void> {
    this.#list = this.#list.filter((s) => s.id !== stored.id);
    this.#draft = stored;
    this.#activeId = stored.id;
    await sessionsDb.remove(stored.id);
    broadcast({ type: 'sessions' });
  }

  /** A turn was added: the chat shows it and moves to the top of the list (one write). */
  async afterTurn(id: string, leafId: string | undefined): Promise<void> {
    const current = this.#list.find((s) => s.id === id);
    if (!current) return;
    const next: SessionRecord = { ...current, leafId, updatedAt: Date.now() };
    this.#list = [next, ...this.#list.filter((s) => s.id !== id)];
    await sessionsDb.put($state.snapshot(next) as SessionRecord);
    broadcast({ type: 'sessions' });
  }

  /** Changes fields of the active chat (server, model, system prompt, options). */
  async update(id: string, patch: Partial<Omit<SessionRecord, 'id'>>): Promise<void> {
    if (this.#draft?.id === id) {
      this.#draft = { ...this.#draft, ...patch };
      return;
    }
    const current = this.#list.find((s) => s.id === id);
    if (!current) return;
    const next: SessionRecord = { ...current, ...patch };
    this.#list = this.#list.map((s) => (s.id === id ? next : s));
    await sessionsDb.put($state.snapshot(next) as SessionRecord);
    broadcast({ type: 'sessions' });
  }

  /** Pins a chat to the top of the list, or unpins it. */
  setPinned(id: string, pinned: boolean): Promise<void> {
    return this.update(id, { pinned });
  }

  rename(id: string, title: string): Promise<void> {
    const clean = title.trim();
    return clean ? this.update(id, { title: clean }) : Promise.resolve();
  }

  /**
   * Deletes a chat now and offers Undo. Its records stay in memory until the offer lapses; then the
   * images no other message uses are deleted too.
   */
  async remove(id: string): Promise<void> {
    const found = this.#list.find((s) => s.id === id);
    if (!found) return;
    const session = $state.snapshot(found) as SessionRecord;
    const messages = await messagesDb.ofSession(id);
    this.#list = this.#list.filter((s) => s.id !== id);
    if (this.#activeId === id) this.#activeId = null;
    await messagesDb.removeSession(id);
    await sessionsDb.remove(id);
    broadcast({ type: 'sessions' });
    // Its images stay while Undo is on offer, whatever collects images meanwhile.
    const images = holdForUndo(messages.flatMap((x) => x.imageIds ?? []));
    notify.offerUndo(
      m.deleted(session.title || m.untitled),
      async () => {
        await sessionsDb.put(session);
        await messagesDb.putMany(messages);
        images.undo();
        this.#list = [...this.#list.filter((s) => s.id !== id), session].sort(
          (a, b) => b.updatedAt - a.updatedAt,
        );
        broadcast({ type: 'sessions' });
      },
      async () => {
        await images.expire();
        // The documents' storage loads with the documents code; a chat without them costs nothing.
        await (await import('../lib/storage/documentsDb')).removeSessionDocuments(id);
      },
    );
  }

  /** Forgets everything in memory (tests start from nothing). */
  reset(): void {
    this.#list = [];
    this.#activeId = null;
    this.#draft = null;
    this.#query = '';
    this.#matches = null;
  }

  /**
   * Finds chats whose title or messages hold every word of the query (each word in the title or in
   * any one message). The history is read a batch at a time, a chat is no longer looked at once
   * all its words are found, and the reading stops once every chat is decided or a newer search
   * has begun.
   */
  async search(query: string): Promise<void> {
    this.#query = query;
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const seq = ++this.#searchSeq;
    if (words.length === 0) {
      this.#matches = null;
      return;
    }
    // Plain collections on purpose: built here, then published once as a raw value.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const matches = new Set<string>();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const missing = new Map<string, string[]>();
    const narrow = (id: string, left: string[], text: string) => {
      const still = left.filter((w) => !text.includes(w));
      if (still.length === 0) {
        missing.delete(id);
        matches.add(id);
      } else missing.set(id, still);
    };
    for (const s of this.#list) narrow(s.id, words, s.title.toLowerCase());
    if (missing.size > 0) {
      await messagesDb.eachBatch((batch) => {
        if (seq !== this.#searchSeq) return false;
        for (const m of batch) {
          const left = missing.get(m.sessionId);
          if (left) narrow(m.sessionId, left, m.content.toLowerCase());
        }
        return missing.size > 0;
      });
    }
    if (seq !== this.#searchSeq) return;
    this.#matches = matches;
  }
}

export const sessions = new SessionsStore();
