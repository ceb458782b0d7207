import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { ask, expect, lastAnswer, PREVIEW, startServer, test, withHostConfig } from './fixtures';

// WCAG 2.2 AA, checked by axe-core on every screen state, both themes, wide and phone-sized.
// axe is injected by the test (it never ships in the app); the page's CSP forbids inline scripts,
// so this file bypasses it.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** Rules outside those tags that run too: the audit found the first (tagged wcag21a but
 * "experimental" in axe); the others are best practices for landmarks and the page outline. */
const EXTRA_RULES = [
  'label-content-name-mismatch',
  'region',
  'landmark-one-main',
  'landmark-unique',
  'heading-order',
  'page-has-heading-one',
];

test.use({ bypassCSP: true });

interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** Runs axe on the page as it is and returns its violations, one readable block each. */
async function audit(page: Page, state: string): Promise<string[]> {
  // Transitions (drawer, dialog) finish first: axe reads colours mid-fade otherwise.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(
    async ([tags, extra]) => {
      const axe = (
        window as unknown as { axe: { run: (...a: unknown[]) => Promise<{ violations: unknown }> } }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        // Best-practice rules beside the WCAG tags, for what the issue names: landmarks and a page
        // outline that answers' own headings do not break.
        rules: Object.fromEntries(extra.map((id) => [id, { enabled: true }])),
        resultTypes: ['violations'],
      });
      return result.violations;
    },
    [TAGS, EXTRA_RULES] as const,
  );
  return (violations as AxeViolation[]).map(
    (v) =>
      `[${state}] ${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes
        .map(
          (n) =>
            `    ${n.target.join(' ')}\n      ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
        )
        .join('\n'),
  );
}

const SIZES = { wide: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } } as const;

for (const scheme of ['light', 'dark'] as const) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`axe: every state, ${scheme}, ${size}`, async ({ page, ollama }) => {
      test.setTimeout(180_000);
      const isPhone = size === 'phone';
      const found: string[] = [];
      const check = async (state: string) => found.push(...(await audit(page, state)));
      const openDrawer = async () => {
        if (isPhone) await page.getByRole('button', { name: 'Show chats' }).click();
      };
      const closeDrawer = async () => {
        if (isPhone) await page.keyboard.press('Escape');
      };

      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(viewport);
      const gpu = await startServer({ basicAuth: { username: 'student', password: 'pw' } });
      try {
        await withHostConfig(page, {
          servers: [
            { id: 'cpu', name: 'CPU server', baseUrl: ollama.url },
            { id: 'gpu', name: 'GPU server', baseUrl: gpu.url, auth: 'basic', username: 'student' },
          ],
          defaultServer: 'cpu',
        });
        ollama.setOptions({ rate: 0 });
        await page.goto(PREVIEW);
        const modelPicker = page.getByRole('combobox', { name: 'Model' });
        await expect(modelPicker).toBeEnabled();
        await check('empty chat');

        // An answer with headings, a table, code and math, highlighted and typeset.
        await modelPicker.selectOption('markdown:latest');
        await ask(page, 'Show me markdown');
        await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
        await expect(lastAnswer(page).locator('.hljs, [class*="hljs-"]').first()).toBeAttached();
        await expect(lastAnswer(page).locator('math').first()).toBeAttached();
        await check('answer with code, table and math');

        // Streaming, with the Stop button.
        // Slow enough to be still streaming once the accessibility check has run.
        ollama.setOptions({ rate: 4 });
        await modelPicker.selectOption('llama3.2:latest');
        await ask(page, 'stream slowly please, with quite a few words in the answer');
        await expect(lastAnswer(page)).toHaveAttribute('data-status', 'streaming');
        await expect(lastAnswer(page)).toContainText('You said');
        await check('streaming');
        await page.getByRole('button', { name: 'Stop' }).click();
        await expect(lastAnswer(page)).toHaveAttribute('data-status', 'stopped');
        ollama.setOptions({ rate: 0 });

        // A thinking model's answer, its thinking open.
        await page.keyboard.press('Control+Shift+O');
        await modelPicker.selectOption('qwen3:4b');
        await ask(page, 'think about it');
        await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
        await lastAnswer(page).locator('summary').click();
        await expect(lastAnswer(page).locator('details')).toHaveAttribute('open', '');
        await check('thinking open');

        // Dialogs.
        await page.getByRole('button', { name: 'Settings', exact: true }).click();
        await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
        await check('Settings dialog');
        await page.keyboard.press('Escape');

        await page.getByRole('button', { name: 'Servers', exact: true }).click();
        const serversDialog = page.getByRole('dialog', { name: 'Servers' });
        await expect(serversDialog.getByRole('button', { name: 'Add server' })).toBeVisible();
        await check('Servers dialog');
        await serversDialog.getByRole('button', { name: 'Add server' }).click();
        await serversDialog.getByLabel('Authentication').selectOption('basic');
        await check('server form');
        await serversDialog.getByRole('button', { name: 'Cancel' }).click();
        await serversDialog.getByRole('button', { name: 'Models on CPU server' }).click();
        await expect(serversDialog.getByRole('region', { name: 'Models on CPU server' })).toBeVisible();
        await check('model manager');
        await page.keyboard.press('Escape');

        await page.keyboard.press('Control+/');
        await expect(page.getByRole('dialog', { name: /shortcuts/i })).toBeVisible();
        await check('Shortcuts dialog');
        await page.keyboard.press('Escape');

        await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: 'GPU server' });
        const login = page.getByRole('dialog', { name: 'Sign in to GPU server' });
        await expect(login).toBeVisible();
        await check('Login dialog');
        await login.getByLabel('Password').fill('pw');
        await login.getByRole('button', { name: 'Sign in', exact: true }).click();
        await expect(login).toBeHidden();
        await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: 'CPU server' });
        await expect(modelPicker).toBeEnabled();

        // Compare: setup, then results.
        await page.getByRole('button', { name: 'Compare', exact: true }).click();
        await expect(page.getByRole('checkbox').first()).toBeVisible();
        await check('compare setup');
        await page.getByRole('group').getByRole('checkbox', { name: 'llama3.2:latest' }).first().check();
        await page.getByRole('group').getByRole('checkbox', { name: 'qwen3:4b' }).first().check();
        await ask(page, 'compare these');
        await expect(
          page.getByRole('region', { name: 'Comparison' }).locator('[data-status="done"]'),
        ).toHaveCount(2, { timeout: 15_000 });
        await check('compare results');
        await page.getByRole('button', { name: 'Compare', exact: true }).click();

        // An alert: the server fails mid-answer.
        ollama.fault({ kind: 'midstream-error', afterTokens: 3, message: 'out of memory while decoding' });
        await ask(page, 'fail please');
        await expect(page.getByRole('alert')).toContainText('out of memory');
        await check('an alert');

        // The chat list, a search, a rename, the undo toast.
        await openDrawer();
        const chats = page.getByRole('navigation', { name: 'Chats' });
        await expect(chats.getByRole('button', { name: /^Rename / }).first()).toBeVisible();
        await check('chat list');
        const chatCount = await chats.locator('li').count();
        expect(chatCount).toBeGreaterThan(1);
        await chats.getByRole('searchbox', { name: 'Search chats' }).fill('markdown');
        await expect(chats.locator('li')).toHaveCount(1);
        await check('search');
        await chats.getByRole('searchbox', { name: 'Search chats' }).fill('');
        await expect(chats.locator('li')).toHaveCount(chatCount);
        await chats
          .getByRole('button', { name: /^Rename / })
          .first()
          .click();
        await expect(chats.getByRole('textbox', { name: 'Chat title' })).toBeFocused();
        await check('rename');
        await page.keyboard.press('Escape');
        await chats
          .getByRole('button', { name: /^Delete / })
          .first()
          .click();
        await closeDrawer();
        await expect(page.getByRole('status').getByRole('button', { name: 'Undo' })).toBeVisible();
        await check('undo toast');
      } finally {
        await gpu.close();
      }
      expect(found, `${found.length} axe violations:\n\n${found.join('\n\n')}`).toEqual([]);
    });
  }
}

for (const scheme of ['light', 'dark'] as const) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`axe: the welcome with no server answering, ${scheme}, ${size}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(viewport);
      await page.goto(`${PREVIEW}?server=${encodeURIComponent('http://127.0.0.1:9')}`);
      await expect(page.getByRole('region', { name: 'Welcome' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Check again' })).toBeEnabled({ timeout: 15_000 });
      const found = await audit(page, 'welcome');
      await page.getByRole('button', { name: 'Add a server' }).click();
      await expect(page.getByRole('dialog', { name: 'Servers' }).getByLabel('Base URL')).toBeVisible();
      found.push(...(await audit(page, 'welcome: add a server')));
      expect(found, `${found.length} axe violations:\n\n${found.join('\n\n')}`).toEqual([]);
    });
  }
}
