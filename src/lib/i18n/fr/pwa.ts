import type { PwaText } from '../pwa';
import type { Words } from '../locale';

export const pwaTextFr: Words<PwaText> = {
  region: 'Nouvelle version',
  ready: 'Une nouvelle version est prête',
  reload: 'Recharger',
  reloading: 'Rechargement…',
  later: 'Plus tard',
  dismiss: 'Fermer',
  installFailed: 'La nouvelle version n’a pas pu être installée. Rechargez la page pour réessayer plus tard.',
  noServiceWorker: 'Ce navigateur n’a pas de service worker, il ne peut donc pas isoler la page.',
};
