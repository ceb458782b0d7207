import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { startFakeOllama } from '../fake-ollama/server.mjs';

const PORT = Number(process.env.E2E_PORT ?? 4180);
export const SUBPATH_PREVIEW = `http://127.0.0.1:${PORT + 1}/causerie/`;
export const PREVIEW = `http://127.0.0.1:${PORT}/`;
/** Same build, served from an origin that is not on Ollama's default allow-list. */
export const FOREIGN_PREVIEW = `http://causerie.test:${PORT}/`;
export const FOREIGN_ORIGIN = `http://causerie.test:${PORT}`;

export interface RecordedRequest {
  id: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  closedEarly: boolean;
  startedAt: number;
  endedAt?: number;
  closedAt?: number;
}

export interface FakeOllama {
  url: string;
  port: number;
  requests: RecordedRequest[];
  setOptions(o: Record<string, unknown>): void;
  fault(f: Record<string, unknown>): void;
  reset(): void;
  waitForRequest(p: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  waitForClose(r: RecordedRequest, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export const startServer = (options: Record<string, unknown> = {}): Promise<FakeOllama> =>
  startFakeOllama(options) as Promise<FakeOllama>;

export const test = base.extend<{ ollama: FakeOllama }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from this pattern
  ollama: async ({}, use) => {
    const server = await startServer({ rate: 40 });
    await use(server);
    await server.close();
  },
});

export { expect };

/** Chat requests the server received (not preflights). */
export function chatRequests(server: FakeOllama): RecordedRequest[] {
  return server.requests.filter(
    (r) => r.method === 'POST' && (r.path === '/api/chat' || r.path === '/v1/chat/completions'),
  );
}

/** Opens the app pointed at a server, and waits until its models are listed. */
export async function openApp(page: Page, server: FakeOllama, extra = ''): Promise<void> {
  await page.goto(`${PREVIEW}?server=${encodeURIComponent(server.url)}${extra}`);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
}

export async function ask(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  const questions = page.locator('[data-role="user"]');
  const before = await questions.count();
  await box.fill(text);
  await box.press('Enter');
  // Wait for the question to be on screen, so `lastAnswer` is the answer to it and not the one
  // before. Not an assertion: some tests send into a warning that holds the question back.
  await expect
    .poll(() => questions.count(), { timeout: 5_000 })
    .toBeGreaterThan(before)
    .catch(() => undefined);
}

/**
 * The text of `locator` once it has stopped changing (the same across `quietMs`). An answer's last
 * text is rendered a frame or two after its status changes (the lexer answers from its worker), so
 * a text read the moment the status says done, stopped or error can be one render short.
 */
export async function settledText(locator: Locator, quietMs = 300): Promise<string> {
  let text = await locator.textContent();
  for (;;) {
    await locator.page().waitForTimeout(quietMs);
    const now = await locator.textContent();
    if (now === text) return now ?? '';
    text = now;
  }
}

/**
 * Reloads once what the page has begun writing to IndexedDB is stored. The page shows a change
 * (a deletion, a pin, a theme) before its write commits; a reload in between would lose it, as a
 * user would not, reloading seconds later. A read-write transaction over every store of every
 * database starts only after the ones before it on those stores have finished.
 */
export async function reloadWhenStored(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const stores = [...db.objectStoreNames];
      if (stores.length > 0) {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction(stores, 'readwrite');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    }
  });
  await page.reload();
}

export const lastAnswer = (page: Page) =>
  page.getByRole('log', { name: 'Conversation' }).locator('[data-role="assistant"]').last();

/** The records of the page's image store (attachments), each as its type and first 24 bytes. */
export const storedImageRecords = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ type: string; head: number[] }[]>((resolve, reject) => {
        const open = indexedDB.open('causerie-images');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('images').objectStore('images').getAll();
          req.onsuccess = () => {
            db.close();
            const all = req.result as { bytes: ArrayBuffer; type: string }[];
            resolve(all.map((x) => ({ type: x.type, head: [...new Uint8Array(x.bytes).slice(0, 24)] })));
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );

/** Serves a causerie.config.json next to the page, as a host would. */
export async function withHostConfig(page: Page, config: unknown): Promise<void> {
  await page.route('**/causerie.config.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(config) }),
  );
}

/**
 * Saves the server form and waits for the list to come back: the form gives way to it once the
 * profile is stored, and a dialog closed before then could leave the page with the old profile.
 */
async function savedServer(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Add server' })).toBeVisible();
}

/** Adds an OpenAI-compatible server at `<server>/v1` in the Servers dialog, picks it, waits for its models. */
export async function addOpenAiServer(
  page: Page,
  server: FakeOllama,
  name = 'Ollama over /v1',
): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Servers' }).click();
  await page.getByRole('button', { name: 'Add server' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Base URL').fill(`${server.url}/v1`);
  await page.getByLabel('Kind').selectOption('openai');
  await savedServer(page);
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: name });
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
}

/** Opens the first server's form in the Servers dialog, lets `edit` fill it, saves and closes. */
export async function editServer(page: Page, edit: () => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: 'Servers' }).click();
  await page
    .getByRole('button', { name: /^Edit / })
    .first()
    .click();
  await edit();
  await savedServer(page);
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
}

/** The first server waits 1 s for a connection and 1 s more for the model to start answering. */
export const shortTimeOuts = (page: Page): Promise<void> =>
  editServer(page, async () => {
    await page.getByText('Time-outs').click();
    await page.getByLabel('Connect time-out (s)').fill('1');
    await page.getByLabel('First-answer time-out (s)').fill('1');
  });
