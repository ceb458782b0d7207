// Every store test starts from nothing: a fresh IndexedDB and stores with nothing in memory.
import { IDBFactory } from 'fake-indexeddb';
import { resetStorageHandles } from '../../../src/lib/storage/db';
import { conversation } from '../../../src/stores/conversation.svelte';
import { models } from '../../../src/stores/models.svelte';
import { notify } from '../../../src/stores/notify.svelte';
import { requestLock } from '../../../src/stores/requestLock.svelte';
import { servers } from '../../../src/stores/servers.svelte';
import { sessions } from '../../../src/stores/sessions.svelte';

export async function resetAll(): Promise<void> {
  requestLock.stop();
  await notify.dismissToast();
  notify.dismiss();
  globalThis.indexedDB = new IDBFactory();
  resetStorageHandles();
  servers.reset();
  sessions.reset();
  models.reset();
  conversation.reset();
}
