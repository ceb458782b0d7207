// Renders the PNG icons of the web app manifest from public/icons/*.svg in Chromium (the one the
// e2e tests use), so the committed PNGs always match the SVGs: `node scripts/icons.mjs`.
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findChromium } from './find-chromium.mjs';

const icons = [
  // [source, output, size]: "any" icons keep their transparent corners; the maskable one and the
  // Apple touch icon are full-bleed, the platform cuts their shape.
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['maskable.svg', 'maskable-512.png', 512],
  ['maskable.svg', 'apple-touch-icon.png', 180],
];

const browser = await chromium.launch({ executablePath: await findChromium() });
const page = await browser.newPage();
for (const [source, output, size] of icons) {
  const svg = readFileSync(`public/icons/${source}`, 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
  );
  await page.screenshot({ path: `public/icons/${output}`, omitBackground: true });
  console.log(`public/icons/${output} (${size}×${size})`);
}
await browser.close();
