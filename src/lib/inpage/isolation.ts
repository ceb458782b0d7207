// Turns the opt-in cross-origin isolation worker (public/coi-sw.js) on and off. Isolation takes
// effect on the next load, so the caller reloads the page.
const SCRIPT = './coi-sw.js';

export async function enableIsolation(): Promise<void> {
  if (!navigator.serviceWorker)
    throw new Error('This browser has no service workers, so it cannot isolate the page.');
  await navigator.serviceWorker.register(SCRIPT, { scope: './' });
  await navigator.serviceWorker.ready;
}

export async function disableIsolation(): Promise<void> {
  const regs = (await navigator.serviceWorker?.getRegistrations()) ?? [];
  for (const r of regs) if (r.active?.scriptURL.endsWith('/coi-sw.js')) await r.unregister();
}
