// Start-up and the actions that span several stores (switching server, model or chat).
import { loadHostConfig, readUrlPrefill } from '../lib/config';
import { m } from '../lib/i18n/messages';
import { copyText } from '../lib/clipboard';
// Export and import load on first use: they are not needed to chat.
const transfer = () => import('./exportImport');
import { migrate, requestPersistence } from '../lib/storage/db';
import { onSync } from '../lib/storage/sync';
import { removeOrphanImages } from '../lib/storage/imageGc';
import type { ServerProfile, SessionRecord } from '../lib/storage/types';
import type { GenerationOptions } from '../lib/providers/types';
import type { ThinkLevel } from '../lib/chat/turn';
import { saveLiveAsStopped } from './turns.svelte';
import { conversation } from './conversation.svelte';
import { type ShownError } from './errors';
import { notify } from './notify.svelte';
import { models } from './models.svelte';
import { requestLock } from './requestLock.svelte';
import { servers } from './servers.svelte';
import { sessions } from './sessions.svelte';
import { settings } from './settings.svelte';

/** Failures that mean no server answered this page (a login refused is an answer). */
const NOT_ANSWERING = new Set<string>(['unreachable', 'cors', 'mixed-content', 'timeout', 'proxy', 'config']);

class AppStore {
  #isReady = $state(false);
  #loginFor = $state<string | null>(null);
  #loginError = $state<string | null>(null);
  #wantedModel: string | undefined;
  #focusRequest = $state(0);
  #isReviewingImports = $state(false);

  /** Whether the confirmation of imported servers is open (it opens after an import that has some). */
  get isReviewingImports(): boolean {
    return this.#isReviewingImports && servers.pendingImports.length > 0;
  }

  setReviewingImports(open: boolean): void {
    this.#isReviewingImports = open;
  }

  /** Accepts an imported server; when the chat on screen uses it, its models are listed now. */
  async acceptImportedServer(id: string): Promise<void> {
    await servers.acceptImported(id);
    if (this.serverId === id) await this.loadModels();
  }

  /** Grows each time the user opens or starts a chat: the message box then takes the focus. */
  get focusRequest(): number {
    return this.#focusRequest;
  }

  /** Why the last sign-in did not work (shown inside the sign-in dialog). */
  get loginError(): string | null {
    return this.#loginError;
  }

  get isReady(): boolean {
    return this.#isReady;
  }

  /** The server of the chat on screen. */
  get serverId(): string | null {
    return sessions.active?.serverId ?? servers.selectedId;
  }

  get model(): string | undefined {
    return sessions.active?.model;
  }

  /** The server of the chat on screen when it came from an import and was not accepted: read-only. */
  get foreignServer(): ServerProfile | undefined {
    return servers.importedById(sessions.active?.serverId);
  }

  /** What the chosen model can do (vision, thinking, …), as far as the server said. */
  get capabilities(): string[] {
    const id = this.serverId;
    return (id ? models.find(id, this.model)?.capabilities : undefined) ?? [];
  }

  /** The server did not say what the chosen model can do (OpenAI-compatible lists): warn of nothing. */
  get isCapabilityGuess(): boolean {
    const id = this.serverId;
    return (id ? models.find(id, this.model)?.capabilitiesGuessed : undefined) === true;
  }

  get think(): boolean | ThinkLevel {
    return sessions.active?.think ?? true;
  }

  async setThink(value: boolean | ThinkLevel): Promise<void> {
    const s = sessions.active;
    if (s) await notify.attempt(() => sessions.update(s.id, { think: value }), { source: 'storage' });
  }

  /** A server whose password or key this tab still needs (the login dialog shows for it). */
  get loginFor(): string | null {
    return this.#loginFor;
  }

  /** What the alert region shows. On the welcome screen, the connection check tells it instead. */
  get alert(): ShownError | null {
    return this.isWelcome && notify.alertSource?.startsWith('models:') ? null : notify.alert;
  }

  /**
   * First run with no server answering: no chat yet, and the server on screen has never listed its
   * models. A welcome then explains what Causerie is and how to add a server, instead of an error.
   */
  get isWelcome(): boolean {
    const id = this.serverId;
    if (!this.#isReady || sessions.list.length > 0 || !sessions.isDraft || !id) return false;
    const entry = models.entry(id);
    const kind = entry?.error?.kind;
    return !!entry && !entry.fetchedAt && !!kind && NOT_ANSWERING.has(kind) && !this.#loginFor;
  }

  /** Why the server on screen did not answer (the welcome's connection check). */
  get connectionProblem(): ShownError | null {
    const id = this.serverId;
    return (id ? models.entry(id)?.error : undefined) ?? null;
  }

  /** The host's preset servers, for the welcome (a course's servers by name). */
  get hostServers(): string[] {
    return servers.profiles.filter((p) => p.origin === 'config').map((p) => p.name);
  }

  /** Start-up; a failure (storage refused, say) is told, not thrown. */
  async init(): Promise<void> {
    await notify.attempt(() => this.#init(), { source: 'storage' });
  }

  async #init(): Promise<void> {
    const prefill = readUrlPrefill(location.search);
    // The prefill applies once: a reload must bring back the chat the user was in, not a new one.
    if (prefill.server || prefill.model) history.replaceState(null, '', location.pathname + location.hash);
    const [config] = await Promise.all([loadHostConfig(), migrate()]);
    await settings.load();
    if (config.defaults) {
      // Host defaults apply until the user saves their own.
      const d = config.defaults;
      const untouched = !settings.defaultSystemPrompt && Object.keys(settings.defaultOptions).length === 0;
      if (untouched && (d.systemPrompt || Object.keys(d.options ?? {}).length)) {
        await settings.setDefaults({
          options: d.options ?? {},
          systemPrompt: d.systemPrompt ?? '',
          keepAlive: '',
        });
      }
    }
    await servers.init(config, prefill);
    await sessions.init();
    const active = sessions.active;
    if (active && !prefill.server) {
      // The chat the user was in keeps its own model (unless the URL names one).
      this.#wantedModel = prefill.model;
      if (active.serverId) await servers.select(active.serverId);
      await conversation.open(active.id);
    } else {
      this.#wantedModel = prefill.model ?? config.defaultModel;
      sessions.newDraft(servers.selectedId ?? undefined, undefined);
      await conversation.open(null);
    }
    this.#isReady = true;
    void requestPersistence();
    this.#listen();
    await this.loadModels();
    // Images left behind by a tab closed while an Undo was on offer go once the page is idle.
    setTimeout(() => void removeOrphanImages().catch(() => {}), 5000);
  }

  #listen(): void {
    onSync((e) => {
      if (e.type === 'sessions') void sessions.reload();
      else if (e.type === 'servers') void servers.reload();
      else if (e.type === 'settings') void settings.load();
      else if (e.type === 'messages') void conversation.refresh(e.sessionId);
    });
    addEventListener('pagehide', saveLiveAsStopped);
    // Anything that failed without a handler still reaches the user, in words.
    addEventListener('unhandledrejection', (e) => notify.report(e.reason));
  }

  /**
   * Lists the current server's models, asking for a login first when one is missing. When the
   * server refuses the login the user gave (`askAgain`: the sign-in dialog, Refresh), it asks again.
   */
  async loadModels(opts: { askAgain?: boolean } = {}): Promise<void> {
    const id = this.serverId;
    // An imported server the user has not accepted is never contacted.
    if (!id || servers.importedById(id)) return;
    if (servers.needsSecrets(id)) {
      this.#loginFor = id;
      return;
    }
    void servers.checkStatus(id);
    // The list from an earlier visit gives a chat with no model one at once: a question typed
    // while the server is asked is sent, not silently held back.
    await models.showCached(id);
    if (id === this.serverId && !sessions.active?.model) await this.#pickModel(id, false);
    await models.load(id);
    if (id !== this.serverId) return;
    if (opts.askAgain && this.#isRefused(id)) {
      this.#loginFor = id;
      this.#loginError = m.wrongLogin;
      notify.clear(`models:${id}`);
      return;
    }
    this.#loginFor = null;
    this.#loginError = null;
    await this.#pickModel(id, true);
  }

  /**
   * The chat's model from the list shown. Only the server's own answer settles a model asked for
   * by the URL or the host (a cached list may not have it yet).
   */
  async #pickModel(id: string, isServerAnswer: boolean): Promise<void> {
    const active = sessions.active;
    const pick = models.pick(id, this.#wantedModel ?? active?.model);
    if (isServerAnswer && pick && models.entry(id)?.fetchedAt) this.#wantedModel = undefined;
    if (active && pick && pick !== active.model) {
      await notify.attempt(() => sessions.update(active.id, { model: pick }), { source: 'storage' });
    }
  }

  /** The Model picker's Refresh. */
  async refreshModels(): Promise<void> {
    await this.loadModels({ askAgain: true });
  }

  #isRefused(id: string): boolean {
    const p = servers.byId(id);
    return models.entry(id)?.error?.kind === 'auth' && (p?.authType === 'basic' || p?.authType === 'bearer');
  }

  /** The sign-in dialog's Sign in. The dialog stays open, saying so, when the server refuses it. */
  async submitLogin(
    id: string,
    secrets: { username?: string; password?: string; apiKey?: string },
  ): Promise<void> {
    this.#loginError = null;
    await notify.attempt(() => servers.setSecrets(id, secrets), { source: 'storage' });
    await this.loadModels({ askAgain: true });
  }

  cancelLogin(): void {
    this.#loginFor = null;
    this.#loginError = null;
  }

  /** A server was saved in the form: a new one becomes the chat's server; an edited current one is listed again. */
  async serverSaved(p: ServerProfile, isNew: boolean): Promise<void> {
    if (isNew) await this.switchServer(p.id);
    else if (p.id === this.serverId) await this.loadModels();
    void servers.checkStatus(p.id);
  }

  /** Switches the chat on screen to another server, keeping the model when that server has it. */
  async switchServer(id: string): Promise<void> {
    if (requestLock.isLocked) return;
    const active = sessions.active;
    this.#wantedModel = active?.model ?? this.#wantedModel;
    await servers.select(id);
    if (active)
      await notify.attempt(() => sessions.update(active.id, { serverId: id }), { source: 'storage' });
    notify.dismiss();
    await this.loadModels();
  }

  /**
   * Removes a server profile (Undo puts it back); the chat on screen moves to another server if it
   * used that one, and back again on Undo.
   */
  async removeServer(id: string): Promise<void> {
    const wasCurrent = this.serverId === id;
    const ok = await notify.attempt(
      () => servers.remove(id, async () => (wasCurrent ? this.switchServer(id) : undefined)),
      { source: 'storage' },
    );
    const next = servers.selectedId;
    if (ok && wasCurrent && next) await this.switchServer(next);
  }

  async selectModel(name: string): Promise<void> {
    const active = sessions.active;
    this.#wantedModel = undefined;
    if (!active) return;
    await notify.attempt(
      async () => {
        await sessions.update(active.id, { model: name });
        if (active.serverId) await servers.rememberModel(active.serverId, name);
      },
      { source: 'storage' },
    );
  }

  /** A new, empty chat on the same server and model (the message box takes the focus). */
  async newChat(): Promise<void> {
    await this.#startDraft(this.serverId ?? undefined, this.model);
    this.#focusRequest++;
  }

  async #startDraft(serverId: string | undefined, model: string | undefined): Promise<void> {
    if (requestLock.isLocked) requestLock.stop();
    sessions.newDraft(serverId, model ?? (serverId ? models.pick(serverId, this.#wantedModel) : undefined));
    notify.dismiss();
    await conversation.open(null);
  }

  async openChat(id: string): Promise<void> {
    if (id === sessions.activeId) return;
    if (requestLock.isLocked) conversation.stop();
    await sessions.open(id);
    const s = sessions.active;
    if (s?.serverId && servers.byId(s.serverId)) await servers.select(s.serverId);
    notify.dismiss();
    await notify.attempt(() => conversation.open(id), { source: 'storage' });
    this.#focusRequest++;
    await this.loadModels();
  }

  /** Deletes a chat (Undo brings it back). Deleting the chat on screen leaves a new chat on the same model. */
  async deleteChat(id: string): Promise<void> {
    const wasActive = id === sessions.activeId;
    const serverId = this.serverId ?? undefined;
    const model = this.model;
    if (wasActive && requestLock.isLocked) conversation.stop();
    if (!(await notify.attempt(() => sessions.remove(id), { source: 'storage' }))) return;
    if (wasActive) await this.#startDraft(serverId, model);
  }

  /** Settings → Save: the chat's system prompt and options. False when it could not be saved. */
  async saveChatSettings(
    patch: Pick<SessionRecord, 'systemPrompt' | 'options' | 'keepAlive'>,
  ): Promise<boolean> {
    const s = sessions.active;
    if (!s) return true;
    return notify.attempt(() => sessions.update(s.id, patch), { source: 'storage' });
  }

  /** Settings → Save as defaults: new chats start with these. */
  async saveDefaults(d: {
    options: GenerationOptions;
    systemPrompt: string;
    keepAlive: string;
  }): Promise<boolean> {
    return notify.attempt(() => settings.setDefaults(d), { source: 'storage' });
  }

  async renameChat(id: string, title: string): Promise<void> {
    await notify.attempt(() => sessions.rename(id, title), { source: 'storage' });
  }

  /** The message box takes the focus (a shortcut asked for it). */
  focusComposer(): void {
    this.#focusRequest++;
  }

  /** Copies the newest answer of the chat on screen, as Markdown. */
  async copyLastAnswer(): Promise<void> {
    const last = conversation.messages.findLast((x) => x.role === 'assistant' && x.content);
    if (!last) return notify.say(m.nothingToCopy);
    if (await copyText(last.content)) notify.say(m.lastAnswerCopied);
  }

  async setPinned(id: string, pinned: boolean): Promise<void> {
    await notify.attempt(() => sessions.setPinned(id, pinned), { source: 'storage' });
  }

  async searchChats(query: string): Promise<void> {
    await notify.attempt(() => sessions.search(query), { source: 'storage' });
  }

  /** Raises the chat's context window (num_ctx) after the conversation outgrew it. */
  async setContextSize(n: number): Promise<void> {
    const s = sessions.active;
    if (!s) return;
    const options = { ...$state.snapshot(s.options), num_ctx: n };
    await notify.attempt(() => sessions.update(s.id, { options }), { source: 'storage' });
  }

  /** Saves the chat on screen (or every chat) as a file. */
  async exportChats(scope: 'chat' | 'all', format: 'json' | 'markdown'): Promise<void> {
    try {
      await (await transfer()).exportChats(scope, format);
    } catch (e) {
      notify.report(e, { source: 'storage' });
    }
  }

  /** Imports an export file. Nothing is written unless the whole file is valid. */
  async importChats(file: File): Promise<void> {
    await notify.attempt(
      async () => {
        // Imported servers wait for the user's word: their confirmation opens after the import.
        if (await (await transfer()).importChats(file)) this.#isReviewingImports = true;
      },
      { source: 'import' },
    );
  }
}

export const app = new AppStore();
