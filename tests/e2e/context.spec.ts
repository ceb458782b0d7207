// The server drops the start of a long conversation without saying so (as Ollama does): the answer
// says it (issue 12, point 3).
import type { Page } from '@playwright/test';
import { ask, chatRequests, expect, lastAnswer, openApp, test } from './fixtures';

async function setNumCtx(page: Page, n: string) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('num_ctx').fill(n);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('when the server drops the oldest messages to fit, the answer carries a context warning', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await setNumCtx(page, '400');
  const long = (n: number) =>
    `Question ${n}: ${'please explain this part of the course in detail. '.repeat(16)}`;
  for (let i = 1; i <= 3; i++) {
    await ask(page, long(i));
    await expect.poll(() => chatRequests(ollama).length).toBe(i);
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  }
  // The third request held all three questions; the server kept only what fit.
  const sent = (chatRequests(ollama).at(-1)!.body as { messages: unknown[] }).messages;
  expect(sent.length).toBe(5);
  const warning = lastAnswer(page).locator('[data-warning="context"]');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('did not read the start');
  await expect(warning.getByRole('button', { name: /Raise num_ctx to \d+/ })).toBeVisible();
  // The first answer, which fitted, has none.
  await expect(
    page
      .getByRole('log', { name: 'Conversation' })
      .locator('[data-role="assistant"]')
      .first()
      .locator('[data-warning]'),
  ).toHaveCount(0);
});
