import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { imagesDb, resetStorageHandles } from '../../../src/lib/storage/db';
import { removeOrphanImages } from '../../../src/lib/storage/imageGc';
import { images } from '../../../src/stores/images.svelte';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
let created: string[];
let revoked: string[];

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetStorageHandles();
  created = [];
  revoked = [];
  let n = 0;
  // jsdom has no object URLs; count what the store makes and revokes.
  URL.createObjectURL = vi.fn(() => {
    const u = `blob:test/${n++}`;
    created.push(u);
    return u;
  });
  URL.revokeObjectURL = vi.fn((u: string) => void revoked.push(u));
});
afterEach(() => vi.restoreAllMocks());

describe('image URLs', () => {
  it('one URL per image while it is shown, revoked when the last view lets go', async () => {
    await imagesDb.put('a', PNG);
    const release1 = images.hold(['a']);
    const release2 = images.hold(['a']);
    await vi.waitFor(() => expect(images.url('a')).toBe('blob:test/0'));
    release1();
    expect(revoked).toEqual([]);
    release2();
    release2(); // a second call is harmless
    expect(revoked).toEqual(['blob:test/0']);
    expect(images.url('a')).toBeUndefined();
    expect(created).toHaveLength(1);
  });

  it('an image released before it was read gets no URL at all', async () => {
    await imagesDb.put('b', PNG);
    images.hold(['b'])();
    await new Promise((r) => setTimeout(r, 20));
    expect(created).toEqual([]);
    expect(images.url('b')).toBeUndefined();
  });

  it('a deleted image keeps no URL once its message is gone from the screen', async () => {
    await imagesDb.put('orphan', PNG);
    const release = images.hold(['orphan']);
    await vi.waitFor(() => expect(images.url('orphan')).toBeDefined());
    const url = images.url('orphan')!;
    expect(await removeOrphanImages(undefined, { recheckMs: 0 })).toEqual(['orphan']);
    release(); // the message's view unmounts
    expect(revoked).toEqual([url]);
    // Shown again (say, by Undo), it is read from storage again, or stays a placeholder when gone.
    images.hold(['orphan']);
    await new Promise((r) => setTimeout(r, 20));
    expect(images.url('orphan')).toBeUndefined();
  });
});
