// Adds up every test that ran (vitest, Playwright, the cross-engine journeys) and prints the line CI reads: "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
let passed = 0;
let failed = 0;

const unit = read('test-results/vitest.json');
if (unit) {
  passed += unit.numPassedTests ?? 0;
  failed += unit.numFailedTests ?? 0;
  // A test file that fails to load has no failed tests but does fail: count it once.
  if (!unit.numFailedTests) failed += unit.numFailedTestSuites ?? 0;
}

const e2e = read('test-results/e2e.json');
if (e2e?.stats) {
  passed += (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
  failed += e2e.stats.unexpected ?? 0;
}

// tests/engines/run.mjs: each step of each engine's journey is one test. An engine missing outside
// CI is "skipped" there (CI counts it as failed); the line says how many were skipped.
let skipped = 0;
const engines = read('test-results/engines.json');
for (const run of engines?.engines ?? []) {
  for (const t of run.tests ?? []) {
    if (t.status === 'passed') passed += 1;
    else if (t.status === 'skipped') skipped += 1;
    else failed += 1;
  }
}

const extra = process.argv.slice(2).map(Number);
if (extra.length === 2) {
  passed += extra[0] || 0;
  failed += extra[1] || 0;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
