// Helpers of the documents e2e specs (issue 14): deterministic texts and PDFs, the scripted model
// (each summary part's answer names the part), and the test server's own token count.
import { crc32 } from 'node:zlib';
import type { Page } from '@playwright/test';
import { PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib';
import { defaultModels, smallContextModel } from '../fake-ollama/server.mjs';
import { expect, lastAnswer, openApp, startServer, type FakeOllama } from './fixtures';

export const WINDOW = 2048;
export const MODEL = 'tinyllama:latest';

// Filler shares no word with the questions below (stop words aside).
const VOCAB = (
  'river mountain garden harvest winter autumn market village bridge meadow forest orchard valley ' +
  'merchant weaver baker miller farmer shepherd traveller scholar student teacher lantern basket ' +
  'window candle wagon barrel ribbon journey season morning evening festival letter story song'
).split(' ');

/** A deterministic paragraph of `n` words. */
export function paragraph(seed: number, n: number): string {
  const words: string[] = [];
  let x = seed * 7919 + 13;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    words.push(VOCAB[x % VOCAB.length]!);
  }
  const sentences: string[] = [];
  for (let i = 0; i < words.length; i += 12) {
    const s = words.slice(i, i + 12).join(' ');
    sentences.push(s[0]!.toUpperCase() + s.slice(1) + '.');
  }
  return sentences.join(' ');
}

export function longText(words: number): string {
  const paras: string[] = [];
  for (let i = 0; i * 120 < words; i++) {
    if (i % 25 === 0) paras.push(`# Chapter ${i / 25 + 1}`);
    paras.push(paragraph(i, 120));
  }
  return paras.join('\n\n');
}

export const FACT = 'The keeper Ambrose Quill painted the lighthouse tower vermilion in 1903.';

/** A PDF of `pages` pages of filler; `factPage` (1-based) also carries the fact. */
export async function makePdf(pages: number, factPage?: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= pages; p++) {
    const page = doc.addPage([595, 842]);
    const text = paragraph(1000 + p, 300);
    const lines = text.match(/.{1,90}(\s|$)/g) ?? [];
    if (p === factPage) lines.splice(10, 0, FACT);
    lines.forEach((line, i) => page.drawText(line.trim(), { x: 40, y: 800 - i * 14, size: 10, font }));
  }
  return Buffer.from(await doc.save());
}

/** A PDF that needs a password: a standard security handler whose user password is not empty. */
export async function encryptedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('secret');
  const ctx = doc.context;
  const hex = (n: number, seed: number) =>
    PDFHexString.of(
      Array.from({ length: n }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, '0')).join(''),
    );
  const encrypt = ctx.obj({ Filter: 'Standard', V: 1, R: 2, P: -4 });
  encrypt.set(PDFName.of('O'), hex(32, 1));
  encrypt.set(PDFName.of('U'), hex(32, 2));
  ctx.trailerInfo.Encrypt = ctx.register(encrypt);
  ctx.trailerInfo.ID = ctx.obj([hex(16, 3), hex(16, 3)]);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export async function emptyPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  doc.addPage();
  return Buffer.from(await doc.save());
}

/** The scripted model: each part's answer names the part; the final pass says it is final. */
export function summaryReply(messages: { role: string; content: string }[]): string {
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const user = messages.at(-1)?.content ?? '';
  if (system.startsWith('Format this summary')) return `Final summary. ${user}`;
  const part = /<part number="(\d+)" of="(\d+)">/.exec(user);
  if (part) return `Summary through part ${part[1]} of ${part[2]}.`;
  // "Talk at length about N": a long answer, so that a conversation soon outgrows the window.
  const topic = /^Talk at length about (\d+)/.exec(user);
  if (topic) return paragraph(Number(topic[1]), 800);
  return 'It was painted vermilion.';
}

/** What the test server counts as prompt tokens (a quarter of the characters), plus the answer's cap. */
export function requestTokens(body: unknown): number {
  const b = body as { messages: { content: string }[]; options?: { num_predict?: number } };
  const chars = b.messages.reduce((n, m) => n + Array.from(m.content).length, 0);
  return Math.ceil(chars / 4) + (b.options?.num_predict ?? 0);
}

export const partOf = (body: unknown) => {
  const user = (body as { messages?: { content: string }[] } | undefined)?.messages?.at(-1)?.content ?? '';
  return Number(/<part number="(\d+)"/.exec(user)?.[1] ?? 0);
};

export async function openSmall(page: Page, server: FakeOllama) {
  await openApp(page, server);
  await page.getByRole('combobox', { name: 'Model' }).selectOption(MODEL);
}

/** Attaches an 8-page PDF with the fact on `factPage`, asks about the fact, and waits for the answer. */
export async function askAboutPdf(page: Page, server: FakeOllama, factPage: number) {
  await openSmall(page, server);
  await fileInput(page).setInputFiles({
    name: 'lighthouses.pdf',
    mimeType: 'application/pdf',
    buffer: await makePdf(8, factPage),
  });
  await expect(page.getByRole('list', { name: 'Documents' })).toContainText('lighthouses.pdf');
  // Larger than the window, the document is said to go in parts; the send itself fits, unasked.
  await expect(composerWarning(page)).toContainText('larger than the model’s context window');
  await expect(composerWarning(page).getByRole('button', { name: 'Send anyway' })).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Message' }).fill('What colour did Ambrose Quill paint the tower?');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
}

export const fileInput = (page: Page) => page.locator('form.composer input[type=file]');

/** The context warning in the composer (answers carry their own). */
export const composerWarning = (page: Page) => page.locator('form.composer [data-warning="context"]');

/**
 * Records every value the summary's progress bar shows, in order (a MutationObserver sees each
 * change, however fast the steps go). Read with `progressSteps` after the run.
 */
export async function recordProgress(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: number[] = [];
    (globalThis as unknown as { __progress: number[] }).__progress = seen;
    const isBar = (n: Node): n is Element =>
      n instanceof Element && n.getAttribute('aria-label') === 'Summary progress';
    const push = (v: string | null) => {
      if (v !== null && Number(v) !== seen.at(-1)) seen.push(Number(v));
    };
    // Each change's old value, then the last value when the bar goes: every value it showed.
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' && isBar(r.target)) push(r.oldValue);
        for (const n of r.removedNodes) {
          const bar = isBar(n)
            ? n
            : n instanceof Element
              ? n.querySelector('[aria-label="Summary progress"]')
              : null;
          if (bar) push(bar.getAttribute('aria-valuenow'));
        }
      }
    }).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-valuenow'],
      attributeOldValue: true,
    });
  });
}

export const progressSteps = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __progress: number[] }).__progress);

/** A ZIP archive of the given files, stored without compression (what a .docx is underneath). */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A Word document whose body is the given paragraphs. */
export function makeDocx(paragraphs: string[]): Buffer {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml':
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>` +
      paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${esc(p)}</w:t></w:r></w:p>`).join('') +
      '</w:body></w:document>',
  });
}

/** A test server with the small-context model answering as `summaryReply`, at full speed. */
export const startSmallServer = (): Promise<FakeOllama> =>
  startServer({
    models: [...defaultModels(), smallContextModel()],
    replies: { [MODEL]: summaryReply },
    rate: 0,
  });
