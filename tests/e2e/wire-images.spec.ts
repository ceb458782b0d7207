// Issue 12: OpenAI-compatible servers read only some image types (Ollama's /v1: JPEG, PNG, WebP;
// llama-server's stb_image: no WebP; LM Studio: JPEG, PNG). Other pictures go as PNG, re-encoded in
// the browser, while the chat keeps the original.
import type { Page } from '@playwright/test';
import {
  addOpenAiServer,
  ask,
  chatRequests,
  expect,
  lastAnswer,
  openApp,
  startServer,
  storedImageRecords,
  test,
  type FakeOllama,
} from './fixtures';

/** A 1×1 red GIF (red is palette entry 0). */
const RED_GIF = Buffer.from('R0lGODlhAQABAIABAP8AAP///yH5BAEAAAEALAAAAAABAAEAAAICRAEAOw==', 'base64');

/** Attaches a file and waits until the composer shows it (files are checked before they are taken). */
async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.locator('form.composer input[type=file]').setInputFiles(file);
  await expect(page.locator('form.composer img')).toHaveCount(1);
}

/** An 8×8 picture of one colour, encoded by the browser itself (Chromium writes WebP). */
async function browserImage(page: Page, type: string, rgb: string): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ({ type, rgb }) => {
      const canvas = new OffscreenCanvas(8, 8);
      const g = canvas.getContext('2d')!;
      g.fillStyle = rgb;
      g.fillRect(0, 0, 8, 8);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type })).arrayBuffer());
      return btoa(String.fromCharCode(...bytes));
    },
    { type, rgb },
  );
  return Buffer.from(b64, 'base64');
}

/** The data URL of the picture the server was sent, and what the browser decodes it to. */
async function sentPicture(page: Page, server: FakeOllama) {
  type Part = { type: string; image_url?: { url: string } };
  const body = chatRequests(server).at(-1)!.body as { messages: { content: string | Part[] }[] };
  const parts = body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
  const url = parts.find((p) => p.type === 'image_url')!.image_url!.url;
  const decoded = await page.evaluate(async (u) => {
    // Decoded from the bytes: the page's CSP lets it fetch no data: URL.
    const [head = '', b64 = ''] = u.split(',');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: head.slice(5, -7) }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d')!;
    g.drawImage(bitmap, 0, 0);
    const [r, gr, b, a] = g.getImageData(0, 0, 1, 1).data;
    return { width: bitmap.width, height: bitmap.height, pixel: [r, gr, b, a] };
  }, url);
  return { prefix: url.slice(0, 'data:image/png;base64,iVBOR'.length), ...decoded };
}

/** The stored pictures' types and first bytes (as text), as the page's IndexedDB holds them. */
const storedPictures = async (page: Page) =>
  (await storedImageRecords(page)).map(
    ({ type, head }) => `${type} ${String.fromCharCode(...head.slice(0, 4))}`,
  );

test('a GIF sent to Ollama’s /v1 goes as PNG (Ollama refuses GIF), and the chat keeps the GIF', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await addOpenAiServer(page, ollama, 'Ollama over /v1');
  await page.getByRole('combobox', { name: 'Model' }).selectOption('llava:7b');
  await attach(page, { name: 'red.gif', mimeType: 'image/gif', buffer: RED_GIF });
  await page.getByRole('textbox', { name: 'Message' }).fill('what colour is this?');
  // Ollama's /v1 lists names only: whether llava sees is unknown, so there is nothing to warn of.
  await expect(page.getByText('cannot see images')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(page.getByRole('alert')).toBeEmpty();
  expect(chatRequests(ollama).at(-1)!.status).toBe(200);
  expect(await sentPicture(page, ollama)).toEqual({
    prefix: 'data:image/png;base64,iVBOR',
    width: 1,
    height: 1,
    pixel: [255, 0, 0, 255],
  });
  await page.reload();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  expect(await storedPictures(page)).toEqual(['image/gif GIF8']);
  await expect(
    page.getByRole('log', { name: 'Conversation' }).getByRole('img', { name: 'Image 1' }),
  ).toBeVisible();
});

test('a WebP sent to llama-server goes as PNG (its stb_image has no WebP), and the chat keeps the WebP', async ({
  page,
}) => {
  const gguf = '/models/Qwen2.5-VL-7B-Q4_K_M.gguf';
  const server = await startServer({
    rate: 0,
    flavor: 'llama.cpp',
    models: [{ name: gguf, capabilities: ['completion', 'vision'] }],
  });
  try {
    await addOpenAiServer(page, server, 'llama-server');
    const webp = await browserImage(page, 'image/webp', 'rgb(0, 0, 255)');
    expect(webp.subarray(8, 12).toString('latin1')).toBe('WEBP');
    await attach(page, { name: 'blue.webp', mimeType: 'image/webp', buffer: webp });
    await ask(page, 'what colour is this?');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
    expect(chatRequests(server).at(-1)!.status).toBe(200);
    const sent = await sentPicture(page, server);
    expect(sent).toMatchObject({ prefix: 'data:image/png;base64,iVBOR', width: 8, height: 8 });
    // Lossy WebP may shift a channel by a step or two.
    expect(sent.pixel[2]).toBeGreaterThan(245);
    expect(sent.pixel[0]! + sent.pixel[1]!).toBeLessThan(10);
    expect(await storedPictures(page)).toEqual(['image/webp RIFF']);
  } finally {
    await server.close();
  }
});

test('PNG and JPEG go to an OpenAI-compatible server as they are', async ({ page, ollama }) => {
  ollama.setOptions({ rate: 0 });
  await addOpenAiServer(page, ollama, 'Ollama over /v1');
  await page.getByRole('combobox', { name: 'Model' }).selectOption('llava:7b');
  const jpeg = await browserImage(page, 'image/jpeg', 'rgb(0, 128, 0)');
  await attach(page, { name: 'green.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await ask(page, 'and this?');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const body = JSON.stringify(chatRequests(ollama).at(-1)!.body);
  expect(body).toContain(`data:image/jpeg;base64,${jpeg.toString('base64')}`);
});

/** A 2×2 all-red BMP (24 bits, rows padded to 4 bytes): a picture browsers decode but servers do not take. */
function redBmp(): Buffer {
  const rows = 2;
  const rowBytes = 8;
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + rows * rowBytes, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(2, 18);
  header.writeInt32LE(2, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(rows * rowBytes, 34);
  const row = Buffer.from([0, 0, 255, 0, 0, 255, 0, 0]); // blue, green, red per pixel
  return Buffer.concat([header, row, row]);
}

test('a BMP attached is taken as a PNG of the same picture: sent, stored and shown as PNG', async ({
  page,
  ollama,
}) => {
  ollama.setOptions({ rate: 0 });
  await openApp(page, ollama);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('llava:7b');
  await attach(page, { name: 'red.bmp', mimeType: 'image/bmp', buffer: redBmp() });
  await expect(page.getByRole('button', { name: 'Remove red.png' })).toBeVisible();
  await ask(page, 'what colour is this?');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const body = chatRequests(ollama).at(-1)!.body as { messages: { images?: string[] }[] };
  const sent = body.messages.flatMap((m) => m.images ?? []);
  expect(sent).toHaveLength(1);
  const decoded = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d')!;
    g.drawImage(bitmap, 0, 0);
    return {
      head: String.fromCharCode(...bytes.slice(1, 4)),
      size: [bitmap.width, bitmap.height],
      pixel: [...g.getImageData(1, 1, 1, 1).data],
    };
  }, sent[0]!);
  expect(decoded).toEqual({ head: 'PNG', size: [2, 2], pixel: [255, 0, 0, 255] });
  expect(await storedPictures(page)).toEqual(['image/png \u0089PNG']);
});
