// Adds up every test that ran (vitest, Playwright) and prints the line CI reads: "N passed, N failed".
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

const extra = process.argv.slice(2).map(Number);
if (extra.length === 2) {
  passed += extra[0] || 0;
  failed += extra[1] || 0;
}
console.log(`${passed} passed, ${failed} failed`);
