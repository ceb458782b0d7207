// The journey's driver for WebKitGTK: Debian's WebKitWebDriver driving MiniBrowser under Xvfb,
// over WebDriver classic (JSON over HTTP). The client is the dozen endpoints the journey needs,
// written here with fetch: the npm clients (webdriverio, selenium-webdriver) bring dozens of
// packages and their own driver downloads for what is a few POSTs.
//
// Roles and names come from the engine: candidates are picked by a CSS hint, then kept only when
// WebKit's own Get Computed Role and Get Computed Label (its accessibility code) match.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** @typedef {import('./driver.mjs').Driver} Driver */

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const KEYS = { Enter: '\uE007', Escape: '\uE00C' };

/** Elements that can carry each role natively or by attribute (the engine decides which do). */
const CANDIDATES = {
  button: 'button, [role="button"], input[type="button"], input[type="submit"], summary',
  textbox:
    'textarea, input:not([type]), input[type="text"], input[type="search"], input[type="url"], input[type="password"], input[type="number"], [role="textbox"]',
  combobox: 'select, [role="combobox"], input[list]',
  dialog: 'dialog, [role="dialog"], [role="alertdialog"]',
  navigation: 'nav, [role="navigation"]',
  log: '[role="log"]',
  img: 'img, [role="img"], svg',
  checkbox: 'input[type="checkbox"], [role="checkbox"]',
  switch: 'input[type="checkbox"], [role="switch"]',
  alert: '[role="alert"]',
  status: '[role="status"], output',
  region: 'section, [role="region"]',
  main: 'main, [role="main"]',
  link: 'a[href], [role="link"]',
};

/** WebKit's names for some ARIA roles (what Get Computed Role answers). */
const ROLES = {
  img: ['image'],
  // WebKitGTK exposes a drop-down <select> as a pop-up button; the candidates above are selects only.
  combobox: ['combobox', 'button'],
};

/** @param {unknown} error */
function notExposed(error) {
  if (String(error).includes('unknown error')) return null;
  throw error;
}

/** @param {Element} el */
const isVisible = (el) => el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length > 0;

/** MiniBrowser from Debian's libwebkit2gtk (4.1 today, 4.0 or 6.0 on other releases). */
export function findMiniBrowser() {
  for (const lib of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']) {
    if (!existsSync(lib)) continue;
    for (const dir of readdirSync(lib)
      .filter((d) => /^webkit(2gtk-[\d.]+|gtk-[\d.]+)$/.test(d))
      .sort()
      .reverse()) {
      const path = `${lib}/${dir}/MiniBrowser`;
      if (existsSync(path)) return path;
    }
  }
  return null;
}

/** Starts Xvfb on a free display (it picks one and writes it to fd 3). */
function startXvfb() {
  return new Promise((resolve, reject) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1400x1000x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start: ${err}`)), 10_000);
    xvfb.stderr?.on('data', (d) => (err += d));
    xvfb.stdio[3]?.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve({ display: `:${out.trim()}`, process: xvfb });
      }
    });
    xvfb.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{ miniBrowser: string, port: number, width: number, height: number }} o
 * @returns {Promise<Driver>}
 */
export async function launchWebKit({ miniBrowser, port, width, height }) {
  const xvfb = await startXvfb();
  const env = { ...process.env, DISPLAY: xvfb.display, LANGUAGE: 'en_US', LC_ALL: 'C.UTF-8' };
  const driver = spawn('WebKitWebDriver', [`--port=${port}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let driverLog = '';
  driver.stderr?.on('data', (d) => (driverLog = (driverLog + d).slice(-2000)));
  const base = `http://127.0.0.1:${port}`;
  const stopAll = () => {
    driver.kill();
    xvfb.process.kill();
  };

  /** @param {string} method @param {string} path @param {unknown} [body] */
  async function call(method, path, body) {
    const res = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = /** @type {{ value: any }} */ (await res.json());
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  }

  let sessionId = '';
  let version;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await call('GET', '/status')).ready) break;
      } catch {
        if (i > 100) throw new Error(`WebKitWebDriver did not start on port ${port}. ${driverLog}`);
      }
      await sleep(100);
    }
    const session = await call('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
        },
      },
    });
    sessionId = session.sessionId;
    version = `MiniBrowser WebKitGTK ${session.capabilities.browserVersion}`;
  } catch (e) {
    stopAll();
    throw e;
  }
  const s = (path) => `/session/${sessionId}${path}`;
  const id = (el) => /** @type {Record<string, string>} */ (el)[ELEMENT];
  await call('POST', s('/window/rect'), { width, height });

  /** Runs `fn` with `args` in the page; a promise it returns is awaited. */
  async function evaluate(fn, ...args) {
    const script =
      'const done = arguments[arguments.length - 1];' +
      `Promise.resolve().then(() => (${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))` +
      '.then((value) => done({ value }), (e) => done({ error: String(e && e.stack || e) }));';
    const result = await call('POST', s('/execute/async'), { script, args });
    if (result.error) throw new Error(`in the page: ${result.error}`);
    return result.value ?? null;
  }

  return {
    engine: 'webkit',
    version,
    async goto(url) {
      await call('POST', s('/url'), { url });
    },
    async reload() {
      await call('POST', s('/refresh'), {});
    },
    async findAll(role, name, within) {
      const css = CANDIDATES[role];
      if (!css) throw new Error(`no candidate selector for role ${role}`);
      const from = within ? s(`/element/${id(within)}/elements`) : s('/elements');
      const found = [];
      for (const el of await call('POST', from, { using: 'css selector', value: css })) {
        const e = id(el);
        try {
          // WebKit answers "unknown error" for an element outside the accessibility tree (hidden).
          const computed = await call('GET', s(`/element/${e}/computedrole`)).catch(notExposed);
          if (!computed || !(ROLES[role] ?? [role]).includes(computed)) continue;
          const label = await call('GET', s(`/element/${e}/computedlabel`)).catch(notExposed);
          if (label !== name) {
            // WebKitGTK appends the placeholder to a <label>'s text ("Name e.g. Course GPU server");
            // Chromium and Firefox, like the accname spec, use a placeholder only when nothing else names it.
            const placeholder = await call('GET', s(`/element/${e}/attribute/placeholder`));
            if (!placeholder || label !== `${name} ${placeholder}`) continue;
          }
          // Is Element Displayed's heuristic calls the chat list's (visible) title buttons hidden.
          if (!(await evaluate(isVisible, el))) continue;
          found.push(el);
        } catch (error) {
          // Gone between the query and the check (the UI re-rendered): not a match.
          if (!String(error).includes('stale element')) throw error;
        }
      }
      return found;
    },
    async click(el) {
      await call('POST', s(`/element/${id(el)}/click`), {});
    },
    async type(el, text) {
      await call('POST', s(`/element/${id(el)}/value`), { text });
    },
    async press(el, key) {
      await call('POST', s(`/element/${id(el)}/value`), { text: KEYS[key] });
    },
    async select(el, value) {
      const option = await call('POST', s(`/element/${id(el)}/element`), {
        using: 'css selector',
        value: `option[value=${JSON.stringify(value)}]`,
      });
      await call('POST', s(`/element/${id(option)}/click`), {});
    },
    async setFiles(el, paths) {
      await call('POST', s(`/element/${id(el)}/value`), { text: paths.join('\n') });
    },
    evaluate,
    async element(fn, ...args) {
      const value = await evaluate(fn, ...args);
      return value && typeof value === 'object' && ELEMENT in value ? value : null;
    },
    async screenshot(path) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path, Buffer.from(await call('GET', s('/screenshot')), 'base64'));
    },
    async close() {
      try {
        await call('DELETE', s(''));
      } finally {
        stopAll();
      }
    },
  };
}
