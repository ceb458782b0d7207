import { expect, openApp, test } from './fixtures';

test('a 600-message chat opens on its newest messages and keeps the DOM small while scrolling', async ({
  page,
  ollama,
}) => {
  // It scrolls through 600 messages page by page: on a loaded 2-core machine that outlasts 30 s.
  test.setTimeout(90_000);
  await openApp(page, ollama);
  const now = Date.now() - 1_000_000;
  const messages = Array.from({ length: 600 }, (_, i) => ({
    id: `m${i}`,
    sessionId: 'long',
    parentId: i === 0 ? null : `m${i - 1}`,
    role: i % 2 ? 'assistant' : 'user',
    content:
      i % 2
        ? `Answer ${i}\n\n- a point\n- another point\n\n\`\`\`js\nconst n = ${i};\n\`\`\``
        : `Question ${i}`,
    status: 'done',
    createdAt: now + i,
  }));
  const file = {
    format: 'causerie',
    schemaVersion: 1,
    exportedAt: new Date().toISOString(),
    app: 'Causerie',
    sessions: [
      {
        session: {
          id: 'long',
          title: 'A long chat',
          createdAt: now,
          updatedAt: now + 600,
          systemPrompt: '',
          options: {},
        },
        messages,
      },
    ],
    images: {},
  };
  const nav = page.getByRole('navigation', { name: 'Chats' });
  await nav.locator('input[type=file]').setInputFiles({
    name: 'long.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file)),
  });
  await nav.getByRole('button', { name: 'A long chat', exact: true }).click();

  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.locator('[data-role]').last()).toContainText('Answer 599');
  const shown = () => log.locator('[data-role]').count();
  expect(await shown()).toBeLessThanOrEqual(12);

  // Scrolling to the top again and again reaches the first question; the DOM never holds them all.
  const scroller = page.locator('.scroller');
  // However long each older page takes to come in on a slow machine: scrolled until it is there.
  let most = 0;
  await expect(async () => {
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await page.waitForTimeout(40);
    most = Math.max(most, await shown());
    expect(await log.getByText('Question 0', { exact: true }).count()).toBeGreaterThan(0);
  }).toPass({ timeout: 60_000, intervals: [0] });
  await expect(log.getByText('Question 0', { exact: true })).toBeVisible();
  expect(most).toBeLessThanOrEqual(40);

  // Jump to latest brings back the newest messages.
  await page.getByRole('button', { name: /Jump to latest/ }).click();
  await expect(log.locator('[data-role]').last()).toContainText('Answer 599');
  await expect(log.locator('[data-role]').last()).toBeInViewport();
});
