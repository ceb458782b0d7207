import type { Page } from '@playwright/test';
import {
  allowedAttributes,
  allowedElements,
  enhancementAttributes,
  enhancementElements,
  hostilePayloads,
} from '../fixtures/hostile';
import { ask, chatRequests, expect, lastAnswer, openApp, startServer, test } from './fixtures';

const ELEMENTS = [...allowedElements, ...enhancementElements];
const ATTRIBUTES = [...allowedAttributes, ...enhancementAttributes];

/** Every element and attribute inside rendered markdown, that is not in the allowed sets. */
async function strangers(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ elements, attributes }) => {
      const okEl = new Set(elements);
      const okAttr = new Set(attributes);
      const out: string[] = [];
      for (const root of document.querySelectorAll('.markdown')) {
        for (const el of root.querySelectorAll('*')) {
          const tag = el.localName;
          if (!okEl.has(tag)) out.push(`<${tag}>`);
          for (const a of el.attributes) {
            if (!okAttr.has(a.name)) out.push(`<${tag} ${a.name}>`);
            if (/^on/i.test(a.name)) out.push(`<${tag} ${a.name}> handler`);
            if (
              (a.name === 'href' || a.name === 'src') &&
              !/^(https?:|mailto:|blob:)/i.test(a.value.trim())
            ) {
              out.push(`<${tag} ${a.name}="${a.value}">`);
            }
          }
        }
      }
      return out;
    },
    { elements: ELEMENTS, attributes: ATTRIBUTES },
  );
}

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

test('hostile markdown in answers, streamed and finished, runs nothing and leaves no foreign markup', async ({
  page,
  ollama,
}) => {
  const doc = hostilePayloads.join('\n\n');
  ollama.setOptions({ rate: 2000, replies: { 'llama3.2:latest': doc } });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await openApp(page, ollama);
  await ask(page, 'be evil');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  // Rendered as markdown (by the lexing worker, allowed by the CSP), not left as plain text.
  await expect(lastAnswer(page).locator('.markdown .md-chunk').first()).toBeVisible();
  await expect(lastAnswer(page).locator('.markdown.md-plain')).toHaveCount(0);
  const workers = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => /lexer\.worker/.test(name)),
  );
  expect(workers).toHaveLength(1);
  expect(
    await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
  ).toEqual([]);
  // Let lazy highlighting and math finish, and give any injected handler its chance to fire.
  await page.mouse.move(300, 300);
  await page.waitForTimeout(500);
  expect(await pwned(page)).toBeUndefined();
  expect(await strangers(page)).toEqual([]);

  // Reloaded from storage (rendered whole, not streamed): the same.
  await page.reload();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await page.waitForTimeout(300);
  expect(await pwned(page)).toBeUndefined();
  expect(await strangers(page)).toEqual([]);
});

test('hostile model names and chat titles are shown as text', async ({ page }) => {
  const evil = '<img src=x onerror="window.__pwned=true">';
  const server = await startServer({
    rate: 0,
    models: [
      {
        name: `${evil}:latest`,
        details: { family: 'llama', parameter_size: '1B', quantization_level: 'Q4_0' },
        capabilities: ['completion'],
      },
    ],
  });
  try {
    await openApp(page, server);
    await expect(page.getByRole('combobox', { name: 'Model' }).locator('option').first()).toContainText(evil);
    await ask(page, `<script>window.__pwned=true</script> ${hostilePayloads[2]}`);
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    await expect(page.getByRole('navigation', { name: 'Chats' })).toContainText('<script>');
    expect(await pwned(page)).toBeUndefined();
    expect(await page.locator('img[src="x"], script:not([src])').count()).toBe(0);
  } finally {
    await server.close();
  }
});

test('hostile text in an imported file is shown safely', async ({ page, ollama }) => {
  await openApp(page, ollama);
  const now = Date.now();
  const file = {
    format: 'causerie',
    schemaVersion: 1,
    exportedAt: new Date(now).toISOString(),
    app: 'Causerie',
    sessions: [
      {
        session: {
          id: 'evil',
          title: '<img src=x onerror="window.__pwned=true">',
          createdAt: now,
          updatedAt: now,
          systemPrompt: '',
          options: {},
        },
        messages: [
          {
            id: 'q',
            sessionId: 'evil',
            parentId: null,
            role: 'user',
            content: hostilePayloads.slice(0, 10).join('\n'),
            status: 'done',
            createdAt: now,
          },
          {
            id: 'a',
            sessionId: 'evil',
            parentId: 'q',
            role: 'assistant',
            content: hostilePayloads.join('\n\n'),
            status: 'done',
            model: '<svg onload="window.__pwned=true">',
            createdAt: now + 1,
          },
        ],
      },
    ],
    images: {},
  };
  await page
    .getByRole('navigation', { name: 'Chats' })
    .locator('input[type=file]')
    .setInputFiles({
      name: 'evil.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
  const item = page
    .getByRole('navigation', { name: 'Chats' })
    .getByRole('button', { name: file.sessions[0]!.session.title, exact: true });
  await item.click();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await page.waitForTimeout(400);
  expect(await pwned(page)).toBeUndefined();
  expect(await strangers(page)).toEqual([]);
});

test('an answer longer than 400,000 characters keeps all its text: past the limit it shows as plain text after a note', async ({
  page,
  ollama,
}) => {
  const line = 'Some **bold** words and `code` in a line of the answer.\n\n';
  const answer = line.repeat(Math.ceil(420_000 / line.length)) + 'THE **LAST** WORDS';
  ollama.setOptions({ rate: 0, replies: { 'llama3.2:latest': answer } });
  await openApp(page, ollama);
  // Whole, not streamed: 80,000 streamed tokens take long on a loaded machine, and the limit is
  // the renderer's, whichever way the text came.
  await page.getByRole('switch', { name: 'Stream' }).uncheck();
  await ask(page, 'write a very long answer');
  const reply = lastAnswer(page);
  await expect(reply).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  for (const when of ['received', 'reloaded']) {
    if (when === 'reloaded') {
      await page.reload();
      await expect(reply).toHaveAttribute('data-status', 'done');
    }
    await expect(
      reply.getByText('The rest of this answer is very long and is shown as plain text.'),
    ).toBeVisible();
    // The start is rendered markdown; the end is the text itself, markup and all, not lost.
    await expect(reply.locator('.markdown strong').first()).toHaveText('bold');
    await expect(reply).toContainText('THE **LAST** WORDS');
  }
});

test('an error text of a megabyte from the server is shown cut short', async ({ page, ollama }) => {
  await openApp(page, ollama);
  ollama.fault({
    kind: 'status',
    status: 500,
    message: `${'the server is sad '.repeat(60_000)}END-OF-ERROR`,
  });
  await ask(page, 'hello');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('the server is sad');
  await expect(alert).not.toContainText('END-OF-ERROR');
  expect((await alert.textContent())!.length).toBeLessThan(2_000);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
});

test('a model name of 100,000 characters is shown cut at 200, and still used whole', async ({ page }) => {
  const long = `m${'o'.repeat(100_000)}del`;
  const server = await startServer({ rate: 0, models: [{ name: 'llama3.2' }, { name: long }] });
  try {
    await openApp(page, server);
    const picker = page.getByRole('combobox', { name: 'Model' });
    await picker.selectOption(`${long}:latest`);
    const shown = `${long.slice(0, 199)}…`;
    const option = (await picker.locator('option:checked').textContent()) ?? '';
    expect(option.startsWith(shown)).toBe(true);
    expect(option.length).toBeLessThan(300);
    await expect(page.getByRole('log', { name: 'Conversation' })).toContainText(`Model: ${shown}`);
    await ask(page, 'hello');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    const header = lastAnswer(page).locator('header');
    await expect(header).toContainText(shown);
    expect((await header.textContent())!.length).toBeLessThan(300);
    // The server was asked for the model by its whole name.
    expect(chatRequests(server).map((r) => (r.body as { model: string }).model)).toEqual([`${long}:latest`]);
  } finally {
    await server.close();
  }
});
