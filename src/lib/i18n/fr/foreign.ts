import type { Words } from '../locale';
import type { ForeignText } from '../foreign';

export const foreignTextFr: Words<ForeignText> = {
  title: 'Cette conversation vient d’un autre serveur',
  body: (name, address) =>
    `Elle a été importée avec le serveur « ${name} » (${address}), que vous n’avez pas accepté : elle est donc en lecture seule et rien n’y est envoyé.`,
  refused: (name, address) =>
    `Elle a été importée avec le serveur « ${name} » (${address}), que vous avez refusé : elle est donc en lecture seule et rien n’y est envoyé.`,
  review: 'Examiner les serveurs importés',
};
