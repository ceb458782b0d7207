// What the service worker's page side says: the update notice and the isolation switch's errors.
import { localized } from './locale';
import { pwaTextFr } from './fr/pwa';

const pwaTextEn = {
  /** The name of the notice's landmark. */
  region: 'New version',
  ready: 'A new version is ready',
  reload: 'Reload',
  reloading: 'Reloading…',
  later: 'Later',
  dismiss: 'Dismiss',
  installFailed: 'The new version could not be installed. Reload the page to try again later.',
  noServiceWorker: 'This browser has no service workers, so it cannot isolate the page.',
};

export type PwaText = typeof pwaTextEn;
export const pwaText: PwaText = localized(pwaTextEn, pwaTextFr);
