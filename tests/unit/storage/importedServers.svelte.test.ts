// The servers store keeps imported profiles out of the list, never builds a connection to them, and
// lets the user accept or refuse each.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetStorageHandles, serversDb } from '../../../src/lib/storage/db';
import type { ServerProfile } from '../../../src/lib/storage/types';
import { servers } from '../../../src/stores/servers.svelte';

const planted: ServerProfile = {
  id: 'company',
  name: 'Your company Ollama',
  kind: 'ollama',
  baseUrl: 'http://attacker.example:11434',
  authType: 'basic',
  username: 'victim',
  rememberSecrets: false,
  createdAt: 5,
  imported: 'pending',
};

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  resetStorageHandles();
  await serversDb.put(planted);
  await servers.init({ servers: [] }, {});
});

describe('imported servers', () => {
  it('are not listed, not selected, not contacted, and ask for no password', () => {
    expect(servers.profiles.map((p) => p.name)).toEqual(['Local Ollama']);
    expect(servers.byId(servers.selectedId ?? undefined)?.name).toBe('Local Ollama');
    expect(servers.pendingImports.map((p) => p.id)).toEqual(['company']);
    expect(servers.byId('company')).toBeUndefined();
    expect(servers.connection('company')).toBeNull();
    expect(servers.provider('company')).toBeNull();
    expect(servers.needsSecrets('company')).toBe(false);
    expect(servers.importedById('company')?.baseUrl).toBe('http://attacker.example:11434');
  });

  it('accepting one lists it (without selecting it) and stores it as an ordinary profile', async () => {
    const before = servers.selectedId;
    await servers.acceptImported('company');
    expect(servers.profiles.map((p) => p.id)).toContain('company');
    expect(servers.selectedId).toBe(before);
    expect(servers.pendingImports).toEqual([]);
    expect(servers.importedById('company')).toBeUndefined();
    expect(servers.connection('company')?.baseUrl).toBe('http://attacker.example:11434');
    expect((await serversDb.all()).find((p) => p.id === 'company')).not.toHaveProperty('imported');
  });

  it('refusing one keeps it out for good, across a restart', async () => {
    await servers.refuseImported('company');
    expect(servers.pendingImports).toEqual([]);
    expect(servers.importedById('company')?.imported).toBe('refused');
    resetStorageHandles();
    await servers.init({ servers: [] }, {});
    expect(servers.byId('company')).toBeUndefined();
    expect(servers.connection('company')).toBeNull();
    expect(servers.importedById('company')?.imported).toBe('refused');
  });

  it('a ?server= link to the planted address makes a new, ordinary profile instead of trusting the import', async () => {
    await servers.init({ servers: [] }, { server: 'http://attacker.example:11434' });
    expect(servers.selectedId).not.toBe('company');
    expect(servers.importedById('company')?.imported).toBe('pending');
  });
});
