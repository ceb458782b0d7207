import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { ask, expect, FOREIGN_PREVIEW, lastAnswer, openApp, reloadWhenStored, test } from './fixtures';

// Screenshots of each screen, light and dark, wide and phone-sized, saved as test artifacts
// (test-results/screenshots, ignored by git). The assertions are what a person would notice:
// nothing sticks out sideways on a phone, and the theme really changes.
const DIR = 'test-results/screenshots';
mkdirSync(DIR, { recursive: true });

const SIZES = { wide: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } } as const;

async function shoot(page: Page, name: string) {
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${DIR}/${name}.png` });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
}

for (const scheme of ['light', 'dark'] as const) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`screens: ${scheme}, ${size}`, async ({ page, ollama }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(viewport);
      ollama.setOptions({ rate: 0 });
      await openApp(page, ollama);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).toBe(scheme === 'dark' ? 'rgb(21, 23, 28)' : 'rgb(255, 255, 255)');
      await shoot(page, `${scheme}-${size}-empty`);
      // On a phone the message box does not list keys to press: its hint fits on one line.
      const hint = await page.getByRole('textbox', { name: 'Message' }).getAttribute('placeholder');
      expect(hint?.includes('Shift+Enter')).toBe(size === 'wide');

      await page.getByRole('combobox', { name: 'Model' }).selectOption('markdown:latest');
      await ask(page, 'Show me markdown tokens=600');
      await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
      await shoot(page, `${scheme}-${size}-answer`);

      await page.getByRole('button', { name: 'Servers' }).click();
      await shoot(page, `${scheme}-${size}-servers`);
      await page.getByRole('button', { name: 'Add server' }).click();
      await page.getByLabel('Authentication').selectOption('basic');
      await shoot(page, `${scheme}-${size}-server-form`);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await shoot(page, `${scheme}-${size}-settings`);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      await page.getByRole('checkbox', { name: 'llama3.2:latest' }).check();
      await page.getByRole('checkbox', { name: 'qwen3:4b' }).check();
      await ask(page, 'compare these');
      await expect(
        page.getByRole('region', { name: 'Comparison' }).locator('[data-status="done"]'),
      ).toHaveCount(2, {
        timeout: 15_000,
      });
      await shoot(page, `${scheme}-${size}-compare`);
    });
  }
}

test('screens: a CORS refusal explained, and the dark theme toggle', async ({ page, ollama }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${FOREIGN_PREVIEW}?server=${encodeURIComponent(ollama.url)}`);
  await expect(page.getByRole('region', { name: 'Welcome' })).toContainText('OLLAMA_ORIGINS');
  await shoot(page, 'light-wide-cors');
  // The toggle goes system → light → dark, and the choice is kept.
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await reloadWhenStored(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await shoot(page, 'dark-wide-cors');
});
