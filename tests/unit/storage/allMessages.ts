import { messagesDb } from '../../../src/lib/storage/db';
import type { MessageRecord } from '../../../src/lib/storage/types';

/** Every stored message in key order, read as the app reads a whole history: in batches. */
export async function allMessages(): Promise<MessageRecord[]> {
  const out: MessageRecord[] = [];
  await messagesDb.eachBatch((batch) => void out.push(...batch));
  return out;
}
