// Causerie's one service worker for its scope (built into dist/sw.js by ./buildPlugin.ts, which
// writes `const CAUSERIE_BUILD = { version, files }` above this text: every file of the build with
// its SHA-256 and whether it is cached at install or on first use).
//
// 1. The offline shell: the build's own files are served from Cache Storage, cache first. Only the
//    exact files of this build, and only bytes whose SHA-256 matches the build's, ever enter the
//    cache. Everything else — other origins, the servers' /api/ and /v1/ paths, a proxy on this very
//    origin, causerie.config.json — never reaches respondWith: the browser fetches it as if there
//    were no worker.
// 2. The opt-in cross-origin isolation of the in-page engine: registered as sw.js?isolate=1, the
//    worker adds COOP/COEP to the responses it serves (the page and the build's scripts), which is
//    all `crossOriginIsolated` needs on hosts that cannot send headers (GitHub Pages).
// 3. Updates wait: a new build's worker installs beside the running one and activates only when
//    the page asks (the "A new version is ready — Reload" button, or turning isolation on or off).
//    The previous build's cache is kept, so a tab still running it can load its lazy chunks.
/* global CAUSERIE_BUILD */

const BUILD = CAUSERIE_BUILD;
const SCOPE = self.registration.scope;
const SCOPE_PATH = new URL(SCOPE).pathname;
const SHELL = new URL('index.html', SCOPE).href;
const ASSETS = new URL('assets/', SCOPE).href;
const ISOLATE = new URL(self.location.href).searchParams.get('isolate') === '1';
/** Caches are per origin, and GitHub Pages puts every project of a user on one origin. */
const PREFIX = `causerie ${SCOPE} `;
/** Every file of the build by URL; `precache` false ones (the engine's .wasm) are cached on first use. */
const FILES = new Map(BUILD.files.map((f) => [new URL(f.path, SCOPE).href, f]));

self.addEventListener('install', (event) =>
  event.waitUntil(
    precache().catch(async (e) => {
      // A failed new build leaves no half cache behind to be taken for "the previous one".
      const c = await currentName();
      if (c.isNew) await caches.delete(c.name);
      throw e;
    }),
  ),
);
self.addEventListener('activate', (event) => event.waitUntil(prune().then(() => self.clients.claim())));
self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The app is one page; a navigation anywhere else in the scope (a proxied server, a file the
    // host added) is not ours.
    if (url.pathname === SCOPE_PATH || url.origin + url.pathname === SHELL)
      event.respondWith(serve(request, SHELL, null));
    return;
  }
  // Chromium throws on this combination outside same-origin mode.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  if (url.search) return;
  const file = FILES.get(url.href);
  if (file) event.respondWith(serve(request, url.href, file));
  // Not in this build, but where the build keeps its hashed chunks: a tab still running the
  // previous build asks for its own lazy chunk.
  else if (url.href.startsWith(ASSETS)) event.respondWith(serveOlder(request));
});

/** The cache of this build, named `<prefix><generation> <version>` so that "the previous one" is
 * the highest other generation. `isNew`: this worker made it (no worker of this build ran yet). */
let current;
function currentName() {
  current ??= ours().then((mine) => {
    const same = mine.find((c) => c.version === BUILD.version);
    if (same) return { name: same.name, isNew: false };
    const generation = Math.max(0, ...mine.map((c) => c.generation)) + 1;
    return { name: `${PREFIX}${generation} ${BUILD.version}`, isNew: true };
  });
  return current;
}
const currentCache = () => currentName().then((c) => caches.open(c.name));

async function ours() {
  const names = await caches.keys();
  return names
    .filter((n) => n.startsWith(PREFIX))
    .map((name) => {
      const [generation, version] = name.slice(PREFIX.length).split(' ');
      return { name, generation: Number(generation) || 0, version };
    });
}

async function precache() {
  const cache = await currentCache();
  const older = (await ours()).filter((c) => c.version !== BUILD.version);
  await Promise.all(
    BUILD.files
      .filter((f) => f.precache)
      .map(async (f) => {
        const url = new URL(f.path, SCOPE).href;
        if (await cache.match(url)) return;
        // Unchanged files come from the previous build's cache instead of the network.
        for (const c of older) {
          const kept = await (await caches.open(c.name)).match(url);
          if (kept && (await digest(await kept.clone().arrayBuffer())) === f.sha256) {
            await cache.put(url, kept);
            return;
          }
        }
        // `reload`: an HTTP cache may still hold the previous index.html under the same name.
        const response = await fetch(new Request(url, { cache: 'reload' }));
        // A half-deployed host (new sw.js, old index.html) fails the install; the browser tries
        // again on a later visit, and the running version keeps working meanwhile.
        const isOurs = response.ok && response.type === 'basic';
        if (!isOurs || !(await keep(cache, url, f, await response.arrayBuffer(), response.headers)))
          throw new Error(`${f.path} is not the file this build expects`);
      }),
  );
}

async function prune() {
  const mine = await ours();
  const older = mine.filter((c) => c.version !== BUILD.version).sort((a, b) => b.generation - a.generation);
  await Promise.all(older.slice(1).map((c) => caches.delete(c.name)));
}

/** Cache first. A build file not cached at install (`precache: false`) is cached on a miss. */
async function serve(request, url, file) {
  const cache = await currentCache();
  const hit = await cache.match(url);
  if (hit) return isolate(hit);
  const response = await fetch(request);
  if (!file || file.precache || !response.ok || response.type !== 'basic') return isolate(response);
  // Stored before it is answered: once the engine has its .wasm, the offline copy exists too, and
  // the storage estimate the page shows does not grow afterwards.
  const body = await response.arrayBuffer();
  await keep(cache, url, file, body, response.headers);
  const { status, statusText } = response;
  return isolate(new Response(body, { status, statusText, headers: decoded(response.headers) }));
}

async function serveOlder(request) {
  for (const c of await ours()) {
    const hit = await (await caches.open(c.name)).match(request.url);
    if (hit) return isolate(hit);
  }
  return isolate(await fetch(request));
}

/** Caches the body if its bytes are exactly the build's file; says whether it did. */
async function keep(cache, url, file, body, networkHeaders) {
  if ((await digest(body)) !== file.sha256) return false;
  // A fresh Response also drops `redirected`, which a navigation may not be answered with.
  await cache.put(
    url,
    new Response(body, { status: 200, statusText: 'OK', headers: decoded(networkHeaders) }),
  );
  return true;
}

/** Headers for a body read from the network: decoded, whatever length and encoding it came with. */
function decoded(networkHeaders) {
  const headers = new Headers(networkHeaders);
  headers.delete('Content-Encoding');
  headers.delete('Content-Length');
  return headers;
}

async function digest(buffer) {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function isolate(response) {
  if (!ISOLATE || response.status === 0 || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  // `credentialless`, not `require-corp`: images from other sites still load, without cookies.
  headers.set('Cross-Origin-Embedder-Policy', 'credentialless');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
