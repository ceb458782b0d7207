// The only module that touches IndexedDB. idb-keyval gives one tiny promise wrapper per object store;
// the messages store is opened by hand because it needs an index (idb-keyval cannot create one).
import { createStore, del, delMany, get, keys, set, setMany, values, type UseStore } from 'idb-keyval';
import { rasterImage, readBlobBytes, type StoredImage } from './imageType';
import type { MessageRecord, ModelCacheRecord, ServerProfile, SessionRecord } from './types';
import { m } from '../i18n/messages';

/**
 * The version of the data in this browser (recorded in the meta store). Each step in `DATA_MIGRATIONS`
 * brings the data from its key's version to the next. The export file format has its own version
 * (`FILE_SCHEMA_VERSION` in transferSchema.ts): the two change for different reasons.
 */
export const SCHEMA_VERSION = 2;
const DB_PREFIX = 'causerie';

/**
 * The IndexedDB version of the messages database. 1: the object store only (chats were read as key
 * ranges of `${sessionId}\u0000…`, which a session id containing `\u0000` could reach into);
 * 2: an index on `sessionId`, so that a chat is read and deleted by exact id.
 */
export const MESSAGES_DB_VERSION = 2;
const MESSAGES_DB = `${DB_PREFIX}-messages`;
const BY_SESSION = 'sessionId';

let stores: {
  servers: UseStore;
  sessions: UseStore;
  messages: UseStore;
  images: UseStore;
  models: UseStore;
  meta: UseStore;
  documents: UseStore;
  summaries: UseStore;
  vectors: UseStore;
} | null = null;

/** The messages store, upgraded to `MESSAGES_DB_VERSION` on first use. Existing records are kept. */
function openMessages(): UseStore {
  let dbp: Promise<IDBDatabase> | undefined;
  const open = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(MESSAGES_DB, MESSAGES_DB_VERSION);
      req.onupgradeneeded = (e) => {
        const store =
          e.oldVersion < 1
            ? req.result.createObjectStore('messages')
            : req.transaction!.objectStore('messages');
        // Building the index reads every record in this same transaction: all or nothing.
        if (!store.indexNames.contains(BY_SESSION)) store.createIndex(BY_SESSION, 'sessionId');
      };
      // Another tab still runs the previous version and holds the old database open.
      req.onblocked = () => reject(new Error(STORAGE_BLOCKED));
      req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
      req.onsuccess = () => {
        const db = req.result;
        // Let a newer version in another tab upgrade instead of waiting for this tab to close.
        db.onversionchange = () => {
          db.close();
          dbp = undefined;
        };
        db.onclose = () => (dbp = undefined);
        resolve(db);
      };
    });
  const getDb = () => {
    dbp ??= open().catch((e: unknown) => {
      dbp = undefined;
      throw e;
    });
    return dbp;
  };
  return (mode, callback) =>
    getDb().then((db) => callback(db.transaction('messages', mode).objectStore('messages')));
}

export const STORAGE_BLOCKED = m.storageBlocked;

// idb-keyval opens one database per store; distinct names keep each store independent.
function db() {
  stores ??= {
    servers: createStore(`${DB_PREFIX}-servers`, 'servers'),
    sessions: createStore(`${DB_PREFIX}-sessions`, 'sessions'),
    messages: openMessages(),
    images: createStore(`${DB_PREFIX}-images`, 'images'),
    models: createStore(`${DB_PREFIX}-models`, 'models'),
    meta: createStore(`${DB_PREFIX}-meta`, 'meta'),
    // Documents (issue 14): new databases of their own, so no migration of the others is needed.
    documents: createStore(`${DB_PREFIX}-documents`, 'documents'),
    summaries: createStore(`${DB_PREFIX}-summaries`, 'summaries'),
    vectors: createStore(`${DB_PREFIX}-vectors`, 'vectors'),
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

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

/**
 * Messages are keyed `${sessionId}\u0000${createdAt padded}\u0000${id}` so that a chat's messages come
 * back in order. Reads and deletes go through the `sessionId` index, never a range of these keys.
 */
export function messageKey(m: Pick<MessageRecord, 'sessionId' | 'createdAt' | 'id'>): string {
  return `${m.sessionId}\u0000${String(m.createdAt).padStart(15, '0')}\u0000${m.id}`;
}

// ---- Images ----

export type { StoredImage };

export class NotAnImageError extends Error {
  constructor() {
    super('Only PNG, JPEG, WebP and GIF images can be stored.');
    this.name = 'NotAnImageError';
  }
}

const isArrayBuffer = (v: unknown): v is ArrayBuffer =>
  Object.prototype.toString.call(v) === '[object ArrayBuffer]';

const isBlobLike = (v: unknown): v is Blob =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Blob).size === 'number' &&
  typeof (v as Blob).slice === 'function';

/** Bytes in, a record to store out; anything that is not a raster image is refused. */
export async function toStoredImage(image: Blob | ArrayBuffer | Uint8Array): Promise<StoredImage> {
  const bytes = isArrayBuffer(image)
    ? new Uint8Array(image)
    : ArrayBuffer.isView(image)
      ? new Uint8Array(image.buffer, image.byteOffset, image.byteLength)
      : new Uint8Array(await readBlobBytes(image));
  const stored = rasterImage(bytes);
  if (!stored) throw new NotAnImageError();
  return stored;
}

/**
 * A stored value as an image: the current `{ bytes, type }` records, and the Blobs that schema 1 stored.
 * Values that are not raster images (an SVG attached before types were sniffed) read as missing.
 */
async function fromStored(v: unknown): Promise<StoredImage | undefined> {
  if (v === undefined || v === null) return undefined;
  if (isBlobLike(v)) {
    try {
      return await toStoredImage(v);
    } catch {
      return undefined;
    }
  }
  if (typeof v === 'object' && 'bytes' in v && isArrayBuffer(v.bytes))
    return rasterImage(new Uint8Array(v.bytes)) ?? undefined;
  return undefined;
}

// ---- Migrations of the stored data ----

/** Each step brings the stored data from its key's version to the next; they run oldest first. */
const DATA_MIGRATIONS: Record<number, () => Promise<void>> = {
  // 1 → 2: images become bytes + type (Blobs cannot be stored in WebKit's private windows). The new
  // `sessionId` index is built by IndexedDB itself when the messages database opens at version 2.
  1: async () => {
    for (const id of await keys<string>(db().images)) {
      const v: unknown = await get(id, db().images);
      if (!isBlobLike(v)) continue;
      const image = await fromStored(v);
      // An old record that is not a raster image stays as it was: nothing is deleted by an upgrade.
      if (image) await set(id, image, db().images);
    }
  },
};

export async function migrate(): Promise<void> {
  // Opening the messages database runs its IndexedDB upgrade (the index) before anything reads it.
  await db().messages('readonly', () => undefined);
  // Nothing recorded: a first start (schema 1 wrote its version on every start).
  let version = (await get<number>('schemaVersion', db().meta)) ?? 1;
  for (; version < SCHEMA_VERSION; version++) {
    await DATA_MIGRATIONS[version]?.();
    await set('schemaVersion', version + 1, db().meta);
  }
  if (version === SCHEMA_VERSION) await set('schemaVersion', version, db().meta);
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

const MESSAGE_BATCH = 100;

export const messagesDb = {
  put: (m: MessageRecord) => set(messageKey(m), m, db().messages),
  /**
   * Writes a message that is already stored, in one transaction; a message deleted meanwhile (the
   * user deleted it, or its chat, while its answer was still being finished) stays deleted.
   * Resolves true when written.
   */
  update: (m: MessageRecord) =>
    db().messages('readwrite', async (s) => {
      const finished = done(s.transaction);
      const key = messageKey(m);
      const exists = (await request(s.getKey(key))) !== undefined;
      if (exists) s.put(m, key);
      await finished;
      return exists;
    }),
  putMany: (ms: MessageRecord[]) =>
    setMany(
      ms.map((m) => [messageKey(m), m]),
      db().messages,
    ),
  /** The messages whose `sessionId` is exactly this one, oldest first. */
  ofSession: (sessionId: string) =>
    db().messages('readonly', (s) =>
      request(s.index(BY_SESSION).getAll(IDBKeyRange.only(sessionId)) as IDBRequest<MessageRecord[]>),
    ),
  /**
   * Reads every stored message, MESSAGE_BATCH records at a time, handing each batch to `take`; stops
   * early once `take` returns false. Reading a long history at once is one long task (35 ms at 4×
   * for 1,000 messages, while the user typed); between two batches the page gets its turn.
   */
  eachBatch: async (take: (batch: MessageRecord[]) => boolean | void): Promise<void> => {
    let after: IDBValidKey | undefined;
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const [records, keys] = await db().messages('readonly', (s) =>
        Promise.all([
          request(s.getAll(range, MESSAGE_BATCH) as IDBRequest<MessageRecord[]>),
          request(s.getAllKeys(range, MESSAGE_BATCH)),
        ]),
      );
      if (take(records) === false || keys.length < MESSAGE_BATCH) return;
      after = keys.at(-1);
    }
  },
  /** The image ids stored messages refer to. */
  imageRefs: async (): Promise<Set<string>> => {
    const used = new Set<string>();
    await messagesDb.eachBatch((records) => {
      for (const record of records) for (const id of record.imageIds ?? []) used.add(id);
    });
    return used;
  },
  remove: (m: MessageRecord) => del(messageKey(m), db().messages),
  /** Deletes these messages in one transaction: all of them or, should it fail, none. */
  removeMany: (ms: MessageRecord[]) => delMany(ms.map(messageKey), db().messages),
  /** Deletes the messages whose `sessionId` is exactly this one, in one transaction. */
  removeSession: (sessionId: string) =>
    db().messages('readwrite', async (s) => {
      const finished = done(s.transaction);
      const keys = await request(s.index(BY_SESSION).getAllKeys(IDBKeyRange.only(sessionId)));
      for (const k of keys) s.delete(k);
      await finished;
    }),
};

export const imagesDb = {
  get: async (id: string) => fromStored(await get<unknown>(id, db().images)),
  getMany: (ids: string[]) =>
    db()
      .images('readonly', (s) => Promise.all(ids.map((id) => request(s.get(id)))))
      .then((vs) => Promise.all(vs.map(fromStored))),
  /** Stores an image as bytes + sniffed type; throws `NotAnImageError` for anything but PNG/JPEG/WebP/GIF. */
  put: async (id: string, image: Blob | ArrayBuffer | Uint8Array | StoredImage) =>
    set(
      id,
      'bytes' in image && isArrayBuffer(image.bytes)
        ? await toStoredImage(image.bytes)
        : await toStoredImage(image as Blob | ArrayBuffer | Uint8Array),
      db().images,
    ),
  remove: (id: string) => del(id, db().images),
  removeMany: (ids: string[]) => (ids.length ? delMany(ids, db().images) : Promise.resolve()),
  /** Ids of every stored image. */
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

/** The documents' object stores (issue 14), for ./documentsDb.ts, which loads with the documents code. */
export function documentStores(): { documents: UseStore; summaries: UseStore; vectors: UseStore } {
  const { documents, summaries, vectors } = db();
  return { documents, summaries, vectors };
}

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
