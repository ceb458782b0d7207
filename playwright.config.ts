import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './scripts/find-chromium.mjs';

// E2E_PORT moves both previews (two checkouts can run their suites side by side).
export const PREVIEW_PORT = Number(process.env.E2E_PORT ?? 4180);
export const SUBPATH_PORT = PREVIEW_PORT + 1;

// Runs the production build (dist/) with `vite preview`, in real Chromium, against the fake Ollama
// server each test starts on a free port. `npm run test:e2e` finds Chromium and builds first.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e-artifacts',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    browserName: 'chromium',
    // The tests drive the English names of the UI contract; tests/e2e/french.spec.ts overrides this.
    locale: 'en-US',
    baseURL: `http://127.0.0.1:${PREVIEW_PORT}/`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH,
      // causerie.test gives the page an origin that is not on Ollama's default allow-list.
      args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP causerie.test 127.0.0.1'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: `npx vite preview --port ${PREVIEW_PORT} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${PREVIEW_PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx vite preview --port ${SUBPATH_PORT} --strictPort --host 127.0.0.1 --base /causerie/`,
      url: `http://127.0.0.1:${SUBPATH_PORT}/causerie/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
