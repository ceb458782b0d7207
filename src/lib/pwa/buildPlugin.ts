// Writes dist/sw.js: the worker in ./sw.js, preceded by the list of every file the build wrote
// (public/ included) with its SHA-256. Hand-written rather than vite-plugin-pwa/Workbox: the worker
// must merge the opt-in isolation headers into what it serves, refuse anything that is not exactly
// a build file (the servers may sit behind a proxy on this very origin), and keep the previous
// build for tabs still running it — custom code in Workbox too — while workbox-build would bring
// Babel and a second Rollup into the build for a worker of ~150 lines.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

export const WORKER_FILE = 'sw.js';
/** Files up to this size are cached at install; the engine's 10 MB .wasm waits for first use. */
export const PRECACHE_MAX_BYTES = 2 * 1024 * 1024;

export interface BuildFile {
  /** Relative to the page, with `/` separators. */
  path: string;
  sha256: string;
  precache: boolean;
}

export interface BuildList {
  /** Changes whenever any file does: names the cache, and makes the new sw.js differ. */
  version: string;
  files: BuildFile[];
}

export function listBuild(dir: string): BuildList {
  const files: BuildFile[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const path = relative(dir, full).split(sep).join('/');
        if (path === WORKER_FILE) continue;
        const bytes = readFileSync(full);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        files.push({ path, sha256, precache: bytes.length <= PRECACHE_MAX_BYTES });
      }
    }
  };
  walk(dir);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const all = createHash('sha256');
  for (const f of files) all.update(`${f.path}\n${f.sha256}\n`);
  return { version: all.digest('hex').slice(0, 16), files };
}

export function workerSource(build: BuildList, template: string): string {
  return `const CAUSERIE_BUILD = ${JSON.stringify(build)};\n${template}`;
}

/** Lists `dir` and writes its sw.js; the e2e update test "deploys" a changed build with it. */
export function writeServiceWorker(dir: string, templatePath: string): BuildList {
  const build = listBuild(dir);
  writeFileSync(join(dir, WORKER_FILE), workerSource(build, readFileSync(templatePath, 'utf8')));
  return build;
}

export function serviceWorker(): Plugin {
  let outDir = '';
  let template = '';
  return {
    name: 'causerie-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      template = resolve(config.root, 'src/lib/pwa/sw.js');
    },
    // After every file (the bundle and public/) is on disk.
    writeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        writeServiceWorker(outDir, template);
      },
    },
  };
}
