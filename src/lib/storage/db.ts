// The only module that touches IndexedDB. idb-keyval gives one tiny promise wrapper per object store;
// range reads (a session's messages) go through its `UseStore` escape hatch.
import {
  createStore,
  del,
  delMany,
  get,
  getMany,
  keys,
  set,
  setMany,
  values,
  type UseStore,
} from 'idb-keyval';
import type { MessageRecord, ModelCacheRecord, ServerProfile, SessionRecord } from './types';

export const SCHEMA_VERSION = 1;
const DB_PREFIX = 'causerie';

let stores: {
  servers: UseStore;
  sessions: UseStore;
  messages: UseStore;
  images: UseStore;
  models: UseStore;
  meta: UseStore;
} | null = null;

// idb-keyval opens one database per store; distinct names keep each store independent.
function db() {
  stores ??= {
    servers: createStore(`${DB_PREFIX}-servers`, 'servers'),
    sessions: createStore(`${DB_PREFIX}-sessions`, 'sessions'),
    messages: createStore(`${DB_PREFIX}-messages`, 'messages'),
    images: createStore(`${DB_PREFIX}-images`, 'images'),
    models: createStore(`${DB_PREFIX}-models`, 'models'),
    meta: createStore(`${DB_PREFIX}-meta`, 'meta'),
  };
  return stores;
}

/** Forget the cached handles (tests delete the databases between cases). */
export function resetStorageHandles(): void {
  stores = null;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Messages are keyed `${sessionId}\u0000${createdAt padded}\u0000${id}` so one range read returns a session in order. */
export function messageKey(m: Pick<MessageRecord, 'sessionId' | 'createdAt' | 'id'>): string {
  return `${m.sessionId}\u0000${String(m.createdAt).padStart(15, '0')}\u0000${m.id}`;
}

function sessionRange(sessionId: string): IDBKeyRange {
  return IDBKeyRange.bound(`${sessionId}\u0000`, `${sessionId}\u0001`, false, true);
}

export async function migrate(): Promise<void> {
  const version = (await get<number>('schemaVersion', db().meta)) ?? 0;
  if (version < SCHEMA_VERSION) {
    // Version 1 is the first schema; later versions transform records here, oldest first.
    await set('schemaVersion', SCHEMA_VERSION, db().meta);
  }
}

export const serversDb = {
  all: () => values<ServerProfile>(db().servers),
  put: (p: ServerProfile) => set(p.id, p, db().servers),
  remove: (id: string) => del(id, db().servers),
};

export const sessionsDb = {
  all: () => values<SessionRecord>(db().sessions),
  get: (id: string) => get<SessionRecord>(id, db().sessions),
  put: (s: SessionRecord) => set(s.id, s, db().sessions),
  remove: (id: string) => del(id, db().sessions),
};

export const messagesDb = {
  put: (m: MessageRecord) => set(messageKey(m), m, db().messages),
  putMany: (ms: MessageRecord[]) =>
    setMany(
      ms.map((m) => [messageKey(m), m]),
      db().messages,
    ),
  ofSession: (sessionId: string) =>
    db().messages('readonly', (s) =>
      request(s.getAll(sessionRange(sessionId)) as IDBRequest<MessageRecord[]>),
    ),
  all: () => values<MessageRecord>(db().messages),
  remove: (m: MessageRecord) => del(messageKey(m), db().messages),
  removeSession: (sessionId: string) =>
    db().messages('readwrite', (s) => request(s.delete(sessionRange(sessionId)))),
};

export const imagesDb = {
  get: (id: string) => get<Blob>(id, db().images),
  getMany: (ids: string[]) => getMany<Blob>(ids, db().images),
  put: (id: string, blob: Blob) => set(id, blob, db().images),
  remove: (id: string) => del(id, db().images),
  removeMany: (ids: string[]) => (ids.length ? delMany(ids, db().images) : Promise.resolve()),
  keys: () => keys<string>(db().images),
};

export const modelsDb = {
  get: (serverId: string) => get<ModelCacheRecord>(serverId, db().models),
  put: (r: ModelCacheRecord) => set(r.serverId, r, db().models),
  remove: (serverId: string) => del(serverId, db().models),
};

export const metaDb = {
  get: <T>(key: string) => get<T>(key, db().meta),
  set: (key: string, value: unknown) => set(key, value, db().meta),
};

/** Ask the browser not to evict our data under storage pressure. Best effort. */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

export function isQuotaError(e: unknown): boolean {
  return (
    e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED')
  );
}
