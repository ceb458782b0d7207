// Documents in a chat (issue 14): files attached in the composer, read into text; questions about
// them (the whole text when it fits the window, else the best parts, with citations); the context
// meter; and the sequential summary, a job this store only starts, stops and shows.
import type { Meter } from '../lib/documents/meter';

import type { DocumentRecord, SummaryJobRecord } from '../lib/storage/types';
import { conversation } from './conversation.svelte';
import { models } from './models.svelte';
import { notify } from './notify.svelte';
import { sessions } from './sessions.svelte';

// The documents code (extraction, chunking, ranking, the summariser and its words) loads on first
// use: the composer needs only this store's state and meter on the first page load.
const work = () => import('./documentWork.svelte');
const storage = () => import('../lib/storage/documentsDb');
type MeterModule = typeof import('./documentsMeter.svelte');

export interface PendingDocument {
  id: string;
  name: string;
  size: number;
  /** Undefined while the file is being read. */
  record?: DocumentRecord;
}

export interface DocumentsHost {
  addPending(p: PendingDocument): void;
  /** The file was read (record), or gave no text (undefined: it leaves the composer). */
  updatePending(id: string, record: DocumentRecord | undefined): void;
  addProblem(text: string): void;
  ready(): DocumentRecord[];
  /** Takes the given pending documents (all of them without ids) out of the composer. */
  takePending(ids?: string[]): void;
  remember(sessionId: string, docs: DocumentRecord[]): void;
  forget(sessionId: string, ids: string[]): void;
  ofSession(sessionId: string): DocumentRecord[];
  instructions(): Promise<{ chunk: string; final: string }>;
  job(sessionId: string): SummaryJobRecord | undefined;
  setJob(job: SummaryJobRecord): void;
  setRunning(runner: { stop(): void } | null): void;
}

export type { Meter };

type Instructions = { chunk: string; final: string };

class DocumentsStore {
  #pending = $state<PendingDocument[]>([]);
  #problems = $state<string[]>([]);
  #bySession = $state.raw<Record<string, DocumentRecord[]>>({});
  #jobs = $state.raw<Record<string, SummaryJobRecord>>({});
  /** Null until read: the defaults (or the user's saved edit) load with the documents code. */
  #instructions = $state<Instructions | null>(null);
  #running = $state.raw<{ stop(): void } | null>(null);
  #loading = new Set<string>();
  #meter = $state.raw<MeterModule | null>(null);
  #isMeterLoading = false;
  #jobsLoaded = false;
  /** Chats where the user sent although the meter said it would not fit: it is not asked again. */
  #overflowConfirmed = $state<Record<string, true>>({});

  get pending(): PendingDocument[] {
    return this.#pending;
  }

  get problems(): string[] {
    return this.#problems;
  }

  get instructions(): Instructions | null {
    if (!this.#instructions) void this.#loadInstructions();
    return this.#instructions;
  }

  async #loadInstructions(): Promise<Instructions> {
    const value = await (await work()).loadInstructions();
    this.#instructions ??= value;
    return this.#instructions;
  }

  get isSummarizing(): boolean {
    return this.#running !== null;
  }

  /** Forget everything in memory (tests). */
  reset(): void {
    this.#pending = [];
    this.#problems = [];
    this.#bySession = {};
    this.#jobs = {};
    this.#meter?.contextWindows.reset();
    this.#instructions = null;
    this.#running = null;
    this.#loading.clear();
    this.#jobsLoaded = false;
    this.#overflowConfirmed = {};
  }

  /** True once the user sent in this chat although it would not fit (the warning then stays away). */
  get isOverflowConfirmed(): boolean {
    const id = sessions.activeId;
    return !!id && !!this.#overflowConfirmed[id];
  }

  /** The user sends although it will not fit: later questions in this chat do not ask again. */
  confirmOverflow(): void {
    const id = sessions.activeId;
    if (id) this.#overflowConfirmed[id] = true;
  }

  /** The stored documents of a chat, read from storage on first use. */
  ofSession(sessionId: string | null | undefined): DocumentRecord[] {
    if (!sessionId) return [];
    const known = this.#bySession[sessionId];
    if (known === undefined && !this.#loading.has(sessionId)) void this.#loadSession(sessionId);
    return known ?? [];
  }

  /** A stored document by id, among the chat's. */
  find(sessionId: string, id: string): DocumentRecord | undefined {
    return this.ofSession(sessionId).find((d) => d.id === id);
  }

  async #loadSession(sessionId: string): Promise<void> {
    this.#loading.add(sessionId);
    try {
      const { documentsDb } = await storage();
      const docs = await documentsDb.ofSession(sessionId);
      docs.sort((a, b) => a.createdAt - b.createdAt);
      this.#bySession = { ...this.#bySession, [sessionId]: docs };
    } catch (e) {
      notify.report(e, { source: 'storage' });
    } finally {
      this.#loading.delete(sessionId);
    }
  }

  /** Reads files into pending documents. A file that gives no text is reported and left out. */
  async attach(files: readonly File[]): Promise<void> {
    this.#problems = [];
    // New documents are a new situation: a send that will not fit is worth a word again.
    const id = sessions.activeId;
    if (id) delete this.#overflowConfirmed[id];
    await (await work()).attach(this.#host, files);
  }

  remove(id: string): void {
    this.#pending = this.#pending.filter((p) => p.id !== id);
  }

  dismissProblems(): void {
    this.#problems = [];
  }

  /** True for files this store reads: everything but images (their type says so, or their name). */
  isDocument(file: File): boolean {
    // A file without a type is read as a document: if it is a picture, that says it is not text.
    return !file.type.startsWith('image/');
  }

  #ready(): DocumentRecord[] {
    return this.#pending.flatMap((p) => (p.record ? [p.record] : []));
  }

  // ---- The window and the meter ----

  /**
   * Estimated tokens of what a send would carry (system prompt, the conversation on screen, the
   * documents, the draft) against the window. Null when there is nothing worth showing: no
   * documents and a conversation well inside the window.
   */
  meter(draft: string): Meter | null {
    const session = sessions.active;
    if (!session) return null;
    const stored = sessions.isDraft || !conversation.usesDocuments ? null : session.id;
    if (!this.#meter) {
      // The meter's code loads once there is something to meter: a draft, a chat or documents
      // (a chat's own come with its questions).
      if (!draft && !conversation.messages.length && !this.#pending.length) return null;
      void this.#loadMeter();
      return null;
    }
    const { measure, contextWindows } = this.#meter;
    return measure({
      systemPrompt: session.systemPrompt,
      draft,
      messages: conversation.messages,
      docs: [...this.ofSession(stored), ...this.#ready()],
      limit: contextWindows.of(session),
      trained: session.serverId ? models.find(session.serverId, session.model)?.contextLength : undefined,
    });
  }

  async #loadMeter(): Promise<void> {
    if (this.#isMeterLoading) return;
    this.#isMeterLoading = true;
    this.#meter = await import('./documentsMeter.svelte');
  }

  /** True when a send now would carry documents (attached or already in the chat). */
  get hasDocuments(): boolean {
    const s = sessions.active;
    return (
      this.#pending.length > 0 ||
      (!!s && !sessions.isDraft && conversation.usesDocuments && this.ofSession(s.id).length > 0)
    );
  }

  // ---- Asking ----

  /**
   * Sends a question; with documents in play they go with it (whole, or the best parts). False when
   * nothing was sent (the text stays with the caller).
   */
  async send(question: string, images: Blob[] = []): Promise<boolean> {
    if (!this.hasDocuments) return conversation.send(question, images);
    if (!question.trim() || this.#pending.some((p) => !p.record)) return false;
    return (await work()).askWithDocuments(this.#host, question, images);
  }

  /** What the documents' work (loaded on first use) may read and change here. */
  readonly #host: DocumentsHost = {
    ready: () => this.#ready(),
    takePending: (ids) => {
      this.#pending = ids ? this.#pending.filter((p) => !ids.includes(p.id)) : [];
    },
    addPending: (p) => {
      this.#pending = [...this.#pending, p];
    },
    updatePending: (id, record) => {
      this.#pending = record
        ? this.#pending.map((p) => (p.id === id ? { ...p, record } : p))
        : this.#pending.filter((p) => p.id !== id);
    },
    addProblem: (text) => {
      this.#problems = [...this.#problems, text];
    },
    remember: (sessionId, docs) => {
      const known = this.#bySession[sessionId] ?? [];
      const others = known.filter((d) => !docs.some((f) => f.id === d.id));
      this.#bySession = { ...this.#bySession, [sessionId]: [...others, ...docs] };
    },
    forget: (sessionId, ids) => {
      this.#bySession = {
        ...this.#bySession,
        [sessionId]: (this.#bySession[sessionId] ?? []).filter((d) => !ids.includes(d.id)),
      };
    },
    ofSession: (id) => this.ofSession(id),
    instructions: async () => ({ ...(this.#instructions ?? (await this.#loadInstructions())) }),
    job: (sessionId) => this.jobOf(sessionId),
    setJob: (j) => {
      this.#jobs = { ...this.#jobs, [j.sessionId]: { ...j } };
    },
    setRunning: (r) => {
      this.#running = r;
    },
  };

  // ---- The sequential summary ----

  /** The chat's summary job, when one is unfinished (running, stopped or failed). */
  jobOf(sessionId: string | null | undefined): SummaryJobRecord | undefined {
    if (!this.#jobsLoaded) {
      this.#jobsLoaded = true;
      void this.#loadJobs();
    }
    if (!sessionId) return undefined;
    const job = this.#jobs[sessionId];
    return job && job.status !== 'done' ? job : undefined;
  }

  /** The open chat's unfinished summary, if any. */
  get activeJob(): SummaryJobRecord | undefined {
    if (sessions.isDraft) return undefined;
    // Jobs are read from storage only for a chat that can have one: a chat with documents, or one
    // whose last answer did not finish (a conversation's summary, running, stopped or failed).
    const last = conversation.messages.at(-1);
    const mayHaveJob = conversation.usesDocuments || (last?.role === 'assistant' && last.status !== 'done');
    return mayHaveJob ? this.jobOf(sessions.activeId) : undefined;
  }

  async #loadJobs(): Promise<void> {
    try {
      const all = await (await storage()).summariesDb.all();
      const jobs: Record<string, SummaryJobRecord> = {};
      for (const j of all) {
        // A job that was running when the page went away is stopped now.
        jobs[j.sessionId] = j.status === 'running' ? { ...j, status: 'stopped' } : j;
      }
      this.#jobs = { ...jobs, ...this.#jobs };
    } catch (e) {
      notify.report(e, { source: 'storage' });
    }
  }

  async setInstructions(next: Partial<Instructions>): Promise<void> {
    const current = this.#instructions ?? (await this.#loadInstructions());
    this.#instructions = await (await work()).saveInstructions({ ...current, ...next });
  }

  async resetInstructions(): Promise<void> {
    this.#instructions = await (await work()).saveInstructions(null);
  }

  /**
   * Summarises documents in parts sized from the window: the attached ones (or those given), else
   * the chat's. The summary becomes an answer in the chat.
   */
  async summarise(ids?: string[]): Promise<void> {
    await (await work()).summarise(this.#host, ids);
  }

  /**
   * "Start a new chat from a summary": the conversation on screen is summarised in parts sized from
   * the window, in a new chat on the same model whose first answer is the summary.
   */
  async summariseConversation(): Promise<void> {
    await (await work()).summariseConversation(this.#host);
  }

  /** Goes on with a stopped or failed summary from its last finished chunk. */
  async resumeSummary(): Promise<void> {
    await (await work()).resumeSummary(this.#host);
  }

  stopSummary(): void {
    this.#running?.stop();
  }
}

export const documents = new DocumentsStore();
