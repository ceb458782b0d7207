// The journey's driver for Chromium (Chrome DevTools Protocol) and Firefox (WebDriver BiDi), both
// through puppeteer-core. Elements are found in the browser's own accessibility tree (puppeteer's
// `::-p-aria` query: CDP's queryAXTree in Chromium, BiDi's accessibility locator in Firefox), so the
// role and name are the engine's, not ours.
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../../scripts/find-chromium.mjs';

/** @typedef {import('./driver.mjs').Driver} Driver */

/**
 * @param {{ engine: 'chromium' | 'firefox', executablePath: string, width: number, height: number }} o
 * @returns {Promise<Driver>}
 */
export async function launchPuppeteer({ engine, executablePath, width, height }) {
  const browser =
    engine === 'firefox'
      ? await puppeteer.launch({
          browser: 'firefox',
          executablePath,
          headless: true,
          // English UI whatever the machine's locale (the app follows the browser's language).
          extraPrefsFirefox: { 'intl.accept_languages': 'en-US', 'intl.locale.requested': 'en-US' },
        })
      : await puppeteer.launch({
          browser: 'chrome',
          executablePath,
          headless: true,
          args: [...CHROMIUM_ARGS, '--lang=en-US'],
        });
  const version = await browser.version();
  const page = await browser.newPage();
  await page.setViewport({ width, height });

  /** @param {string} s */
  const quoted = (s) => {
    // puppeteer's ARIA selector has no escapes inside its quotes.
    if (s.includes('"')) throw new Error(`an accessible name with a double quote cannot be queried: ${s}`);
    return `"${s}"`;
  };

  return {
    engine,
    version,
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async reload() {
      await page.reload({ waitUntil: 'load' });
    },
    async findAll(role, name, within) {
      const root = /** @type {import('puppeteer-core').ElementHandle | undefined} */ (within) ?? page;
      // Both engines name the ARIA role `img` "image" in their accessibility trees.
      const engineRole = role === 'img' ? 'image' : role;
      return root.$$(`::-p-aria([name=${quoted(name)}][role=${quoted(engineRole)}])`);
    },
    async click(el) {
      await /** @type {import('puppeteer-core').ElementHandle} */ (el).click();
    },
    async type(el, text) {
      await /** @type {import('puppeteer-core').ElementHandle} */ (el).type(text);
    },
    async press(el, key) {
      await /** @type {import('puppeteer-core').ElementHandle} */ (el).press(key);
    },
    async select(el, value) {
      await /** @type {import('puppeteer-core').ElementHandle<HTMLSelectElement>} */ (el).select(value);
    },
    async setFiles(el, paths) {
      await /** @type {import('puppeteer-core').ElementHandle<HTMLInputElement>} */ (el).uploadFile(...paths);
    },
    async evaluate(fn, ...args) {
      return page.evaluate(fn, ...args);
    },
    async element(fn, ...args) {
      const handle = await page.evaluateHandle(fn, ...args);
      const el = handle.asElement();
      if (!el) {
        await handle.dispose();
        return null;
      }
      return el;
    },
    async screenshot(path) {
      await page.screenshot({ path });
    },
    async close() {
      await browser.close();
    },
  };
}
