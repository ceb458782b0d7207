// Finds a Chromium for the end-to-end tests and the benchmark:
// CHROMIUM_PATH, then a system Chromium or Chrome, then Playwright's own browser. Where none is
// installed it tries the usual installers and, failing that, says how to install one.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

const SYSTEM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

function onPath(name) {
  const r = spawnSync(process.platform === 'win32' ? 'where' : 'which', [name], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.split('\n')[0]?.trim() : '';
  return found || null;
}

async function playwrightOwn() {
  try {
    const { chromium } = await import('@playwright/test');
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

async function locate() {
  const env = process.env.CHROMIUM_PATH;
  if (env) {
    if (existsSync(env)) return env;
    console.error(`CHROMIUM_PATH is set to ${env}, which does not exist.`);
  }
  for (const p of SYSTEM) if (existsSync(p)) return p;
  for (const n of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const p = onPath(n);
    if (p) return p;
  }
  return playwrightOwn();
}

function tryInstall() {
  const attempts = [['npx', ['playwright', 'install', 'chromium']]];
  if (process.platform === 'linux' && onPath('apt-get')) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    // Without root, only a password-less sudo can install; never prompt.
    const run = isRoot
      ? (...a) => ['apt-get', a]
      : onPath('sudo')
        ? (...a) => ['sudo', ['-n', 'apt-get', ...a]]
        : null;
    if (run) attempts.push(run('update', '-qq'), run('install', '-y', '-qq', 'chromium'));
  }
  for (const [cmd, args] of attempts) {
    console.error(`No Chromium found; trying: ${cmd} ${args.join(' ')}`);
    try {
      execFileSync(cmd, args, { stdio: 'inherit', timeout: 10 * 60_000 });
    } catch {
      // Try the next installer.
    }
  }
}

export async function findChromium({ install = true } = {}) {
  let path = await locate();
  if (!path && install) {
    tryInstall();
    path = await locate();
  }
  if (!path) {
    throw new Error(
      [
        'No Chromium or Chrome was found, and installing one failed.',
        'Install one and run the tests again, for example:',
        '  Debian/Ubuntu: sudo apt-get install -y chromium',
        '  macOS:         brew install --cask chromium',
        '  any system:    npx playwright install chromium',
        'or point CHROMIUM_PATH at an existing Chromium or Chrome binary.',
      ].join('\n'),
    );
  }
  return path;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

if (import.meta.url === `file://${process.argv[1]}`) {
  findChromium()
    .then((p) => console.log(p))
    .catch((e) => {
      console.error(e.message);
      process.exit(1);
    });
}
