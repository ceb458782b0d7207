import type { Locator, Page } from '@playwright/test';
import { ask, expect, lastAnswer, openApp, test } from './fixtures';

// The parts of WCAG 2.2 AA that axe cannot see: where the focus goes, how it shows, the phone
// drawer, motion, and a window as small as 400 % zoom leaves.

const log = (page: Page) => page.getByRole('log', { name: 'Conversation' });
const chats = (page: Page) => page.getByRole('navigation', { name: 'Chats' });
const messageBox = (page: Page) => page.getByRole('textbox', { name: 'Message' });

/** What a sighted keyboard user sees of the focus: the focused element's outline, and its contrast. */
async function focusRing(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const parse = (c: string) => {
      // The browser resolves colours to rgb()/rgba() (color-mix and light-dark included) via a canvas.
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.fillStyle = c;
      ctx.fillRect(0, 0, 1, 1);
      return [...ctx.getImageData(0, 0, 1, 1).data];
    };
    // The ring is drawn around the element: what is behind it is the first opaque ancestor background.
    let behind = el.parentElement;
    let bg = [255, 255, 255, 255];
    while (behind) {
      const c = parse(getComputedStyle(behind).backgroundColor);
      if (c[3] === 255) {
        bg = c;
        break;
      }
      behind = behind.parentElement;
    }
    if (!behind) bg = parse(getComputedStyle(document.documentElement).backgroundColor);
    const s = getComputedStyle(el);
    return {
      tag: el.tagName,
      name: el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30),
      style: s.outlineStyle,
      width: parseFloat(s.outlineWidth),
      color: parse(s.outlineColor),
      bg,
    };
  });
}

function contrast(a: number[], b: number[]): number {
  const lum = (c: number[]) => {
    const [r, g, bl] = c.slice(0, 3).map((v) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

test('the page has a main landmark holding the conversation and the composer, and a skip link to the message box', async ({
  page,
  ollama,
}) => {
  await openApp(page, ollama);
  const main = page.getByRole('main');
  await expect(main).toHaveCount(1);
  await expect(main.getByRole('log', { name: 'Conversation' })).toBeVisible();
  await expect(main.getByRole('textbox', { name: 'Message' })).toBeVisible();

  // The first Tab reaches the skip link, which then shows; following it lands in the message box.
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the message box' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(messageBox(page)).toBeFocused();
  await expect(skip).not.toBeInViewport();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the focus ring is an outline of at least 3:1 on every control Tab reaches (${scheme})`, async ({
    page,
    ollama,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    ollama.setOptions({ rate: 0 });
    await openApp(page, ollama);
    await ask(page, 'hello');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    await page.locator('body').focus();
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const ring = await focusRing(page);
      if (!ring) continue;
      const what = `${ring.tag} "${ring.name}"`;
      seen.push(what);
      expect(ring.style, what).not.toBe('none');
      expect(ring.width, what).toBeGreaterThanOrEqual(2);
      expect(contrast(ring.color, ring.bg), what).toBeGreaterThanOrEqual(3);
    }
    // The walk went through the header, the chat list, the messages and the composer.
    expect(seen.length).toBeGreaterThan(20);
  });
}

test('the focus ring survives forced colours (an outline, not a shadow)', async ({ page, ollama }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await openApp(page, ollama);
  for (const control of [
    page.getByRole('button', { name: 'New chat' }),
    page.getByRole('button', { name: 'Settings', exact: true }),
    messageBox(page),
  ]) {
    await control.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect(control).toBeFocused();
    const ring = await focusRing(page);
    expect(ring?.style).not.toBe('none');
    expect(ring?.width).toBeGreaterThanOrEqual(2);
  }
});

test.describe('the phone drawer', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('closed, it is out of the Tab order; it opens with the focus inside and Escape closes it back to the toggle', async ({
    page,
    ollama,
  }) => {
    ollama.setOptions({ rate: 0 });
    await openApp(page, ollama);
    await ask(page, 'first chat');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');

    await expect(chats(page)).toBeHidden();
    // A full round of Tab never lands in the closed drawer.
    await page.locator('body').focus();
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const inDrawer = await page.evaluate(() => !!document.activeElement?.closest('nav'));
      expect(inDrawer, `Tab ${i + 1} went into the closed drawer`).toBe(false);
    }

    const toggle = page.getByRole('button', { name: 'Show chats' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(chats(page)).toBeVisible();
    await expect(chats(page).getByRole('button').first()).toBeFocused();
    // While it is open, the page behind it is out of reach: Tab goes round the drawer (and out to
    // the browser's own controls, where the page has no focus).
    let inside = 0;
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() =>
        document.activeElement === document.body
          ? 'browser'
          : document.activeElement?.closest('nav')
            ? 'drawer'
            : document.activeElement?.outerHTML.slice(0, 60),
      );
      if (where === 'drawer') inside += 1;
      else expect(where, `Tab ${i + 1} left the open drawer`).toBe('browser');
    }
    expect(inside).toBeGreaterThan(10);
    await page.keyboard.press('Escape');
    await expect(chats(page)).toBeHidden();
    await expect(toggle).toBeFocused();

    // Its own close button, for a screen reader on a phone (no Escape key).
    await page.keyboard.press('Enter');
    await chats(page).getByRole('button', { name: 'Hide chats' }).press('Enter');
    await expect(chats(page)).toBeHidden();
    await expect(toggle).toBeFocused();
  });
});

test('the focus is never dropped to the page: after Stop, Add server, Save and Escape in Edit question', async ({
  page,
  ollama,
}) => {
  const notOnBody = () =>
    expect
      .poll(() => page.evaluate(() => document.activeElement?.tagName ?? 'none'))
      .not.toMatch(/^(BODY|none)$/);
  ollama.setOptions({ rate: 10 });
  await openApp(page, ollama);

  // Stop: the button goes away; the focus goes to the message box.
  await ask(page, 'a long answer please');
  await expect(lastAnswer(page)).toContainText('You said');
  await page.getByRole('button', { name: 'Stop' }).press('Enter');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'stopped');
  await expect(messageBox(page)).toBeFocused();

  // An answer that ends on its own while the focus is on Stop.
  ollama.setOptions({ rate: 20 });
  await ask(page, 'short');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'streaming');
  await page.getByRole('button', { name: 'Stop' }).focus();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(messageBox(page)).toBeFocused();

  // Escape in Edit question: back on the Edit button.
  const question = log(page).getByRole('article', { name: 'Question' }).last();
  await question.hover();
  await question.getByRole('button', { name: 'Edit question' }).press('Enter');
  await expect(question.getByRole('textbox', { name: 'Edited question' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(question.getByRole('button', { name: 'Edit question' })).toBeFocused();

  // Add server: Save goes back to the list, on the new server.
  await page.getByRole('button', { name: 'Servers', exact: true }).press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Servers' });
  await dialog.getByRole('button', { name: 'Add server' }).press('Enter');
  await dialog.getByLabel('Name').fill('Second');
  await dialog.getByLabel('Base URL').fill(ollama.url);
  await dialog.getByRole('button', { name: 'Save' }).press('Enter');
  await expect(dialog.getByRole('button', { name: 'Edit Second' })).toBeFocused();
  await notOnBody();
  // Cancel on a new form: back on Add server.
  await dialog.getByRole('button', { name: 'Add server' }).press('Enter');
  await dialog.getByRole('button', { name: 'Cancel' }).press('Enter');
  await expect(dialog.getByRole('button', { name: 'Add server' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Servers', exact: true })).toBeFocused();

  // Save in Settings: the dialog closes onto the button that opened it.
  await page.getByRole('button', { name: 'Settings', exact: true }).press('Enter');
  await page
    .getByRole('dialog', { name: 'Settings' })
    .getByRole('button', { name: 'Save', exact: true })
    .press('Enter');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toBeFocused();
});

test('the Undo toast stays while it has the focus or the pointer, and goes some seconds after', async ({
  page,
  ollama,
}) => {
  await page.clock.install();
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'to be deleted');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const toast = page.getByRole('status').filter({ hasText: 'Deleted' });
  const undo = toast.getByRole('button', { name: 'Undo' });

  await chats(page)
    .getByRole('button', { name: /^Delete / })
    .first()
    .click();
  await undo.focus();
  await page.clock.fastForward(30_000);
  await expect(undo).toBeVisible();
  await messageBox(page).focus();
  await page.clock.fastForward(10_000);
  await expect(undo).toBeHidden();

  await page.getByRole('button', { name: 'New chat' }).click();
  await ask(page, 'another one');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await chats(page)
    .getByRole('button', { name: /^Delete / })
    .first()
    .click();
  await undo.hover();
  await page.clock.fastForward(30_000);
  await expect(undo).toBeVisible();
  await page.mouse.move(5, 400);
  await page.clock.fastForward(10_000);
  await expect(undo).toBeHidden();
});

test('messages are named for what they are, and headings in an answer stay below the page’s own', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await ask(page, 'plain');
  await expect(log(page).getByRole('article', { name: 'Question' })).toHaveCount(1);
  await expect(log(page).getByRole('article', { name: 'Answer from llama3.2:latest' })).toHaveAttribute(
    'data-status',
    'done',
  );

  await page.getByRole('combobox', { name: 'Model' }).selectOption('markdown:latest');
  await ask(page, 'Show me markdown');
  const answer = log(page).getByRole('article', { name: 'Answer from markdown:latest' });
  await expect(answer).toHaveAttribute('data-status', 'done');
  // The answer has "#" and "##" headings. Chromium's accessibility tree (what a screen reader gets)
  // has one level-1 heading, the app's name, a level-2 "Conversation" above the messages, and the
  // answer's headings below that.
  await expect(answer.locator('h1').first()).toHaveText('Markdown sample');
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: {
      ignored: boolean;
      role?: { value: string };
      name?: { value: string };
      properties?: { name: string; value: { value: unknown } }[];
    }[];
  };
  const headings = nodes
    .filter((n) => !n.ignored && n.role?.value === 'heading')
    .map((n) => ({ name: n.name?.value, level: n.properties?.find((p) => p.name === 'level')?.value.value }));
  expect(headings.filter((h) => h.level === 1).map((h) => h.name)).toEqual(['Causerie']);
  expect(headings).toContainEqual({ name: 'Conversation', level: 2 });
  expect(headings).toContainEqual({ name: 'Markdown sample', level: 3 });
  expect(headings).toContainEqual({ name: '1. Streaming overview', level: 4 });
});

test('with reduced motion nothing slides, pulses or scrolls smoothly', async ({ page, ollama }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 360, height: 740 });
  ollama.setOptions({ rate: 5, firstByteDelayMs: 3000 });
  await openApp(page, ollama);
  await ask(page, 'wait for it');
  // The waiting dots do not pulse.
  await expect(page.getByRole('status', { name: 'Waiting for the answer…' })).toBeVisible();
  expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
  // The drawer appears at once.
  await page.getByRole('button', { name: 'Show chats' }).click();
  expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
  const behaviours = await page.evaluate(() =>
    [...document.querySelectorAll('*')].map((e) => getComputedStyle(e).scrollBehavior),
  );
  expect(behaviours.filter((b) => b !== 'auto')).toEqual([]);
});

test.describe('at 400 % zoom (a 320 × 256 window)', () => {
  test.use({ viewport: { width: 320, height: 256 } });

  test('the message box and the last answer are on screen together', async ({ page, ollama }) => {
    ollama.setOptions({ rate: 0 });
    await openApp(page, ollama);
    const visibleHeight = (l: Locator) =>
      l.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
      });
    for (const q of ['first question', 'second question, a little longer than the first one']) {
      await ask(page, q);
      await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    }
    await messageBox(page).focus();
    await expect(messageBox(page)).toBeInViewport({ ratio: 1 });
    await expect(lastAnswer(page)).toBeInViewport();
    // Not a sliver: several lines of the answer show above the composer.
    expect(
      await visibleHeight(page.getByRole('log', { name: 'Conversation' }).locator('..')),
    ).toBeGreaterThan(80);
    // Nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(
      0,
    );
  });
});
