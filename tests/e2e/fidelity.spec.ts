// Issue 12: what the first test server hid. Each test runs against the faithful test server and
// fails on a client that shares the old server's wrong ideas.
import {
  addOpenAiServer,
  ask,
  chatRequests,
  editServer,
  expect,
  FOREIGN_ORIGIN,
  FOREIGN_PREVIEW,
  lastAnswer,
  openApp,
  startServer,
  test,
} from './fixtures';

const GGUF = '/models/Qwen3-8B-Q4_K_M.gguf';

test('keep_alive typed as -1 is sent as a number Ollama accepts, and the answer arrives', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('keep_alive').fill('-1');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await ask(page, 'stay loaded');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const body = chatRequests(ollama).at(-1)!.body as { keep_alive: unknown };
  expect(body.keep_alive).toBe(-1);
  expect(chatRequests(ollama).at(-1)!.status).toBe(200);
});

test('Ollama’s /v1 losing a mid-stream error is told as an unfinished answer, naming the Ollama kind', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await addOpenAiServer(page, ollama);
  ollama.fault({ kind: 'midstream-error', afterTokens: 4, message: 'model runner has unexpectedly stopped' });
  await ask(page, 'this will fail halfway');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The server ended the answer without finishing');
  await expect(alert).toContainText('“Ollama”');
  await expect(lastAnswer(page)).toContainText('You said');
});

test('/v1/models is read once when the app opens on an OpenAI-compatible server', async ({
  page,
  ollama,
}) => {
  await addOpenAiServer(page, ollama);
  // The page before the reload has finished asking; counting starts before the reload, since the
  // new page may ask while `reload()` is still returning.
  await page.waitForLoadState('networkidle');
  const before = ollama.requests.length;
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await page.waitForTimeout(500);
  const lists = ollama.requests.slice(before).filter((r) => r.method === 'GET' && r.path === '/v1/models');
  expect(lists).toHaveLength(1);
});

test('custom-header auth refused by Ollama’s CORS says custom headers are not allowed', async ({
  page,
  ollama,
}) => {
  await openApp(page, ollama);
  await editServer(page, async () => {
    await page.getByLabel('Authentication').selectOption('headers');
    await page.getByLabel('Headers (one “Name: value” per line)').fill('X-Api-Key: k-123456');
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('does not accept custom headers');
  await expect(alert).toContainText('OLLAMA_ORIGINS cannot change that');
  await expect(alert).not.toContainText('systemctl');
});

test('a cloud model without sign-in says “ollama signin”, not “add a password”', async ({ page }) => {
  const server = await startServer({
    rate: 0,
    models: [{ name: 'llama3.2' }, { name: 'gpt-oss:120b-cloud', remote: true }],
  });
  try {
    await openApp(page, server);
    await page.getByRole('combobox', { name: 'Model' }).selectOption('gpt-oss:120b-cloud');
    await ask(page, 'hello cloud');
    const alert = page.getByRole('alert');
    await expect(alert.locator('code')).toHaveText('ollama signin');
    await expect(alert).not.toContainText(/username and password/i);
  } finally {
    await server.close();
  }
});

test('a proxy on the page’s own origin that forwards Origin gets the Origin fix, not the Host one', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  // nginx at the page's own address: /ollama/* goes to Ollama with its Host, the Origin passed on.
  await page.route(`${FOREIGN_ORIGIN}/ollama/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/ollama/, '');
    await route.fulfill({ response: await route.fetch({ url: ollama.url + path }) });
  });
  await page.goto(`${FOREIGN_PREVIEW}?server=${encodeURIComponent(`${FOREIGN_ORIGIN}/ollama`)}`);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await ask(page, 'through the proxy');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('proxy_set_header Origin ""');
  // The server really refused the forwarded Origin with an empty 403.
  const refused = chatRequests(ollama).at(-1)!;
  expect(refused.status).toBe(403);
  expect(refused.headers.origin).toBe(FOREIGN_ORIGIN);
});

test('the CORS steps include Docker and Compose with this page’s origin', async ({ page, ollama }) => {
  await page.goto(`${FOREIGN_PREVIEW}?server=${encodeURIComponent(ollama.url)}`);
  // First run: the welcome's connection check carries the steps.
  const alert = page.getByRole('region', { name: 'Welcome' });
  await expect(alert).toContainText(`-e OLLAMA_ORIGINS=${FOREIGN_ORIGIN} ollama/ollama`);
  await expect(alert).toContainText(`- OLLAMA_ORIGINS=${FOREIGN_ORIGIN}`);
});

test('llama-server: a file-path model id is shown by its file name', async ({ page }) => {
  const server = await startServer({ rate: 0, flavor: 'llama.cpp', models: [{ name: GGUF }] });
  try {
    await addOpenAiServer(page, server, 'llama-server');
    const option = page.getByRole('combobox', { name: 'Model' }).locator('option').first();
    await expect(option).toHaveText(/^Qwen3-8B-Q4_K_M\.gguf/);
    await expect(option).toHaveAttribute('title', /--alias/);
  } finally {
    await server.close();
  }
});

test('llama-server: a prompt over its context says so with its counts, not “400 Bad Request”', async ({
  page,
}) => {
  const server = await startServer({
    rate: 0,
    flavor: 'llama.cpp',
    models: [{ name: GGUF }],
    contextSize: 64,
  });
  try {
    await addOpenAiServer(page, server, 'llama-server');
    await ask(page, 'Please summarise this: ' + 'lorem ipsum dolor sit amet '.repeat(12));
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The conversation does not fit the server’s context');
    await expect(alert).toContainText('the server’s context holds 64');
    await expect(alert).toContainText('--ctx-size');
    await expect(alert).not.toContainText('Bad Request');
  } finally {
    await server.close();
  }
});

test('llama-server: an answer cut by a full context says so, not “the token limit (num_predict)”', async ({
  page,
}) => {
  const server = await startServer({
    rate: 0,
    flavor: 'llama.cpp',
    models: [{ name: GGUF }],
    contextSize: 40,
  });
  try {
    await addOpenAiServer(page, server, 'llama-server');
    await ask(page, 'hi');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    await expect(lastAnswer(page)).toContainText('the context window is full');
    await expect(lastAnswer(page)).not.toContainText('num_predict');
  } finally {
    await server.close();
  }
});
