// One way for every failure and confirmation to reach the user. Store actions that can fail report
// here (the alert region); short confirmations and offers to undo go to the toast.
import { untrack } from 'svelte';
import { describeError, isAbort, type ShownError } from './errors';

/** Where an alert came from: a later success from the same place clears it. */
export type AlertSource = 'request' | `models:${string}` | 'storage' | 'import' | 'other';

interface Toast {
  id: number;
  text: string;
  /** Puts back what was removed. */
  undo?: () => Promise<void>;
  /** The offer lapsed (dismissed or timed out): what was removed can be forgotten for good. */
  onExpire?: () => Promise<void>;
}

type FailureListener = (e: unknown, shown: ShownError, serverId: string) => void;

class NotifyStore {
  #alert = $state<(ShownError & { source: AlertSource }) | null>(null);
  #toast = $state.raw<Toast | null>(null);
  #seq = 0;
  #openDialogs = $state(0);
  #onServerFailure: FailureListener | null = null;

  get alert(): ShownError | null {
    return this.#alert;
  }
  /** Where the alert came from. */
  get alertSource(): AlertSource | null {
    return this.#alert?.source ?? null;
  }
  get toast(): Pick<Toast, 'id' | 'text'> & { canUndo: boolean } {
    const t = this.#toast;
    return t ? { id: t.id, text: t.text, canUndo: !!t.undo } : { id: 0, text: '', canUndo: false };
  }

  /**
   * A modal dialog makes the rest of the page inert, the toast included: while one is open, the
   * toast is shown inside it.
   */
  get isDialogOpen(): boolean {
    return this.#openDialogs > 0;
  }
  dialogOpened(): void {
    // Read without tracking: an effect that opens a dialog must not depend on the count it changes.
    this.#openDialogs = untrack(() => this.#openDialogs) + 1;
  }
  dialogClosed(): void {
    this.#openDialogs = Math.max(0, untrack(() => this.#openDialogs) - 1);
  }

  /** The servers store learns here that requests to a server fail (its status dot follows). */
  onServerFailure(listener: FailureListener): void {
    this.#onServerFailure = listener;
  }

  /**
   * The one error handler: any thrown value becomes words in the alert. A user's Stop is not a
   * failure. With `serverId`, the server's status follows too.
   */
  report(e: unknown, ctx: { source?: AlertSource; serverId?: string } = {}): ShownError | null {
    if (isAbort(e)) return null;
    const shown = describeError(e);
    this.#alert = { ...shown, source: ctx.source ?? 'other' };
    if (ctx.serverId) this.#onServerFailure?.(e, shown, ctx.serverId);
    return shown;
  }

  show(shown: ShownError, source: AlertSource = 'other'): void {
    this.#alert = { ...shown, source };
  }

  /** Runs an action; a failure is reported instead of thrown. Returns undefined when it failed. */
  async guard<T>(
    action: () => Promise<T>,
    ctx?: { source?: AlertSource; serverId?: string },
  ): Promise<T | undefined> {
    try {
      return await action();
    } catch (e) {
      this.report(e, ctx);
      return undefined;
    }
  }

  /** Runs an action; a failure is reported instead of thrown. True when it succeeded. */
  async attempt(
    action: () => Promise<unknown>,
    ctx?: { source?: AlertSource; serverId?: string },
  ): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (e) {
      this.report(e, ctx);
      return false;
    }
  }

  /** Close on the alert: whatever it says, it goes. */
  dismiss(): void {
    this.#alert = null;
  }

  /** A later success clears what the same source reported. */
  clear(source: AlertSource): void {
    if (this.#alert?.source === source) this.#alert = null;
  }

  /** A short confirmation in the toast. */
  say(text: string): void {
    void this.#expire();
    this.#toast = { id: ++this.#seq, text };
  }

  /** Offers to undo a removal; when the offer lapses, `onExpire` forgets the removed data. */
  offerUndo(text: string, undo: () => Promise<void>, onExpire?: () => Promise<void>): void {
    void this.#expire();
    this.#toast = { id: ++this.#seq, text, undo, onExpire };
  }

  async undo(): Promise<void> {
    const t = this.#toast;
    if (!t?.undo) return;
    this.#toast = null;
    await this.guard(t.undo, { source: 'storage' });
  }

  /** The toast was closed or timed out. */
  async dismissToast(): Promise<void> {
    await this.#expire();
  }

  async #expire(): Promise<void> {
    const t = this.#toast;
    this.#toast = null;
    if (t?.onExpire) await this.guard(t.onExpire, { source: 'storage' });
  }
}

export const notify = new NotifyStore();
