// The heavy readers load on first use (issue 14): pdf.js (and its worker, from the page's own origin)
// only when a PDF is attached, the .docx reader only when a Word file is; a text file needs neither.
import type { Page } from '@playwright/test';
import { chatRequests, expect, lastAnswer, PREVIEW, test, type FakeOllama } from './fixtures';
import { fileInput, makeDocx, makePdf, openSmall, startSmallServer } from './documentsFixtures';

/** Code markers: a class of pdf.js, and the part of a .docx that mammoth opens. */
const PDFJS = 'PDFDocumentProxy';
const DOCX_READER = 'word/document.xml';

/** Every script the page fetched, with its text. */
function watchScripts(page: Page): { url: string; body: string }[] {
  const seen: { url: string; body: string }[] = [];
  page.on('response', async (r) => {
    const type = r.request().resourceType();
    if (type !== 'script' && type !== 'worker' && !/\.m?js(\?|$)/.test(r.url())) return;
    seen.push({ url: r.url(), body: await r.text().catch(() => '') });
  });
  return seen;
}

const loaded = (scripts: { url: string; body: string }[], marker: string) =>
  scripts.some((s) => s.body.includes(marker));

test.describe('document readers', () => {
  let server: FakeOllama;
  test.beforeEach(async () => {
    server = await startSmallServer();
  });
  test.afterEach(() => server.close());

  test('pdf.js and the .docx reader load only when such a file is attached, and both read their text', async ({
    page,
  }) => {
    const scripts = watchScripts(page);
    await openSmall(page, server);
    const docs = page.getByRole('list', { name: 'Documents' });
    await fileInput(page).setInputFiles({
      name: 'plain.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('A plain note about the orchard.'),
    });
    await expect(docs.getByRole('listitem').filter({ hasText: 'plain.txt' })).toContainText('tokens');
    expect(scripts.length).toBeGreaterThan(0);
    expect(loaded(scripts, PDFJS)).toBe(false);
    expect(loaded(scripts, DOCX_READER)).toBe(false);

    await fileInput(page).setInputFiles({
      name: 'letter.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: makeDocx(['Dear committee,', 'The weaver Odile Marchand mended the festival banner.']),
    });
    await expect(docs.getByRole('listitem').filter({ hasText: 'letter.docx' })).toContainText('tokens');
    await expect.poll(() => loaded(scripts, DOCX_READER)).toBe(true);
    expect(loaded(scripts, PDFJS)).toBe(false);

    await fileInput(page).setInputFiles({
      name: 'paper.pdf',
      mimeType: 'application/pdf',
      buffer: await makePdf(1),
    });
    await expect(docs.getByRole('listitem').filter({ hasText: 'paper.pdf' })).toContainText('tokens');
    await expect.poll(() => loaded(scripts, PDFJS)).toBe(true);
    // pdf.js parses in its worker, a file of the page's own origin (the CSP allows no other).
    // (Its response is recorded once its megabyte of text is read: waited for.)
    await expect
      .poll(() => scripts.find((s) => /pdf\.worker/.test(s.url))?.url.startsWith(PREVIEW))
      .toBe(true);

    await page.getByRole('textbox', { name: 'Message' }).fill('Who mended the banner?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    const prompt = (chatRequests(server).at(-1)!.body as { messages: { content: string }[] }).messages.at(
      -1,
    )!.content;
    expect(prompt).toContain('The weaver Odile Marchand mended the festival banner.');
    expect(prompt).toContain('A plain note about the orchard.');
    expect(prompt).toContain('<document name="paper.pdf">');
  });
});
