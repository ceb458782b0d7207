// Sending one question to the models chosen in Compare, loaded with the first comparison (the
// panel's state, on the first load, is compare.svelte.ts).
import { lanes, runLanes, type CompareTarget } from '../lib/chat/schedule';
import { uid } from '../lib/id';
import { m } from '../lib/i18n/messages';
import { compare } from './compare.svelte';
import { conversation } from './conversation.svelte';
import { imageGen } from './imageGen.svelte';
import { notify } from './notify.svelte';
import { requestLock } from './requestLock.svelte';
import { servers } from './servers.svelte';
import { beginTurn, streamAnswer } from './turns.svelte';

/**
 * Models on the same server answer one after another (unless "Run at once"), different servers at
 * the same time. Each answer has its own Stop. False when nothing was sent.
 */
export async function runComparison(text: string, targets: CompareTarget[]): Promise<boolean> {
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
    compare.setExpanded(false);
    const answerOf = new Map(turn.answers.map((a) => [a.id, a]));
    const signalOf = new Map(tokens.map((t) => [t.owner, t.signal]));
    const inPage = (x: CompareTarget) => servers.byId(x.serverId)?.kind === 'browser';
    await runLanes(lanes(items, compare.runAtOnce, inPage), async (x) => {
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
