// The documents' storage (issue 14): attached documents, summary jobs and chunk vectors, each in its
// own database (no migration of the others). Loaded with the documents code, not on first paint.
import { del, delMany, get, getMany, keys, set, setMany, values } from 'idb-keyval';
import { documentStores as stores } from './db';
import type { DocumentRecord, SummaryJobRecord } from './types';

/** A session's documents are few (a handful per chat): a scan of the store is cheap enough. */
export const documentsDb = {
  get: (id: string) => get<DocumentRecord>(id, stores().documents),
  getMany: (ids: string[]) => getMany<DocumentRecord | undefined>(ids, stores().documents),
  put: (d: DocumentRecord) => set(d.id, d, stores().documents),
  putMany: (ds: DocumentRecord[]) =>
    setMany(
      ds.map((d) => [d.id, d]),
      stores().documents,
    ),
  ofSession: async (sessionId: string) =>
    (await values<DocumentRecord>(stores().documents)).filter((d) => d.sessionId === sessionId),
  all: () => values<DocumentRecord>(stores().documents),
  removeMany: (ids: string[]) => (ids.length ? delMany(ids, stores().documents) : Promise.resolve()),
};

export const summariesDb = {
  get: (id: string) => get<SummaryJobRecord>(id, stores().summaries),
  put: (j: SummaryJobRecord) => set(j.id, j, stores().summaries),
  all: () => values<SummaryJobRecord>(stores().summaries),
  remove: (id: string) => del(id, stores().summaries),
};

/** A deleted chat's documents, summary jobs and vectors go with it (after its undo has expired). */
export async function removeSessionDocuments(sessionId: string): Promise<void> {
  const docs = await documentsDb.ofSession(sessionId);
  if (docs.length) await documentsDb.removeMany(docs.map((d) => d.id));
  const jobs = (await summariesDb.all()).filter((j) => j.sessionId === sessionId);
  if (jobs.length)
    await delMany(
      jobs.map((j) => j.id),
      stores().summaries,
    );
  const ids = new Set(docs.map((d) => d.id));
  const vectorKeys = (await keys<string>(stores().vectors)).filter((k) => ids.has(k.split('\u0000')[0]!));
  if (vectorKeys.length) await delMany(vectorKeys, stores().vectors);
}

/** Chunk vectors of one document for one embedding model and chunk size. */
export const vectorsDb = {
  get: (key: string) => get<Float32Array[]>(key, stores().vectors),
  put: (key: string, vectors: Float32Array[]) => set(key, vectors, stores().vectors),
};
