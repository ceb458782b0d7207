// Saved prompts (issue 17): one record per prompt in a database of their own, so two tabs adding
// prompts never overwrite each other, and no other database needs a migration. Loaded with the
// saved prompts' code, not on the first page load.
import { createStore, del, get, set, values, type UseStore } from 'idb-keyval';
import type { SavedPrompt } from './types';

let store: { factory: IDBFactory; handle: UseStore } | null = null;

/** The store, opened again when the IndexedDB factory changed (tests start each case afresh). */
function prompts(): UseStore {
  if (store?.factory !== globalThis.indexedDB)
    store = { factory: globalThis.indexedDB, handle: createStore('causerie-prompts', 'prompts') };
  return store.handle;
}

export const promptsDb = {
  all: () => values<SavedPrompt>(prompts()),
  get: (id: string) => get<SavedPrompt>(id, prompts()),
  put: (p: SavedPrompt) => set(p.id, p, prompts()),
  remove: (id: string) => del(id, prompts()),
};
