import { isChatModel } from '../lib/providers';
import type { ModelSummary, ServerProps } from '../lib/providers/types';
import { modelsDb } from '../lib/storage/db';
import { describeError, type ShownError } from './errors';
import { notify } from './notify.svelte';
import { servers } from './servers.svelte';
import { sessions } from './sessions.svelte';

interface ServerModels {
  models: ModelSummary[];
  fetchedAt: number;
  isLoading: boolean;
  error?: ShownError;
}

/** Model lists per server: the cached list shows at once, the server's answer replaces it. */
class ModelsStore {
  #byServer = $state<Record<string, ServerModels>>({});
  #inflight = new Map<string, Promise<void>>();
  #alsoOffered: (serverId: string) => string[] = () => [];

  /** Models offered besides the chat models (image models, in their own group): a chat may use them. */
  offerAlso(list: (serverId: string) => string[]): void {
    this.#alsoOffered = list;
  }

  #props = $state<Record<string, ServerProps | null>>({});

  /** What llama-server says about itself (`/props`): its defaults and context size. Asked once. */
  props(serverId: string): ServerProps | undefined {
    return this.#props[serverId] ?? undefined;
  }

  async loadProps(serverId: string): Promise<void> {
    if (serverId in this.#props) return;
    const provider = servers.provider(serverId);
    if (!provider?.serverProps) return;
    this.#props[serverId] = null;
    try {
      this.#props[serverId] = (await provider.serverProps()) ?? null;
    } catch {
      // Not llama-server, or it does not say: the generic OpenAI fields apply.
    }
  }

  /** Forgets everything in memory (tests start from nothing). */
  reset(): void {
    this.#props = {};
    this.#byServer = {};
    this.#inflight.clear();
  }

  entry(serverId: string): ServerModels | undefined {
    return this.#byServer[serverId];
  }

  /** Models that can chat (embedding-only ones never are offered). */
  chatModels(serverId: string): ModelSummary[] {
    return (this.#byServer[serverId]?.models ?? []).filter(isChatModel);
  }

  find(serverId: string, model: string | undefined): ModelSummary | undefined {
    return model ? this.#byServer[serverId]?.models.find((m) => m.name === model) : undefined;
  }

  /**
   * Shows the list cached from an earlier visit, without asking the server, so that a chat can have
   * its model while the server's answer is awaited. Nothing when the list is already shown.
   */
  async showCached(serverId: string): Promise<void> {
    if (this.#byServer[serverId]) return;
    const cached = await modelsDb.get(serverId);
    if (this.#byServer[serverId] || !cached?.models.length) return;
    this.#byServer[serverId] = { models: cached.models, fetchedAt: cached.fetchedAt, isLoading: true };
  }

  /** Shows the cached list (if any) and asks the server; concurrent calls share one request. */
  load(serverId: string): Promise<void> {
    const running = this.#inflight.get(serverId);
    if (running) return running;
    const job = this.#load(serverId).finally(() => this.#inflight.delete(serverId));
    this.#inflight.set(serverId, job);
    return job;
  }

  async #load(serverId: string): Promise<void> {
    await this.showCached(serverId);
    this.#byServer[serverId] = {
      models: [],
      fetchedAt: 0,
      ...this.#byServer[serverId],
      isLoading: true,
      error: undefined,
    };
    const provider = servers.provider(serverId);
    if (!provider) return;
    try {
      const models = await provider.listModels();
      const record = { serverId, fetchedAt: Date.now(), models };
      this.#byServer[serverId] = { ...record, isLoading: false };
      notify.clear(`models:${serverId}`);
      servers.noteReachable(serverId);
      // The cache write is not awaited: the caller picks a model from the list in this same turn,
      // so the picker never shows a list without a selection.
      void modelsDb.put($state.snapshot(record)).catch(() => {});
    } catch (e) {
      const error = describeError(e);
      this.#byServer[serverId] = { ...this.#byServer[serverId]!, isLoading: false, error };
      // The picker says the list is unavailable; the alert says why and how to fix it.
      // Failures for the server on screen go to the alert; for others (Compare), to their dot.
      const shown = sessions.active?.serverId ?? servers.selectedId;
      if (serverId === shown) notify.report(e, { source: `models:${serverId}`, serverId });
      else servers.noteFailure(serverId, error);
    }
  }

  /**
   * The model to use on a server: the wanted one if it is there, else the server's last used,
   * else its first chat model.
   */
  pick(serverId: string, wanted: string | undefined): string | undefined {
    const chat = this.chatModels(serverId);
    if (wanted && chat.some((m) => m.name === wanted)) return wanted;
    if (wanted && this.#alsoOffered(serverId).includes(wanted)) return wanted;
    // `llama3.2` in a URL means `llama3.2:latest` on the server.
    const tagged = wanted && !wanted.includes(':') ? `${wanted}:latest` : undefined;
    if (tagged && chat.some((m) => m.name === tagged)) return tagged;
    const last = servers.byId(serverId)?.lastModel;
    if (last && chat.some((m) => m.name === last)) return last;
    return chat[0]?.name;
  }
}

export const models = new ModelsStore();
