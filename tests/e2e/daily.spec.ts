// Daily use (issue 17, point 4): chats grouped by date with pins, and keyboard shortcuts.
import {
  ask,
  chatRequests,
  expect,
  lastAnswer,
  openApp,
  PREVIEW,
  reloadWhenStored,
  test,
  withHostConfig,
} from './fixtures';

test('chats are grouped by date, and a pinned chat stays on top', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'first chat');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await page.getByRole('button', { name: 'New chat' }).click();
  await ask(page, 'second chat');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');

  const chats = page.getByRole('navigation', { name: 'Chats' });
  const today = chats.getByRole('region', { name: 'Today' });
  await expect(today.getByRole('listitem')).toHaveCount(2);
  await expect(today.getByRole('listitem').first()).toContainText('second chat');
  await expect(today.locator('time').first()).toHaveText(/\d\d:\d\d/);

  // The chat's tools show on hover (and on keyboard focus).
  await chats.getByRole('listitem').filter({ hasText: 'first chat' }).hover();
  await chats.getByRole('button', { name: 'Pin “first chat”' }).click();
  const pinned = chats.getByRole('region', { name: 'Pinned' });
  await expect(pinned.getByRole('listitem')).toHaveCount(1);
  await expect(pinned).toContainText('first chat');
  await reloadWhenStored(page);
  await expect(chats.getByRole('region', { name: 'Pinned' })).toContainText('first chat');
  await chats.getByRole('listitem').filter({ hasText: 'first chat' }).hover();
  await chats.getByRole('button', { name: 'Unpin “first chat”' }).click();
  await expect(chats.getByRole('region', { name: 'Pinned' })).toHaveCount(0);
});

test('keyboard shortcuts: help with ?, new chat, search, message box, Escape stops from anywhere', async ({
  page,
  ollama,
}) => {
  // 50 tokens at 5 a second: the answer is still being sent when Escape comes, on a loaded machine too.
  ollama.setOptions({ rate: 5 });
  await openApp(page, ollama);
  await page.getByRole('log', { name: 'Conversation' }).click();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Search chats');
  await expect(help).toContainText('Ctrl');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await ask(page, 'a long answer please');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'streaming');
  // The focus is elsewhere (the search box): Escape still stops the answer.
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('searchbox', { name: 'Search chats' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'stopped');
  await expect.poll(() => chatRequests(ollama).at(-1)?.closedEarly).toBe(true);

  await page.keyboard.press('Shift+Escape');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await page.keyboard.press('Control+Shift+O');
  await expect(page.getByRole('log', { name: 'Conversation' }).locator('[data-role]')).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
});

test('Pull and Delete are hidden on a shared server until the user turns them on', async ({
  page,
  ollama,
}) => {
  await withHostConfig(page, {
    servers: [
      { id: 'cpu', name: 'Course CPU', baseUrl: ollama.url, shared: true },
      { id: 'mine', name: 'My laptop', baseUrl: ollama.url.replace('127.0.0.1', 'localhost') },
    ],
    defaultServer: 'cpu',
  });
  await page.goto(PREVIEW);
  await page.getByRole('button', { name: 'Servers' }).click();
  const dialog = page.getByRole('dialog', { name: 'Servers' });
  await expect(dialog.getByRole('button', { name: 'Models on My laptop' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Models on Course CPU' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Edit Course CPU' }).click();
  await dialog.getByRole('checkbox', { name: /Manage models/ }).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('button', { name: 'Models on Course CPU' })).toBeVisible();
});

test('first run with no server answering: a welcome, not an alert; adding a server gets to an answer', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await withHostConfig(page, {
    servers: [{ id: 'gone', name: 'Course GPU', baseUrl: 'http://127.0.0.1:9' }],
  });
  await page.goto(PREVIEW);
  const welcome = page.getByRole('region', { name: 'Welcome' });
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('Course GPU');
  await expect(welcome).toContainText(/reach/i);
  await expect(page.getByRole('alert')).toBeEmpty();

  await welcome.getByRole('button', { name: 'Add a server' }).click();
  const dialog = page.getByRole('dialog', { name: 'Servers' });
  await dialog.getByRole('button', { name: 'Ollama on this computer' }).click();
  await expect(dialog.getByLabel('Base URL')).toHaveValue('http://localhost:11434');
  await dialog.getByLabel('Base URL').fill(ollama.url);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(welcome).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await ask(page, 'hello at last');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
});
