import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { ask, expect, lastAnswer, openApp, test } from './fixtures';

const chats = (page: Page) => page.getByRole('navigation', { name: 'Chats' });

async function exportAll(
  page: Page,
): Promise<{ text: string; data: { sessions: unknown[]; images: unknown } }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export all chats' }).click(),
  ]);
  const text = await readFile((await download.path())!, 'utf8');
  return { text, data: JSON.parse(text) };
}

async function importText(page: Page, name: string, text: string) {
  await chats(page)
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('export everything, delete everything, import: the same chats come back', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'first chat');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await lastAnswer(page).getByRole('button', { name: 'Regenerate answer' }).click();
  await expect(lastAnswer(page)).toContainText('2 / 2');
  await page.getByRole('button', { name: 'New chat', exact: true }).click();
  await page.getByRole('combobox', { name: 'Model' }).selectOption('llava:7b');
  await page.locator('form.composer input[type=file]').setInputFiles({
    name: 'dot.png',
    mimeType: 'image/png',
    buffer: Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    ),
  });
  await ask(page, 'second chat with an image');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');

  const before = await exportAll(page);
  expect(before.data.sessions).toHaveLength(2);

  for (const title of ['first chat', 'second chat with an image']) {
    await chats(page).getByRole('listitem').filter({ hasText: title }).hover();
    await chats(page)
      .getByRole('button', { name: `Delete “${title}”` })
      .click();
    await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).click();
  }
  await expect(chats(page).getByText('No chats yet')).toBeVisible();

  await importText(page, 'export.json', before.text);
  await expect(page.getByRole('status').filter({ hasText: 'Imported: 2 new' })).toBeVisible();
  await expect(chats(page).getByRole('button', { name: 'first chat', exact: true })).toBeVisible();
  const after = await exportAll(page);
  expect(after.data.sessions).toEqual(before.data.sessions);
  expect(after.data.images).toEqual(before.data.images);

  await chats(page).getByRole('button', { name: 'first chat', exact: true }).click();
  await expect(lastAnswer(page)).toContainText('2 / 2');
});

test('a corrupt import file changes nothing and says what is wrong', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'keep me');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const before = await exportAll(page);

  await importText(page, 'cut.json', before.text.slice(0, before.text.length / 2));
  await expect(page.getByRole('alert')).toContainText('Nothing was imported');
  await expect(page.getByRole('alert')).toContainText('not valid JSON');

  const broken = JSON.parse(before.text);
  broken.sessions[0].messages[1].role = 'wizard';
  await importText(page, 'bad.json', JSON.stringify(broken));
  await expect(page.getByRole('alert')).toContainText('sessions[0].messages[1].role');

  const after = await exportAll(page);
  expect(after.data.sessions).toEqual(before.data.sessions);
  await expect(chats(page).getByRole('listitem')).toHaveCount(1);
});
