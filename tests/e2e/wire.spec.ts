import {
  addOpenAiServer,
  ask,
  chatRequests,
  expect,
  FOREIGN_ORIGIN,
  FOREIGN_PREVIEW,
  lastAnswer,
  openApp,
  shortTimeOuts,
  startServer,
  test,
} from './fixtures';
import { createServer } from 'node:net';

test('a page origin missing from OLLAMA_ORIGINS gets a check that names it and the fix', async ({
  page,
  ollama,
}) => {
  await page.goto(`${FOREIGN_PREVIEW}?server=${encodeURIComponent(ollama.url)}`);
  // First run: the welcome's connection check says it (not an alert).
  const alert = page.getByRole('region', { name: 'Welcome' });
  await expect(alert).toContainText(FOREIGN_ORIGIN);
  await expect(alert).toContainText('OLLAMA_ORIGINS');
  await expect(alert).toContainText('systemctl');
  await expect(alert).toContainText('launchctl');
  // The server really refused it: 403, no CORS headers.
  const refused = ollama.requests.find((r) => r.headers.origin === FOREIGN_ORIGIN);
  expect(refused?.status).toBe(403);

  // Once the origin is allowed, the same page works.
  ollama.setOptions({ origins: [FOREIGN_ORIGIN] });
  await page.getByRole('button', { name: 'Refresh models' }).click();
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await expect(page.getByRole('alert')).toBeEmpty();
  await expect(page.getByRole('region', { name: 'Welcome' })).toHaveCount(0);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

test('with no server listening the check says it is not reachable and names host and port', async ({
  page,
}) => {
  const port = await freePort();
  await page.goto(`/?server=${encodeURIComponent(`http://127.0.0.1:${port}`)}`);
  const alert = page.getByRole('region', { name: 'Welcome' });
  await expect(alert).toContainText(/not reachable|no answer|could not reach|cannot reach/i);
  await expect(alert).toContainText(`127.0.0.1`);
  await expect(alert).toContainText(String(port));
});

test('a basic-auth server works with the right login and says so with a wrong one', async ({ page }) => {
  const server = await startServer({ basicAuth: { username: 'student', password: 'pässword' }, rate: 0 });
  try {
    await page.goto(`/?server=${encodeURIComponent(server.url)}`);
    // The default profile has no login: the server answers 401.
    await expect(page.getByRole('alert')).toContainText(/login|password|credentials|401/i);

    await page.getByRole('button', { name: 'Servers' }).click();
    await page
      .getByRole('button', { name: /^Edit / })
      .first()
      .click();
    await page.getByLabel('Authentication').selectOption('basic');
    await page.getByLabel('Username', { exact: true }).fill('student');
    await page.getByLabel('Password', { exact: true }).fill('hunter2-typo');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('alert')).toContainText(/login|password|credentials|401/i);
    await expect(page.getByRole('alert')).not.toContainText('hunter2-typo');

    await page.getByRole('button', { name: 'Servers' }).click();
    await page
      .getByRole('button', { name: /^Edit / })
      .first()
      .click();
    await page.getByLabel('Password', { exact: true }).fill('pässword');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
    await ask(page, 'hello with a login');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    const sent = chatRequests(server).at(-1)!;
    expect(sent.headers.authorization).toMatch(/^Basic /);
  } finally {
    await server.close();
  }
});

test('Stop during a stream closes the request at the server', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 20 });
  await openApp(page, ollama);
  await ask(page, 'a long story');
  await expect(lastAnswer(page)).toContainText('You said');
  const req = chatRequests(ollama)[0]!;
  // The click's time is taken in the page (same machine clock as the server's), so Playwright's own
  // round trips do not count against the app.
  await page.evaluate(() =>
    document.addEventListener('click', () => ((window as { clickedAt?: number }).clickedAt = Date.now()), {
      capture: true,
      once: true,
    }),
  );
  await page.getByRole('button', { name: 'Stop' }).click();
  const closed = await ollama.waitForClose(req, 2000);
  const clickedAt = await page.evaluate(() => (window as { clickedAt?: number }).clickedAt!);
  expect(closed.closedEarly).toBe(true);
  // Promptly, not at the end of the answer (the stream runs for seconds); how fast is measured by
  // the benchmark (P5), not here.
  expect(closed.closedAt! - clickedAt).toBeLessThan(1000);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'stopped');
});

test('the OpenAI-compatible provider streams a reply from /v1', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await addOpenAiServer(page, ollama, 'OpenAI kind');
  await ask(page, 'hello over v1');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(lastAnswer(page)).toContainText('You said: "hello over v1"');
  expect(chatRequests(ollama).at(-1)?.path).toBe('/v1/chat/completions');
});

test('a model that does not start answering in time is reported as a time-out, not as a Stop', async ({
  page,
  ollama,
}) => {
  await page.goto(`/?server=${encodeURIComponent(ollama.url)}`);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  // A chat waits for the connection and then for the model: 1 s + 1 s here.
  await shortTimeOuts(page);

  ollama.setOptions({ firstByteDelayMs: 4000 });
  await ask(page, 'are you there?');
  await expect(page.getByRole('alert')).toContainText(/time/i, { timeout: 8000 });
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
});
