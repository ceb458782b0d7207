// Documents (issue 14): files longer than the model's window are summarised in parts that each fit,
// with progress, Stop and resume after a reload; questions get the parts that answer them, with
// citations; files with no text are refused plainly. The model has a 2,048-token window.
import { readFile } from 'node:fs/promises';
import { defaultModels, smallContextModel } from '../fake-ollama/server.mjs';
import {
  chatRequests,
  expect,
  lastAnswer,
  settledText,
  startServer,
  test,
  type FakeOllama,
} from './fixtures';
import {
  askAboutPdf,
  composerWarning,
  emptyPdf,
  encryptedPdf,
  FACT,
  fileInput,
  longText,
  makePdf,
  MODEL,
  openSmall,
  partOf,
  progressSteps,
  recordProgress,
  requestTokens,
  summaryReply,
  WINDOW,
} from './documentsFixtures';

/** Counts the records of the documents store, as the page's IndexedDB holds them. */
const storedDocuments = (page: import('@playwright/test').Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('causerie-documents');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('documents').objectStore('documents').count();
          req.onsuccess = () => {
            resolve(req.result);
            db.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );

test.describe('documents', () => {
  let server: FakeOllama;
  test.beforeEach(async () => {
    server = await startServer({
      models: [...defaultModels(), smallContextModel()],
      replies: { [MODEL]: summaryReply },
    });
  });
  test.afterEach(() => server.close());

  test('a 30,000-word text and a PDF are summarised in parts that fit, stopped, and resumed after a reload', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await recordProgress(page);
    await openSmall(page, server);
    const text = longText(30_000);
    await fileInput(page).setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(text) },
      { name: 'paper.pdf', mimeType: 'application/pdf', buffer: await makePdf(4, 3) },
    ]);
    const docs = page.getByRole('list', { name: 'Documents' });
    await expect(docs.getByRole('listitem')).toHaveCount(2);
    await expect(docs).toContainText('notes.txt');
    await expect(docs).toContainText('paper.pdf');
    const meter = page.getByRole('meter', { name: 'Context' });
    await expect(meter).toContainText(`/ ${WINDOW.toLocaleString('en')} tokens`);
    // The meter warns that the documents are larger than the window (a question would get parts).
    const warning = composerWarning(page);
    await expect(warning).toContainText('larger than the model’s context window');

    // Each part waits at the server, so the bar can be read (and Stop pressed) while part 3 waits.
    server.setOptions({ firstByteDelayMs: 3_000 });
    await warning.getByRole('button', { name: 'Summarise the documents first' }).click();
    const progress = page.getByRole('progressbar', { name: 'Summary progress' });
    await expect(progress).toBeVisible();
    await server.waitForRequest((r) => r.path === '/api/chat' && partOf(r.body) === 3, 20_000);
    await expect(progress).toHaveAttribute('aria-valuenow', '2');
    const total = Number(await progress.getAttribute('aria-valuemax'));
    expect(total).toBeGreaterThan(30);
    await expect(progress).toHaveAttribute('aria-valuetext', `Chunk 3 of ${total}`);
    await page.getByRole('button', { name: 'Stop summary' }).click();
    await expect(progress).toBeHidden();
    const answer = lastAnswer(page);
    await expect(answer).toHaveAttribute('data-status', 'stopped');
    await expect(answer).toContainText(`Summary through part 2 of ${total}.`);
    await expect(page.getByText(`Summary stopped after chunk 2 of ${total}.`)).toBeVisible();
    expect(await progressSteps(page)).toEqual([0, 1, 2]);

    await page.reload();
    await expect(lastAnswer(page)).toContainText(`Summary through part 2 of ${total}.`);
    server.setOptions({ firstByteDelayMs: 0 });
    await page.getByRole('button', { name: 'Resume summary' }).click();
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(lastAnswer(page)).toContainText(`Final summary. Summary through part ${total} of ${total}.`);
    await expect(page.getByRole('progressbar', { name: 'Summary progress' })).toBeHidden();
    // The bar went through every step of the resumed run, from the chunk it stopped at.
    expect(await progressSteps(page)).toEqual(Array.from({ length: total - 1 }, (_, i) => i + 2));

    const requests = chatRequests(server).filter((r) => (r.body as { model: string }).model === MODEL);
    for (const r of requests) expect(requestTokens(r.body)).toBeLessThanOrEqual(WINDOW);
    // Every part was sent and finished once, the resumed run starting after part 2; then the final pass.
    const finished = requests.filter((r) => !r.closedEarly && partOf(r.body) > 0).map((r) => partOf(r.body));
    expect(finished).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const final = requests.at(-1)!.body as { messages: { role: string; content: string }[] };
    expect(final.messages[0]!.content).toMatch(/^Format this summary/);
  });

  test('a question about one page gets that page’s part in its prompt, and the answer cites it', async ({
    page,
  }) => {
    await askAboutPdf(page, server, 5);

    const embeds = server.requests.filter((r) => r.path === '/api/embed');
    expect(embeds.length).toBeGreaterThan(0);
    const ask = chatRequests(server).at(-1)!.body as { messages: { role: string; content: string }[] };
    const prompt = ask.messages.at(-1)!.content;
    expect(prompt).toContain(FACT);
    expect(requestTokens({ messages: ask.messages })).toBeLessThan(WINDOW);
    // Only some parts of the 8 pages went: the document as a whole does not fit.
    expect(prompt.length).toBeLessThan(8 * 300 * 6);

    const cites = lastAnswer(page).locator('details.citations');
    await cites.locator('summary').first().click();
    const page5 = cites.getByText('lighthouses.pdf, page 5');
    await expect(page5).toBeVisible();
    await page5.click();
    await expect(cites.locator('blockquote', { hasText: 'Ambrose Quill' })).toBeVisible();
    await expect(cites).not.toContainText('chosen by keywords');
  });

  test('without an embedding model the parts are chosen by keywords, and the answer says so', async ({
    page,
  }) => {
    await server.close();
    server = await startServer({
      models: defaultModels()
        .filter((m) => !m.capabilities?.includes('embedding'))
        .concat(smallContextModel()),
      replies: { [MODEL]: summaryReply },
    });
    await askAboutPdf(page, server, 6);
    expect(server.requests.filter((r) => r.path === '/api/embed')).toHaveLength(0);
    const ask = chatRequests(server).at(-1)!.body as { messages: { content: string }[] };
    expect(ask.messages.at(-1)!.content).toContain(FACT);
    const cites = lastAnswer(page).locator('details.citations');
    await cites.locator('summary').first().click();
    await expect(cites).toContainText(
      'No embedding model on this server: the parts were chosen by keywords.',
    );
    await expect(cites).toContainText('lighthouses.pdf, page 6');
  });

  test('export, delete and import keep a chat’s documents and its summary', async ({ page }) => {
    await openSmall(page, server);
    const text = longText(3_000);
    await fileInput(page).setInputFiles({
      name: 'short.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(text),
    });
    await page.getByRole('button', { name: 'Summarise short.txt' }).click();
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    await expect(lastAnswer(page)).toContainText('Final summary.');
    await settledText(lastAnswer(page).locator('.body'));
    const summary = (await lastAnswer(page).locator('.body').innerText()).trim();
    const chats = page.getByRole('navigation', { name: 'Chats' });
    const title = 'Summarise short.txt';
    await expect(chats.getByRole('button', { name: title, exact: true })).toBeVisible();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export all chats' }).click(),
    ]);
    const exported = await readFile((await download.path())!, 'utf8');
    const file = JSON.parse(exported) as { sessions: { documents?: { name: string; text: string }[] }[] };
    expect(file.sessions[0]!.documents?.map((d) => d.name)).toEqual(['short.txt']);
    expect(file.sessions[0]!.documents?.[0]!.text).toBe(text);

    await chats.getByRole('button', { name: `Delete “${title}”` }).click();
    // Dismissing the undo lets the deletion go through, documents included.
    await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).click();
    await expect(chats.getByText('No chats yet')).toBeVisible();
    // Gone from storage too: what comes back below comes from the file.
    await expect.poll(() => storedDocuments(page)).toBe(0);
    await page.reload();
    await expect(chats.getByText('No chats yet')).toBeVisible();

    await chats
      .locator('input[type=file]')
      .setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await expect(page.getByRole('status').filter({ hasText: 'Imported: 1 new' })).toBeVisible();
    expect(await storedDocuments(page)).toBe(1);
    await chats.getByRole('button', { name: title, exact: true }).click();
    const log = page.getByRole('log', { name: 'Conversation' });
    await expect(log.locator('[data-role="user"]').getByRole('list', { name: 'Documents' })).toContainText(
      'short.txt',
    );
    await expect(lastAnswer(page).locator('.body')).toHaveText(summary);
    // The document is there to ask about again: its parts go with the next question.
    // Summarised, then asked about again: the question carries parts that fit, and nothing nags.
    await page.getByRole('textbox', { name: 'Message' }).fill('And the harvest?');
    await expect(composerWarning(page)).toHaveCount(0);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(log.locator('[data-role="assistant"]')).toHaveCount(2);
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    const ask = chatRequests(server).at(-1)!.body as { messages: { content: string }[] };
    expect(ask.messages.at(-1)!.content).toContain('<excerpt document="short.txt">');
  });

  test('an encrypted PDF, an empty PDF and a binary file each get a clear error and change nothing', async ({
    page,
  }) => {
    await openSmall(page, server);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('draft kept');
    // A document already attached stays attached through every refusal.
    await fileInput(page).setInputFiles({
      name: 'kept.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('A note that must stay.'),
    });
    const docs = page.getByRole('list', { name: 'Documents' });
    await expect(docs.getByRole('listitem')).toContainText('kept.txt');
    const cases = [
      {
        name: 'locked.pdf',
        mimeType: 'application/pdf',
        buffer: await encryptedPdf(),
        says: 'is protected by a password',
      },
      {
        name: 'scan.pdf',
        mimeType: 'application/pdf',
        buffer: await emptyPdf(),
        says: 'has no text to read',
      },
      {
        name: 'program.bin',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)),
        says: 'is not a text file',
      },
    ];
    for (const c of cases) {
      await fileInput(page).setInputFiles({ name: c.name, mimeType: c.mimeType, buffer: c.buffer });
      await expect(page.getByText(`${c.name} ${c.says}`)).toBeVisible();
      await expect(docs.getByRole('listitem')).toHaveCount(1);
      await expect(docs.getByRole('listitem')).toContainText('kept.txt');
    }
    await expect(box).toHaveValue('draft kept');
    // No alert says anything (the page keeps an empty live region for them).
    await expect(page.getByRole('alert')).toHaveText(/^\s*$/);
    await expect(page.getByRole('log', { name: 'Conversation' }).locator('[data-role]')).toHaveCount(0);
    expect(chatRequests(server)).toHaveLength(0);
  });
});
