// "A new version is ready": a new build's service worker installed and waits. It takes over only
// when the user presses Reload, so nothing reloads under an answer being written.
import { pwaText as t } from '../lib/i18n/pwa';
import { activate } from '../lib/pwa/worker';

class UpdateStore {
  #waiting = $state<ServiceWorker | null>(null);
  #isReloading = $state(false);
  #error = $state('');

  get isReady(): boolean {
    return this.#waiting !== null;
  }
  get isReloading(): boolean {
    return this.#isReloading;
  }
  get error(): string {
    return this.#error;
  }

  offer(worker: ServiceWorker): void {
    if (worker === this.#waiting) return;
    this.#waiting = worker;
    this.#error = '';
    // Replaced by a still newer build, which is offered in turn.
    worker.addEventListener('statechange', () => {
      if (worker.state === 'redundant' && this.#waiting === worker && !this.#isReloading)
        this.#waiting = null;
    });
  }

  /** Later: the waiting version then starts on its own once every tab of the app is closed. */
  dismiss(): void {
    this.#waiting = null;
    this.#error = '';
  }

  async reload(): Promise<void> {
    const worker = this.#waiting;
    if (!worker || this.#isReloading) return;
    this.#isReloading = true;
    try {
      await activate(worker);
      location.reload();
    } catch (e) {
      this.#error = e instanceof Error ? e.message : t.installFailed;
      this.#waiting = null;
      this.#isReloading = false;
    }
  }
}

export const updates = new UpdateStore();
