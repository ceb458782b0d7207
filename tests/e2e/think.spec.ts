// Thinking (issue 12, point 1): since Ollama 0.12.4 a thinking model thinks unless told
// `think: false`, so the Think switch must send false when it is off.
import { ask, chatRequests, expect, lastAnswer, openApp, test } from './fixtures';

const thinkOf = (body: unknown) => (body as { think?: unknown }).think;

test('with Think off a thinking model gets "think": false and answers without thinking', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('qwen3:4b');
  const toggle = page.getByRole('switch', { name: 'Think' });
  await expect(toggle).toBeChecked();

  await ask(page, 'with thinking');
  await expect.poll(() => chatRequests(ollama).length).toBe(1);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  expect(thinkOf(chatRequests(ollama)[0]!.body)).toBe(true);
  await expect(lastAnswer(page).getByText(/Thought|Thinking/)).toBeVisible();

  await toggle.uncheck();
  await ask(page, 'no thinking please');
  await expect.poll(() => chatRequests(ollama).length).toBe(2);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  expect(thinkOf(chatRequests(ollama)[1]!.body)).toBe(false);
  await expect(lastAnswer(page).getByText(/Thought|Thinking/)).toHaveCount(0);

  // A model without the capability gets no `think` field at all (Ollama would answer 400).
  await page.getByRole('combobox', { name: 'Model' }).selectOption('llama3.2:latest');
  await expect(page.getByRole('switch', { name: 'Think' })).toHaveCount(0);
  await ask(page, 'plain');
  await expect.poll(() => chatRequests(ollama).length).toBe(3);
  expect(thinkOf(chatRequests(ollama)[2]!.body)).toBeUndefined();
});
