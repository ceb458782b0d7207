import type { CompareTarget } from '../lib/chat/schedule';
import { models } from './models.svelte';
import { requestLock } from './requestLock.svelte';
import { servers } from './servers.svelte';

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 6;

const same = (a: CompareTarget, b: CompareTarget) => a.serverId === b.serverId && a.model === b.model;

/** The Compare panel: which models get the next question, and how they are scheduled. */
class CompareStore {
  #isOn = $state(false);
  #targets = $state<CompareTarget[]>([]);
  #runAtOnce = $state(false);
  #isExpanded = $state(true);

  get isOn(): boolean {
    return this.#isOn;
  }
  get targets(): CompareTarget[] {
    return this.#targets;
  }
  get runAtOnce(): boolean {
    return this.#runAtOnce;
  }
  /** The model list is shown; after a comparison is sent it folds to one line. */
  get isExpanded(): boolean {
    return this.#isExpanded;
  }

  setExpanded(on: boolean): void {
    this.#isExpanded = on;
  }

  get isReady(): boolean {
    return this.#targets.length >= MIN_COMPARE && this.#targets.length <= MAX_COMPARE;
  }

  isSelected(t: CompareTarget): boolean {
    return this.#targets.some((x) => same(x, t));
  }

  /** Opens or closes the panel; opening lists the models of every server this tab can reach. */
  toggle(): void {
    this.#isOn = !this.#isOn;
    this.#isExpanded = true;
    if (!this.#isOn) return;
    for (const p of servers.profiles) if (!servers.needsSecrets(p.id)) void models.load(p.id);
  }

  select(t: CompareTarget, on: boolean): void {
    if (on && !this.isSelected(t) && this.#targets.length < MAX_COMPARE)
      this.#targets = [...this.#targets, t];
    if (!on) this.#targets = this.#targets.filter((x) => !same(x, t));
  }

  setRunAtOnce(on: boolean): void {
    this.#runAtOnce = on;
  }

  /**
   * Sends one question to the chosen models (see compareRun.ts, loaded with the first comparison).
   * False when nothing was sent.
   */
  async run(text: string): Promise<boolean> {
    const targets = [...this.#targets];
    if (!text.trim() || !this.isReady || requestLock.isLocked) return false;
    const { runComparison } = await import('./compareRun');
    return runComparison(text, targets);
  }
}

export const compare = new CompareStore();
