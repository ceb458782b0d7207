import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { serviceWorker } from './src/lib/pwa/buildPlugin.ts';

// The production page gets a strict Content-Security-Policy. Scripts only from our own origin;
// `connect-src *` because the servers are whatever hosts the user configures. It is added at build
// time only: Vite's dev server injects inline styles and scripts for hot reloading.
export const CSP = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the in-page engine compile its own WebAssembly (nothing else: no eval).
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  'connect-src *',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  // blob: for the engine's Worker, which wllama builds from code bundled in our own chunk.
  "worker-src 'self' blob:",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'causerie-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

// `base: './'` makes every asset URL relative, so the same dist/ works at a domain root,
// under any subpath (GitHub Pages project sites) and with `vite preview`.
export default defineConfig({
  base: './',
  plugins: [svelte(), contentSecurityPolicy(), serviceWorker()],
  build: {
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Everything the first load needs goes in one chunk: split into the pieces the lazy parts
        // share, it compressed ~3 kB worse (gzip works per file).
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
      },
    },
  },
  preview: {
    port: 4173,
    strictPort: true,
    // The end-to-end tests open the page as http://causerie.test (mapped to 127.0.0.1 in Chromium)
    // to get an origin that is not on Ollama's default allow-list.
    allowedHosts: ['causerie.test'],
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'jsdom',
    setupFiles: ['tests/unit/setup.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    // A loaded 2-core CI machine runs property tests several times slower than a laptop: a test
    // fails for what it checks, not because another process had the CPU.
    testTimeout: 60_000,
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
});
