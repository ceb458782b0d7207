// Starts the service worker once the page is idle (loaded by a dynamic import from main.ts, so
// none of this is in the first load's JavaScript) and offers new versions as they arrive. The
// notice's words, buttons and store load with the first new version (or failure) there is to tell.
import { mount } from 'svelte';
import { activating, isIsolating, ownRegistration, scriptUrl } from './registration';

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
  offer = noticeIn(noticeRegion(document));
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

/**
 * The notice's live region, put in the page empty from the start so that screen readers hear the
 * notice when it appears in it.
 */
export function noticeRegion(doc: Document): HTMLElement {
  const region = doc.createElement('div');
  region.className = 'update';
  region.setAttribute('role', 'status');
  doc.body.append(region);
  return region;
}

/** Offers a waiting worker to the user; set once the notice's region is in the page. */
let offer: (worker: ServiceWorker) => void = () => undefined;

/** Loads the notice into `region` the first time there is a version to offer, then offers it. */
function noticeIn(region: HTMLElement): (worker: ServiceWorker) => void {
  let loaded: Promise<(worker: ServiceWorker) => void> | undefined;
  return (worker) => {
    if (activating.has(worker)) return;
    loaded ??= Promise.all([
      import('../../stores/update.svelte'),
      import('../../components/UpdateNotice.svelte'),
    ]).then(([{ updates }, { default: UpdateNotice }]) => {
      mount(UpdateNotice, { target: region });
      return (w: ServiceWorker) => updates.offer(w);
    });
    // A chunk that could not load: the next offer tries again.
    loaded.then((offerTo) => offerTo(worker)).catch(() => (loaded = undefined));
  };
}

function watch(reg: ServiceWorkerRegistration): void {
  const offerWhenWaiting = (worker: ServiceWorker) => {
    const check = () => {
      // A first install passes through "installed" too, with no active worker yet: not an update.
      if (worker.state === 'installed' && reg.waiting === worker && reg.active) offer(worker);
    };
    worker.addEventListener('statechange', check);
    check();
  };
  if (reg.waiting && reg.active) offer(reg.waiting);
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
