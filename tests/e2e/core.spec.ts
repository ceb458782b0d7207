// The faults a student hit every day (issue 10), each as the student would notice it.
import type { Page } from '@playwright/test';
import {
  ask,
  chatRequests,
  expect,
  lastAnswer,
  openApp,
  PREVIEW,
  startServer,
  storedImageRecords,
  test,
  withHostConfig,
} from './fixtures';

const log = (page: Page) => page.getByRole('log', { name: 'Conversation' });
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

type Msg = { role: string; content: string };
const rolesOf = (body: unknown) => (body as { messages: Msg[] }).messages.map((x) => x.role);

/** True when no two messages in a row have the same role (system aside). */
function alternates(roles: string[]): boolean {
  const turns = roles.filter((r) => r !== 'system');
  return turns.every((r, i) => i === 0 || r !== turns[i - 1]);
}

test('a second comparison without a choice keeps the first answers and every request alternates', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const setup = page.getByRole('group', { name: 'Models to compare' });
  await setup.getByRole('checkbox', { name: 'llama3.2:latest' }).check();
  await setup.getByRole('checkbox', { name: 'qwen3:4b' }).check();
  const comparison = page.getByRole('region', { name: 'Comparison' });

  await ask(page, 'first question');
  await expect(comparison.locator('[data-status="done"]')).toHaveCount(2);
  await ask(page, 'second question');
  await expect.poll(() => chatRequests(ollama).length).toBe(4);
  await expect(comparison.locator('[data-status="done"]')).toHaveCount(2);

  // Leave Compare and ask once more in the chat.
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await ask(page, 'third question');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');

  const requests = chatRequests(ollama);
  expect(requests).toHaveLength(5);
  for (const r of requests) expect(alternates(rolesOf(r.body))).toBe(true);
  const last = (requests.at(-1)!.body as { messages: Msg[] }).messages.map((x) => x.content);
  expect(last[0]).toBe('first question');
  expect(last.filter((c) => c.endsWith('question'))).toEqual([
    'first question',
    'second question',
    'third question',
  ]);

  // Both answers of the first comparison are still there: the chat continues from one, the other
  // is its alternative.
  const firstAnswer = log(page).locator('[data-role="assistant"]').first();
  await expect(firstAnswer).toContainText('1 / 2');
  await firstAnswer.getByRole('button', { name: 'Next alternative' }).click();
  await expect(log(page).locator('[data-role="assistant"]').first()).toContainText('2 / 2');
});

test('deleting the open chat leaves a new chat on the same model, ready to send', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('qwen3:4b');
  await ask(page, 'to be deleted');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const chats = page.getByRole('navigation', { name: 'Chats' });
  await chats.getByRole('button', { name: 'Delete “to be deleted”' }).click();
  await expect(chats.getByRole('button', { name: 'to be deleted' })).toHaveCount(0);

  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('qwen3:4b');
  await page.getByRole('textbox', { name: 'Message' }).fill('and now?');
  await expect(page.getByRole('button', { name: 'Send' })).toBeEnabled();
  await expect(page.getByRole('alert')).not.toContainText('Pick');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  expect((chatRequests(ollama).at(-1)!.body as { model: string }).model).toBe('qwen3:4b');
});

test('Close dismisses the alert about a server that cannot be listed at start', async ({ page }) => {
  const gone = await startServer({ rate: 0 });
  await openApp(page, gone);
  await ask(page, 'an earlier chat');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await gone.close();
  await page.reload();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(/reach|connect/i);
  await alert.getByRole('button', { name: 'Close' }).click();
  await expect(alert).toBeEmpty();
});

test('the status dot turns red once requests to a server fail', async ({ page }) => {
  const server = await startServer({ rate: 0 });
  await openApp(page, server);
  const dot = page.getByRole('banner').getByRole('img', { name: /Reachable|Not reachable|Checking/ });
  await expect(dot).toHaveAccessibleName(/^Reachable/);
  await server.close();
  await ask(page, 'are you there?');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
  await expect(dot).toHaveAccessibleName(/^Not reachable/);
});

test('a question asked in a second tab continues from the answer the first tab got', async ({
  context,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  const a = await context.newPage();
  await openApp(a, ollama);
  await ask(a, 'one');
  await expect(lastAnswer(a)).toHaveAttribute('data-status', 'done');

  const b = await context.newPage();
  await b.goto(PREVIEW);
  await expect(log(b).locator('[data-role="assistant"]')).toHaveCount(1);

  await ask(a, 'two');
  await expect(lastAnswer(a)).toHaveAttribute('data-status', 'done');
  await expect(log(b).locator('[data-role="user"]').last()).toContainText('two');
  // Tab B has A's finished answer too (it follows A's writes), before it asks.
  await expect(lastAnswer(b)).toHaveAttribute('data-status', 'done');
  await expect(log(b).locator('[data-role="assistant"]')).toHaveCount(2);

  await ask(b, 'three');
  await expect.poll(() => chatRequests(ollama).length).toBe(3);
  await expect(lastAnswer(b)).toHaveAttribute('data-status', 'done');
  const sent = (chatRequests(ollama).at(-1)!.body as { messages: Msg[] }).messages.map((x) => x.content);
  expect(sent.filter((_, i) => i % 2 === 0)).toEqual(['one', 'two', 'three']);
  await expect(log(b).getByText('1 / 2')).toHaveCount(0);
  await expect(log(a).locator('[data-role="user"]').last()).toContainText('three');
});

test('a server added in the form becomes the chat’s server', async ({ page, ollama }) => {
  const other = await startServer({ rate: 0, models: [{ name: 'phi4:latest' }] });
  try {
    await openApp(page, ollama);
    await page.getByRole('button', { name: 'Servers' }).click();
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.getByLabel('Name').fill('Second server');
    await page.getByLabel('Base URL').fill(other.url);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog', { name: 'Servers' }).getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('combobox', { name: 'Server' })).toHaveValue(/.+/);
    await expect(page.getByRole('combobox', { name: 'Server' }).locator('option:checked')).toHaveText(
      'Second server',
    );
    await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('phi4:latest');
  } finally {
    await other.close();
  }
});

test('sign-in: a wrong password keeps the dialog open and says so; Refresh asks again after a change', async ({
  page,
}) => {
  const server = await startServer({ rate: 0, basicAuth: { username: 'eleve', password: 'juste' } });
  try {
    await withHostConfig(page, {
      servers: [{ id: 'gpu', name: 'GPU', baseUrl: server.url, auth: 'basic', username: 'eleve' }],
    });
    await page.goto(PREVIEW);
    const dialog = page.getByRole('dialog', { name: /Sign in/ });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Password').fill('faux');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('refused');
    await dialog.getByLabel('Password').fill('juste');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();

    // The teacher changes the password: Refresh asks for it instead of failing.
    server.setOptions({ basicAuth: { username: 'eleve', password: 'nouveau' } });
    await page.getByRole('button', { name: 'Refresh models' }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Password').fill('nouveau');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  } finally {
    await server.close();
  }
});

test('the “Remember secrets” hint says what the box does when it is ticked', async ({ page, ollama }) => {
  await openApp(page, ollama);
  await page.getByRole('button', { name: 'Servers' }).click();
  await page.getByRole('button', { name: 'Add server' }).click();
  await page.getByLabel('Authentication').selectOption('basic');
  const box = page.getByRole('checkbox', { name: /Remember secrets/ });
  await expect(page.getByText(/^Off: /)).toBeVisible();
  await box.check();
  await expect(page.getByText(/^On: /)).toBeVisible();
  await expect(page.getByText(/^Off: /)).toHaveCount(0);
});

/** WCAG contrast of two CSS colours as the browser computed them. */
function contrast(fg: number[], bg: number[]): number {
  const lum = (c: number[]) => {
    const [r, g, b] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}

test('a primary button keeps readable text while hovered, in both themes', async ({ page, ollama }) => {
  await openApp(page, ollama);
  const send = page.getByRole('button', { name: 'Send' });
  await page.getByRole('textbox', { name: 'Message' }).fill('hover me');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await send.hover();
    const [fg, bg] = await send.evaluate((el) => {
      // Resolve whatever colour syntax the browser computed into sRGB bytes through a canvas.
      const ctx = document.createElement('canvas').getContext('2d')!;
      const rgb = (css: string) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = css;
        ctx.fillRect(0, 0, 1, 1);
        return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
      };
      const s = getComputedStyle(el);
      return [rgb(s.color), rgb(s.backgroundColor)];
    });
    expect(contrast(fg!, bg!)).toBeGreaterThanOrEqual(4.5);
  }
});

test('Clear conversation and removing a server can be undone', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'keep me');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Clear conversation' }).click();
  await expect(log(page).locator('[data-role]')).toHaveCount(0);
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(log(page).locator('[data-role]')).toHaveCount(2);
  await page.reload();
  await expect(log(page).locator('[data-role]')).toHaveCount(2);

  await page.getByRole('button', { name: 'Servers' }).click();
  const servers = page.getByRole('dialog', { name: 'Servers' });
  await servers.getByRole('button', { name: /^Remove / }).click();
  await expect(servers.getByRole('button', { name: /^Remove / })).toHaveCount(0);
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect(servers.getByRole('button', { name: /^Remove / })).toHaveCount(1);
  await servers.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await ask(page, 'still here?');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
});

/** How many records the page's image store holds. */
const storedImages = async (page: Page) => (await storedImageRecords(page)).length;

test('deleting a chat with an image leaves no image behind in storage', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('llava:7b');
  await page
    .locator('form.composer input[type=file]')
    .setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
  await ask(page, 'look at this');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  expect(await storedImages(page)).toBe(1);

  await page
    .getByRole('navigation', { name: 'Chats' })
    .getByRole('button', { name: 'Delete “look at this”' })
    .click();
  // Undo is still on offer: the image is kept for it. Once the offer is closed, it goes.
  expect(await storedImages(page)).toBe(1);
  await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).click();
  await expect.poll(() => storedImages(page)).toBe(0);
});
