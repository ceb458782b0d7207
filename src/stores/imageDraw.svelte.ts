// One drawing into an answer: the ImageJob with this page's storage and the one error path.
// Loaded with the first drawing (imageDrawing.drawInto), so that start-up stays within its budget.
import { ImageJob, type ImageOutcome } from '../lib/images/job';
import type { ImageSettings } from '../lib/images/settings';
import { uid } from '../lib/id';
import { m } from '../lib/i18n/messages';
import { createImageGenerator } from '../lib/providers/imageGen';
import { imagesDb, messagesDb } from '../lib/storage/db';
import { holdStreamLock } from '../lib/storage/liveness';
import { broadcast } from '../lib/storage/sync';
import type { MessageRecord } from '../lib/storage/types';
import { describeError, isAbort } from './errors';
import { notify } from './notify.svelte';
import { servers } from './servers.svelte';
import { holdLive } from './turns.svelte';

const snapshot = (r: MessageRecord) => $state.snapshot(r) as MessageRecord;

export async function drawInto(
  answer: MessageRecord,
  settings: ImageSettings,
  signal: AbortSignal,
  progress: (id: string, p: { completed: number; total: number } | null) => void,
): Promise<ImageOutcome> {
  const release = holdLive(answer);
  try {
    return await draw(answer, settings, signal, progress);
  } finally {
    release();
    broadcast({ type: 'messages', sessionId: answer.sessionId });
  }
}

async function draw(
  answer: MessageRecord,
  settings: ImageSettings,
  signal: AbortSignal,
  progress: (id: string, p: { completed: number; total: number } | null) => void,
): Promise<ImageOutcome> {
  const serverId = answer.serverId!;
  const conn = servers.connection(serverId);
  answer.imageGen = settings;
  if (!conn) {
    answer.status = 'error';
    answer.error = { kind: 'no-model', title: m.pickModelFirst };
    await messagesDb.put(snapshot(answer)).catch(() => {});
    return { status: 'error', error: new Error(m.pickModelFirst) };
  }
  const job = new ImageJob(
    createImageGenerator(conn),
    { model: answer.model!, ...settings, signal },
    answer,
    {
      storeImage: async (bytes, mime) => {
        const id = uid();
        await imagesDb.put(id, new Blob([bytes], { type: mime }));
        return id;
      },
      save: (r) => messagesDb.update(snapshot(r)),
      onStorageError: (e) => notify.report(e, { source: 'storage' }),
      describe: (e) => {
        const { kind, title, detail } = describeError(e);
        return { kind, title, detail };
      },
      isAbort,
      now: () => performance.now(),
      onProgress: (completed, total) => progress(answer.id, { completed, total }),
      hold: holdStreamLock,
    },
  );
  try {
    await messagesDb.put(snapshot(answer)).catch((e: unknown) => notify.report(e, { source: 'storage' }));
    const outcome = await job.run();
    if (outcome.status === 'error') notify.report(outcome.error, { source: 'request', serverId });
    else if (outcome.status === 'done') servers.noteReachable(serverId);
    return outcome;
  } finally {
    progress(answer.id, null);
  }
}
