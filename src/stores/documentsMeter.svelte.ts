// The context meter and the window it measures against, loaded once there is something to meter
// (a draft, a chat or documents; see documents.meter) or with the documents' work: a new chat
// needs neither on the first load.
import { measure } from '../lib/documents/meter';
import type { SessionRecord } from '../lib/storage/types';
import { models } from './models.svelte';
import { servers } from './servers.svelte';

export { measure };

/** Ollama's window when the request sets no num_ctx and the model is not loaded (0.6 and later). */
export const OLLAMA_DEFAULT_WINDOW = 4096;

class ContextWindows {
  #loaded = $state<Record<string, number | null>>({});
  #checking = new Set<string>();

  /** The context window for a chat: num_ctx, else the trained length capped by what the server loads. */
  of(session: SessionRecord | null): number | undefined {
    if (!session?.serverId || !session.model) return undefined;
    if (session.options.num_ctx) return session.options.num_ctx;
    const trained = models.find(session.serverId, session.model)?.contextLength;
    if (!trained) return undefined;
    const key = `${session.serverId}\u0000${session.model}`;
    if (!(key in this.#loaded)) void this.#checkLoaded(session.serverId, session.model, key);
    const loaded = this.#loaded[key];
    return Math.min(trained, loaded ?? OLLAMA_DEFAULT_WINDOW);
  }

  async #checkLoaded(serverId: string, model: string, key: string): Promise<void> {
    // Asked from the meter (a derived value): the state may change only after this turn.
    if (this.#checking.has(key)) return;
    this.#checking.add(key);
    await Promise.resolve();
    this.#loaded[key] = null;
    const provider = servers.provider(serverId);
    if (!provider || provider.kind !== 'ollama') return;
    try {
      const loaded = await provider.loadedModels();
      this.#loaded[key] = loaded.find((x) => x.name === model)?.contextLength ?? null;
    } catch {
      // The meter then assumes Ollama's default window: a guess, never an error to show.
    }
  }

  /** Forget everything in memory (tests). */
  reset(): void {
    this.#loaded = {};
    this.#checking.clear();
  }
}

export const contextWindows = new ContextWindows();
