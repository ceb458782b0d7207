// Starts the service worker once the page is idle (loaded by a dynamic import from main.ts, so
// none of this is in the first load's JavaScript) and offers new versions as they arrive.
import { mount } from 'svelte';
import UpdateNotice from '../../components/UpdateNotice.svelte';
import { updates } from '../../stores/update.svelte';
import { isIsolating, ownRegistration, scriptUrl } from './worker';

/** A tab left open checks for a new build when it is shown again, at most this often. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

const idle = () =>
  new Promise<void>((resolve) => {
    if ('requestIdleCallback' in window) requestIdleCallback(() => resolve(), { timeout: 5000 });
    else setTimeout(resolve, 1000);
  });

export async function startPwa(): Promise<void> {
  // None on insecure origins (plain http other than localhost) and in some private modes.
  const container = navigator.serviceWorker;
  if (!container) return;
  await idle();
  mount(UpdateNotice, { target: document.body });
  let reg: ServiceWorkerRegistration;
  try {
    const existing = await ownRegistration();
    const newest = existing && (existing.installing ?? existing.waiting ?? existing.active);
    reg = await container.register(scriptUrl(isIsolating(newest?.scriptURL)), { scope: './' });
  } catch (e) {
    // The app works as before, online only; nothing the user can act on.
    console.warn('Causerie: the offline service worker did not register.', e);
    return;
  }
  watch(reg);
}

function watch(reg: ServiceWorkerRegistration): void {
  const offerWhenWaiting = (worker: ServiceWorker) => {
    const check = () => {
      // A first install passes through "installed" too, with no active worker yet: not an update.
      if (worker.state === 'installed' && reg.waiting === worker && reg.active) updates.offer(worker);
    };
    worker.addEventListener('statechange', check);
    check();
  };
  if (reg.waiting && reg.active) updates.offer(reg.waiting);
  if (reg.installing) offerWhenWaiting(reg.installing);
  reg.addEventListener('updatefound', () => {
    if (reg.installing) offerWhenWaiting(reg.installing);
  });
  let checkedAt = Date.now();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible' || Date.now() - checkedAt < CHECK_EVERY_MS) return;
    checkedAt = Date.now();
    // Offline or a host hiccup: the next check tries again, and the running version is unaffected.
    reg.update().catch(() => undefined);
  });
}
