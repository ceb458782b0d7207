// Start-up and the actions that span several stores (switching server, model or chat).
import { loadHostConfig, readUrlPrefill } from '../lib/config';
import { summarize } from '../lib/chat/summarize';
import { m } from '../lib/i18n/messages';
import type { MessageRecord } from '../lib/storage/types';
import { downloadText } from '../lib/download';
// Export and import load on first use: they are not needed to chat.
const transfer = () => import('../lib/storage/transfer');
import { migrate, requestPersistence } from '../lib/storage/db';
import { onSync } from '../lib/storage/sync';
import { conversation } from './conversation.svelte';
import { describeError, type ShownError } from './errors';
import { models } from './models.svelte';
import { requestLock } from './requestLock.svelte';
import { servers } from './servers.svelte';
import { sessions } from './sessions.svelte';
import { settings } from './settings.svelte';

class AppStore {
  #isReady = $state(false);
  #loginFor = $state<string | null>(null);
  #wantedModel: string | undefined;
  #notice = $state<string | null>(null);

  /** A short confirmation (an import's result) shown in a status toast. */
  get notice(): string | null {
    return this.#notice;
  }

  dismissNotice(): void {
    this.#notice = null;
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

  /** What the chosen model can do (vision, thinking, …), as far as the server said. */
  get capabilities(): string[] {
    const id = this.serverId;
    return (id ? models.find(id, this.model)?.capabilities : undefined) ?? [];
  }

  get think(): boolean {
    return sessions.active?.think ?? true;
  }

  async setThink(on: boolean): Promise<void> {
    const s = sessions.active;
    if (s) await sessions.update(s.id, { think: on });
  }

  /** A server whose password or key this tab still needs (the login dialog shows for it). */
  get loginFor(): string | null {
    return this.#loginFor;
  }

  /** What the alert region shows: a request problem first, else a problem listing models. */
  get alert(): ShownError | null {
    const id = this.serverId;
    return conversation.alert ?? (id ? (models.entry(id)?.error ?? null) : null);
  }

  async init(): Promise<void> {
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
  }

  #listen(): void {
    onSync((e) => {
      if (e.type === 'sessions') void sessions.reload();
      else if (e.type === 'servers') void servers.reload();
      else if (e.type === 'settings') void settings.load();
      else if (e.type === 'messages') void conversation.refresh(e.sessionId);
    });
    addEventListener('pagehide', () => conversation.handlePageHide());
    // Anything that failed without a handler still reaches the user, in words.
    addEventListener('unhandledrejection', (e) => conversation.setAlert(describeError(e.reason)));
  }

  /** Lists the current server's models, asking for a login first when one is missing. */
  async loadModels(): Promise<void> {
    const id = this.serverId;
    if (!id) return;
    if (servers.needsSecrets(id)) {
      this.#loginFor = id;
      return;
    }
    this.#loginFor = null;
    void servers.checkStatus(id);
    await models.load(id);
    if (id !== this.serverId) return;
    const active = sessions.active;
    const wanted = this.#wantedModel ?? active?.model;
    const pick = models.pick(id, wanted);
    if (pick && models.entry(id)?.fetchedAt) this.#wantedModel = undefined;
    if (active && pick && pick !== active.model) await sessions.update(active.id, { model: pick });
  }

  async submitLogin(
    id: string,
    secrets: { username?: string; password?: string; apiKey?: string },
  ): Promise<void> {
    servers.setSecrets(id, secrets);
    this.#loginFor = null;
    await this.loadModels();
  }

  cancelLogin(): void {
    this.#loginFor = null;
  }

  /** Switches the chat on screen to another server, keeping the model when that server has it. */
  async switchServer(id: string): Promise<void> {
    if (requestLock.isLocked) return;
    const active = sessions.active;
    this.#wantedModel = active?.model ?? this.#wantedModel;
    await servers.select(id);
    if (active) await sessions.update(active.id, { serverId: id });
    conversation.dismissAlert();
    await this.loadModels();
  }

  /** Removes a server profile; the chat on screen moves to another server if it used that one. */
  async removeServer(id: string): Promise<void> {
    const wasCurrent = this.serverId === id;
    await servers.remove(id);
    const next = servers.selectedId;
    if (wasCurrent && next) await this.switchServer(next);
  }

  async selectModel(name: string): Promise<void> {
    const active = sessions.active;
    this.#wantedModel = undefined;
    if (!active) return;
    await sessions.update(active.id, { model: name });
    if (active.serverId) await servers.rememberModel(active.serverId, name);
  }

  async newChat(): Promise<void> {
    if (requestLock.isLocked) requestLock.stop();
    sessions.newDraft(this.serverId ?? undefined, this.model);
    conversation.dismissAlert();
    await conversation.open(null);
  }

  async openChat(id: string): Promise<void> {
    if (id === sessions.activeId) return;
    if (requestLock.isLocked) conversation.stop();
    await sessions.open(id);
    const s = sessions.active;
    if (s?.serverId && servers.byId(s.serverId)) await servers.select(s.serverId);
    conversation.dismissAlert();
    await conversation.open(id);
    await this.loadModels();
  }

  async deleteChat(id: string): Promise<void> {
    const wasActive = id === sessions.activeId;
    if (wasActive && requestLock.isLocked) conversation.stop();
    await sessions.remove(id);
    if (wasActive) await this.newChat();
  }

  /** Raises the chat's context window (num_ctx) after the conversation outgrew it. */
  async setContextSize(n: number): Promise<void> {
    const s = sessions.active;
    if (s) await sessions.update(s.id, { options: { ...$state.snapshot(s.options), num_ctx: n } });
  }

  /** Asks the model for a summary of this chat and opens a new chat that starts from it. */
  async newChatFromSummary(): Promise<void> {
    const s = sessions.active;
    const provider = s?.serverId ? servers.provider(s.serverId) : null;
    if (!s || !s.model || !provider || requestLock.isLocked) return;
    try {
      const history = $state.snapshot(conversation.messages) as MessageRecord[];
      const summary = await summarize(provider, s.model, s.systemPrompt, history, m.summaryPrompt);
      const draft = sessions.newDraft(s.serverId, s.model, { fresh: true });
      await sessions.update(draft.id, {
        systemPrompt: m.summarySystem(summary),
        options: $state.snapshot(s.options),
      });
      conversation.dismissAlert();
      await conversation.open(null);
    } catch (e) {
      conversation.setAlert(describeError(e));
    }
  }

  /** Saves the chat on screen (or every chat) as a file. */
  async exportChats(scope: 'chat' | 'all', format: 'json' | 'markdown'): Promise<void> {
    const active = sessions.isDraft ? null : sessions.active;
    if (scope === 'chat' && !active) return;
    try {
      const { allToMarkdown, exportFileName, exportJson, exportSessions, sessionToMarkdown } =
        await transfer();
      const file = await exportSessions(scope === 'chat' && active ? [active.id] : undefined);
      const text =
        format === 'json'
          ? exportJson(file)
          : scope === 'chat' && file.sessions[0]
            ? sessionToMarkdown(file.sessions[0].session, file.sessions[0].messages, {
                servers: file.servers,
              })
            : allToMarkdown(file);
      const name = exportFileName(format, scope === 'chat' ? active : null);
      downloadText(name, text, format === 'json' ? 'application/json' : 'text/markdown');
    } catch (e) {
      conversation.setAlert(describeError(e));
    }
  }

  /** Imports an export file. Nothing is written unless the whole file is valid. */
  async importChats(file: File): Promise<void> {
    const { applyImport, IMPORT_LIMITS, importText, parseImport } = await transfer();
    if (file.size > IMPORT_LIMITS.textChars) {
      conversation.setAlert({
        kind: 'import',
        title: m.importFailedTitle,
        detail: importText.tooLarge(Math.round(IMPORT_LIMITS.textChars / 1e6)),
      });
      return;
    }
    const plan = parseImport(await file.text());
    const result = plan.ok ? await applyImport(plan) : plan;
    if (!result.ok) {
      conversation.setAlert({
        kind: 'import',
        title: m.importFailedTitle,
        detail: result.message,
        steps: result.issues.slice(1, 10).map((i) => ({ label: i.message })),
      });
      return;
    }
    conversation.dismissAlert();
    this.#notice = m.imported(result.sessionsAdded, result.sessionsReplaced, result.sessionsSkipped);
    await Promise.all([sessions.reload(), servers.reload()]);
    if (conversation.sessionId) await conversation.open(conversation.sessionId);
  }

  async undoDelete(): Promise<void> {
    await sessions.undoRemove();
  }
}

export const app = new AppStore();
