import { lanes, runLanes, type CompareTarget } from '../lib/chat/schedule';
import { uid } from '../lib/id';
import { m } from '../lib/i18n/messages';
import { beginTurn, streamAnswer } from './turns.svelte';
import { conversation } from './conversation.svelte';
import { imageGen } from './imageGen.svelte';
import { models } from './models.svelte';
import { notify } from './notify.svelte';
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
   * Sends one question to the chosen models. Models on the same server answer one after another
   * (unless "Run at once"), different servers at the same time. Each answer has its own Stop.
   * False when nothing was sent.
   */
  async run(text: string): Promise<boolean> {
    const targets = [...this.#targets];
    if (!text.trim() || !this.isReady || requestLock.isLocked) return false;
    const items = targets.map((t) => ({ ...t, id: uid(), provider: servers.provider(t.serverId) }));
    if (items.some((x) => !x.provider)) {
      notify.show({ kind: 'no-model', title: m.pickModelFirst }, 'request');
      return false;
    }
    const tokens = requestLock.acquireGroup(items.map((x) => x.id));
    if (!tokens) return false;
    try {
      const turn = await beginTurn({
        question: text,
        parentId: conversation.tailId,
        answers: items.map(({ id, model, serverId }) => ({ id, model, serverId })),
        compareId: uid(),
      });
      if (!turn) return false;
      this.#isExpanded = false;
      const answerOf = new Map(turn.answers.map((a) => [a.id, a]));
      const signalOf = new Map(tokens.map((t) => [t.owner, t.signal]));
      const inPage = (x: CompareTarget) => servers.byId(x.serverId)?.kind === 'browser';
      await runLanes(lanes(items, this.#runAtOnce, inPage), async (x) => {
        const answer = answerOf.get(x.id)!;
        // An image model draws the question (with the image prompt's settings) instead of answering it.
        if (imageGen.isImageModel(x.serverId, x.model))
          await imageGen.drawPrompt(answer, text.trim(), x.serverId, signalOf.get(x.id)!);
        else await streamAnswer(answer, turn.history, turn.session, x.provider!, signalOf.get(x.id)!);
      });
      return true;
    } finally {
      for (const t of tokens) requestLock.release(t);
    }
  }
}

export const compare = new CompareStore();
