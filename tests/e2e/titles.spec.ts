// Chat titles written by the model after the first answer (issue 17, point 4): off by default, a
// setting that sticks, one short request that is not streamed, and never over the user's own name.
import { ask, chatRequests, expect, lastAnswer, openApp, test } from './fixtures';

test('with "Generate chat titles" on, the model names a new chat after its first answer', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  const chats = page.getByRole('navigation', { name: 'Chats' });

  // Off by default: the title is the first question, and the server gets the question only.
  await ask(page, 'what is a closure in javascript');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(chats.getByRole('listitem').first()).toContainText('what is a closure in javascript');
  expect(chatRequests(ollama)).toHaveLength(1);

  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const setting = dialog.getByRole('checkbox', { name: 'Generate chat titles' });
  await expect(setting).not.toBeChecked();
  await expect(setting).toHaveAccessibleDescription(/one more request/);
  await setting.check();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'New chat' }).click();
  await ask(page, 'quelle est la capitale de la France ?');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  // The fake model answers `"Quelle Est La Capitale"`, quotes and all; the quotes go.
  await expect(chats.getByRole('listitem').first()).toHaveText(/^Quelle Est La Capitale/);
  await expect(page).toHaveTitle(/^Quelle Est La Capitale · Causerie/);
  const title = chatRequests(ollama).at(-1)!.body as { stream: boolean; messages: { content: string }[] };
  expect(title.stream).toBe(false);
  expect(title.messages[0]!.content).toBe('quelle est la capitale de la France ?');
  expect(title.messages.at(-1)!.content).toMatch(/title .* at most 6 words/);
  await expect(page.getByRole('alert')).toBeEmpty();

  // A second answer does not rename the chat again.
  await ask(page, 'et de l’Italie ?');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  expect(chatRequests(ollama)).toHaveLength(4);

  // The setting and the title stay after a reload.
  await page.reload();
  await expect(chats.getByRole('listitem').first()).toHaveText(/^Quelle Est La Capitale/);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('checkbox', { name: 'Generate chat titles' })).toBeChecked();
});

test('a title that fails is silent: no alert, and the chat keeps its first question as title', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('checkbox', { name: 'Generate chat titles' }).check();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();
  // The title request (the one that is not streamed) meets a server that falls over.
  let refused = 0;
  await page.route('**/api/chat', async (route) => {
    if ((route.request().postDataJSON() as { stream?: boolean }).stream !== false) return route.fallback();
    refused++;
    await route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: '{"error":"llama runner process has terminated"}',
    });
  });
  await ask(page, 'name this chat please');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect.poll(() => refused).toBe(1);
  await expect(page.getByRole('alert')).toBeEmpty();
  await expect(page.getByRole('navigation', { name: 'Chats' }).getByRole('listitem').first()).toContainText(
    'name this chat please',
  );
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
});
