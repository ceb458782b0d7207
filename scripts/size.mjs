// Reports the JavaScript the first page load needs (gzip) and fails above the budget (design P4).
// Initial JS = the entry script plus everything it imports statically (not dynamic imports).
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

export const BUDGET_KB = 60;
const dist = 'dist';

export function measure() {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="\.?\/?([^"]+\.js)"/g)].map((x) => x[1]);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.?\/?([^"]+\.js)"/g)].map(
    (x) => x[1],
  );
  const initial = [...new Set([...entries, ...preloads])];
  const gz = (f) => gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  const initialBytes = initial.reduce((sum, f) => sum + gz(f), 0);
  const all = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const lazy = all.map((f) => `assets/${f}`).filter((f) => !initial.includes(f));
  const css = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.css'));
  return {
    initialJsGzip: initialBytes,
    initialFiles: initial,
    lazyJsGzip: lazy.reduce((s, f) => s + gz(f), 0),
    lazyChunks: lazy.length,
    cssGzip: css.reduce((s, f) => s + gz(`assets/${f}`), 0),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = measure();
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  console.log(
    `initial JS ${kb(r.initialJsGzip)} gzip (budget ${BUDGET_KB} kB) · lazy JS ${kb(r.lazyJsGzip)} in ${r.lazyChunks} chunks · CSS ${kb(r.cssGzip)}`,
  );
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/size.json', JSON.stringify(r, null, 2));
  if (r.initialJsGzip > BUDGET_KB * 1024) {
    console.error(`Initial JS is over the ${BUDGET_KB} kB budget.`);
    process.exit(1);
  }
}
