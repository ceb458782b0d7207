import { beforeEach, describe, expect, it } from 'vitest';
import { serversDb } from '../../../src/lib/storage/db';
import { notify } from '../../../src/stores/notify.svelte';
import { servers } from '../../../src/stores/servers.svelte';
import { resetAll } from './reset';

beforeEach(resetAll);

const base = {
  name: 'GPU',
  kind: 'ollama' as const,
  baseUrl: 'http://gpu.lan:11434/',
  authType: 'basic' as const,
  username: 'eleve',
  password: 'secret',
};

describe('servers store', () => {
  it('first run makes a profile for Ollama on this computer', async () => {
    await servers.init({ servers: [] }, {});
    expect(servers.profiles.map((p) => [p.name, p.baseUrl])).toEqual([
      ['Local Ollama', 'http://localhost:11434'],
    ]);
    expect(servers.selectedId).toBe(servers.profiles[0]?.id);
  });

  it('a password not remembered stays in memory only, and is asked again after a reload', async () => {
    await servers.init({ servers: [] }, {});
    const saved = await servers.save({ ...base, rememberSecrets: false });
    expect(saved.baseUrl).toBe('http://gpu.lan:11434');
    expect((await serversDb.all()).find((p) => p.id === saved.id)?.password).toBeUndefined();
    expect(servers.needsSecrets(saved.id)).toBe(false);
    expect(servers.connection(saved.id)?.auth).toEqual({
      type: 'basic',
      username: 'eleve',
      password: 'secret',
    });
    // A reload: a new tab reads the profiles, not this tab's memory.
    servers.reset();
    await servers.init({ servers: [] }, {});
    expect(servers.needsSecrets(saved.id)).toBe(true);
  });

  it('a remembered key is stored with the profile', async () => {
    await servers.init({ servers: [] }, {});
    const saved = await servers.save({ ...base, authType: 'bearer', apiKey: 'sk-1', rememberSecrets: true });
    servers.reset();
    await servers.init({ servers: [] }, {});
    expect(servers.needsSecrets(saved.id)).toBe(false);
    expect(servers.connection(saved.id)?.auth).toEqual({ type: 'bearer', apiKey: 'sk-1' });
  });

  it('removing a server offers Undo, which puts it back with the secrets this tab held', async () => {
    await servers.init({ servers: [] }, {});
    const saved = await servers.save({ ...base, rememberSecrets: false });
    await servers.remove(saved.id);
    expect(servers.byId(saved.id)).toBeUndefined();
    expect(notify.toast.text).toContain('GPU');
    await notify.undo();
    expect(servers.byId(saved.id)?.name).toBe('GPU');
    expect((await serversDb.all()).some((p) => p.id === saved.id)).toBe(true);
    expect(servers.needsSecrets(saved.id)).toBe(false);
  });

  it('a removed preset of the host stays removed after a reload', async () => {
    const config = {
      servers: [
        {
          id: 'cpu',
          name: 'CPU',
          baseUrl: 'http://cpu.lan:11434',
          kind: 'ollama' as const,
          authType: 'none' as const,
        },
      ],
    };
    await servers.init(config, {});
    await servers.remove('cpu');
    await notify.dismissToast();
    servers.reset();
    await servers.init(config, {});
    expect(servers.byId('cpu')).toBeUndefined();
  });

  it('failures that mean the server is down turn its status red; a missing model does not', async () => {
    await servers.init({ servers: [] }, {});
    const id = servers.selectedId!;
    servers.noteFailure(id, { kind: 'model-not-found', title: 'no such model' });
    expect(servers.status(id).state).toBe('unknown');
    notify.report(new DOMException('x', 'QuotaExceededError'), { serverId: id });
    expect(servers.status(id).state).toBe('unknown');
    servers.noteFailure(id, { kind: 'unreachable', title: 'Cannot reach' });
    expect(servers.status(id)).toMatchObject({ state: 'error', error: { title: 'Cannot reach' } });
  });
});

describe('servers store: secrets stay with their server', () => {
  it('a login in a ?server= link is lifted out of the address and kept in memory only', async () => {
    await servers.init({ servers: [] }, { server: 'http://bob:s3cret@gpu.lan:11434' });
    const p = servers.byId(servers.selectedId!)!;
    expect(p.baseUrl).toBe('http://gpu.lan:11434');
    expect(p).toMatchObject({ authType: 'basic', username: 'bob' });
    expect(servers.connection(p.id)?.auth).toEqual({ type: 'basic', username: 'bob', password: 's3cret' });
    expect(JSON.stringify(await serversDb.all())).not.toContain('s3cret');
  });

  it('moving a profile to another host forgets its key, remembered or not, and asks again', async () => {
    await servers.init({ servers: [] }, {});
    const saved = await servers.save({
      name: 'vLLM',
      kind: 'openai',
      baseUrl: 'http://gpu.lan:8000',
      authType: 'bearer',
      apiKey: 'sk-course',
      rememberSecrets: true,
    });
    await servers.save({
      ...saved,
      ...servers.secretsOf(saved.id),
      baseUrl: 'http://elsewhere.example:8000',
    });
    expect(servers.needsSecrets(saved.id)).toBe(true);
    expect(servers.connection(saved.id)?.auth).toEqual({ type: 'bearer', apiKey: '' });
    expect(JSON.stringify(await serversDb.all())).not.toContain('sk-course');
    // The same host on another path keeps it.
    const again = await servers.save({ ...servers.byId(saved.id)!, apiKey: 'sk-new' });
    await servers.save({
      ...again,
      ...servers.secretsOf(saved.id),
      baseUrl: 'http://elsewhere.example:8000/v1',
    });
    expect(servers.connection(saved.id)?.auth).toEqual({ type: 'bearer', apiKey: 'sk-new' });
  });
});
