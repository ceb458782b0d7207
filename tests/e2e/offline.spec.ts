// Installable and offline (issue 17, point 5): one service worker serves the build's own files from
// Cache Storage, never a server's answers, and a new build waits for the user's Reload.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, relative, sep } from 'node:path';
import type { Page } from '@playwright/test';
import { writeServiceWorker } from '../../src/lib/pwa/buildPlugin';
import { ask, chatRequests, expect, lastAnswer, openApp, PREVIEW, SUBPATH_PREVIEW, test } from './fixtures';

const chats = (page: Page) => page.getByRole('navigation', { name: 'Chats' });

/** Waits until the page's service worker is installed and active (it starts once the page is idle). */
async function workerActive(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    const worker = reg.active!;
    if (worker.state !== 'activated')
      await new Promise<void>((resolve) =>
        worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()),
      );
    return reg.scope;
  });
}

/** Every file the build wrote, as URLs under `base`. */
function buildUrls(base: string, dir = 'dist'): Set<string> {
  const out = new Set<string>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.add(new URL(relative(dir, full).split(sep).join('/'), base).href);
    }
  };
  walk(dir);
  return out;
}

const cachedUrls = (page: Page) =>
  page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys())
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    return urls.sort();
  });

test('after one visit, a reload with the network off shows the app and its chats', async ({
  page,
  context,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'an earlier chat');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await page.getByRole('button', { name: 'New chat' }).click();
  await ask(page, 'the latest chat');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await workerActive(page);
  // A first install is not a new version.
  await expect(page.getByRole('region', { name: 'New version' })).toHaveCount(0);

  await context.setOffline(true);
  await page.reload();
  await expect(chats(page).getByRole('button', { name: 'an earlier chat', exact: true })).toBeVisible();
  await expect(chats(page).getByRole('button', { name: 'the latest chat', exact: true })).toBeVisible();
  await chats(page).getByRole('button', { name: 'an earlier chat', exact: true }).click();
  const conversation = page.getByRole('log', { name: 'Conversation' });
  await expect(conversation).toContainText('an earlier chat');
  await expect(lastAnswer(page)).toContainText('You said');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  // The network really is off: nothing of the page came from it.
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
});

test('the manifest is valid, its icons load, and the worker covers a subpath (GitHub Pages)', async ({
  page,
  ollama,
}) => {
  await page.goto(`${SUBPATH_PREVIEW}?server=${encodeURIComponent(ollama.url)}`);
  expect(await workerActive(page)).toBe(SUBPATH_PREVIEW);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifestUrl = new URL(href!, SUBPATH_PREVIEW).href;
  const response = await page.request.get(manifestUrl);
  expect(response.ok()).toBe(true);
  const manifest = (await response.json()) as Record<string, unknown> & {
    icons: { src: string; sizes: string; type: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({ name: 'Causerie', short_name: 'Causerie', display: 'standalone' });
  // Relative, so the one build works under any path.
  expect(new URL(manifest.start_url as string, manifestUrl).href).toBe(SUBPATH_PREVIEW);
  expect(new URL(manifest.scope as string, manifestUrl).href).toBe(SUBPATH_PREVIEW);
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  for (const size of ['192x192', '512x512'])
    expect(manifest.icons.some((i) => i.sizes === size && i.type === 'image/png')).toBe(true);
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);

  // Each icon decodes at the size it claims.
  const loaded = await page.evaluate(
    (icons) =>
      Promise.all(
        icons.map(
          (src) =>
            new Promise<string>((resolve) => {
              const img = new Image();
              img.onload = () => resolve(`${img.naturalWidth}x${img.naturalHeight}`);
              img.onerror = () => resolve('error');
              img.src = src;
            }),
        ),
      ),
    manifest.icons.map((i) => new URL(i.src, manifestUrl).href),
  );
  manifest.icons.forEach((icon, n) => {
    if (icon.sizes === 'any') expect(loaded[n]).not.toBe('error');
    else expect(loaded[n]).toBe(icon.sizes);
  });

  // Chromium's own verdict: no installability errors, the manifest parsed without errors.
  const cdp = await page.context().newCDPSession(page);
  const parsed = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
  expect(parsed.url).toBe(manifestUrl);
  expect(parsed.errors).toEqual([]);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  // Playwright's contexts are incognito profiles, where Chromium never offers to install; any
  // other reason (manifest, icons, worker) would be ours.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
});

test('the worker serves only the build’s files and never a server’s answers, even on the page’s origin', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  // A proxy at the page's own address (nginx's /ollama/ → Ollama), as a course host may set up.
  const proxied: string[] = [];
  await page.route(`${PREVIEW}ollama/**`, async (route) => {
    const url = new URL(route.request().url());
    proxied.push(url.pathname);
    await route.fulfill({
      response: await route.fetch({ url: ollama.url + url.pathname.slice('/ollama'.length) }),
    });
  });
  const fromWorker = new Map<string, boolean>();
  page.on('response', (r) => fromWorker.set(new URL(r.url()).pathname, r.fromServiceWorker()));

  const server = `${PREVIEW}ollama`;
  await page.goto(`${PREVIEW}?server=${encodeURIComponent(server)}`);
  await workerActive(page);
  // Controlled from this load on: every request of the page passes the worker's fetch handler.
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${PREVIEW}sw.js`);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await ask(page, 'through the proxy');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(lastAnswer(page)).toContainText('You said');
  expect(chatRequests(ollama).length).toBe(1);
  expect(proxied).toContain('/ollama/api/chat');
  expect(proxied).toContain('/ollama/api/tags');

  // The server's answers went past the worker; the page and its chunks came from it. (A status
  // check may still be on its way: its response is waited for.)
  await expect.poll(() => proxied.filter((path) => !fromWorker.has(path))).toEqual([]);
  for (const path of proxied) expect(fromWorker.get(path), path).toBe(false);
  expect(fromWorker.get('/')).toBe(true);
  const script = await page.locator('script[type="module"]').getAttribute('src');
  expect(fromWorker.get(new URL(script!, PREVIEW).pathname)).toBe(true);

  const cached = await cachedUrls(page);
  expect(cached).toContain(`${PREVIEW}index.html`);
  const build = buildUrls(PREVIEW);
  for (const url of cached) expect(build.has(url), url).toBe(true);
  expect(cached.filter((u) => /\/(ollama|api|v1)\//.test(u))).toEqual([]);
});

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** A static host for a copy of dist/ that the test can "deploy" a new build to. */
async function host(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

test('a new build says “A new version is ready” and waits for Reload, even mid-answer', async ({
  page,
  ollama,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'causerie-deploy-'));
  cpSync('dist', dir, { recursive: true });
  const { url, server } = await host(dir);
  try {
    ollama.setOptions({ rate: 40, replies: { 'llama3.2:latest': 'word '.repeat(400) } });
    await page.goto(`${url}?server=${encodeURIComponent(ollama.url)}`);
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
    await workerActive(page);
    await page.evaluate(() => ((window as unknown as { sameLoad: boolean }).sameLoad = true));

    await ask(page, 'a long answer');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'streaming');
    // Deploy: a changed index.html, and the sw.js the build would write for it.
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    writeFileSync(join(dir, 'index.html'), html.replace('<head>', '<head><meta name="build" content="2">'));
    writeServiceWorker(dir, 'src/lib/pwa/sw.js');
    // What the browser does on its own at the next navigation, or the page when shown again.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());

    const notice = page.getByRole('region', { name: 'New version' });
    await expect(notice).toContainText('A new version is ready');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'streaming');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    // Nothing reloaded the page under the answer.
    expect(await page.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad)).toBe(true);
    expect(await page.locator('meta[name="build"]').count()).toBe(0);

    await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload' }).click()]);
    await expect(page.locator('meta[name="build"]')).toHaveAttribute('content', '2');
    expect(await page.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad)).toBeUndefined();
    await expect(chats(page).getByRole('button', { name: 'a long answer', exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'New version' })).toHaveCount(0);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
