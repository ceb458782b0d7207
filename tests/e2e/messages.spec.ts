import type { Page } from '@playwright/test';
import { ask, chatRequests, expect, lastAnswer, openApp, reloadWhenStored, test } from './fixtures';

const log = (page: Page) => page.getByRole('log', { name: 'Conversation' });

async function setOptions(page: Page, values: Record<string, string>) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  for (const [name, v] of Object.entries(values)) await dialog.getByLabel(name).fill(v);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('regenerate keeps the earlier answer as an alternative; the chat continues from the one shown', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  let n = 0;
  ollama.setOptions({ replies: { 'llama3.2:latest': () => `Answer number ${++n}.` } });
  await openApp(page, ollama);
  await ask(page, 'pick a number');
  await expect(lastAnswer(page)).toContainText('Answer number 1.');
  await lastAnswer(page).getByRole('button', { name: 'Regenerate answer' }).click();
  await expect(lastAnswer(page)).toContainText('Answer number 2.');
  await expect(lastAnswer(page)).toContainText('2 / 2');
  await lastAnswer(page).getByRole('button', { name: 'Previous alternative' }).click();
  await expect(lastAnswer(page)).toContainText('Answer number 1.');
  await expect(lastAnswer(page)).toContainText('1 / 2');

  await ask(page, 'and then?');
  await expect(lastAnswer(page)).toContainText('Answer number 3.');
  const sent = chatRequests(ollama).at(-1)!.body as { messages: { content: string }[] };
  expect(sent.messages.map((x) => x.content)).toEqual(['pick a number', 'Answer number 1.', 'and then?']);

  // The choice survives a reload.
  await page.reload();
  await expect(log(page).locator('[data-role="assistant"]').first()).toContainText('Answer number 1.');
});

test('editing a question sends it again as a new branch; the old one stays reachable', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'frist question');
  await expect(lastAnswer(page)).toContainText('You said: "frist question"');
  const question = log(page).locator('[data-role="user"]').first();
  await question.getByRole('button', { name: 'Edit question' }).click();
  const edit = page.getByRole('textbox', { name: 'Edited question' });
  await edit.fill('first question');
  await edit.press('Enter');
  await expect(lastAnswer(page)).toContainText('You said: "first question"');
  await expect(question).toContainText('2 / 2');
  await question.getByRole('button', { name: 'Previous alternative' }).click();
  await expect(lastAnswer(page)).toContainText('You said: "frist question"');
});

test('copy a message, copy the conversation as Markdown, delete a message', async ({
  page,
  context,
  ollama,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  ollama.setOptions({ rate: 0, replies: { 'llama3.2:latest': 'A **bold** reply.' } });
  await openApp(page, ollama);
  await ask(page, 'one');
  await expect(lastAnswer(page)).toContainText('A bold reply.');
  await lastAnswer(page).getByRole('button', { name: 'Copy message' }).click();
  // The copy is written after the click returns: the clipboard is read until it holds it.
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('A **bold** reply.');

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('button', { name: 'Copy conversation as Markdown' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('## You\n\none');
  const md = await page.evaluate(() => navigator.clipboard.readText());
  expect(md).toContain('## llama3.2:latest\n\nA **bold** reply.');
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();

  await ask(page, 'two');
  await expect(log(page).locator('[data-role]')).toHaveCount(4);
  await log(page)
    .locator('[data-role="user"]')
    .nth(1)
    .getByRole('button', { name: 'Delete message' })
    .click();
  await expect(log(page).locator('[data-role]')).toHaveCount(2);
  await reloadWhenStored(page);
  await expect(log(page).locator('[data-role]')).toHaveCount(2);
});

test('an image attached for a vision model reaches it as raw base64', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('llava:7b');
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  await page
    .locator('form.composer input[type=file]')
    .setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByRole('img', { name: 'dot.png' })).toBeVisible();
  await ask(page, 'what is this?');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const body = chatRequests(ollama).at(-1)!.body as { messages: { images?: string[] }[] };
  expect(body.messages.at(-1)?.images).toEqual([png.toString('base64')]);
  // The thumbnail stays in the history, also after a reload.
  await page.reload();
  await expect(log(page).getByRole('img', { name: 'Image 1' })).toBeVisible();
});

test('attaching an image for a model without vision warns before sending', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await page.locator('form.composer input[type=file]').setInputFiles({
    name: 'x.png',
    mimeType: 'image/png',
    buffer: Buffer.from([137, 80, 78, 71]),
  });
  await page.getByRole('textbox', { name: 'Message' }).fill('look');
  await expect(page.getByText('cannot see images')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Send anyway' }).click();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
});

test('a thinking model’s reasoning streams into a collapsible section', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 60 });
  await openApp(page, ollama);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('qwen3:4b');
  await expect(page.getByRole('switch', { name: 'Think' })).toBeChecked();
  await ask(page, 'why is the sky blue?');
  const section = lastAnswer(page).locator('details');
  await expect(section).toContainText('The user said "why is the sky blue?"');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
  await expect(section.locator('summary')).toHaveText(/Thought for/);
  expect((chatRequests(ollama).at(-1)!.body as { think?: boolean }).think).toBe(true);
  // Answer text is outside the thinking section.
  await expect(lastAnswer(page).locator('.body')).toContainText('You said');
  await expect(lastAnswer(page).locator('.body')).not.toContainText('The user said');

  // Non-thinking models never get `think`.
  await page.getByRole('combobox', { name: 'Model' }).selectOption('llama3.2:latest');
  await expect(page.getByRole('switch', { name: 'Think' })).toHaveCount(0);
  await ask(page, 'plain');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
  expect(chatRequests(ollama).at(-1)!.body).not.toHaveProperty('think');
});

test('stats show for every answer, and an answer cut by num_predict says so', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await setOptions(page, { num_predict: '5' });
  await ask(page, 'a long answer please');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const stats = lastAnswer(page).locator('.stats');
  await expect(stats).toContainText('5 tokens');
  await expect(stats).toContainText('cut off by the token limit');
  await expect(stats).toContainText('first token');
  await expect(stats).toContainText('tok/s');
});

test('a conversation that outgrows num_ctx gets a warning that offers to raise it', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await setOptions(page, { num_ctx: '64' });
  await ask(page, 'Tell me everything about the history of the Roman Empire, in as much detail as you can.');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const warning = lastAnswer(page).getByRole('note');
  await expect(warning).toContainText('no longer fits');
  await warning.getByRole('button', { name: /Raise num_ctx to \d+/ }).click();
  await ask(page, 'next');
  // The answer before is done too: wait for the new request, then for its answer.
  await expect.poll(() => chatRequests(ollama).length).toBe(2);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const opts = (chatRequests(ollama).at(-1)!.body as { options: { num_ctx: number } }).options;
  expect(opts.num_ctx).toBeGreaterThan(64);
});

test('images can also be pasted or dropped into the composer', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('llava:7b');
  const dot =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const pasted = new DataTransfer();
    pasted.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
    document
      .querySelector('textarea')!
      .dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
    const dropped = new DataTransfer();
    dropped.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
    dropped.items.add(new File(['not an image'], 'notes.txt', { type: 'text/plain' }));
    document
      .querySelector('form.composer')!
      .dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
  }, dot);
  await expect(page.getByRole('img', { name: 'pasted.png' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'dropped.png' })).toBeVisible();
  // A text file is a document now (issue 14): it goes with the question as a document.
  await expect(page.getByRole('list', { name: 'Documents' })).toContainText('notes.txt');
  await ask(page, 'two pictures');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const body = chatRequests(ollama).at(-1)!.body as { messages: { images?: string[] }[] };
  expect(body.messages.at(-1)?.images).toEqual([dot, dot]);
});
