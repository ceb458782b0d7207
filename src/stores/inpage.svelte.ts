// In-page models ("This browser"): the GGUF files kept in this browser, the free storage, the copy or
// download in progress, and which engine build runs and why. Components read this and call its
// actions; the OPFS and engine code lives in src/lib/inpage.
import { inpageText as t } from '../lib/i18n/inpage';
import { chooseRuntime, probeRuntimeEnv, type Runtime } from '../lib/inpage/runtime';
import {
  addModelFiles,
  downloadModel,
  listStoredModels,
  ModelStoreError,
  removeStoredModel,
  storageEstimate,
  type Progress,
  type StorageEstimate,
  type StoredModel,
} from '../lib/inpage/store';
import { disableIsolation, enableIsolation } from '../lib/inpage/isolation';
import { models } from './models.svelte';
import { servers } from './servers.svelte';

class InPageStore {
  models = $state<StoredModel[]>([]);
  estimate = $state<StorageEstimate | null>(null);
  progress = $state<Progress | null>(null);
  /** The last refusal or failure, in words for the user. */
  error = $state('');
  notice = $state('');
  runtime = $state<Runtime | null>(null);
  /** The isolation service worker controls this page. */
  isolated = $state(false);
  #abort: AbortController | null = null;

  get busy(): boolean {
    return this.progress !== null;
  }

  async refresh(): Promise<void> {
    try {
      const [list, estimate, env] = await Promise.all([
        listStoredModels(),
        storageEstimate(),
        probeRuntimeEnv(),
      ]);
      this.models = list;
      this.estimate = estimate;
      this.runtime = chooseRuntime(env);
      this.isolated = env.isolationWorker;
    } catch (e) {
      this.error = message(e);
    }
  }

  async addFiles(files: File[]): Promise<void> {
    const first = files[0];
    if (!first || this.busy) return;
    await this.#run(first.name, (onProgress, signal) => addModelFiles(files, onProgress, signal));
  }

  async addUrl(url: string): Promise<void> {
    if (this.busy) return;
    await this.#run(url, (onProgress, signal) => downloadModel(url, onProgress, signal));
  }

  cancel(): void {
    this.#abort?.abort();
  }

  async remove(name: string): Promise<void> {
    this.error = '';
    try {
      await removeStoredModel(name);
      this.notice = t.removed(name);
    } catch (e) {
      this.error = message(e);
    }
    await this.refresh();
    this.#reloadLists();
  }

  async setIsolation(on: boolean): Promise<void> {
    try {
      if (on) await enableIsolation();
      else await disableIsolation();
      location.reload();
    } catch (e) {
      this.error = message(e);
    }
  }

  async #run(
    label: string,
    job: (onProgress: (p: Progress) => void, signal: AbortSignal) => Promise<StoredModel>,
  ): Promise<void> {
    this.error = '';
    this.notice = '';
    this.#abort = new AbortController();
    this.progress = { name: label, done: 0, total: 0 };
    try {
      const added = await job((p) => (this.progress = p), this.#abort.signal);
      this.notice = t.added(added.name);
    } catch (e) {
      this.error = message(e);
    } finally {
      this.progress = null;
      this.#abort = null;
    }
    await this.refresh();
    this.#reloadLists();
  }

  /** Every "This browser" profile lists the same files: refresh their model pickers. */
  #reloadLists(): void {
    for (const p of servers.profiles) if (p.kind === 'browser') void models.load(p.id);
  }
}

function message(e: unknown): string {
  if (e instanceof ModelStoreError) return e.message;
  if (e instanceof DOMException && e.name === 'AbortError') return t.downloadStopped;
  return e instanceof Error ? e.message : String(e);
}

export const inpage = new InPageStore();
