import type { Words } from '../locale';
import type { framedText, viewerText } from '../safety';

export const viewerTextFr: Words<typeof viewerText> = {
  open: (n) => `Ouvrir l’image ${n} en grand`,
  title: (n) => `Image ${n}`,
};

export const framedTextFr: Words<typeof framedText> = {
  title: 'Causerie ne peut pas fonctionner dans un autre site',
  body: 'Cette page a été chargée dans un cadre par un autre site web. Pour garder ce que vous saisissez et vos serveurs hors de portée de ce site, Causerie ne démarre pas ici et n’accepte aucune saisie.',
  open: 'Ouvrir Causerie dans son propre onglet',
};
