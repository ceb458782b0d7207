// What the service worker's page side says: the update notice and the isolation switch's errors.
export const pwaText = {
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
