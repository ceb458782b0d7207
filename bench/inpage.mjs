// P9 (issue 15): a GGUF model run inside the page. The tiny random llama from tests/gguf/tiny.mjs
// is added through the UI ("This browser", "Model file"), then asked twice: the first answer pays for
// the engine (10 MB of WebAssembly fetched and compiled, the model loaded), the second runs warm.
// Figures: engine + model load time, first-token time, tokens/s (from the engine's own timings, as
// the app stores them), and whether the engine stayed out of the first load (hard: the initial JS
// budget depends on it). Headless Chromium has no WebGPU adapter: this is the one-thread WASM path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tinyGguf } from '../tests/gguf/tiny.mjs';
import {
  ROOT,
  ask,
  clickStop,
  lastAssistant,
  newPage,
  openApp,
  readStore,
  sleep,
  waitFor,
  waitForFinalStatus,
} from './harness.mjs';
import { ms, round } from './stats.mjs';

const TOKENS = 400;
/** The answer Stop ends: long enough to be stopped in the middle. */
const STOP_TOKENS = 4000;

/**
 * Saves the Settings dialog and waits for it to close: it closes once the settings are stored, and
 * until then the message box behind it is inert, so a question typed there would go nowhere.
 */
async function saveSettings(page) {
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('dialog', { name: 'Settings' }).waitFor({ state: 'hidden' });
}

export async function p8(env) {
  const { browser, appUrl, ollama } = env;
  ollama.reset();
  const { context, page } = await newPage(browser);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  try {
    await openApp(page, appUrl, ollama);
    await page.waitForLoadState('networkidle');
    const engineAtStart = fetched.filter((p) => /\/assets\/(engine|wllama)-/.test(p));

    await page.getByRole('button', { name: 'Servers' }).click();
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'This browser' });
    const gguf = Buffer.from(tinyGguf()[0]);
    await page
      .getByLabel('Model file')
      .setInputFiles({ name: 'bench-tiny.gguf', mimeType: 'application/octet-stream', buffer: gguf });
    await page.getByText('Added bench-tiny.gguf').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Server' }).selectOption({ label: 'This browser' });
    await page.getByRole('combobox', { name: 'Model' }).locator('option[value="bench-tiny.gguf"]').waitFor({
      state: 'attached',
    });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('spinbutton', { name: 'num_predict' }).fill(String(TOKENS));
    await page.getByRole('button', { name: 'Use these for new chats' }).click();
    await saveSettings(page);

    await ask(page, 'cold');
    const cold = await waitForFinalStatus(page, 120_000);
    await ask(page, 'warm');
    const warm = await waitForFinalStatus(page, 120_000);
    const answers = (await readStore(page, 'messages'))
      .filter((m) => m.role === 'assistant')
      .sort((a, b) => a.createdAt - b.createdAt);
    const [first, second] = answers.map((m) => m.stats ?? {});

    // Stop mid-answer, as P5 does for a server: nothing is painted 50 ms after the click. In a new
    // chat, so the answer has the model's whole context (2,048 tokens) to run in: after the two
    // answers above, what is left goes by in about 2 s on a fast CPU, and Stop would come too late.
    await page.getByRole('button', { name: 'New chat', exact: true }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('spinbutton', { name: 'num_predict' }).fill(String(STOP_TOKENS));
    await saveSettings(page);
    await ask(page, 'stop me');
    const stopButton = page.getByRole('button', { name: 'Stop', exact: true });
    await stopButton.waitFor({ state: 'visible', timeout: 30_000 });
    const body = lastAssistant(page).locator('.body');
    await waitFor(async () => ((await body.textContent()) ?? '').length > 40, 60_000, 'text to stop');
    await sleep(300);
    const snap = await clickStop(page, stopButton);
    const stoppedStatus = await waitForFinalStatus(page, 10_000);
    const late = snap.changes.filter((c) => c.dt > 50);
    const frozen = snap.at500 === snap.at1000;
    const tps = (s) => (s?.evalCount && s.evalDurationNs ? s.evalCount / (s.evalDurationNs / 1e9) : NaN);
    const loadMs = (first?.loadDurationNs ?? NaN) / 1e6;
    const gz = (pattern) => {
      const file = fetched.find((p) => pattern.test(p));
      return file ? gzipSync(readFileSync(join(ROOT, 'dist', file))).length : NaN;
    };
    const kb = (n) => (Number.isFinite(n) ? `${(n / 1024).toFixed(0)} kB gzip` : 'n/a');
    const answered = cold === 'done' && warm === 'done' && second?.evalCount === TOKENS;
    return {
      id: 'P9',
      scenario: 'a GGUF model in the page (tiny random llama, one WASM thread)',
      raw: {
        engineAtStart,
        cold: first,
        warm: second,
        stop: {
          status: stoppedStatus,
          changes: snap.changes.map((c) => ({ dt: round(c.dt, 1), chars: c.chars })),
        },
        engineChunkGzip: gz(/\/assets\/engine-/),
        wasmGzip: gz(/\/assets\/wllama-.*\.wasm$/),
      },
      checks: [
        {
          name: 'engine not on first load (hard)',
          target: 'none',
          figure: engineAtStart.length ? engineAtStart.join(', ') : 'none',
          pass: engineAtStart.length === 0,
          hard: true,
        },
        {
          name: 'both answers done (hard)',
          target: `${TOKENS} tokens`,
          figure: `${cold} / ${warm}, ${second?.evalCount ?? 0} tokens`,
          pass: answered,
          hard: true,
        },
        {
          name: 'Stop: no text painted after 50 ms',
          target: 'none after 50 ms',
          figure: late.length
            ? `${late.length} changes, last at +${Math.round(late.at(-1).dt)} ms`
            : snap.changes.length
              ? `none (${snap.changes.length} by +${Math.round(snap.changes.at(-1).dt)} ms)`
              : 'none',
          pass: late.length === 0,
          value: late.at(-1)?.dt ?? 0,
        },
        {
          name: 'Stop: answer stopped, text frozen (+0.5 s / +1 s)',
          target: 'stopped, frozen',
          figure: `${stoppedStatus}, ${frozen ? 'frozen' : 'STILL CHANGING'}`,
          pass: stoppedStatus === 'stopped' && frozen,
          hard: true,
        },
        { name: 'engine + model load (first answer)', target: 'report', figure: ms(loadMs), pass: null },
        { name: 'first token, cold', target: 'report', figure: ms(first?.ttftMs), pass: null },
        { name: 'first token, warm', target: 'report', figure: ms(second?.ttftMs), pass: null },
        { name: 'tokens/s, cold', target: 'report', figure: `${round(tps(first), 1)} tok/s`, pass: null },
        { name: 'tokens/s, warm', target: 'report', figure: `${round(tps(second), 1)} tok/s`, pass: null },
        {
          name: 'engine fetched on first use',
          target: 'report',
          figure: `JS ${kb(gz(/\/assets\/engine-/))} · wasm ${kb(gz(/\/assets\/wllama-.*\.wasm$/))}`,
          pass: null,
        },
      ],
    };
  } finally {
    await context.close();
  }
}
