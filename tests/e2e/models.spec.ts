import { expect, openApp, test } from './fixtures';

test('pull a model with progress, then delete one, from the Servers dialog', async ({ page, ollama }) => {
  await openApp(page, ollama);
  await page.getByRole('button', { name: 'Servers' }).click();
  await page.getByRole('button', { name: /^Models on / }).click();
  const section = page.getByRole('region', { name: /^Models on / });
  await expect(section.getByRole('listitem')).toHaveCount(5);

  await section.getByLabel('Model to pull').fill('tinyllama');
  await section.getByRole('button', { name: 'Pull' }).click();
  await expect(section.getByRole('progressbar', { name: 'Download progress' })).toBeVisible();
  await expect(section.getByRole('status')).toContainText('tinyllama is ready.', { timeout: 10_000 });
  await expect(section.getByRole('listitem').filter({ hasText: 'tinyllama:latest' })).toBeVisible();
  const pull = ollama.requests.find((r) => r.method === 'POST' && r.path === '/api/pull');
  expect(pull?.body).toMatchObject({ model: 'tinyllama', stream: true });

  // Delete asks once more before it deletes.
  await section.getByRole('button', { name: 'Delete llava:7b' }).click();
  await section.getByRole('button', { name: 'Really delete llava:7b?' }).click();
  await expect(section.getByRole('listitem').filter({ hasText: 'llava:7b' })).toHaveCount(0);
  expect(ollama.requests.some((r) => r.method === 'DELETE' && r.path === '/api/delete')).toBe(true);

  // The Model picker follows: the pulled model is there, the deleted one is gone.
  await section.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('dialog', { name: 'Servers' }).getByRole('button', { name: 'Close' }).click();
  const names = (await page.getByRole('combobox', { name: 'Model' }).locator('option').allTextContents()).map(
    (o) => o.split(' · ')[0],
  );
  expect(names).toContain('tinyllama:latest');
  expect(names).not.toContain('llava:7b');
});

test('a model the library does not have fails with the server’s words', async ({ page, ollama }) => {
  await openApp(page, ollama);
  await page.getByRole('button', { name: 'Servers' }).click();
  await page.getByRole('button', { name: /^Models on / }).click();
  const section = page.getByRole('region', { name: /^Models on / });
  await section.getByLabel('Model to pull').fill('no-such-model');
  await section.getByRole('button', { name: 'Pull' }).click();
  await expect(section.getByRole('status')).toContainText('file does not exist', { timeout: 10_000 });
});
