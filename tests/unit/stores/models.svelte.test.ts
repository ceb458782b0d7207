import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../../../src/lib/providers';
import type { ModelSummary, Provider } from '../../../src/lib/providers/types';
import { modelsDb } from '../../../src/lib/storage/db';
import { models } from '../../../src/stores/models.svelte';
import { notify } from '../../../src/stores/notify.svelte';
import { servers } from '../../../src/stores/servers.svelte';
import { sessions } from '../../../src/stores/sessions.svelte';
import { resetAll } from './reset';

const model = (name: string, capabilities = ['completion']): ModelSummary => ({ name, capabilities });

function serve(list: () => Promise<ModelSummary[]>) {
  const calls = { n: 0 };
  vi.spyOn(servers, 'provider').mockReturnValue({
    listModels: () => {
      calls.n++;
      return list();
    },
    version: async () => '0.12.0',
  } as unknown as Provider);
  return calls;
}

beforeEach(async () => {
  await resetAll();
  await servers.init({ servers: [] }, { server: 'http://127.0.0.1:11434' });
  await sessions.init();
  sessions.newDraft(servers.selectedId!, undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('models store', () => {
  it('embedding models are never offered for chat', async () => {
    serve(async () => [model('llama3.2:latest'), model('all-minilm:latest', ['embedding'])]);
    await models.load(servers.selectedId!);
    expect(models.chatModels(servers.selectedId!).map((x) => x.name)).toEqual(['llama3.2:latest']);
  });

  it('concurrent loads share one request, and the list is cached for the next start', async () => {
    const calls = serve(async () => [model('qwen3:4b')]);
    const id = servers.selectedId!;
    await Promise.all([models.load(id), models.load(id), models.load(id)]);
    expect(calls.n).toBe(1);
    await vi.waitFor(async () =>
      expect((await modelsDb.get(id))?.models.map((x) => x.name)).toEqual(['qwen3:4b']),
    );
  });

  it('picks the wanted model, else its :latest, else the last used, else the first', async () => {
    serve(async () => [model('a:1'), model('llama3.2:latest'), model('b:2')]);
    const id = servers.selectedId!;
    await models.load(id);
    expect(models.pick(id, 'b:2')).toBe('b:2');
    expect(models.pick(id, 'llama3.2')).toBe('llama3.2:latest');
    expect(models.pick(id, 'gone')).toBe('a:1');
    await servers.rememberModel(id, 'b:2');
    expect(models.pick(id, 'gone')).toBe('b:2');
  });

  it('a failure for the server on screen goes to the alert; the next success clears it', async () => {
    const id = servers.selectedId!;
    let fail = true;
    serve(async () => {
      if (fail) throw new ProviderError('unreachable', { baseUrl: 'http://127.0.0.1:11434' });
      return [model('m:1')];
    });
    await models.load(id);
    expect(notify.alert?.kind).toBe('unreachable');
    expect(models.entry(id)?.error?.kind).toBe('unreachable');
    expect(servers.status(id).state).toBe('error');
    fail = false;
    await models.load(id);
    expect(notify.alert).toBeNull();
    expect(models.entry(id)?.error).toBeUndefined();
  });

  it('a failure for another server (listed for Compare) only marks that server', async () => {
    const other = await servers.save({
      name: 'other',
      kind: 'ollama',
      baseUrl: 'http://10.0.0.9:11434',
      authType: 'none',
      rememberSecrets: false,
    });
    serve(async () => {
      throw new ProviderError('unreachable', { baseUrl: other.baseUrl });
    });
    await models.load(other.id);
    expect(notify.alert).toBeNull();
    expect(servers.status(other.id).state).toBe('error');
  });
});
