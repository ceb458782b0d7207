// @vitest-environment node
// The service worker as shipped (src/lib/pwa/sw.js behind the build's file list), run in a VM with
// an in-memory Cache Storage and a scripted network: what it answers, and above all what it leaves
// alone (servers, proxies on the same origin, anything not a file of the build).
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  listBuild,
  PRECACHE_MAX_BYTES,
  workerSource,
  type BuildList,
} from '../../../src/lib/pwa/buildPlugin';

const TEMPLATE = readFileSync('src/lib/pwa/sw.js', 'utf8');
const ORIGIN = 'https://me.github.io';
const SCOPE = `${ORIGIN}/causerie/`;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function build(files: Record<string, string>, big: string[] = []): BuildList {
  const list = Object.entries(files).map(([path, body]) => ({
    path,
    sha256: sha(body),
    precache: !big.includes(path),
  }));
  return { version: sha(JSON.stringify(list)).slice(0, 16), files: list };
}

const V1 = {
  'index.html': '<!doctype html><title>v1</title>',
  'assets/index-aaa.js': 'console.log(1)',
  'assets/index-aaa.css': 'body{}',
  'manifest.webmanifest': '{"name":"Causerie"}',
  'assets/wllama-zzz.wasm': 'WASM',
};
const V2 = { ...V1, 'index.html': '<!doctype html><title>v2</title>', 'assets/index-bbb.js': 'v2' };
delete (V2 as Record<string, string>)['assets/index-aaa.js'];

class FakeCache {
  entries = new Map<string, Response>();
  async match(key: string | { url: string }) {
    const hit = this.entries.get(typeof key === 'string' ? key : key.url);
    return hit?.clone();
  }
  async put(key: string, response: Response) {
    this.entries.set(key, response);
  }
  async keys() {
    return [...this.entries.keys()].map((url) => ({ url }));
  }
}

class FakeCaches {
  stores = new Map<string, FakeCache>();
  async keys() {
    return [...this.stores.keys()];
  }
  async open(name: string) {
    if (!this.stores.has(name)) this.stores.set(name, new FakeCache());
    return this.stores.get(name)!;
  }
  async delete(name: string) {
    return this.stores.delete(name);
  }
  /** Every cached URL, by cache. */
  urls(): string[][] {
    return [...this.stores.values()].map((c) => [...c.entries.keys()].sort());
  }
}

interface Req {
  url: string;
  method: string;
  mode: string;
  cache: string;
}
const get = (url: string, mode = 'cors'): Req => ({ url, method: 'GET', mode, cache: 'default' });

/** A response from the page's own origin, as a browser types it. */
class SameOrigin extends Response {
  override get type(): ResponseType {
    return 'basic';
  }
  override clone(): Response {
    const copy = super.clone();
    Object.defineProperty(copy, 'type', { value: 'basic' });
    return copy;
  }
}

/** The host: serves `files` under SCOPE, and records every request that reaches it. */
function network(files: Record<string, string>) {
  const seen: string[] = [];
  const fetch = async (input: Req | { url: string } | string) => {
    const url = typeof input === 'string' ? input : input.url;
    seen.push(url);
    const path = url.startsWith(SCOPE) ? url.slice(SCOPE.length) || 'index.html' : null;
    const body = path === null ? undefined : files[path];
    if (body === undefined) return new Response('not found', { status: 404 });
    return new SameOrigin(body, { status: 200, headers: { 'Content-Type': 'text/plain' } });
  };
  return { fetch, seen, files };
}

type Handler = (event: unknown) => void;

/** One worker process: the built script evaluated against shared caches and network. */
function worker(list: BuildList, caches: FakeCaches, net: ReturnType<typeof network>, query = '') {
  const handlers = new Map<string, Handler>();
  let skipped = 0;
  const self = {
    registration: { scope: SCOPE },
    location: { href: `${SCOPE}sw.js${query}`, origin: ORIGIN },
    addEventListener: (type: string, fn: Handler) => handlers.set(type, fn),
    skipWaiting: async () => void skipped++,
    clients: { claim: async () => undefined },
  };
  runInNewContext(workerSource(list, TEMPLATE), {
    self,
    caches,
    fetch: net.fetch,
    crypto: globalThis.crypto,
    URL,
    Request: class {
      url: string;
      constructor(url: string) {
        this.url = url;
      }
    },
    Response,
    Headers,
  });
  const lifecycle = async (type: 'install' | 'activate') => {
    let done: Promise<unknown> = Promise.resolve();
    handlers.get(type)!({ waitUntil: (p: Promise<unknown>) => (done = p) });
    await done;
  };
  /** Dispatches a fetch event: the response the worker gave, or null if it let it through. */
  const request = async (req: Req) => {
    let responded: Promise<Response> | null = null;
    const extended: Promise<unknown>[] = [];
    handlers.get('fetch')!({
      request: req,
      respondWith: (p: Promise<Response>) => (responded = p),
      waitUntil: (p: Promise<unknown>) => extended.push(p),
    });
    const response = responded ? await (responded as Promise<Response>) : null;
    await Promise.all(extended);
    return response;
  };
  return {
    install: () => lifecycle('install'),
    activate: () => lifecycle('activate'),
    request,
    message: (data: unknown) => handlers.get('message')!({ data }),
    skipped: () => skipped,
  };
}

async function installed(files: Record<string, string>, query = '', caches = new FakeCaches()) {
  const net = network(files);
  const w = worker(build(files, ['assets/wllama-zzz.wasm']), caches, net, query);
  await w.install();
  await w.activate();
  return { w, net, caches };
}

describe('the service worker', () => {
  it('caches every build file but the large ones at install, with exactly the build’s bytes', async () => {
    const { caches } = await installed(V1);
    expect(caches.urls()).toEqual([
      [
        `${SCOPE}assets/index-aaa.css`,
        `${SCOPE}assets/index-aaa.js`,
        `${SCOPE}index.html`,
        `${SCOPE}manifest.webmanifest`,
      ],
    ]);
    expect(await (await caches.stores.values().next().value!.match(`${SCOPE}index.html`))!.text()).toBe(
      V1['index.html'],
    );
  });

  it('fails the install when the host serves another index.html than the build’s, and leaves no cache', async () => {
    const caches = new FakeCaches();
    const stale = network({ ...V1, 'index.html': '<title>an older deploy</title>' });
    const w = worker(build(V1), caches, stale);
    await expect(w.install()).rejects.toThrow(/index\.html is not the file this build expects/);
    expect(caches.urls()).toEqual([]);
  });

  it('serves the page for navigations to the scope, whatever the query, from the cache', async () => {
    const { w, net } = await installed(V1);
    const before = net.seen.length;
    for (const url of [SCOPE, `${SCOPE}?server=http%3A%2F%2Flocalhost%3A11434`, `${SCOPE}index.html`]) {
      const response = await w.request(get(url, 'navigate'));
      expect(await response!.text()).toBe(V1['index.html']);
      expect(response!.headers.get('Cross-Origin-Embedder-Policy')).toBeNull();
    }
    expect(await (await w.request(get(`${SCOPE}assets/index-aaa.js`)))!.text()).toBe('console.log(1)');
    expect(net.seen.length).toBe(before);
  });

  it('leaves servers, same-origin proxies and every other request to the browser', async () => {
    const { w, caches } = await installed(V1);
    const untouched = [
      get('http://localhost:11434/api/chat'),
      get('https://api.example.com/v1/models'),
      get(`${SCOPE}api/tags`),
      get(`${SCOPE}v1/chat/completions`),
      get(`${ORIGIN}/api/tags`),
      get(`${ORIGIN}/ollama/api/tags`),
      get(`${SCOPE}ollama/api/tags`),
      get(`${SCOPE}causerie.config.json`),
      get(`${SCOPE}assets/index-aaa.js?v=2`),
      get(`${ORIGIN}/other-project/index.html`),
      get(`${SCOPE}ollama/`, 'navigate'),
      get(`${ORIGIN}/`, 'navigate'),
      { ...get(`${SCOPE}assets/index-aaa.js`), method: 'POST' },
      { ...get(`${SCOPE}index.html`), method: 'HEAD' },
    ];
    for (const req of untouched) expect(await w.request(req), req.url).toBeNull();
    const before = caches.urls();
    // Any path that is not a build file nor under assets/ (where a previous build's chunks live).
    const segment = fc.oneof(
      fc.constantFrom('api', 'v1', 'ollama', 'chat', 'tags', 'index.html', 'sw.js', 'assets', '..', '.'),
      fc.string({ unit: fc.constantFrom(...'abcxyz019.-_~%'), minLength: 1, maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('cors', 'no-cors', 'same-origin', 'navigate'),
        async (segments, mode) => {
          const url = new URL(segments.join('/'), SCOPE).href;
          fc.pre(!url.startsWith(`${SCOPE}assets/`) && !Object.keys(V1).some((f) => `${SCOPE}${f}` === url));
          fc.pre(!(mode === 'navigate' && url === SCOPE));
          expect(await w.request(get(url, mode)), url).toBeNull();
        },
      ),
    );
    expect(caches.urls()).toEqual(before);
  });

  it('caches the engine’s .wasm on first use, only when its bytes are the build’s', async () => {
    const { w, net, caches } = await installed(V1);
    net.files['assets/wllama-zzz.wasm'] = 'a proxy’s error page';
    expect(await (await w.request(get(`${SCOPE}assets/wllama-zzz.wasm`)))!.text()).toBe(
      'a proxy’s error page',
    );
    expect(caches.urls()[0]).not.toContain(`${SCOPE}assets/wllama-zzz.wasm`);
    net.files['assets/wllama-zzz.wasm'] = 'WASM';
    await w.request(get(`${SCOPE}assets/wllama-zzz.wasm`));
    expect(caches.urls()[0]).toContain(`${SCOPE}assets/wllama-zzz.wasm`);
    const seen = net.seen.length;
    expect(await (await w.request(get(`${SCOPE}assets/wllama-zzz.wasm`)))!.text()).toBe('WASM');
    expect(net.seen.length).toBe(seen);
  });

  it('adds COOP and COEP to what it serves only when registered with isolate=1', async () => {
    const { w } = await installed(V1, '?isolate=1');
    for (const req of [get(SCOPE, 'navigate'), get(`${SCOPE}assets/index-aaa.js`)]) {
      const response = (await w.request(req))!;
      expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
      expect(response.headers.get('Cross-Origin-Embedder-Policy')).toBe('credentialless');
    }
    expect(await w.request(get(`${SCOPE}api/tags`))).toBeNull();
  });

  it('a new build reuses unchanged files, keeps the previous build for open tabs, drops older ones', async () => {
    const caches = new FakeCaches();
    await installed(V1, '', caches);
    const net2 = network(V2);
    const w2 = worker(build(V2, ['assets/wllama-zzz.wasm']), caches, net2);
    await w2.install();
    // Unchanged files came from v1's cache, not the network.
    expect(net2.seen.sort()).toEqual([`${SCOPE}assets/index-bbb.js`, `${SCOPE}index.html`]);
    await w2.activate();
    expect(caches.stores.size).toBe(2);
    expect(await (await w2.request(get(SCOPE, 'navigate')))!.text()).toBe(V2['index.html']);
    // A tab still on v1 loads its lazy chunk, gone from the host, from v1's cache.
    expect(await (await w2.request(get(`${SCOPE}assets/index-aaa.js`)))!.text()).toBe('console.log(1)');

    const V3 = { ...V2, 'index.html': '<title>v3</title>' };
    const w3 = worker(build(V3, ['assets/wllama-zzz.wasm']), caches, network(V3));
    await w3.install();
    await w3.activate();
    const kept = [...caches.stores.keys()];
    expect(kept).toHaveLength(2);
    expect(kept.some((name) => name.endsWith(build(V2, ['assets/wllama-zzz.wasm']).version))).toBe(true);
    // …which v1's chunk no longer is in: it comes from the host (a 404 here) rather than a cache.
    expect((await w3.request(get(`${SCOPE}assets/index-aaa.js`)))!.status).toBe(404);
  });

  it('keeps its caches apart from another site on the same origin', async () => {
    const caches = new FakeCaches();
    caches.stores.set('causerie https://me.github.io/other/ 1 0123456789abcdef', new FakeCache());
    await installed(V1, '', caches);
    const V2b = { ...V1, 'index.html': '<title>v2</title>' };
    const w = worker(build(V2b), caches, network(V2b));
    await w.install();
    await w.activate();
    expect([...caches.stores.keys()]).toContain('causerie https://me.github.io/other/ 1 0123456789abcdef');
  });

  it('activates a waiting version only when the page asks', async () => {
    const { w } = await installed(V1);
    expect(w.skipped()).toBe(0);
    w.message({ type: 'something else' });
    expect(w.skipped()).toBe(0);
    w.message({ type: 'skip-waiting' });
    expect(w.skipped()).toBe(1);
  });
});

describe('the build list', () => {
  it('lists every file but sw.js, defers large ones, and changes its version with any file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'causerie-build-'));
    try {
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'index.html'), 'page');
      writeFileSync(join(dir, 'sw.js'), 'old worker');
      writeFileSync(join(dir, 'assets', 'a.js'), 'a');
      writeFileSync(join(dir, 'assets', 'big.wasm'), Buffer.alloc(PRECACHE_MAX_BYTES + 1));
      const first = listBuild(dir);
      expect(first.files.map((f) => [f.path, f.precache])).toEqual([
        ['assets/a.js', true],
        ['assets/big.wasm', false],
        ['index.html', true],
      ]);
      expect(first.files[2]!.sha256).toBe(sha('page'));
      expect(listBuild(dir).version).toBe(first.version);
      writeFileSync(join(dir, 'index.html'), 'page 2');
      expect(listBuild(dir).version).not.toBe(first.version);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
