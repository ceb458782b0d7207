import { mkdirSync } from 'node:fs';
import { defaultReply } from '../fake-ollama/replies.mjs';
import { SUBPATH_PREVIEW, ask, chatRequests, expect, lastAnswer, openApp, test } from './fixtures';

const replyTo = (q: string): string => defaultReply([{ role: 'user', content: q }]);

test('the Model picker lists exactly the server’s chat models', async ({ page, ollama }) => {
  await openApp(page, ollama);
  const options = await page.getByRole('combobox', { name: 'Model' }).locator('option').allTextContents();
  const names = options.map((o) => o.split(' · ')[0]);
  expect(names.sort()).toEqual(['llama3.2:latest', 'llava:7b', 'markdown:latest', 'qwen3:4b']);
  expect(names).not.toContain('all-minilm:latest');
});

test('a question streams its answer into the conversation', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 25 });
  await openApp(page, ollama);
  await ask(page, 'hello');
  const answer = lastAnswer(page);
  const full = replyTo('hello');

  // Partial text shows while the reply streams…
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(answer).toContainText('You said');
  const partial = (await answer.textContent()) ?? '';
  expect(partial.length).toBeLessThan(full.length);
  // …then the whole reply, marked done.
  await expect(answer).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
  await expect(answer).toContainText(full);
  expect(chatRequests(ollama)).toHaveLength(1);

  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/skeleton-wide.png' });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: 'test-results/screenshots/skeleton-phone.png' });
});

test('the build works under a subpath', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  const url = `${SUBPATH_PREVIEW}?server=${encodeURIComponent(ollama.url)}`;
  await page.goto(url);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await ask(page, 'from a subpath');
  await expect(lastAnswer(page)).toContainText(replyTo('from a subpath'));
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
});

test('the page runs under its Content-Security-Policy without violations', async ({ page, ollama }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content.Security.Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  await openApp(page, ollama);
  await ask(page, 'csp');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
  expect(violations).toEqual([]);
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain(
    "script-src 'self'",
  );
});
