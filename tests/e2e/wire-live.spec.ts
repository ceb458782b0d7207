// Issue 12, what the first pass left: Chrome's Local Network Access told apart from a server that is
// down (in a page that asks the permission, as Chrome does for a public site calling this computer),
// and a drawing that another tab's write to the same chat must not take off the screen.
import type { Page } from '@playwright/test';
import { defaultModels } from '../fake-ollama/server.mjs';
import { IMAGE_MODELS } from '../fake-ollama/images.mjs';
import {
  ask,
  expect,
  FOREIGN_PREVIEW,
  lastAnswer,
  openApp,
  PREVIEW,
  test,
  type FakeOllama,
} from './fixtures';

/**
 * Plays Chrome 142+ for a page from elsewhere: the permission query knows the Local Network Access
 * names and says `state`; requests to the server fail before they leave the browser, as a blocked
 * prompt makes them (the no-cors probe too).
 */
async function localNetwork(page: Page, server: FakeOllama, state: 'denied' | 'prompt' | 'granted') {
  await page.addInitScript((s) => {
    const query = navigator.permissions.query.bind(navigator.permissions);
    const names = ['loopback-network', 'local-network', 'local-network-access'];
    navigator.permissions.query = (descriptor: PermissionDescriptor) =>
      names.includes(descriptor.name)
        ? Promise.resolve({ state: s, name: descriptor.name } as unknown as PermissionStatus)
        : query(descriptor);
  }, state);
  await page.route(`${server.url}/**`, (route) => route.abort('blockedbyclient'));
}

const welcome = (page: Page) => page.getByRole('region', { name: 'Welcome' });

test('a blocked Local Network Access prompt says how to allow it, not “Cannot reach”', async ({
  page,
  ollama,
}) => {
  await localNetwork(page, ollama, 'denied');
  await page.goto(`${FOREIGN_PREVIEW}?server=${encodeURIComponent(ollama.url)}`);
  const box = welcome(page);
  await expect(box).toContainText('Chrome did not let this page reach');
  await expect(box).toContainText('“Local network access”');
  await expect(box).toContainText('to Allow, then reload');
  await expect(box).not.toContainText('Cannot reach');
  // Nothing reached the server: the page's requests were stopped in the browser.
  expect(ollama.requests).toHaveLength(0);
});

test('a dismissed Local Network Access prompt says to choose Allow next time', async ({ page, ollama }) => {
  await localNetwork(page, ollama, 'prompt');
  await page.goto(`${FOREIGN_PREVIEW}?server=${encodeURIComponent(ollama.url)}`);
  const box = welcome(page);
  await expect(box).toContainText('The prompt was dismissed');
  await expect(box).toContainText('choose “Allow” when Chrome asks about the local network');
  await expect(box).not.toContainText('Cannot reach');
});

test('with Local Network Access granted, a server that does not answer is “Cannot reach”', async ({
  page,
  ollama,
}) => {
  await localNetwork(page, ollama, 'granted');
  await page.goto(`${FOREIGN_PREVIEW}?server=${encodeURIComponent(ollama.url)}`);
  const box = welcome(page);
  await expect(box).toContainText('Cannot reach');
  await expect(box).not.toContainText('Local Network Access');
});

test('a drawing stays on screen and arrives while another tab writes to the same chat', async ({
  context,
  ollama,
}) => {
  ollama.setOptions({
    rate: 0,
    models: [...defaultModels(), ...IMAGE_MODELS],
    tagsCapabilities: true,
    imageStepMs: 250,
  });
  const a = await context.newPage();
  await openApp(a, ollama);
  await ask(a, 'one');
  await expect(lastAnswer(a)).toHaveAttribute('data-status', 'done');
  const b = await context.newPage();
  await b.goto(PREVIEW);
  await expect(b.getByRole('log', { name: 'Conversation' }).locator('[data-role="assistant"]')).toHaveCount(
    1,
  );

  await a.getByRole('combobox', { name: 'Model' }).selectOption('x/z-image-turbo:latest');
  // 20 steps of 250 ms: the drawing lasts 5 s, longer than tab B's whole question on a slow machine.
  await a.getByRole('spinbutton', { name: 'Steps' }).fill('20');
  await a.getByRole('spinbutton', { name: 'Steps' }).blur();
  await ask(a, 'a red square');
  const bar = a.getByRole('progressbar', { name: 'Image progress' });
  await expect(bar).toBeVisible();
  // Tab B asks a text model in the same chat while A draws: its writes reach A as "this chat
  // changed", and its answer is done long before the drawing.
  await b.getByRole('combobox', { name: 'Model' }).selectOption('llama3.2:latest');
  await ask(b, 'two');
  await expect(lastAnswer(b)).toHaveAttribute('data-status', 'done');
  await expect(lastAnswer(b)).toContainText('two"');
  await expect(bar).toBeVisible();
  await expect(bar).toBeHidden({ timeout: 15_000 });
  const picture = a.getByRole('img', { name: 'Picture 1: a red square' });
  const drawing = a
    .getByRole('log', { name: 'Conversation' })
    .locator('[data-role="assistant"]', { has: picture });
  await expect(drawing).toHaveAttribute('data-status', 'done');
  await expect(picture).toBeVisible();
});
