import type { Locator, Page } from '@playwright/test';
import { chatRequests, expect, lastAnswer, PREVIEW, startServer, test, withHostConfig } from './fixtures';

// The whole journey with the keyboard alone (page.keyboard, never the mouse and never a locator's
// click or fill): after each step the focus is on something, and it shows.

/** Presses Tab (or Shift+Tab) until `target` has the focus. */
async function tabTo(page: Page, target: Locator, back = false): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Presses ArrowDown on the focused picker until it shows `value`. */
async function arrowTo(page: Page, picker: Locator, value: string): Promise<void> {
  for (let i = 0; i < 12 && (await picker.inputValue()) !== value; i++)
    await page.keyboard.press('ArrowDown');
  await expect(picker).toHaveValue(value);
}

/** The focus is on an element (not the page) and its focus ring shows. */
async function expectFocusShown(page: Page, step: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return 'on the page';
          return getComputedStyle(el).outlineStyle === 'none'
            ? `no ring on ${el.outerHTML.slice(0, 80)}`
            : 'ok';
        }),
      { message: step },
    )
    .toBe('ok');
}

test('keyboard only: pick server and model, ask, Stop, older chat, rename, Settings, add a server with a login, compare', async ({
  page,
  ollama,
}) => {
  test.setTimeout(90_000);
  const lab = await startServer({ rate: 15 });
  const gpu = await startServer({ rate: 0, basicAuth: { username: 'student', password: 'gpu-pass' } });
  try {
    await withHostConfig(page, {
      servers: [
        { id: 'cpu', name: 'CPU server', baseUrl: ollama.url },
        { id: 'lab', name: 'Lab server', baseUrl: lab.url },
      ],
      defaultServer: 'cpu',
    });
    await page.goto(PREVIEW);
    const serverPicker = page.getByRole('combobox', { name: 'Server' });
    const modelPicker = page.getByRole('combobox', { name: 'Model' });
    const box = page.getByRole('textbox', { name: 'Message' });
    const chats = page.getByRole('navigation', { name: 'Chats' });
    await expect(modelPicker).toBeEnabled();

    // Page load: the first Tab is the skip link.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to the message box' })).toBeFocused();
    await expectFocusShown(page, 'skip link');

    // Pick a server, then a model.
    await tabTo(page, serverPicker);
    await arrowTo(page, serverPicker, 'lab');
    await expect(modelPicker).toBeEnabled();
    await expectFocusShown(page, 'server picked');
    await tabTo(page, modelPicker);
    await arrowTo(page, modelPicker, 'llama3.2:latest');
    await expectFocusShown(page, 'model picked');

    // Ask: an older chat to come back to.
    await tabTo(page, box);
    await page.keyboard.type('first question');
    await page.keyboard.press('Enter');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
    await expectFocusShown(page, 'asked');

    // A new chat, a question, and Escape from the Stop button (a slow answer: it must still be
    // streaming once Tab has reached Stop).
    lab.setOptions({ rate: 5 });
    await page.keyboard.press('Control+Shift+O');
    await expect(box).toBeFocused();
    await page.keyboard.type('second question, with a long answer');
    await page.keyboard.press('Enter');
    await expect(lastAnswer(page)).toContainText('You said');
    const stop = page.getByRole('button', { name: 'Stop' });
    await tabTo(page, stop);
    await expectFocusShown(page, 'on Stop');
    await page.keyboard.press('Escape');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'stopped');
    await expect(stop).toBeHidden();
    await expectFocusShown(page, 'stopped');

    // Open the older chat from the list.
    const older = chats.getByRole('button', { name: 'first question', exact: true });
    await tabTo(page, older, true);
    await page.keyboard.press('Enter');
    await expect(lastAnswer(page)).toContainText('first question');
    await expectFocusShown(page, 'older chat open');

    // Rename it.
    await tabTo(page, chats.getByRole('button', { name: 'Rename “first question”' }), true);
    await page.keyboard.press('Enter');
    await expect(chats.getByRole('textbox', { name: 'Chat title' })).toBeFocused();
    await expectFocusShown(page, 'renaming');
    await page.keyboard.type('Keyboard chat');
    await page.keyboard.press('Enter');
    await expect(chats.getByRole('button', { name: 'Keyboard chat', exact: true })).toBeFocused();
    await expectFocusShown(page, 'renamed');

    // Settings: the temperature.
    const settingsButton = page.getByRole('button', { name: 'Settings', exact: true });
    await tabTo(page, settingsButton);
    await page.keyboard.press('Enter');
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await expect(settings).toBeVisible();
    await expectFocusShown(page, 'Settings open');
    await tabTo(page, settings.getByLabel('temperature'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0.3');
    await tabTo(page, settings.getByRole('button', { name: 'Save', exact: true }));
    await page.keyboard.press('Enter');
    await expect(settings).toBeHidden();
    await expect(settingsButton).toBeFocused();
    await expectFocusShown(page, 'Settings saved');

    // Add a server with a login.
    const serversButton = page.getByRole('button', { name: 'Servers', exact: true });
    await tabTo(page, serversButton);
    await page.keyboard.press('Enter');
    const servers = page.getByRole('dialog', { name: 'Servers' });
    await tabTo(page, servers.getByRole('button', { name: 'Add server' }));
    await page.keyboard.press('Enter');
    await tabTo(page, servers.getByLabel('Name', { exact: true }));
    await page.keyboard.type('GPU server');
    await tabTo(page, servers.getByLabel('Base URL', { exact: true }));
    await page.keyboard.type(gpu.url);
    const auth = servers.getByLabel('Authentication');
    await tabTo(page, auth);
    await arrowTo(page, auth, 'basic');
    await tabTo(page, servers.getByLabel('Username', { exact: true }));
    await page.keyboard.type('student');
    await tabTo(page, servers.getByLabel('Password', { exact: true }));
    await page.keyboard.type('gpu-pass');
    await expectFocusShown(page, 'server form filled');
    await page.keyboard.press('Enter');
    await expect(servers.getByRole('button', { name: 'Edit GPU server' })).toBeFocused();
    await expectFocusShown(page, 'server added');
    await page.keyboard.press('Escape');
    await expect(servers).toBeHidden();
    await expect(serversButton).toBeFocused();
    await expect(serverPicker.locator('option:checked')).toHaveText('GPU server');
    await expect(modelPicker).toBeEnabled();
    await expectFocusShown(page, 'back from Servers');

    // Compare two models of the new server.
    await tabTo(page, page.getByRole('button', { name: 'Compare', exact: true }));
    await page.keyboard.press('Enter');
    const setup = page.getByRole('group', { name: 'Models to compare' });
    for (const model of ['llama3.2:latest', 'qwen3:4b']) {
      // The GPU server's models are listed last.
      await tabTo(page, setup.getByRole('checkbox', { name: model }).last());
      await page.keyboard.press('Space');
      await expectFocusShown(page, `${model} checked`);
    }
    await tabTo(page, box);
    await page.keyboard.type('compare these');
    await page.keyboard.press('Enter');
    const comparison = page.getByRole('region', { name: 'Comparison' });
    await expect(comparison.locator('[data-status="done"]')).toHaveCount(2, { timeout: 15_000 });
    await expectFocusShown(page, 'compared');
    const sent = chatRequests(gpu).map(
      (r) => r.body as { model: string; options?: { temperature?: number } },
    );
    expect(sent.map((b) => b.model).sort()).toEqual(['llama3.2:latest', 'qwen3:4b']);
    expect(sent.every((b) => b.options?.temperature === 0.3)).toBe(true);
  } finally {
    await lab.close();
    await gpu.close();
  }
});
