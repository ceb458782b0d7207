// Pictures from words (issue 16): image models draw on Ollama's /api/generate (step progress) and
// on OpenAI-compatible /v1/images/generations; pictures are stored, survive a reload, download,
// go back in as input, and every failure is explained with the chat going on.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { defaultModels } from '../fake-ollama/server.mjs';
import { ERR_IMAGE_OOM, IMAGE_MODELS } from '../fake-ollama/images.mjs';
import {
  ask,
  expect,
  lastAnswer,
  PREVIEW,
  storedImageRecords,
  test,
  withHostConfig,
  type FakeOllama,
} from './fixtures';

const IMAGE = 'x/z-image-turbo:latest';

function withImageModel(ollama: FakeOllama, imageStepMs = 120) {
  ollama.setOptions({ models: [...defaultModels(), ...IMAGE_MODELS], tagsCapabilities: true, imageStepMs });
}

async function openOn(page: Page, ollama: FakeOllama, kind: 'ollama' | 'openai') {
  await withHostConfig(page, {
    servers: [
      {
        id: 's',
        name: kind === 'openai' ? 'Image server' : 'Ollama',
        kind,
        baseUrl: kind === 'openai' ? `${ollama.url}/v1` : ollama.url,
      },
    ],
    defaultServer: 's',
  });
  await page.goto(PREVIEW);
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeEnabled();
}

/** Adds an image model by name through the picker's "Add an image model…" entry. */
async function addImageModel(page: Page, name: string) {
  await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'Add an image model…' });
  await page.getByRole('textbox', { name: 'Image model name' }).fill(name);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue(name);
}

async function setSize(page: Page, width: number, height: number) {
  await page.getByRole('spinbutton', { name: 'Width' }).fill(String(width));
  await page.getByRole('spinbutton', { name: 'Height' }).fill(String(height));
  await page.getByRole('spinbutton', { name: 'Height' }).blur();
}

/** Decodes a shown picture in the page: its natural size and the colour of its centre. */
function decoded(img: Locator) {
  return img.evaluate(async (el: HTMLImageElement) => {
    await el.decode();
    const canvas = document.createElement('canvas');
    canvas.width = el.naturalWidth;
    canvas.height = el.naturalHeight;
    const g = canvas.getContext('2d')!;
    g.drawImage(el, 0, 0);
    const [r, gr, b] = g.getImageData(el.naturalWidth >> 1, el.naturalHeight >> 1, 1, 1).data;
    return { width: el.naturalWidth, height: el.naturalHeight, centre: [r, gr, b] };
  });
}

/** The images store's records (the one attachments use), as "type width×height" from their PNG bytes. */
const storedImages = async (page: Page) =>
  (await storedImageRecords(page)).map(({ type, head }) => {
    const v = new DataView(new Uint8Array(head).buffer);
    return `${type} ${v.getUint32(16)}×${v.getUint32(20)}`;
  });

const pictures = (answer: Locator) => answer.getByRole('img', { name: /^Picture \d+: / });

test('Ollama image model: steps move the progress bar, a 256×256 red PNG arrives, survives a reload, downloads, goes back in as input', async ({
  page,
  ollama,
}) => {
  withImageModel(ollama, 200);
  await openOn(page, ollama, 'ollama');
  const picker = page.getByRole('combobox', { name: 'Model' });
  // Image models are offered only in their own group, with a badge once chosen.
  await expect(picker.locator('optgroup[label="Image models"] option', { hasText: IMAGE })).toHaveCount(1);
  await expect(picker.locator(':scope > option', { hasText: IMAGE })).toHaveCount(0);
  await expect(picker.locator('option', { hasText: 'all-minilm' })).toHaveCount(0);
  // Ollama says which models draw: nothing to add by name.
  await expect(picker.locator('option', { hasText: 'Add an image model' })).toHaveCount(0);
  await picker.selectOption(IMAGE);
  await expect(page.getByText('image', { exact: true })).toBeVisible();

  await setSize(page, 256, 256);
  await page.getByRole('spinbutton', { name: 'Steps' }).fill('6');
  await page.getByRole('spinbutton', { name: 'Seed' }).fill('42');
  await page.getByRole('spinbutton', { name: 'Seed' }).blur();
  // The bar's values, read by the page at every frame (a poll from here would miss steps on a
  // loaded machine).
  await page.evaluate(() => {
    const seen = new Set<number>();
    Object.assign(window, { __progressSeen: seen });
    const sample = () => {
      for (const bar of document.querySelectorAll('progress')) if (bar.value > 0) seen.add(bar.value);
      requestAnimationFrame(sample);
    };
    sample();
  });
  await ask(page, 'a red square');

  const bar = page.getByRole('progressbar', { name: 'Image progress' });
  await expect(bar).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { __progressSeen: Set<number> }).__progressSeen.size),
    )
    .toBeGreaterThanOrEqual(3);
  await expect(bar).toBeHidden({ timeout: 10_000 });

  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'done');
  const img = pictures(answer).first();
  await expect(img).toHaveAccessibleName('Picture 1: a red square');
  expect(await decoded(img)).toEqual({ width: 256, height: 256, centre: [220, 30, 30] });
  await expect(answer).toContainText('256 × 256 · 6 steps · seed 42');
  const request = ollama.requests.find((r) => r.path === '/api/generate')!;
  expect(request.body).toMatchObject({
    model: IMAGE,
    prompt: 'a red square',
    width: 256,
    height: 256,
    steps: 6,
    options: { seed: 42 },
  });

  // Kept as bytes in the images store attachments use, so it survives a reload.
  expect(await storedImages(page)).toEqual(['image/png 256×256']);
  await page.reload();
  const again = pictures(lastAnswer(page)).first();
  await expect(again).toBeVisible();
  expect((await decoded(again)).width).toBe(256);

  // Full size inside the app, not a blob document in a new tab.
  await lastAnswer(page).getByRole('button', { name: 'Open picture 1 full size' }).click();
  const viewer = page.getByRole('dialog', { name: 'Picture 1: a red square' });
  await expect(viewer.getByRole('img', { name: 'Picture 1: a red square' })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    viewer.getByRole('button', { name: 'Download (PNG)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('a-red-square.png');
  const file = await readFile((await download.path())!);
  expect([...file.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  expect(file.readUInt32BE(16)).toBe(256);

  await viewer.getByRole('button', { name: 'Use as input' }).click();
  await expect(viewer).toBeHidden();
  // The chat moves to a model that sees, with the picture attached.
  await expect(picker).toHaveValue('llava:7b');
  await expect(page.getByRole('button', { name: 'Remove a-red-square.png' })).toBeVisible();
  await ask(page, 'what is this?');
  const chat = await ollama.waitForRequest((r) => r.path === '/api/chat');
  await expect(lastAnswer(page)).not.toHaveAttribute('data-status', 'streaming', { timeout: 15_000 });
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  const sent = (chat.body as { messages: { images?: string[] }[] }).messages.at(-1)!;
  expect(sent.images).toHaveLength(1);
});

test('Stop mid-generation closes the request at the server and keeps the chat usable', async ({
  page,
  ollama,
}) => {
  withImageModel(ollama, 300);
  await openOn(page, ollama, 'ollama');
  await page.getByRole('combobox', { name: 'Model' }).selectOption(IMAGE);
  await setSize(page, 128, 128);
  await page.getByRole('spinbutton', { name: 'Steps' }).fill('40');
  await ask(page, 'a slow blue sky');
  await expect(page.getByText(/Step \d+ of 40/)).toBeVisible();
  const request = await ollama.waitForRequest((r) => r.path === '/api/generate');
  await page.getByRole('button', { name: 'Stop' }).click();
  const closed = await ollama.waitForClose(request);
  expect(closed.closedEarly).toBe(true);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByRole('progressbar', { name: 'Image progress' })).toBeHidden();
  // Draw again with a new seed: the stopped try stays as an alternative.
  ollama.setOptions({ imageStepMs: 5 });
  await page.getByRole('spinbutton', { name: 'Steps' }).fill('3');
  await lastAnswer(page).getByRole('button', { name: 'Draw again with a new seed' }).click();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(pictures(lastAnswer(page))).toHaveCount(1);
  await expect(lastAnswer(page).getByText('2 / 2')).toBeVisible();
  const seeds = ollama.requests
    .filter((r) => r.path === '/api/generate')
    .map((r) => (r.body as { options: { seed: number } }).options.seed);
  expect(new Set(seeds).size).toBe(2);
});

test('OpenAI-compatible server: an image model added by name draws through /v1/images/generations', async ({
  page,
  ollama,
}) => {
  withImageModel(ollama, 5);
  await openOn(page, ollama, 'openai');
  await addImageModel(page, IMAGE);
  // Added to the image group, so no longer offered for chat.
  const picker = page.getByRole('combobox', { name: 'Model' });
  await expect(picker.locator(':scope > option', { hasText: IMAGE })).toHaveCount(0);
  await setSize(page, 256, 256);
  await page.getByRole('spinbutton', { name: 'Images' }).fill('2');
  await page.getByRole('textbox', { name: 'Negative prompt' }).fill('blurry');
  await ask(page, 'a red square');
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute('data-status', 'done');
  await expect(pictures(answer)).toHaveCount(2);
  for (const img of await pictures(answer).all()) {
    expect(await decoded(img)).toEqual({ width: 256, height: 256, centre: [220, 30, 30] });
  }
  const request = ollama.requests.find((r) => r.path === '/v1/images/generations')!;
  expect(request.body).toMatchObject({
    model: IMAGE,
    prompt: 'a red square',
    size: '256x256',
    n: 2,
    response_format: 'b64_json',
    negative_prompt: 'blurry',
  });
  await page.reload();
  await expect(picker).toHaveValue(IMAGE);
  await expect(pictures(lastAnswer(page))).toHaveCount(2);
  expect((await decoded(pictures(lastAnswer(page)).nth(1))).width).toBe(256);
  await lastAnswer(page).getByRole('button', { name: 'Open picture 2 full size' }).click();
  const viewer = page.getByRole('dialog', { name: 'Picture 2: a red square' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    viewer.getByRole('button', { name: 'Download (PNG)' }).click(),
  ]);
  const file = await readFile((await download.path())!);
  expect(file.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect([file.readUInt32BE(16), file.readUInt32BE(20)]).toEqual([256, 256]);
  await viewer.getByRole('button', { name: 'Close' }).click();

  // Stop mid-generation: the request is closed at the server (no progress to show: a busy bar).
  ollama.setOptions({ imageStepMs: 300 });
  await page.getByRole('spinbutton', { name: 'Images' }).fill('1');
  await page.getByRole('spinbutton', { name: 'Steps' }).fill('40');
  await ask(page, 'a slow blue sky');
  const slow = await ollama.waitForRequest(
    (r) => r.path === '/v1/images/generations' && (r.body as { prompt: string }).prompt === 'a slow blue sky',
  );
  await expect(page.getByRole('progressbar', { name: 'Image progress' })).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  expect((await ollama.waitForClose(slow)).closedEarly).toBe(true);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEnabled();
});

test('an OpenAI-compatible server whose /v1/models types its models offers its image model without adding it by name', async ({
  page,
  ollama,
}) => {
  withImageModel(ollama, 5);
  ollama.setOptions({ modelTypes: true });
  await openOn(page, ollama, 'openai');
  const picker = page.getByRole('combobox', { name: 'Model' });
  await expect(picker.locator('optgroup[label="Image models"] option', { hasText: IMAGE })).toHaveCount(1);
  await expect(picker.locator(':scope > option', { hasText: IMAGE })).toHaveCount(0);
  await picker.selectOption(IMAGE);
  await setSize(page, 128, 128);
  await ask(page, 'a yellow sun');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  expect(await decoded(pictures(lastAnswer(page)).first())).toEqual({
    width: 128,
    height: 128,
    centre: [240, 210, 40],
  });
});

test('each failure is explained, the prompt is kept and the chat goes on', async ({ page, ollama }) => {
  withImageModel(ollama, 5);
  await openOn(page, ollama, 'ollama');
  const picker = page.getByRole('combobox', { name: 'Model' });
  const alert = page.getByRole('alert');
  await picker.selectOption(IMAGE);
  await setSize(page, 128, 128);

  // Out of memory: a 500 from the runner.
  ollama.fault({ kind: 'status', status: 500, message: ERR_IMAGE_OOM, model: IMAGE });
  await ask(page, 'a huge cathedral');
  await expect(alert).toContainText('The server ran out of memory drawing this image');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');

  // A size this server refuses.
  ollama.fault({ kind: 'status', status: 400, message: 'width and height must be <= 1024', model: IMAGE });
  await ask(page, 'a wide field');
  await expect(alert).toContainText('The server refused this image size');

  // It still draws afterwards, and the failed prompts are still in the chat.
  await ask(page, 'a green hill');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  await expect(pictures(lastAnswer(page))).toHaveCount(1);
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.locator('[data-role="user"]', { hasText: 'a huge cathedral' })).toBeVisible();
  await expect(log.locator('[data-role="user"]', { hasText: 'a wide field' })).toBeVisible();

  // The chat goes on with a chat model.
  await picker.selectOption('qwen3:4b');
  await ask(page, 'hello after the pictures');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
});

test('a model added by name that answers with text is explained and the chat goes on', async ({
  page,
  ollama,
}) => {
  withImageModel(ollama, 5);
  await openOn(page, ollama, 'openai');
  await addImageModel(page, 'llama3.2:latest');
  await setSize(page, 128, 128);
  await ask(page, 'a red square');
  await expect(page.getByRole('alert')).toContainText('llama3.2:latest answered with text, not an image');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
  await expect(page.locator('[data-role="user"]', { hasText: 'a red square' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Model' }).selectOption('qwen3:4b');
  await ask(page, 'hello after the pictures');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
});

test('the image prompt: a size preset fills Width and Height, a typed side becomes a multiple of 16, and Ollama gets no negative prompt or image count', async ({
  page,
  ollama,
}) => {
  withImageModel(ollama, 5);
  await openOn(page, ollama, 'ollama');
  await page.getByRole('combobox', { name: 'Model' }).selectOption(IMAGE);
  const size = page.getByRole('combobox', { name: 'Size' });
  const width = page.getByRole('spinbutton', { name: 'Width' });
  const height = page.getByRole('spinbutton', { name: 'Height' });
  await size.selectOption({ label: '1024 × 768 (landscape)' });
  await expect(width).toHaveValue('1024');
  await expect(height).toHaveValue('768');
  await width.fill('250');
  await width.blur();
  await expect(width).toHaveValue('256');
  await expect(size).toHaveValue('-1');
  await height.fill('9000');
  await height.blur();
  await expect(height).toHaveValue('4096');
  await height.fill('100');
  await height.blur();
  await expect(height).toHaveValue('96');
  // Ollama's /api/generate reads neither: they are not offered.
  await expect(page.getByRole('textbox', { name: 'Negative prompt' })).toHaveCount(0);
  await expect(page.getByRole('spinbutton', { name: 'Images' })).toHaveCount(0);
  await ask(page, 'a red square');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done');
  expect(await decoded(pictures(lastAnswer(page)).first())).toMatchObject({ width: 256, height: 96 });
});

test('a plain Ollama server offers no image group at all', async ({ page, ollama }) => {
  await openOn(page, ollama, 'ollama');
  const picker = page.getByRole('combobox', { name: 'Model' });
  await expect(picker.locator('option', { hasText: 'llama3.2' })).toHaveCount(1);
  await expect(picker.locator('optgroup')).toHaveCount(0);
  await expect(picker.locator('option', { hasText: 'Add an image model' })).toHaveCount(0);
});

test('an Ollama that no longer draws (its image models listed, answered 400) says so and the chat goes on', async ({
  page,
  ollama,
}) => {
  withImageModel(ollama, 5);
  ollama.setOptions({ imagesApi: false });
  await openOn(page, ollama, 'ollama');
  await page.getByRole('combobox', { name: 'Model' }).selectOption(IMAGE);
  await setSize(page, 256, 256);
  await ask(page, 'a red square');
  await expect(page.getByRole('alert')).toContainText('This server cannot make images');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
  await expect(page.locator('[data-role="user"]', { hasText: 'a red square' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Model' }).selectOption('llama3.2:latest');
  await ask(page, 'then just talk');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
});

test('a server without image generation says so and the chat goes on', async ({ page, ollama }) => {
  ollama.setOptions({ imagesApi: false });
  await openOn(page, ollama, 'openai');
  await addImageModel(page, 'flux-schnell');
  await setSize(page, 256, 256);
  await ask(page, 'a red square');
  await expect(page.getByRole('alert')).toContainText('This server cannot make images');
  await expect(page.locator('[data-role="user"]', { hasText: 'a red square' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEnabled();
  await page.getByRole('combobox', { name: 'Model' }).selectOption('llama3.2:latest');
  await ask(page, 'then just talk');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
});

test('Compare runs one prompt on two image models side by side', async ({ page, ollama }) => {
  ollama.setOptions({
    models: [...defaultModels(), ...IMAGE_MODELS, { ...IMAGE_MODELS[0]!, name: 'flux2-klein:latest' }],
    tagsCapabilities: true,
    imageStepMs: 5,
  });
  await openOn(page, ollama, 'ollama');
  await page.getByRole('combobox', { name: 'Model' }).selectOption(IMAGE);
  await setSize(page, 128, 128);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const setup = page.getByRole('group', { name: 'Models to compare' });
  await setup.getByRole('checkbox', { name: IMAGE }).check();
  await setup.getByRole('checkbox', { name: 'flux2-klein:latest' }).check();
  await ask(page, 'a purple cat');
  const comparison = page.getByRole('region', { name: 'Comparison' });
  await expect(comparison.locator('[data-status="done"]')).toHaveCount(2, { timeout: 15_000 });
  for (const model of [IMAGE, 'flux2-klein:latest']) {
    const img = pictures(comparison.locator(`[data-model="${model}"]`)).first();
    expect(await decoded(img)).toEqual({ width: 128, height: 128, centre: [140, 50, 180] });
  }
});
