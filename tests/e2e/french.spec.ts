import { expect, lastAnswer, PREVIEW, test, type FakeOllama } from './fixtures';
import type { Page } from '@playwright/test';

// A browser whose first language is French gets the interface in French, and Settings → Language
// switches it back to English for good. The names here are the French ones a student reads.
test.use({ locale: 'fr-FR' });

async function openInFrench(page: Page, server: FakeOllama): Promise<void> {
  await page.goto(`${PREVIEW}?server=${encodeURIComponent(server.url)}`);
  await expect(page.getByRole('combobox', { name: 'Modèle' })).toBeEnabled();
}

async function askInFrench(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Envoyer' }).click();
}

test('with navigator.language fr-FR the page is French: Envoyer, a streamed answer, a French alert', async ({
  page,
  ollama,
}) => {
  expect(await page.evaluate(() => navigator.language)).toBe('fr-FR');
  await openInFrench(page, ollama);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('button', { name: 'Nouvelle conversation' }).first()).toBeVisible();
  await expect(page.getByRole('log', { name: 'Conversation' })).toContainText('Posez votre question');

  await askInFrench(page, 'Bonjour, qui es-tu ?');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(lastAnswer(page)).toContainText('You said');
  await expect(page.getByRole('button', { name: 'Envoyer' })).toBeVisible();

  // The failure words (their own lazily loaded chunk) are French too.
  ollama.fault({ kind: 'status', status: 503 });
  await askInFrench(page, 'Encore une question');
  await expect(page.getByRole('alert')).toContainText('est occupé');
  await expect(page.getByRole('alert')).toContainText('Réessayez dans un instant');
  await expect(page.getByRole('alert')).not.toContainText('is busy');
});

test('switching to English in Settings reloads the page in English, keeps the text being typed, and it stays English after a reload', async ({
  page,
  ollama,
}) => {
  await openInFrench(page, ollama);
  // A question half typed before the change is still there after the reload.
  await page.getByRole('textbox', { name: 'Message' }).fill('Une question à moitié écrite');
  await page.getByRole('button', { name: 'Réglages' }).click();
  const dialog = page.getByRole('dialog', { name: 'Réglages' });
  await expect(dialog.getByText('Température')).toBeVisible();
  const language = dialog.getByRole('combobox', { name: 'Langue' });
  await expect(language).toHaveValue('fr');
  await language.selectOption({ label: 'English' });
  await Promise.all([page.waitForEvent('load'), dialog.getByRole('button', { name: 'Enregistrer' }).click()]);

  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('Une question à moitié écrite');
  await page.getByRole('textbox', { name: 'Message' }).fill('');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(
    page.getByRole('dialog', { name: 'Settings' }).getByRole('combobox', { name: 'Language' }),
  ).toHaveValue('en');
});
