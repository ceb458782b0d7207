// Images are stored apart from messages and shared by reference (an edited question keeps its
// images). When messages go, the images no remaining message refers to go too.
import { imagesDb, messagesDb } from './db';

/**
 * Images this tab needs though no stored message refers to them: a question's images between being
 * stored and the question being saved, and a deleted chat's while its Undo is on offer.
 */
const held = new Map<string, number>();

/** Keeps these images from being collected until the returned function is called. */
export function holdImages(ids: readonly string[]): () => void {
  for (const id of ids) held.set(id, (held.get(id) ?? 0) + 1);
  let isReleased = false;
  return () => {
    if (isReleased) return;
    isReleased = true;
    for (const id of ids) {
      const count = (held.get(id) ?? 1) - 1;
      if (count > 0) held.set(id, count);
      else held.delete(id);
    }
  };
}

/**
 * Images of deleted messages while their Undo is on offer: kept until `undo` (they are referred to
 * again) or `expire` (those no message refers to go).
 */
export function holdForUndo(ids: readonly string[]): { undo: () => void; expire: () => Promise<void> } {
  const release = holdImages(ids);
  return {
    undo: release,
    expire: async () => {
      release();
      await removeOrphanImages(ids);
    },
  };
}

async function unreferenced(ids: Iterable<string>): Promise<string[]> {
  const candidates = [...new Set(ids)].filter((id) => !held.has(id));
  // No image to look at (most chats): the messages need not be read at all.
  if (candidates.length === 0) return [];
  const used = await messagesDb.imageRefs();
  return candidates.filter((id) => !used.has(id));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Deletes those of `candidates` that no stored message refers to. Without candidates it looks at
 * every stored image, and deletes only those still unreferenced `recheckMs` later: another tab may
 * be between storing a question's image and saving the question. Returns the ids deleted.
 */
export async function removeOrphanImages(
  candidates?: readonly string[],
  { recheckMs = 2000 }: { recheckMs?: number } = {},
): Promise<string[]> {
  if (candidates && candidates.length === 0) return [];
  let orphans = await unreferenced(candidates ?? (await imagesDb.keys()));
  if (!candidates && orphans.length > 0) {
    await sleep(recheckMs);
    orphans = await unreferenced(orphans);
  }
  await imagesDb.removeMany(orphans);
  return orphans;
}
