// Plumbing shared by the scenarios: the build, a static server for dist/, the browser, the page
// helpers that drive the UI contract, clock alignment between Node and the page, and IndexedDB
// seeding. Nothing here measures anything by itself.

import http from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';
import { installProbes } from './probes.mjs';

export const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

/** Epoch milliseconds with sub-millisecond resolution: the same clock the fake server stamps with. */
export const nodeNow = () => performance.timeOrigin + performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Build and static serving

export function build() {
  // `vite build` only: `npm run build` also fails on the size budget, which is ours to report.
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Serves dist/ like any static host would (no SPA fallback, 404 for missing files, so the app's
 * optional causerie.config.json is absent). A tiny node:http server starts faster than
 * `vite preview` and leaves no child process behind.
 */
export async function serveDist() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/index.html is missing: build first');
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(DIST, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(DIST + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      // Hashed assets are immutable; the page itself must be fetched again on every reload.
      'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r(undefined));
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Browser

export async function launch() {
  const executablePath = await findChromium();
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  return { browser, executablePath };
}

/** Contexts not closed yet: a scenario that overruns its time is ended by closing them. */
export const openContexts = new Set();

/**
 * A fresh context (its own, empty IndexedDB) with one page, the probes installed and a CDP
 * session for metrics and throttling.
 */
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  openContexts.add(context);
  context.on('close', () => openContexts.delete(context));
  await context.addInitScript(installProbes);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  return { context, page, cdp };
}

export async function throttle(cdp, rate) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** CDP Performance.getMetrics as an object of seconds/counters. */
export async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/**
 * page clock (performance.timeOrigin + performance.now()) minus Node's clock, in ms. Both are
 * derived from the same system clock, but each process fixes its time origin once, so they can
 * disagree by a little; the round trip with the smallest latency bounds the error by half of it.
 */
export async function clockOffset(page, samples = 15) {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < samples; i++) {
    const t0 = nodeNow();
    const tp = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = nodeNow();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: tp - (t0 + t1) / 2 };
  }
  return best;
}

/** The page's timeOrigin, to turn page times (performance.now()) into epoch ms. */
export const timeOrigin = (page) => page.evaluate(() => performance.timeOrigin);

// ---------------------------------------------------------------------------------------------
// The app, through its UI contract

export const MODEL = 'markdown:latest';

/** The app's first-run prefill: this server, this model. */
export const appUrlFor = (appUrl, ollama) =>
  `${appUrl}?server=${encodeURIComponent(ollama.url)}&model=${encodeURIComponent(MODEL)}`;

export async function openApp(page, appUrl, ollama) {
  await page.goto(appUrlFor(appUrl, ollama));
  await chooseModel(page);
}

/** Waits for the model list and makes sure the benchmark model is the one selected. */
export async function chooseModel(page) {
  const picker = page.getByRole('combobox', { name: 'Model' });
  await picker.locator(`option[value="${MODEL}"]`).waitFor({ state: 'attached', timeout: 20_000 });
  await waitFor(() => picker.isEnabled(), 20_000, 'the Model picker to be enabled', 50);
  if ((await picker.inputValue()) !== MODEL) await picker.selectOption(MODEL);
}

export const messageBox = (page) => page.getByRole('textbox', { name: 'Message' });
export const conversationLog = (page) => page.getByRole('log', { name: 'Conversation' });
export const lastAssistant = (page) => conversationLog(page).locator('[data-role="assistant"]').last();

/** Types a question and sends it with Enter (the composer's contract). */
export async function ask(page, text) {
  const box = messageBox(page);
  const lastId = () =>
    page.evaluate(() => {
      const all = document.querySelectorAll('[role="log"] [data-role="assistant"]');
      return all[all.length - 1]?.getAttribute('data-id') ?? null;
    });
  const before = await lastId();
  await box.fill(text);
  await box.press('Enter');
  // The question is taken once its answer is the last on the page: until then the last answer is
  // the one before, and a wait for "the last answer's final status" would return its status at once.
  await waitFor(async () => (await lastId()) !== before, 10_000, `the answer to “${text}” to appear`);
}

/** Waits until the last assistant message has a final status; returns it. */
export async function waitForFinalStatus(page, timeoutMs) {
  await page.waitForFunction(
    () => {
      const all = document.querySelectorAll('[role="log"] [data-role="assistant"]');
      const last = all[all.length - 1];
      return last && last.getAttribute('data-status') !== 'streaming'
        ? last.getAttribute('data-status')
        : null;
    },
    null,
    { timeout: timeoutMs, polling: 100 },
  );
  return lastAssistant(page).getAttribute('data-status');
}

/**
 * Clicks with `click` and measures, in the page, from the click event's `timeStamp` to the first
 * task after the first frame in which the last element matching `selector` holds `marker` (or any
 * text, without one) and lies inside the viewport. The check runs at the start of each frame
 * (rAF), so content inserted by a later rAF callback of that frame is seen one frame late: the
 * figure errs on the slow side. `ms` is NaN when it never shows within 15 s.
 */
export async function timeClickToPaint(page, click, { selector, marker = null }) {
  await page.evaluate(
    ({ selector, marker }) => {
      const b = window.__bench;
      b.clickPaint = new Promise((resolve) => {
        b.onClick = (e) => {
          b.onClick = null;
          const clickAt = e.timeStamp;
          const shown = () => {
            const all = document.querySelectorAll(selector);
            const last = all[all.length - 1];
            const text = last?.textContent ?? '';
            if (!last || !(marker === null ? text.trim() !== '' : text.includes(marker))) return false;
            const r = last.getBoundingClientRect();
            return r.height > 0 && r.bottom > 0 && r.top < innerHeight;
          };
          const poll = () =>
            requestAnimationFrame(() => {
              if (shown()) {
                const ch = new MessageChannel();
                ch.port1.onmessage = () => resolve({ clickAt, paintedAt: performance.now() });
                ch.port2.postMessage(null);
              } else if (performance.now() - clickAt > 15_000) resolve({ clickAt, paintedAt: NaN });
              else poll();
            });
          poll();
        };
      });
    },
    { selector, marker },
  );
  await click();
  const r = await page.evaluate(() => window.__bench.clickPaint);
  return { ms: r.paintedAt - r.clickAt, clickAt: r.clickAt };
}

/** The chat requests the fake server received (not preflights). */
/**
 * Clicks Stop (the centre of `stop`, a real mouse click) and follows the answer's text for a second
 * from the click event (capture phase, before the app reacts). Header and footer (role label,
 * "stopped" tag, stats) are not answer text. Returns the text at the click, at +0.5 s and +1 s,
 * every change with its delay after the click (`dt`, ms), the click's page time `t0`, and Node's
 * clock just before the click (`beforeClick`).
 */
export async function clickStop(page, stop) {
  await page.evaluate(() => {
    const b = window.__bench;
    const answerText = () => {
      const all = document.querySelectorAll('[role="log"] [data-role="assistant"]');
      const el = all[all.length - 1];
      if (!el) return '';
      const copy = el.cloneNode(true);
      copy.querySelectorAll('header, footer').forEach((n) => n.remove());
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    };
    b.stopWatch = new Promise((resolve) => {
      b.onClick = (e) => {
        b.onClick = null;
        const t0 = e.timeStamp;
        const atClick = answerText();
        const changes = [];
        let previous = atClick;
        const log = document.querySelector('[role="log"]');
        const mo = new MutationObserver(() => {
          const now = answerText();
          if (now !== previous) changes.push({ dt: performance.now() - t0, chars: now.length });
          previous = now;
        });
        if (log) mo.observe(log, { subtree: true, childList: true, characterData: true });
        let at500 = '';
        setTimeout(() => (at500 = answerText()), 500);
        setTimeout(() => {
          mo.disconnect();
          resolve({ t0, atClick, at500, at1000: answerText(), changes });
        }, 1000);
      };
    });
  });
  const box = await stop.boundingBox();
  if (!box) throw new Error('the Stop button has no box');
  const beforeClick = nodeNow();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  return { ...(await page.evaluate(() => window.__bench.stopWatch)), beforeClick };
}

export const chatRequests = (ollama) =>
  ollama.requests.filter((r) => r.method === 'POST' && r.path === '/api/chat');

export async function waitFor(check, timeoutMs, what, intervalMs = 10) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// IndexedDB, read and written with raw calls inside the page. The app's stores are idb-keyval's:
// one database per store, `causerie-<name>` holding store `<name>`, created lazily on first use.
// Opening a database the app has not created yet must create it exactly as idb-keyval would
// (an unversioned open whose upgrade creates the store), or the app would later find a database
// without its store.

// The page functions below each carry their own `open` (page.evaluate serialises functions, and
// eval is off the table under the app's Content-Security-Policy).

/** Reads every record of one of the app's stores. */
export function readStore(page, name) {
  return page.evaluate(async (name) => {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open(`causerie-${name}`);
      req.onupgradeneeded = () => req.result.createObjectStore(name);
      req.onerror = () => reject(req.error);
      req.onsuccess = () => resolve(req.result);
    });
    try {
      return await new Promise((resolve, reject) => {
        const req = db.transaction(name).objectStore(name).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  }, name);
}

/**
 * Writes one session and its messages, as the app stores them (messages keyed
 * `${sessionId}\0${createdAt padded to 15}\0${id}` so one range read returns the chat in order).
 */
export function seedSession(page, session, messages) {
  return page.evaluate(
    async ({ session, messages }) => {
      const putAll = async (name, entries) => {
        const db = await new Promise((resolve, reject) => {
          const req = indexedDB.open(`causerie-${name}`);
          req.onupgradeneeded = () => req.result.createObjectStore(name);
          req.onerror = () => reject(req.error);
          req.onsuccess = () => resolve(req.result);
        });
        try {
          await new Promise((resolve, reject) => {
            const tx = db.transaction(name, 'readwrite');
            tx.oncomplete = () => resolve(undefined);
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
            const store = tx.objectStore(name);
            for (const [key, value] of entries) store.put(value, key);
          });
        } finally {
          db.close();
        }
      };
      const key = (m) => `${m.sessionId}\u0000${String(m.createdAt).padStart(15, '0')}\u0000${m.id}`;
      await putAll('sessions', [[session.id, session]]);
      await putAll(
        'messages',
        messages.map((m) => [key(m), m]),
      );
    },
    { session, messages },
  );
}
