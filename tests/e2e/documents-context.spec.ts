// The warning before a send says only what is true of what will be sent (issue 14): a document
// larger than the window goes as the parts that match each question, which fit, so later questions
// are not asked "Send anyway" again; a send that really will not fit is asked once per chat.
import { defaultModels, smallContextModel } from '../fake-ollama/server.mjs';
import { chatRequests, expect, lastAnswer, startServer, test, type FakeOllama } from './fixtures';
import {
  askAboutPdf,
  composerWarning,
  FACT,
  fileInput,
  longText,
  MODEL,
  openSmall,
  requestTokens,
  summaryReply,
  startSmallServer,
  WINDOW,
} from './documentsFixtures';

const log = (page: import('@playwright/test').Page) => page.getByRole('log', { name: 'Conversation' });

for (const retrieval of ['embeddings', 'keywords'] as const) {
  test(`later questions about a document larger than the window (${retrieval}) fit and ask nothing`, async ({
    page,
  }) => {
    const all = [...defaultModels(), smallContextModel()];
    const server = await startServer({
      models: retrieval === 'embeddings' ? all : all.filter((m) => !m.capabilities?.includes('embedding')),
      replies: { [MODEL]: summaryReply },
      rate: 0,
    });
    try {
      await askAboutPdf(page, server, 4);
      const box = page.getByRole('textbox', { name: 'Message' });
      for (const [i, question] of [
        'Who was Ambrose Quill?',
        'In which year was the tower painted?',
      ].entries()) {
        await box.fill(question);
        await expect(page.getByRole('meter', { name: 'Context' })).toContainText('parts of the documents');
        await expect(composerWarning(page)).toHaveCount(0);
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        await expect(log(page).locator('[data-role="assistant"]')).toHaveCount(i + 2);
        await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
        const sent = chatRequests(server).at(-1)!.body as { messages: { content: string }[] };
        // The question carries the page that answers it, and the whole request fits the window.
        expect(sent.messages.at(-1)!.content).toContain(FACT);
        expect(requestTokens(sent)).toBeLessThan(WINDOW);
        await expect(lastAnswer(page).locator('details.citations')).toBeVisible();
      }
      expect(server.requests.some((r) => r.path === '/api/embed')).toBe(retrieval === 'embeddings');
    } finally {
      await server.close();
    }
  });
}

test.describe('a send that will not fit', () => {
  let server: FakeOllama;
  test.beforeEach(async () => {
    server = await startSmallServer();
  });
  test.afterEach(() => server.close());

  test('is asked about once: after Send anyway, later questions with the document go unasked', async ({
    page,
  }) => {
    await openSmall(page, server);
    await fileInput(page).setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(longText(6_000)),
    });
    await expect(page.getByRole('list', { name: 'Documents' })).toContainText('notes.txt');
    const box = page.getByRole('textbox', { name: 'Message' });
    // A question that alone fills the window: no part of the document can go with it.
    await box.fill(`Please read my draft. ${'The meadow was wide and green. '.repeat(300)}`);
    const warning = composerWarning(page);
    await expect(warning).toContainText('will not fit');
    const send = page.getByRole('button', { name: 'Send', exact: true });
    await expect(send).toBeDisabled();
    await warning.getByRole('button', { name: 'Send anyway' }).click();
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');

    await box.fill('And the harvest?');
    // Still over (the long question is in the history), but the user chose: nothing asks again.
    await expect(page.getByRole('meter', { name: 'Context' })).toHaveClass(/over/);
    await expect(warning).toHaveCount(0);
    await send.click();
    await expect(log(page).locator('[data-role="assistant"]')).toHaveCount(2);
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');

    // Attaching another document is a new situation: the warning may speak again.
    await fileInput(page).setInputFiles({
      name: 'more.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(longText(6_000)),
    });
    await box.fill('And the winter?');
    await expect(warning).toContainText('will not fit');
  });
});
