// Images are stored apart from messages and shared by reference (an edited question keeps its
// images). When messages go, the images no remaining message refers to go too.
import { imagesDb, messagesDb } from './db';

/**
 * Deletes those of `candidates` (or, without candidates, of every stored image) that no stored
 * message refers to. Returns the ids deleted.
 */
export async function removeOrphanImages(candidates?: readonly string[]): Promise<string[]> {
  if (candidates && candidates.length === 0) return [];
  const [messages, stored] = await Promise.all([messagesDb.all(), candidates ?? imagesDb.keys()]);
  const used = new Set<string>();
  for (const msg of messages) for (const id of msg.imageIds ?? []) used.add(id);
  const orphans = [...new Set(stored)].filter((id) => !used.has(id));
  await imagesDb.removeMany(orphans);
  return orphans;
}
