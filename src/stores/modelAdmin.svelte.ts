// Pulling and deleting models on an Ollama server, with progress. A pull can be cancelled; Ollama
// resumes a cancelled pull where it stopped.
import { describeError, isAbort, type ShownError } from './errors';
import { models } from './models.svelte';
import { servers } from './servers.svelte';

export interface PullState {
  model: string;
  status: string;
  completed?: number;
  total?: number;
  isRunning: boolean;
  isDone: boolean;
  error?: ShownError;
}

class ModelAdminStore {
  #pulls = $state<Record<string, PullState>>({});
  #controllers = new Map<string, AbortController>();
  #deleteError = $state<ShownError | null>(null);

  pullOf(serverId: string): PullState | undefined {
    return this.#pulls[serverId];
  }

  get deleteError(): ShownError | null {
    return this.#deleteError;
  }

  async pull(serverId: string, model: string): Promise<void> {
    const name = model.trim();
    const provider = servers.provider(serverId);
    if (!name || !provider || this.#pulls[serverId]?.isRunning) return;
    const controller = new AbortController();
    this.#controllers.set(serverId, controller);
    this.#pulls[serverId] = { model: name, status: '', isRunning: true, isDone: false };
    const state = this.#pulls[serverId]!;
    try {
      for await (const p of provider.pull(name, controller.signal)) {
        state.status = p.status;
        // Each layer reports its own bytes; the big one is what the bar shows.
        if (p.total) {
          state.total = p.total;
          state.completed = p.completed ?? 0;
        }
      }
      state.isDone = true;
      await models.load(serverId);
    } catch (e) {
      if (!isAbort(e)) state.error = describeError(e);
    } finally {
      state.isRunning = false;
      this.#controllers.delete(serverId);
    }
  }

  cancel(serverId: string): void {
    this.#controllers.get(serverId)?.abort();
  }

  async remove(serverId: string, model: string): Promise<void> {
    const provider = servers.provider(serverId);
    if (!provider) return;
    this.#deleteError = null;
    try {
      await provider.deleteModel(model);
      await models.load(serverId);
    } catch (e) {
      this.#deleteError = describeError(e);
    }
  }
}

export const modelAdmin = new ModelAdminStore();
