// Turns the isolation headers of the app's service worker (src/lib/pwa/sw.js) on and off.
// Isolation takes effect on the next load, so the caller reloads the page.
import { setIsolation } from '../pwa/worker';

export const enableIsolation = (): Promise<void> => setIsolation(true);
export const disableIsolation = (): Promise<void> => setIsolation(false);
