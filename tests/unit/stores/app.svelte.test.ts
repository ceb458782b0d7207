import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../../../src/lib/providers';
import type { ChatChunk, ModelSummary, Provider } from '../../../src/lib/providers/types';
import { modelsDb, sessionsDb } from '../../../src/lib/storage/db';
import { app } from '../../../src/stores/app.svelte';
import { conversation } from '../../../src/stores/conversation.svelte';
import { models } from '../../../src/stores/models.svelte';
import { notify } from '../../../src/stores/notify.svelte';
import { servers } from '../../../src/stores/servers.svelte';
import { sessions } from '../../../src/stores/sessions.svelte';
import { resetAll } from './reset';

const list: ModelSummary[] = [
  { name: 'llama3.2:latest', capabilities: ['completion'] },
  { name: 'qwen3:4b', capabilities: ['completion', 'thinking'] },
];

let password = 'juste';
function fakeProvider(): Provider {
  return {
    kind: 'ollama',
    unsupportedOptions: new Set(),
    version: async () => '0.12.0',
    loadedModels: async () => [],
    listModels: async () => {
      const auth = servers.connection(servers.selectedId!)?.auth;
      if (auth?.type === 'basic' && auth.password !== password)
        throw new ProviderError('auth', { status: 401 });
      return list;
    },
    async *chat(): AsyncGenerator<ChatChunk> {
      yield { type: 'content', text: 'ok' };
      yield { type: 'done', stats: {} };
    },
  } as unknown as Provider;
}

beforeEach(async () => {
  await resetAll();
  password = 'juste';
  vi.spyOn(servers, 'provider').mockImplementation(() => fakeProvider());
  vi.stubGlobal('fetch', async () => new Response('{}', { status: 404 }));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('app store', () => {
  it('start-up with ?server= picks that server and its first chat model', async () => {
    history.replaceState(null, '', '/?server=http://127.0.0.1:11434&model=qwen3:4b');
    await app.init();
    expect(app.isReady).toBe(true);
    expect(servers.byId(app.serverId!)?.baseUrl).toBe('http://127.0.0.1:11434');
    expect(app.model).toBe('qwen3:4b');
    // The prefill is used once: the address bar is clean again.
    expect(location.search).toBe('');
  });

  it('deleting the chat on screen leaves a new chat with the same server and model', async () => {
    history.replaceState(null, '', '/?server=http://127.0.0.1:11434');
    await app.init();
    await app.selectModel('qwen3:4b');
    expect(await conversation.send('hello')).toBe(true);
    const id = sessions.activeId!;
    await app.deleteChat(id);
    expect(sessions.activeId).not.toBe(id);
    expect(sessions.isDraft).toBe(true);
    expect(app.model).toBe('qwen3:4b');
    expect(app.serverId).not.toBeNull();
  });

  it('a refused password keeps the sign-in open with a reason; the right one closes it', async () => {
    history.replaceState(null, '', '/');
    await app.init();
    const gpu = await servers.save({
      name: 'GPU',
      kind: 'ollama',
      baseUrl: 'http://gpu.lan:11434',
      authType: 'basic',
      username: 'eleve',
      rememberSecrets: false,
    });
    await app.switchServer(gpu.id);
    await app.submitLogin(gpu.id, { username: 'eleve', password: 'faux' });
    expect(app.loginFor).toBe(gpu.id);
    expect(app.loginError).toMatch(/refused/);
    await app.submitLogin(gpu.id, { username: 'eleve', password: 'juste' });
    expect(app.loginFor).toBeNull();
    expect(app.model).toBe('llama3.2:latest');
    // The password changes on the server: Refresh asks again instead of failing.
    password = 'nouveau';
    await app.refreshModels();
    expect(app.loginFor).toBe(gpu.id);
  });

  it('on a later visit the chat has its model from the cached list while the server is still asked', async () => {
    history.replaceState(null, '', '/?server=http://127.0.0.1:11434');
    await app.init();
    await vi.waitFor(async () => expect(await modelsDb.get(app.serverId!)).toBeTruthy());
    // A reload: the same storage, nothing in memory, and a server slow to list its models.
    servers.reset();
    sessions.reset();
    models.reset();
    conversation.reset();
    history.replaceState(null, '', '/');
    let answer!: (l: ModelSummary[]) => void;
    vi.spyOn(servers, 'provider').mockImplementation(
      () =>
        ({
          ...fakeProvider(),
          listModels: () => new Promise<ModelSummary[]>((resolve) => (answer = resolve)),
        }) as unknown as Provider,
    );
    const started = app.init();
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    expect(app.model).toBe('llama3.2:latest');
    answer(list);
    await started;
    expect(app.model).toBe('llama3.2:latest');
  });

  it('a new server saved in the form becomes the chat’s server', async () => {
    history.replaceState(null, '', '/');
    await app.init();
    const first = app.serverId;
    const added = await servers.save({
      name: 'Second',
      kind: 'ollama',
      baseUrl: 'http://second.lan:11434',
      authType: 'none',
      rememberSecrets: false,
    });
    await app.serverSaved(added, true);
    expect(app.serverId).toBe(added.id);
    expect(app.serverId).not.toBe(first);
  });

  it('Close dismisses any alert, a model-list failure included', async () => {
    vi.spyOn(servers, 'provider').mockImplementation(
      () =>
        ({
          version: async () => '0',
          listModels: async () => {
            throw new ProviderError('unreachable', { baseUrl: 'http://127.0.0.1:11434' });
          },
        }) as unknown as Provider,
    );
    history.replaceState(null, '', '/?server=http://127.0.0.1:11434');
    // Not a first run: there is a chat already (a first run shows the welcome instead).
    await sessionsDb.put({
      id: 'old',
      title: 'old chat',
      createdAt: 1,
      updatedAt: 1,
      systemPrompt: '',
      options: {},
    });
    await app.init();
    expect(app.isWelcome).toBe(false);
    expect(app.alert?.kind).toBe('unreachable');
    notify.dismiss();
    expect(app.alert).toBeNull();
  });

  it('a first run with no server answering shows the welcome with the diagnosis, not an alert', async () => {
    vi.spyOn(servers, 'provider').mockImplementation(
      () =>
        ({
          version: async () => '0',
          listModels: async () => {
            throw new ProviderError('unreachable', { baseUrl: 'http://127.0.0.1:11434' });
          },
        }) as unknown as Provider,
    );
    history.replaceState(null, '', '/?server=http://127.0.0.1:11434');
    await app.init();
    expect(app.isWelcome).toBe(true);
    expect(app.alert).toBeNull();
    expect(app.connectionProblem?.kind).toBe('unreachable');
  });

  it('anything thrown without a handler is told in words, never as “null”', () => {
    for (const thrown of [null, undefined, 42, { weird: true }, new Error('')]) {
      notify.report(thrown);
      expect(app.alert?.title).toBeTruthy();
      expect(`${app.alert?.title} ${app.alert?.detail ?? ''}`).not.toMatch(/\bnull\b|undefined|\[object/);
    }
    notify.report('disk on fire');
    expect(app.alert?.detail).toBe('disk on fire');
  });
});
