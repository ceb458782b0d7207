// `npm run test:engines`: the students' journey (./journey.mjs) in Chromium, Firefox ESR and
// WebKitGTK, against the production build (vite preview) and the fake Ollama server over real HTTP.
//   node tests/engines/run.mjs [--no-build] [--engine chromium|firefox|webkit ...]
// Each step of each engine is one test in test-results/engines.json (scripts/count.mjs adds them
// up). A missing engine prints how to install it; in CI (CI=true) its steps count as failed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { startFakeOllama } from '../fake-ollama/server.mjs';
import { steps } from './journey.mjs';
import { launchPuppeteer } from './puppeteer-driver.mjs';
import { findMiniBrowser, launchWebKit } from './webkit-driver.mjs';

const { values } = parseArgs({
  options: { 'no-build': { type: 'boolean' }, engine: { type: 'string', multiple: true } },
});
const CI = process.env.CI === 'true' || process.env.CI === '1';
const BASE_PORT = Number(process.env.E2E_PORT ?? 4180);
// The Playwright suite uses E2E_PORT and E2E_PORT + 1; these come after.
const PREVIEW_PORT = BASE_PORT + 2;
const WEBDRIVER_PORT = BASE_PORT + 3;
const PREVIEW = `http://127.0.0.1:${PREVIEW_PORT}/`;
const VIEWPORT = { width: 1280, height: 900 };
const STEP_TIMEOUT_MS = 40_000;
const OUT = 'test-results';
const SHOTS = `${OUT}/screenshots`;

/** A 1×1 PNG, the image the journey attaches. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const onPath = (name) => {
  const r = spawnSync('which', [name], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
};

/** Each engine: where it is (or why not), and how to start a driver for it. */
const ENGINES = {
  chromium: {
    label: 'Chromium',
    async locate() {
      try {
        return { path: await findChromium({ install: false }) };
      } catch {
        return { missing: 'sudo apt-get install -y chromium   (or set CHROMIUM_PATH)' };
      }
    },
    launch: ({ path }) => launchPuppeteer({ engine: 'chromium', executablePath: path, ...VIEWPORT }),
  },
  firefox: {
    label: 'Firefox ESR',
    async locate() {
      const path = process.env.FIREFOX_PATH || onPath('firefox-esr') || onPath('firefox');
      return path ? { path } : { missing: 'sudo apt-get install -y firefox-esr   (or set FIREFOX_PATH)' };
    },
    launch: ({ path }) => launchPuppeteer({ engine: 'firefox', executablePath: path, ...VIEWPORT }),
  },
  webkit: {
    label: 'WebKitGTK',
    async locate() {
      const miniBrowser = findMiniBrowser();
      if (onPath('WebKitWebDriver') && onPath('Xvfb') && miniBrowser) return { path: miniBrowser };
      return { missing: 'sudo apt-get install -y webkit2gtk-driver xvfb' };
    },
    launch: ({ path }) => launchWebKit({ miniBrowser: path, port: WEBDRIVER_PORT, ...VIEWPORT }),
  },
};

/** @template T @param {Promise<T>} p @param {number} ms @param {string} what @returns {Promise<T>} */
function within(p, ms, what) {
  let timer;
  return Promise.race([
    p,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function startPreview() {
  const child = spawn(
    'npx',
    ['vite', 'preview', '--port', String(PREVIEW_PORT), '--strictPort', '--host', '127.0.0.1'],
    { stdio: ['ignore', 'ignore', 'inherit'], detached: true },
  );
  const stop = () => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)));
    } catch {
      // Already gone.
    }
  };
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    if (child.exitCode !== null)
      throw new Error(`vite preview exited (${child.exitCode}); is port ${PREVIEW_PORT} free?`);
    try {
      if ((await fetch(PREVIEW)).ok) return stop;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`vite preview did not answer at ${PREVIEW}`);
}

/** Runs the journey in one engine; returns its results, one per step. */
async function runEngine(key, png) {
  const engine = ENGINES[key];
  const started = Date.now();
  const results = [];
  const record = (title, status, ms, error) => {
    results.push({ title, status, ms, ...(error ? { error } : {}) });
    const mark = status === 'passed' ? '✓' : status === 'skipped' ? '-' : '✘';
    console.log(`  ${mark} [${key}] ${title} (${ms} ms)${error ? `\n      ${error}` : ''}`);
  };
  const where = await engine.locate();
  if (where.missing) {
    console.log(`\n${engine.label} is not installed. Install it with:\n  ${where.missing}`);
    const status = CI ? 'failed' : 'skipped';
    for (const s of steps) record(s.name, status, 0, `${engine.label} is not installed`);
    return { engine: key, version: null, ms: 0, tests: results };
  }

  const server = await startFakeOllama({ rate: 40 });
  let driver;
  let version = null;
  try {
    driver = await within(engine.launch(where), 60_000, `starting ${engine.label}`);
    version = driver.version;
    console.log(`\n${engine.label}: ${version}`);
    let broken = null;
    for (const s of steps) {
      if (broken) {
        record(s.name, 'failed', 0, `not run: "${broken}" failed`);
        continue;
      }
      const t = Date.now();
      try {
        await within(
          s.run({ d: driver, server, preview: PREVIEW, png, pngBase64: PNG_BASE64 }),
          STEP_TIMEOUT_MS,
          'the step',
        );
        record(s.name, 'passed', Date.now() - t);
      } catch (e) {
        record(s.name, 'failed', Date.now() - t, e instanceof Error ? e.message : String(e));
        broken = s.name;
      }
    }
    await within(driver.screenshot(`${SHOTS}/engines-${key}.png`), 15_000, 'the screenshot').catch((e) =>
      console.log(`  (no screenshot: ${e.message})`),
    );
  } catch (e) {
    // The engine did not start: every step it did not run fails.
    const message = e instanceof Error ? e.message : String(e);
    for (const s of steps.slice(results.length)) record(s.name, 'failed', 0, message);
  } finally {
    if (driver) await within(driver.close(), 15_000, 'closing the browser').catch(() => {});
    await server.close();
  }
  return { engine: key, version, ms: Date.now() - started, tests: results };
}

async function main() {
  const chosen = values.engine?.length ? values.engine : Object.keys(ENGINES);
  for (const k of chosen)
    if (!(k in ENGINES)) throw new Error(`unknown engine ${k}; pick from ${Object.keys(ENGINES)}`);
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(`${OUT}/engines`, { recursive: true });
  const png = resolve(OUT, 'engines', 'dot.png');
  writeFileSync(png, Buffer.from(PNG_BASE64, 'base64'));

  const report = { engines: [] };
  let stopPreview = () => {};
  try {
    if (!values['no-build'] && !process.env.SKIP_BUILD) {
      const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
      if (built.status !== 0) throw new Error('the build failed');
    }
    if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: build first (npx vite build)');
    stopPreview = await startPreview();
    for (const k of chosen) report.engines.push(await runEngine(k, png));
  } catch (e) {
    // No journey could run: each one counts as failed, not as absent.
    const error = e instanceof Error ? e.message : String(e);
    console.error(error);
    for (const k of chosen.slice(report.engines.length)) {
      report.engines.push({
        engine: k,
        version: null,
        ms: 0,
        tests: steps.map((st) => ({ title: st.name, status: 'failed', ms: 0, error })),
      });
    }
  } finally {
    stopPreview();
  }
  writeFileSync(`${OUT}/engines.json`, JSON.stringify(report, null, 2));

  const all = report.engines.flatMap((e) => e.tests);
  const count = (s) => all.filter((t) => t.status === s).length;
  console.log(
    `\nengines: ${report.engines.map((e) => `${e.engine} ${(e.ms / 1000).toFixed(1)} s`).join(', ')}` +
      `\nEngines: ${count('passed')} passed, ${count('failed')} failed${count('skipped') ? `, ${count('skipped')} skipped` : ''}`,
  );
  process.exit(count('failed') ? 1 : 0);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
