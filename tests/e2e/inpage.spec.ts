// "This browser": a GGUF model run inside the page (issue 15), with a tiny random model written by
// tests/gguf/tiny.mjs at test time. Headless Chromium has no WebGPU adapter, so this is the WASM path.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { tinyGguf } from '../gguf/tiny.mjs';
import { ask, expect, lastAnswer, openApp, test } from './fixtures';

// Loading the engine (10 MB of WebAssembly) and a reply that runs to the context limit take seconds.
test.describe.configure({ timeout: 150_000 });

const tiny = () => Buffer.from(tinyGguf()[0]!);
const file = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/octet-stream', buffer });

/**
 * The bytes the origin's file system (OPFS, where models are kept) takes. The whole origin's usage
 * would also count IndexedDB's logs and the offline shell's cache, which grow on their own while a
 * test chats (CI once saw 2 MB more after a removal), so Chromium's per-kind figure is read.
 */
async function usage(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const e = (await navigator.storage.estimate()) as StorageEstimate & {
      usageDetails?: { fileSystem?: number };
    };
    return e.usageDetails ? (e.usageDetails.fileSystem ?? 0) : (e.usage ?? 0);
  });
}

/** Every file and folder under the models' OPFS folder, as paths. */
async function opfsEntries(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = [];
    const walk = async (dir: FileSystemDirectoryHandle, at: string) => {
      for await (const [name, h] of dir.entries()) {
        out.push(at + name);
        if (h.kind === 'directory') await walk(h as FileSystemDirectoryHandle, `${at + name}/`);
      }
    };
    const root = await navigator.storage.getDirectory();
    const models = await root.getDirectoryHandle('causerie-models').catch(() => null);
    if (models) await walk(models, '');
    return out.sort();
  });
}

/** Servers → Add server → kind "This browser": the form with the "Model file" input. */
async function openBrowserForm(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Servers' }).click();
  await page.getByRole('button', { name: 'Add server' }).click();
  await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'This browser' });
  await expect(page.getByLabel('Model file')).toBeVisible();
}

/** Sets num_predict in the settings panel, for this chat or (with `defaults`) for new chats too. */
async function setMaxTokens(page: Page, n: number, defaults = false): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('spinbutton', { name: 'num_predict' }).fill(String(n));
  if (defaults) await page.getByRole('button', { name: 'Use these for new chats' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  // The dialog closes once the settings are stored; until then the message box behind it is inert,
  // and a question typed there would go nowhere.
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();
}

const region = (page: Page) => page.getByRole('region', { name: 'Models in this browser' });
const modelList = (page: Page) => region(page).getByRole('listitem');

test('a GGUF added from disk answers in the page, stops, survives a reload and is removed', async ({
  page,
  ollama,
}) => {
  await openApp(page, ollama);
  const before = await usage(page);
  await openBrowserForm(page);
  await expect(page.getByText(/Runtime: WebAssembly, one thread/)).toBeVisible();
  await page.getByLabel('Model file').setInputFiles(file('tiny-chat.gguf', tiny()));
  await expect(modelList(page).filter({ hasText: 'tiny-chat.gguf' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Added tiny-chat.gguf' })).toBeVisible();
  await expect.poll(() => usage(page)).toBeGreaterThan(before + 400_000);
  expect(await opfsEntries(page)).toEqual([
    'tiny-chat.gguf',
    'tiny-chat.gguf/model.json',
    'tiny-chat.gguf/tiny-chat.gguf',
  ]);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.keyboard.press('Escape');

  await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: 'This browser' });
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('tiny-chat.gguf', {
    timeout: 20_000,
  });
  // The random model never ends an answer by itself: the settings panel's token limit ends it.
  await setMaxTokens(page, 150, true);
  await ask(page, 'hello');
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'streaming', { timeout: 30_000 });
  await expect(answer).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(answer).toContainText(/150 tokens · [\d.]+ tok\/s · first token .* · load /);
  // The random model's 150 tokens are often one or two characters each, some of them markup: how
  // much text they make varies from run to run, but there is some.
  await expect(answer.locator('.body')).toHaveText(/\S/);

  // Stop mid-answer: the text stops growing (the engine had 1,500 tokens to go). How soon after the
  // click it freezes is a timing target, measured by the benchmark (P5), not here.
  await setMaxTokens(page, 1500);
  await ask(page, 'and again');
  const second = lastAnswer(page);
  const body = second.locator('.body');
  await expect(body).toHaveText(/.{20}/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(second).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await page.waitForTimeout(1_000);
  const stopped = (await body.textContent()) ?? '';
  expect(stopped.length).toBeGreaterThan(20);
  await page.waitForTimeout(1_000);
  await expect(body).toHaveText(stopped);

  // The file is in OPFS: after a reload it is still listed and answers.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('tiny-chat.gguf', {
    timeout: 20_000,
  });
  await page.getByRole('button', { name: 'New chat' }).click();
  await ask(page, 'after reload');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(lastAnswer(page)).toContainText(/tok\/s/);

  // Removing it frees the storage.
  const withModel = await usage(page);
  await page.getByRole('button', { name: 'Servers' }).click();
  await page.getByRole('button', { name: 'Edit This browser' }).click();
  await page.getByRole('button', { name: 'Remove tiny-chat.gguf' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed tiny-chat.gguf' })).toBeVisible();
  await expect(modelList(page)).toHaveText([/No model yet/]);
  await expect.poll(() => usage(page)).toBeLessThan(withModel - 400_000);
  expect(await opfsEntries(page)).toEqual([]);
});

test('a file that is not a GGUF, and a GGUF larger than the free storage, are refused and change nothing', async ({
  page,
  ollama,
}) => {
  // A nearly full disk: the browser reports 1 MB free for this page (the model is ~520 kB, and a
  // 1 MB margin is kept for the page's own data).
  await page.addInitScript(() => {
    const real = navigator.storage.estimate.bind(navigator.storage);
    (window as unknown as { fullDisk: boolean }).fullDisk = false;
    navigator.storage.estimate = async () => {
      const e = await real();
      const full = (window as unknown as { fullDisk: boolean }).fullDisk;
      return full ? { ...e, quota: (e.usage ?? 0) + 1_200_000 } : e;
    };
  });
  await openApp(page, ollama);
  await openBrowserForm(page);

  await page
    .getByLabel('Model file')
    .setInputFiles(file('notes.gguf', Buffer.from('# my notes\nnot a model\n')));
  await expect(region(page).getByRole('alert')).toHaveText(/“notes\.gguf” is not a GGUF model file/);
  await expect(modelList(page)).toHaveText([/No model yet/]);

  await page.evaluate(() => ((window as unknown as { fullDisk: boolean }).fullDisk = true));
  await page
    .getByLabel('Model file')
    .setInputFiles(file('big.gguf', Buffer.from(tinyGguf({ layers: 8 })[0]!)));
  await expect(region(page).getByRole('alert')).toHaveText(
    /“big\.gguf” needs [\d.]+ MB but this browser has only .* free/,
  );
  await expect(modelList(page)).toHaveText([/No model yet/]);
  // Nothing half-copied was left behind in the private file system.
  expect(await opfsEntries(page)).toEqual([]);

  // The form is as it was: saving still makes a browser profile (with no model), and the chat
  // server is untouched.
  await page.getByRole('button', { name: 'Save' }).click();
  await page.keyboard.press('Escape');
  const serverPicker = page.getByRole('combobox', { name: 'Server' });
  await expect(serverPicker.locator('option')).toHaveCount(2);
  await serverPicker.selectOption({ index: 0 });
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await ask(page, 'still here');
  await expect(lastAnswer(page)).toContainText('You said');
});

test('a split GGUF without a chat template, picked as its two parts, is one model that answers, streamed or (Stream off) whole', async ({
  page,
  ollama,
}) => {
  const parts = tinyGguf({ splits: 2, chatTemplate: null }).map((b, i) =>
    file(`duo-0000${i + 1}-of-00002.gguf`, Buffer.from(b)),
  );
  await openApp(page, ollama);
  await openBrowserForm(page);
  // Only one part: refused, with what to do.
  await page.getByLabel('Model file').setInputFiles(parts[0]!);
  await expect(region(page).getByRole('alert')).toHaveText(
    /split into 2 files but 1 were picked: pick all 2 parts/,
  );
  await page.getByLabel('Model file').setInputFiles(parts);
  const listed = modelList(page).filter({ hasText: 'duo.gguf' });
  await expect(listed).toContainText('2 parts');
  await expect(listed).toContainText('No chat template in the file: using a plain “role: text” template');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: 'This browser' });
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('duo.gguf');
  await setMaxTokens(page, 40, true);
  await ask(page, 'hello');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(lastAnswer(page)).toContainText('40 tokens');

  // Stream off: the answer waits whole, and its text first shows once it is done.
  await page.getByRole('switch', { name: 'Stream' }).uncheck();
  await setMaxTokens(page, 300);
  await page.evaluate(() => {
    const w = window as unknown as { statusAtText: string | null };
    w.statusAtText = null;
    const log = document.querySelector('[role="log"]')!;
    const before = log.querySelectorAll('[data-role="assistant"]').length;
    new MutationObserver(() => {
      const answers = log.querySelectorAll('[data-role="assistant"]');
      const answer = answers.length > before ? answers[answers.length - 1] : null;
      if (w.statusAtText === null && answer?.querySelector('.body')?.textContent?.trim())
        w.statusAtText = answer.getAttribute('data-status');
    }).observe(log, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await ask(page, 'all at once');
  await expect(lastAnswer(page)).toContainText('Waiting for the whole answer…');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(lastAnswer(page)).toContainText('300 tokens');
  expect(await page.evaluate(() => (window as unknown as { statusAtText: string | null }).statusAtText)).toBe(
    'done',
  );
});

test('the opt-in isolation worker makes the page cross-origin isolated and chat with a server still works', async ({
  page,
  ollama,
}) => {
  await openApp(page, ollama);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await openBrowserForm(page);
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: /Use every CPU core/ }).click(),
  ]);
  await expect.poll(() => page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
  await ask(page, 'isolated');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(lastAnswer(page)).toContainText('You said');

  await openBrowserForm(page);
  // Isolated: threads, or (on a two-core machine) the reason there is still one.
  await expect(page.locator('[data-runtime]')).toContainText(/WebAssembly, \d+ threads|logical cores is one/);
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: /Stop using the isolation worker/ }).click(),
  ]);
  await expect.poll(() => page.evaluate(() => crossOriginIsolated)).toBe(false);
});

test('a split model downloaded from an https address resumes after a failed part', async ({
  page,
  ollama,
}) => {
  const parts = tinyGguf({ splits: 2 }).map((b) => Buffer.from(b));
  const seen: { part: number; range: string | undefined }[] = [];
  let failSecond = true;
  await page.route(/^https:\/\/models\.example\/r\/web-0000(\d)-of-00002\.gguf$/, async (route) => {
    const part = Number(/-0000(\d)-of/.exec(route.request().url())![1]);
    const range = route.request().headers()['range'];
    seen.push({ part, range });
    const body = parts[part - 1]!;
    if (part === 2 && failSecond) return route.abort('connectionreset');
    const from = range ? Number(/bytes=(\d+)-/.exec(range)![1]) : 0;
    if (from >= body.length)
      return route.fulfill({ status: 416, headers: { 'content-range': `bytes */${body.length}` } });
    return route.fulfill({
      status: from ? 206 : 200,
      headers: {
        'content-length': String(body.length - from),
        ...(from ? { 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` } : {}),
        'access-control-allow-origin': '*',
      },
      body: body.subarray(from),
    });
  });
  await openApp(page, ollama);
  await openBrowserForm(page);
  const address = page.getByRole('textbox', { name: 'Model URL' });
  await address.fill('https://models.example/r/web-00001-of-00002.gguf');
  await page.getByRole('button', { name: 'Download' }).click();
  await expect(region(page).getByRole('alert')).toHaveText(/The download failed .* try again to resume/);
  await expect(modelList(page)).toHaveText([/No model yet/]);

  failSecond = false;
  seen.length = 0;
  await page.getByRole('button', { name: 'Download' }).click();
  await expect(modelList(page).filter({ hasText: 'web.gguf' })).toContainText('2 parts');
  // The first part was kept whole: asked for the rest (416), not downloaded again.
  expect(seen).toEqual([
    { part: 1, range: `bytes=${parts[0]!.length}-` },
    { part: 2, range: undefined },
  ]);
});

test('a download shows its progress and size, and the storage used that the form shows grows by the model', async ({
  page,
  ollama,
}) => {
  // A model host on this machine that sends the file in 8 slices, 250 ms apart.
  // 2.2 MB: enough to move the storage figures, which are shown in whole megabytes.
  const body = Buffer.from(tinyGguf({ layers: 12 })[0]!);
  const host = createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
      'access-control-allow-origin': '*',
    });
    if (req.method === 'HEAD') return res.end();
    const slice = Math.ceil(body.length / 8);
    let at = 0;
    const next = () => {
      if (res.destroyed) return;
      res.write(body.subarray(at, at + slice));
      at += slice;
      if (at >= body.length) res.end();
      else setTimeout(next, 250);
    };
    next();
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  try {
    await openApp(page, ollama);
    await openBrowserForm(page);
    const storage = page.getByTestId('storage');
    await expect(storage).toHaveText(/^Storage: .* used of .* this browser allows this page \(.* free\)\.$/);
    const freeBefore = await storage.textContent();
    const usedBefore = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

    const port = (host.address() as AddressInfo).port;
    await page.getByRole('textbox', { name: 'Model URL' }).fill(`http://127.0.0.1:${port}/slow.gguf`);
    await page.getByRole('button', { name: 'Download' }).click();
    const bar = page.getByRole('progressbar', { name: 'Copy progress' });
    await expect(bar).toBeVisible();
    // The bar moves: several values between nothing and the whole file, with the figures beside it.
    const seen = new Set<number>();
    await expect
      .poll(
        async () => {
          const v = await bar.evaluate((el: HTMLProgressElement) => el.value).catch(() => 0);
          if (v > 0 && v < body.length) seen.add(v);
          return seen.size;
        },
        { intervals: [60] },
      )
      .toBeGreaterThanOrEqual(2);
    expect(await bar.evaluate((el: HTMLProgressElement) => el.max)).toBe(body.length);
    await expect(region(page).getByRole('status').filter({ has: bar })).toHaveText(
      /slow\.gguf: [\d.]+ [kM]B \/ 2 MB/,
    );

    const listed = modelList(page).filter({ hasText: 'slow.gguf' });
    await expect(listed).toContainText('2 MB');
    await expect(bar).toBeHidden();
    // The figures are read again once the model is stored.
    await expect(storage).not.toHaveText(freeBefore ?? '');
    // The form's figure is the origin's usage when the model was stored: the model's 2 MB more than
    // before, and at most what the origin uses now (IndexedDB and the offline shell's cache can
    // still grow after the form read it).
    const shown = Number(/^Storage: (\d+) MB used/.exec((await storage.textContent()) ?? '')?.[1]);
    const usedNow = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    expect(shown).toBeGreaterThanOrEqual(Math.floor((usedBefore + body.length) / 1e6));
    // (A megabyte either way: IndexedDB may also compact its logs in between.)
    expect(shown).toBeLessThanOrEqual(Math.round(usedNow / 1e6) + 1);
  } finally {
    host.closeAllConnections();
    await new Promise((resolve) => host.close(resolve));
  }
});

test('Compare puts two browser models beside a server model: the browser ones take turns, never at once, even with Run at once', async ({
  page,
  ollama,
}) => {
  await openApp(page, ollama);
  await openBrowserForm(page);
  await page.getByLabel('Model file').setInputFiles(file('tiny-a.gguf', tiny()));
  await expect(modelList(page).filter({ hasText: 'tiny-a.gguf' })).toBeVisible();
  await page.getByLabel('Model file').setInputFiles(file('tiny-b.gguf', tiny()));
  await expect(modelList(page).filter({ hasText: 'tiny-b.gguf' })).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: 'This browser' });
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled({ timeout: 20_000 });
  await setMaxTokens(page, 60, true);

  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const setup = page.getByRole('group', { name: 'Models to compare' });
  const inPage = setup.locator('.server', { hasText: 'This browser' });
  await inPage.getByRole('checkbox', { name: 'tiny-a.gguf' }).check();
  await inPage.getByRole('checkbox', { name: 'tiny-b.gguf' }).check();
  await setup
    .locator('.server')
    .filter({ hasNotText: 'This browser' })
    .getByRole('checkbox', { name: 'llama3.2:latest' })
    .check();
  await setup.getByRole('switch', { name: /Run at once/ }).check();
  // Watch the columns: when each browser answer shows its first text, and when it is done.
  await page.evaluate(() => {
    const w = window as unknown as { seen: Record<string, { text?: number; done?: number }> };
    w.seen = { 'tiny-a.gguf': {}, 'tiny-b.gguf': {} };
    new MutationObserver(() => {
      for (const [model, at] of Object.entries(w.seen)) {
        const column = document.querySelector(`[data-model="${model}"]`);
        if (!column) continue;
        if (!at.text && column.querySelector('.body')?.textContent?.trim()) at.text = performance.now();
        if (!at.done && column.querySelector('[data-status="done"]')) at.done = performance.now();
        if (!at.done && column.matches('[data-status="done"]')) at.done = performance.now();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await ask(page, 'compare in the page');
  const comparison = page.getByRole('region', { name: 'Comparison' });
  await expect(comparison.locator('[data-status="done"]')).toHaveCount(3, { timeout: 90_000 });
  for (const model of ['tiny-a.gguf', 'tiny-b.gguf'])
    await expect(comparison.locator(`[data-model="${model}"] .stats`)).toContainText(
      /60 tokens · [\d.]+ tok\/s/,
    );
  await expect(comparison.locator('[data-model="llama3.2:latest"]')).toContainText('You said');
  const seen = await page.evaluate(
    () => (window as unknown as { seen: Record<string, { text: number; done: number }> }).seen,
  );
  // One engine, one answer at a time: whichever runs second shows nothing before the first is done.
  const [first, second] = Object.values(seen).sort((x, y) => x.text - y.text);
  expect(second!.text).toBeGreaterThanOrEqual(first!.done);
});
