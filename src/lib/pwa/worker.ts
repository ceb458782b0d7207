// The page's side of the service worker (./sw.js, built into dist/sw.js): how to switch to a new
// one, and to or from isolation. Isolation is a flag in the script's URL (./registration.ts), so it
// lives in the registration itself and a new build's worker keeps it.
import { pwaText as t } from '../i18n/pwa';
import { activating, scriptUrl } from './registration';

/** Makes a waiting (or still installing) worker the active one; resolves once it is. */
export function activate(worker: ServiceWorker): Promise<void> {
  activating.add(worker);
  return new Promise((resolve, reject) => {
    const check = () => {
      if (worker.state === 'activated') resolve();
      else if (worker.state === 'redundant') reject(new Error(t.installFailed));
      // Asked (again) once it waits: Chromium can drop the request made while it was installing,
      // and the worker then waits for good.
      else if (worker.state === 'installed') worker.postMessage({ type: 'skip-waiting' });
    };
    worker.addEventListener('statechange', check);
    check();
    if (worker.state === 'installing') worker.postMessage({ type: 'skip-waiting' });
  });
}

/** Registers the worker with or without the isolation headers and activates it; the caller
 * reloads, since isolation applies from the next load. */
export async function setIsolation(on: boolean): Promise<void> {
  if (!navigator.serviceWorker) throw new Error(t.noServiceWorker);
  const reg = await navigator.serviceWorker.register(scriptUrl(on), { scope: './' });
  const next = reg.installing ?? reg.waiting;
  if (next) await activate(next);
  else if (!reg.active) await navigator.serviceWorker.ready;
}
