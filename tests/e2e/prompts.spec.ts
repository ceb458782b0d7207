// Saved prompts (issue 17, point 4): made in their dialog, picked with `/` in the message box by
// keyboard or pointer, inserted as text or set as the chat's system prompt, kept across reloads.
import type { Page } from '@playwright/test';
import { ask, chatRequests, expect, lastAnswer, openApp, test } from './fixtures';

const box = (page: Page) => page.getByRole('textbox', { name: 'Message' });
const list = (page: Page) => page.getByRole('listbox', { name: 'Saved prompts' });

async function addPrompt(page: Page, name: string, kind: 'Message text' | 'System prompt', text: string) {
  const dialog = page.getByRole('dialog', { name: 'Saved prompts' });
  await dialog.getByRole('button', { name: 'Add a prompt' }).click();
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('combobox', { name: 'Use as' }).selectOption({ label: kind });
  await dialog.getByRole('textbox', { name: 'Text' }).fill(text);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('button', { name: 'Add a prompt' })).toBeFocused();
}

/** Opens the dialog from a lone `/` and adds two prompts. */
async function makeLibrary(page: Page) {
  await box(page).fill('/');
  await expect(list(page).getByRole('option')).toHaveText(['Manage saved prompts…']);
  await box(page).press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Saved prompts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('No saved prompts yet.');
  await addPrompt(page, 'Explain code', 'Message text', 'Explain this code step by step:');
  await addPrompt(page, 'Pirate', 'System prompt', 'Answer like a pirate.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(box(page)).toBeFocused();
}

test('a saved prompt is made, picked with / and sent', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await makeLibrary(page);

  // The list is back under the `/`, with the new prompts.
  await expect(list(page).getByRole('option')).toHaveText([
    /^Explain code/,
    /^Pirate\s*system/,
    'Manage saved prompts…',
  ]);
  await box(page).pressSequentially('ex');
  await expect(list(page).getByRole('option')).toHaveText([/^Explain code/]);
  await box(page).press('Enter');
  await expect(list(page)).toBeHidden();
  await expect(box(page)).toHaveValue('Explain this code step by step:');
  // Nothing was sent by that Enter.
  expect(chatRequests(ollama)).toHaveLength(0);
  await box(page).pressSequentially(' x = 1');
  await box(page).press('Enter');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const sent = chatRequests(ollama)[0]!.body as { messages: { role: string; content: string }[] };
  expect(sent.messages.at(-1)).toEqual({ role: 'user', content: 'Explain this code step by step: x = 1' });

  // A click picks too; the library is still there after a reload.
  await page.reload();
  await box(page).fill('/');
  await list(page)
    .getByRole('option', { name: /^Explain code/ })
    .click();
  await expect(box(page)).toHaveValue('Explain this code step by step:');
  await expect(box(page)).toBeFocused();
});

test('the / list by keyboard: arrows, Enter sets a system prompt, Escape closes; a path is just sent', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await makeLibrary(page);
  const options = list(page).getByRole('option');
  const selected = () => list(page).locator('[role="option"][aria-selected="true"]');
  const pointedAt = async () => (await box(page).getAttribute('aria-activedescendant')) ?? '';

  await expect(box(page)).toHaveAttribute('aria-controls', (await list(page).getAttribute('id'))!);
  await expect(selected()).toHaveText(/^Explain code/);
  expect(await pointedAt()).toBe(await selected().getAttribute('id'));
  await box(page).press('ArrowDown');
  await expect(selected()).toHaveText(/^Pirate/);
  expect(await pointedAt()).toBe(await options.nth(1).getAttribute('id'));
  await box(page).press('ArrowDown');
  await box(page).press('ArrowDown');
  await expect(selected()).toHaveText(/^Explain code/);
  await box(page).press('ArrowUp');
  await expect(selected()).toHaveText('Manage saved prompts…');

  // Escape closes the list and keeps the text; typing opens it again, narrowed.
  await box(page).press('Escape');
  await expect(list(page)).toBeHidden();
  await expect(box(page)).not.toHaveAttribute('aria-activedescendant');
  await expect(box(page)).toHaveValue('/');
  await box(page).pressSequentially('pir');
  await expect(options).toHaveText([/^Pirate/]);
  await box(page).press('Enter');
  await expect(box(page)).toHaveValue('');
  await expect(page.getByText('System prompt of this chat: “Pirate”')).toBeVisible();
  await ask(page, 'hello');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const first = chatRequests(ollama).at(-1)!.body as { messages: { role: string; content: string }[] };
  expect(first.messages[0]).toEqual({ role: 'system', content: 'Answer like a pirate.' });

  // A message that starts with / but names no prompt is sent as it is.
  await ask(page, '/usr/bin holds what?');
  await expect(list(page)).toBeHidden();
  await expect.poll(() => chatRequests(ollama).length).toBe(2);
  const second = chatRequests(ollama).at(-1)!.body as { messages: { content: string }[] };
  expect(second.messages.at(-1)!.content).toBe('/usr/bin holds what?');
});

test('prompts are edited and deleted (with Undo) in their dialog; a nameless one is refused', async ({
  page,
  ollama,
}) => {
  await openApp(page, ollama);
  await makeLibrary(page);
  await box(page).press('ArrowUp');
  await box(page).press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Saved prompts' });

  await dialog.getByRole('button', { name: 'Add a prompt' }).click();
  await dialog.getByRole('textbox', { name: 'Text' }).fill('no name');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(
    'Give the prompt a name.',
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await dialog.getByRole('button', { name: 'Edit “Explain code”' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Text' })).toHaveValue('Explain this code step by step:');
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Review code');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('listitem')).toHaveText([/^Pirate/, /^Review code/]);

  await dialog.getByRole('button', { name: 'Delete “Pirate”' }).click();
  await expect(dialog.getByRole('listitem')).toHaveText([/^Review code/]);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(dialog.getByRole('listitem')).toHaveText([/^Pirate/, /^Review code/]);
});
