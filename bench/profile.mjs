// Ad-hoc CPU profile of one long streamed answer (P1's setting): where the main thread spends its
// time, by function. `node bench/profile.mjs [tokens] [rate] [cpu]` after `npx vite build`
// (`--minify false` for readable names); OUT=/tmp/p writes the raw trace and CPU profile.
import { writeFileSync } from 'node:fs';
import { DOS_PAYLOADS } from './dos.mjs';
import { startFakeOllama } from '../tests/fake-ollama/server.mjs';
import {
  serveDist,
  launch,
  newPage,
  throttle,
  openApp,
  chooseModel,
  ask,
  waitForFinalStatus,
} from './harness.mjs';

const [tokens = 20000, rate = 3000, cpu = 4] = process.argv.slice(2).map(Number);
const ollama = await startFakeOllama({ rate });
// DOS=n profiles the n-th payload of P8 (bench/dos.mjs) instead, sent as fast as the server writes.
const dos = process.env.DOS === undefined ? undefined : DOS_PAYLOADS[Number(process.env.DOS)];
if (dos) {
  console.log('payload:', dos[0]);
  ollama.setOptions({ rate: 0, replies: { 'markdown:latest': dos[1] } });
}
const server = await serveDist();
const { browser } = await launch();
try {
  const { page, cdp } = await newPage(browser);
  // Work that does not depend on the CPU's speed: DOM nodes the page creates.
  await page.addInitScript(() => {
    const counts = { elements: 0, texts: 0 };
    window.__created = counts;
    const element = Document.prototype.createElement;
    const text = Document.prototype.createTextNode;
    Document.prototype.createElement = function (...args) {
      counts.elements += 1;
      return element.apply(this, args);
    };
    Document.prototype.createTextNode = function (...args) {
      counts.texts += 1;
      return text.apply(this, args);
    };
  });
  await openApp(page, server.url, ollama);
  await chooseModel(page);
  await throttle(cdp, cpu);
  const metric = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metric();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  const t0 = Date.now();
  await ask(page, `profile tokens=${tokens}`);
  if (process.env.SCROLL_UP) {
    await page.waitForTimeout(800);
    await page.mouse.move(700, 300);
    await page.mouse.wheel(0, -600);
  }
  await waitForFinalStatus(page, 120_000);
  const wall = Date.now() - t0;
  const { profile } = await cdp.send('Profiler.stop');
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const events = trace.traceEvents ?? trace;
  if (process.env.OUT) {
    // Raw trace and CPU profile, for a closer look (chrome://tracing, DevTools, or a script).
    writeFileSync(`${process.env.OUT}.trace.json`, JSON.stringify(events));
    writeFileSync(`${process.env.OUT}.cpuprofile`, JSON.stringify(profile));
  }
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const byName = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || e.tid !== main?.tid || e.pid !== main?.pid) continue;
    const v = byName.get(e.name) ?? { ms: 0, n: 0 };
    v.ms += (e.dur ?? 0) / 1000;
    v.n++;
    byName.set(e.name, v);
  }
  for (const [k, v] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
    console.log(v.ms.toFixed(0).padStart(7), String(v.n).padStart(7), k);
  }
  const longTasks = events.filter(
    (e) =>
      e.ph === 'X' && e.name === 'RunTask' && e.tid === main?.tid && e.pid === main?.pid && e.dur > 50_000,
  );
  console.log(
    'long tasks:',
    longTasks.length,
    'frames/s',
    ((byName.get('FireAnimationFrame')?.n ?? 0) / (wall / 1000)).toFixed(1),
    'wall',
    wall,
  );
  const inside = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || e.tid !== main?.tid || e.name === 'RunTask') continue;
    if (!longTasks.some((l) => e.ts >= l.ts && e.ts < l.ts + l.dur)) continue;
    const v = inside.get(e.name) ?? 0;
    inside.set(e.name, v + e.dur / 1000);
  }
  for (const [k, v] of [...inside].sort((a, b) => b[1] - a[1]).slice(0, 14))
    console.log('   in long:', v.toFixed(0).padStart(6), k);
  globalThis.__long = longTasks;
  const after = await metric();
  console.log('created (elements, text nodes)', JSON.stringify(await page.evaluate(() => window.__created)));
  for (const k of [
    'TaskDuration',
    'ScriptDuration',
    'LayoutDuration',
    'RecalcStyleDuration',
    'LayoutCount',
    'RecalcStyleCount',
    'Nodes',
  ]) {
    console.log(k.padEnd(22), (after[k] - (k === 'Nodes' ? 0 : before[k])).toFixed(3));
  }
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  // Inclusive time per function (each function counted once per sample), for the samples `keep`
  // accepts (its argument is the sample's time in the trace's clock, µs).
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frameKey = (f) =>
    `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
  const inclusive = (keep) => {
    const out = new Map();
    let t = profile.startTime;
    profile.samples.forEach((id, i) => {
      t += dt[i] ?? 0;
      if (!keep(t)) return;
      const seen = new Set();
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        const key = frameKey(byId.get(cur).callFrame);
        if (seen.has(key)) continue;
        seen.add(key);
        out.set(key, (out.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
      }
    });
    return out;
  };
  const incl = inclusive(() => true);
  const inLong = inclusive((t) => globalThis.__long.some((e) => t >= e.ts && t <= e.ts + e.dur));
  console.log('--- inside long tasks (inclusive)');
  for (const [k, v] of [...inLong].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(v.toFixed(1).padStart(8), k);
  console.log('--- inclusive');
  for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(v.toFixed(1).padStart(8), k);
  console.log('--- self');
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`total sampled ${total.toFixed(0)} ms`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(v.toFixed(1).padStart(8), k);
} finally {
  await browser.close();
  await server.close?.();
  await ollama.close();
}
