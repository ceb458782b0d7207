// Import files and frames made by someone else (issue 11, points 2, 3, 8, 9 and 10 for imports).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { ask, expect, lastAnswer, openApp, PREVIEW, startServer, test } from './fixtures';

const chats = (page: Page) => page.getByRole('navigation', { name: 'Chats' });

async function importFile(page: Page, data: unknown) {
  await chats(page)
    .locator('input[type=file]')
    .setInputFiles({
      name: 'shared.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(data)),
    });
}

async function exportAll(page: Page): Promise<{ sessions: { session: { id: string } }[] }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export all chats' }).click(),
  ]);
  return JSON.parse(await readFile((await download.path())!, 'utf8'));
}

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>indexedDB.deleteDatabase("causerie-sessions")</script></svg>',
).toString('base64');

const exportFile = (sessions: unknown[], extra: Record<string, unknown> = {}) => ({
  format: 'causerie',
  schemaVersion: 1,
  exportedAt: '2025-01-01T00:00:00Z',
  app: 'Causerie',
  sessions,
  images: {},
  ...extra,
});

const chat = (id: string, title: string, serverId: string | undefined, messages: unknown[]) => ({
  session: {
    id,
    title,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_900_000_000_000,
    systemPrompt: '',
    options: {},
    ...(serverId ? { serverId, model: 'llama3.2:latest' } : {}),
  },
  messages,
});

const question = (sessionId: string, id: string, content: string, extra: Record<string, unknown> = {}) => ({
  id,
  sessionId,
  parentId: null,
  role: 'user',
  content,
  status: 'done',
  createdAt: 1_700_000_001_000,
  ...extra,
});

test('an import cannot plant a server: nothing reaches its address until the user accepts it', async ({
  page,
  ollama,
}) => {
  // Two addresses named by the file, each counting the requests it gets.
  const plantedLogin = await startServer();
  const plantedOpen = await startServer();
  try {
    await openApp(page, ollama);
    const serverPicker = page.getByRole('combobox', { name: 'Server' });
    const current = await serverPicker.inputValue();
    const server = (id: string, name: string, authType: string, baseUrl: string) => ({
      id,
      name,
      kind: 'ollama',
      baseUrl,
      authType,
      ...(authType === 'basic' ? { username: 'victim' } : {}),
      rememberSecrets: false,
      createdAt: 1,
    });
    await importFile(
      page,
      exportFile(
        [
          chat('c-basic', 'Planted with a login', 'company', [question('c-basic', 'q1', 'from the file')]),
          chat('c-open', 'Planted without a login', 'open', [question('c-open', 'q2', 'also from the file')]),
        ],
        {
          servers: [
            server('company', 'Your company Ollama', 'basic', plantedLogin.url),
            server('open', 'Team GPU', 'none', plantedOpen.url),
          ],
        },
      ),
    );

    // Each imported server is shown for confirmation: name, address, sign-in.
    const review = page.getByRole('dialog', { name: 'Servers from an imported file' });
    await expect(review).toBeVisible();
    await expect(review).toContainText('Your company Ollama');
    await expect(review).toContainText('Team GPU');
    await expect(review).toContainText(plantedLogin.url);
    await expect(review).toContainText(plantedOpen.url);
    await expect(review).toContainText('username and password, as "victim"');
    await review.getByRole('button', { name: 'Decide later' }).click();

    // Importing did not switch the current server, and neither server is offered.
    await expect(serverPicker).toHaveValue(current);
    await expect(serverPicker.locator('option')).toHaveText([new URL(ollama.url).host]);

    // Opening either chat contacts nothing and asks for no password; the chat is read-only.
    for (const title of ['Planted with a login', 'Planted without a login']) {
      await chats(page).getByRole('button', { name: title, exact: true }).click();
      await expect(page.getByRole('heading', { name: 'This chat came from another server' })).toBeVisible();
      await expect(page.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    }
    await expect(page.getByRole('dialog', { name: /sign in/i })).toHaveCount(0);
    await page.waitForTimeout(500);
    expect(plantedLogin.requests).toEqual([]);
    expect(plantedOpen.requests).toEqual([]);

    // The user refuses the one with a login and accepts the other: only then does it get requests.
    await page.getByRole('button', { name: 'Review imported servers' }).click();
    await review.getByRole('button', { name: 'Refuse Your company Ollama' }).click();
    await review.getByRole('button', { name: 'Accept Team GPU' }).click();
    await expect(review).toBeHidden();
    await plantedOpen.waitForRequest((r) => r.path === '/api/tags');
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await expect(serverPicker.locator('option')).toHaveCount(2);

    await chats(page).getByRole('button', { name: 'Planted with a login', exact: true }).click();
    await expect(page.getByText('which you refused')).toBeVisible();
    await page.waitForTimeout(500);
    // The refused address never got a single request, so no password could have gone there.
    expect(plantedLogin.requests).toEqual([]);
  } finally {
    await plantedLogin.close();
    await plantedOpen.close();
  }
});

test('an import cannot touch another chat: ids with \\u0000 are refused, the victim is unchanged', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'my own question');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const before = await exportAll(page);
  const victim = before.sessions[0]!.session.id;
  const victimQuestionAt = (before.sessions[0] as unknown as { messages: { createdAt: number }[] })
    .messages[0]!.createdAt;

  for (const id of [`${victim}\u0000x`, `${victim}\u0000${String(victimQuestionAt).padStart(15, '0')}`]) {
    await importFile(
      page,
      exportFile([chat(id, 'intruder', undefined, [question(id, 'evil', 'planted text')])]),
    );
    await expect(page.getByRole('alert')).toContainText('Nothing was imported');
    await expect(page.getByRole('alert')).toContainText('sessions[0].session.id: expected an id of 1 to 128');
  }
  expect(await exportAll(page)).toEqual({ ...before, exportedAt: expect.any(String) });
  await expect(chats(page).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('log', { name: 'Conversation' })).not.toContainText('planted text');
});

test('imported and attached images are raster images by their bytes, and open inside the app', async ({
  page,
  ollama,
}) => {
  await openApp(page, ollama);
  await importFile(
    page,
    exportFile(
      [
        chat('pics', 'Pictures', undefined, [
          question('pics', 'q', 'two pictures', { imageIds: ['svg', 'png'] }),
        ]),
      ],
      {
        images: { svg: { mime: 'image/png', base64: SVG }, png: { mime: 'image/png', base64: PNG_1PX } },
      },
    ),
  );
  await expect(page.getByRole('status').filter({ hasText: '1 image was left out' })).toBeVisible();
  await chats(page).getByRole('button', { name: 'Pictures', exact: true }).click();
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.getByRole('button', { name: /^Open image \d full size$/ })).toHaveCount(1);

  // Full size opens in a dialog of the page, not as a blob: document in a new tab.
  await log.getByRole('button', { name: 'Open image 1 full size' }).click();
  const viewer = page.getByRole('dialog', { name: 'Image 1' });
  await expect(viewer.getByRole('img', { name: 'Image 1' })).toBeVisible();
  expect(page.context().pages()).toHaveLength(1);
  expect(await viewer.getByRole('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  await viewer.getByRole('button', { name: 'Close' }).click();
  await expect(viewer).toBeHidden();

  // An SVG attached as a file is refused, even when it claims to be a PNG.
  await page.getByRole('button', { name: 'New chat', exact: true }).click();
  await page.locator('form.composer input[type=file]').setInputFiles([
    { name: 'evil.png', mimeType: 'image/png', buffer: Buffer.from(SVG, 'base64') },
    { name: 'dot.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64') },
  ]);
  await expect(page.getByText('evil.png is not a picture this browser can read.')).toBeVisible();
  await expect(page.locator('form.composer').getByRole('img')).toHaveCount(1);
});

test('an over-long imported message is cut with a note', async ({ page, ollama }) => {
  await openApp(page, ollama);
  const long = `${'word '.repeat(100_000)}TAIL-THAT-IS-CUT`;
  await importFile(page, exportFile([chat('long', 'Long one', undefined, [question('long', 'q', long)])]));
  await expect(page.getByRole('status').filter({ hasText: '1 over-long text was cut' })).toBeVisible();
  await chats(page).getByRole('button', { name: 'Long one', exact: true }).click();
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log).toContainText(
    '[Cut on import: this text was longer than 500,000 characters; the last 16 were left out.]',
  );
  await expect(log).not.toContainText('TAIL-THAT-IS-CUT');
});

test('framed by another site, the app refuses input and says why', async ({ page }) => {
  // A real page on another origin (another loopback port), as an attacker's site would be.
  const framer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      `<!doctype html><title>Totally legit</title><iframe src="${PREVIEW}" width="900" height="600"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`);
    const app = page.frameLocator('iframe');
    await expect(app.getByRole('alert')).toContainText('Causerie cannot run inside another site');
    await expect(app.getByRole('link', { name: 'Open Causerie in its own tab' })).toHaveAttribute(
      'href',
      PREVIEW,
    );
    await expect(app.getByRole('textbox')).toHaveCount(0);
    await expect(app.getByRole('button')).toHaveCount(0);
  } finally {
    framer.close();
  }

  // The same page on its own is the app.
  await page.goto(PREVIEW);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
});
