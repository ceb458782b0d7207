import type { Page } from '@playwright/test';
import {
  ask,
  chatRequests,
  expect,
  lastAnswer,
  openApp,
  PREVIEW,
  settledText,
  startServer,
  test,
  withHostConfig,
} from './fixtures';

const log = (page: Page) => page.getByRole('log', { name: 'Conversation' });
const chats = (page: Page) => page.getByRole('navigation', { name: 'Chats' });

test('two preset servers, the second behind a login: pick it, sign in, ask; switching keeps the model', async ({
  page,
  ollama,
}) => {
  const gpu = await startServer({ basicAuth: { username: 'student', password: 'gpu-pass' }, rate: 30 });
  try {
    await withHostConfig(page, {
      servers: [
        { id: 'cpu', name: 'CPU server', baseUrl: ollama.url },
        { id: 'gpu', name: 'GPU server', baseUrl: gpu.url, auth: 'basic', username: 'student' },
      ],
      defaultServer: 'cpu',
      defaults: { systemPrompt: 'You are a patient tutor.', options: { temperature: 0.7 } },
    });
    await page.goto(PREVIEW);
    const serverPicker = page.getByRole('combobox', { name: 'Server' });
    await expect(serverPicker.locator('option')).toHaveText(['CPU server', 'GPU server']);
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();

    await serverPicker.selectOption({ label: 'GPU server' });
    const login = page.getByRole('dialog', { name: 'Sign in to GPU server' });
    await expect(login).toBeVisible();
    await expect(login.getByLabel('Username')).toHaveValue('student');
    await login.getByLabel('Password').fill('gpu-pass');
    await login.getByRole('button', { name: 'Sign in', exact: true }).click();

    const modelPicker = page.getByRole('combobox', { name: 'Model' });
    await expect(modelPicker).toBeEnabled();
    await modelPicker.selectOption('qwen3:4b');
    await ask(page, 'hello GPU');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'streaming');
    await expect(lastAnswer(page)).toContainText('You said');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
    const sent = chatRequests(gpu).at(-1)!;
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from('student:gpu-pass').toString('base64')}`);
    const body = sent.body as {
      model: string;
      messages: { role: string; content: string }[];
      options: object;
    };
    expect(body.model).toBe('qwen3:4b');
    // The host's defaults apply to new chats.
    expect(body.messages[0]).toEqual({ role: 'system', content: 'You are a patient tutor.' });
    expect(body.options).toMatchObject({ temperature: 0.7 });

    // The CPU server has qwen3:4b too: the model stays.
    await serverPicker.selectOption({ label: 'CPU server' });
    await expect(modelPicker).toHaveValue('qwen3:4b');
  } finally {
    await gpu.close();
  }
});

test('pressing Enter three times while a reply streams sends one request', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 15 });
  await openApp(page, ollama);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('only once');
  await box.press('Enter');
  await box.fill('again');
  await box.press('Enter');
  await box.press('Enter');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'streaming');
  await expect(page.getByText('Waiting for the current answer')).toBeVisible();
  await page.waitForTimeout(300);
  expect(chatRequests(ollama)).toHaveLength(1);
  await expect(box).toHaveValue('again');
});

test('Stop keeps the partial answer and the next question works', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 15 });
  await openApp(page, ollama);
  await ask(page, 'first');
  await expect(lastAnswer(page)).toContainText('You said');
  await page.getByRole('textbox', { name: 'Message' }).press('Escape');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'stopped');
  const partial = await settledText(lastAnswer(page));
  expect(partial).toContain('You said');
  await page.waitForTimeout(300);
  expect(await lastAnswer(page).textContent()).toBe(partial);

  ollama.setOptions({ rate: 0 });
  await ask(page, 'second');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(lastAnswer(page)).toContainText('You said: "second"');
  await expect(log(page).locator('[data-status="stopped"]')).toHaveCount(1);
});

test('a reload during a stream keeps the partial answer, marked stopped, and every earlier chat', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'earlier chat question');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await page.getByRole('button', { name: 'New chat', exact: true }).click();

  ollama.setOptions({ rate: 12 });
  await ask(page, 'interrupted question');
  await expect(lastAnswer(page)).toContainText('This is a scripted');
  // Past one 500 ms write interval, so the partial text has been saved.
  await page.waitForTimeout(700);
  await page.reload();
  await expect(chats(page).getByRole('button', { name: 'interrupted question', exact: true })).toBeVisible();
  await expect(chats(page).getByRole('button', { name: 'earlier chat question', exact: true })).toBeVisible();
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'stopped');
  await expect(answer).toContainText('You said: "interrupted question"');

  await chats(page).getByRole('button', { name: 'earlier chat question', exact: true }).click();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(lastAnswer(page)).toContainText('You said: "earlier chat question"');
});

async function setSettings(page: Page, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await fill(dialog);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('multi-turn: the second request carries the system prompt, the first exchange and the options', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await setSettings(page, async (d) => {
    await d.getByLabel('System prompt').fill('You are terse.');
    await d.getByLabel('temperature').fill('0.3');
    await d.getByLabel('num_ctx').fill('4096');
    await d.getByLabel('seed').fill('7');
  });
  await ask(page, 'first question');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const firstAnswer = (await settledText(lastAnswer(page).locator('.body'))).trim();
  await ask(page, 'second question');
  // The first answer is done too: wait for the second request, then for its answer.
  await expect.poll(() => chatRequests(ollama).length).toBe(2);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');

  const second = chatRequests(ollama)[1]!.body as {
    messages: { role: string; content: string }[];
    options: Record<string, unknown>;
  };
  expect(second.messages.map((x) => x.role)).toEqual(['system', 'user', 'assistant', 'user']);
  expect(second.messages[0]!.content).toBe('You are terse.');
  expect(second.messages[1]!.content).toBe('first question');
  expect(second.messages[2]!.content.trim()).toBe(firstAnswer);
  expect(second.messages[3]!.content).toBe('second question');
  expect(second.options).toMatchObject({ temperature: 0.3, num_ctx: 4096, seed: 7 });
});

test('auto-scroll follows a long answer, stays put when the user scrolls up, and Jump to latest returns', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 150 });
  await page.setViewportSize({ width: 900, height: 600 });
  await openApp(page, ollama);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('markdown:latest');
  await ask(page, 'write a long document');
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  const scroller = page.locator('.scroller');
  const distanceFromBottom = () =>
    scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
  // While it streams and grows past the screen, the bottom stays in view.
  await expect.poll(() => scroller.evaluate((el) => el.scrollHeight > el.clientHeight * 2)).toBe(true);
  expect(await distanceFromBottom()).toBeLessThan(60);

  await scroller.evaluate((el) => el.scrollBy(0, -400));
  await scroller.dispatchEvent('scroll');
  const jump = page.getByRole('button', { name: /Jump to latest/ });
  await expect(jump).toBeVisible();
  // What the reader looks at stays put while text keeps arriving below. (The scroll offset itself
  // may change: scroll anchoring moves it when blocks above the view are re-rendered.)
  const inView = () =>
    scroller.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {
        text: (hit?.textContent ?? '').slice(0, 60),
        y: Math.round(hit?.getBoundingClientRect().top ?? 0),
      };
    });
  const before = await inView();
  await page.waitForTimeout(400);
  const after = await inView();
  expect(after.text).toBe(before.text);
  // Less than a line: a block above re-rendered as markdown can nudge it by a few pixels.
  expect(Math.abs(after.y - before.y)).toBeLessThan(24);
  expect(await distanceFromBottom()).toBeGreaterThan(300);

  await jump.click();
  await expect(jump).toBeHidden();
  await expect.poll(distanceFromBottom).toBeLessThan(60);
});

test('search finds a chat by a word that appears only in an answer', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'alpha');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await page.getByRole('button', { name: 'New chat', exact: true }).click();
  ollama.setOptions({ replies: { 'llama3.2:latest': 'The secret word is zanzibar.' } });
  await ask(page, 'beta');
  await expect(lastAnswer(page)).toContainText('zanzibar');

  const search = page.getByRole('searchbox', { name: 'Search chats' });
  await search.fill('zanzibar');
  await expect(chats(page).getByRole('button', { name: 'beta', exact: true })).toBeVisible();
  await expect(chats(page).getByRole('button', { name: 'alpha', exact: true })).toBeHidden();
  await search.fill('');
  await expect(chats(page).getByRole('button', { name: 'alpha', exact: true })).toBeVisible();
});

test('a chat created in one tab appears in another tab’s list without a reload', async ({
  page,
  context,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  const other = await context.newPage();
  await openApp(other, ollama);
  await ask(page, 'made in tab one');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(chats(other).getByRole('button', { name: 'made in tab one', exact: true })).toBeVisible();
});

test('rename, and delete with undo', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'to be renamed');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await chats(page).getByRole('button', { name: 'Rename “to be renamed”' }).click();
  const title = chats(page).getByRole('textbox', { name: 'Chat title' });
  await title.fill('Renamed chat');
  await title.press('Enter');
  await expect(chats(page).getByRole('button', { name: 'Renamed chat', exact: true })).toBeVisible();

  await chats(page).getByRole('button', { name: 'Delete “Renamed chat”' }).click();
  await expect(chats(page).getByRole('button', { name: 'Renamed chat', exact: true })).toBeHidden();
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(chats(page).getByRole('button', { name: 'Renamed chat', exact: true })).toBeVisible();
  await page.reload();
  await chats(page).getByRole('button', { name: 'Renamed chat', exact: true }).click();
  await expect(lastAnswer(page)).toContainText('You said: "to be renamed"');
});

test('Clear conversation empties the chat and keeps it cleared after a reload', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'something to clear');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('button', { name: 'Clear conversation' }).click();
  await expect(log(page).locator('[data-role]')).toHaveCount(0);
  await page.reload();
  await expect(chats(page).getByRole('button', { name: 'something to clear', exact: true })).toBeVisible();
  await expect(log(page).locator('[data-role]')).toHaveCount(0);
});

test('a password not remembered is asked again after a reload; a remembered one is not', async ({ page }) => {
  const locked = await startServer({ basicAuth: { username: 'ana', password: 'open-sesame' }, rate: 0 });
  try {
    await withHostConfig(page, {
      servers: [{ id: 'gpu', name: 'GPU server', baseUrl: locked.url, auth: 'basic', username: 'ana' }],
    });
    await page.goto(PREVIEW);
    const login = page.getByRole('dialog', { name: 'Sign in to GPU server' });
    await login.getByLabel('Password').fill('open-sesame');
    await login.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();

    // Off by default: the password lived in this tab only.
    await page.reload();
    await expect(page.getByRole('dialog', { name: 'Sign in to GPU server' })).toBeVisible();
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('causerie-servers');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const all = await new Promise<unknown[]>((resolve) => {
        const r = db.transaction('servers').objectStore('servers').getAll();
        r.onsuccess = () => resolve(r.result);
      });
      return JSON.stringify(all);
    });
    expect(stored).not.toContain('open-sesame');

    await page
      .getByRole('dialog', { name: 'Sign in to GPU server' })
      .getByLabel('Password')
      .fill('open-sesame');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signed in (the models are listed) before the server is edited: the form shows the password.
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
    await page.getByRole('button', { name: 'Servers' }).click();
    await page.getByRole('button', { name: 'Edit GPU server' }).click();
    await page.getByRole('checkbox', { name: /Remember secrets on this device/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    // Stored once the form gives way to the list: a reload before then would forget the choice.
    await expect(page.getByRole('dialog').getByRole('button', { name: 'Add server' })).toBeVisible();
    await page.getByRole('dialog', { name: 'Servers' }).getByRole('button', { name: 'Close' }).click();
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
    await expect(page.getByRole('dialog', { name: 'Sign in to GPU server' })).toBeHidden();
  } finally {
    await locked.close();
  }
});

test('removing the server in use moves the chat to another server', async ({ page, ollama }) => {
  const other = await startServer({ rate: 0 });
  try {
    await withHostConfig(page, {
      servers: [
        { id: 'one', name: 'First', baseUrl: ollama.url },
        { id: 'two', name: 'Second', baseUrl: other.url },
      ],
      defaultServer: 'one',
    });
    await page.goto(PREVIEW);
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
    await page.getByRole('button', { name: 'Servers' }).click();
    await page.getByRole('button', { name: 'Remove First' }).click();
    // The list loses it (the undo toast inside the dialog still names it).
    await expect(
      page.getByRole('dialog', { name: 'Servers' }).getByRole('listitem').filter({ hasText: 'First' }),
    ).toHaveCount(0);
    await page.getByRole('dialog', { name: 'Servers' }).getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('combobox', { name: 'Server' })).toHaveValue('two');
    await ask(page, 'still here?');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    expect(chatRequests(other)).toHaveLength(1);
    // A removed preset stays removed after a reload.
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Server' }).locator('option')).toHaveText(['Second']);
  } finally {
    await other.close();
  }
});

test('the host’s default model applies to a first visit, not to a chat that chose another', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await withHostConfig(page, {
    servers: [{ id: 'one', name: 'Course server', baseUrl: ollama.url }],
    defaultModel: 'qwen3:4b',
  });
  await page.goto(PREVIEW);
  const picker = page.getByRole('combobox', { name: 'Model' });
  await expect(picker).toHaveValue('qwen3:4b');
  await picker.selectOption('llama3.2:latest');
  await ask(page, 'my own model');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('llama3.2:latest');
});

test('the message box grows with its text up to a limit, then scrolls, and is small again once sent', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  const box = page.getByRole('textbox', { name: 'Message' });
  const height = async () => (await box.boundingBox())!.height;
  const empty = await height();
  await box.fill('one\ntwo\nthree\nfour');
  const four = await height();
  expect(four).toBeGreaterThan(empty * 1.8);
  await box.fill(Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n'));
  const many = await height();
  expect(many).toBeGreaterThan(four);
  expect(many).toBeLessThanOrEqual(241);
  expect(await box.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await box.press('Enter');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect.poll(height).toBeLessThan(empty + 1);
});
