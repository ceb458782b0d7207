import type { Words } from '../locale';
import type { ReviewText } from '../review';

const authTypes = {
  none: 'aucune',
  basic: 'nom d’utilisateur et mot de passe',
  bearer: 'clé d’API',
  headers: 'en-têtes personnalisés',
};

export const reviewTextFr: Words<ReviewText> = {
  title: 'Serveurs d’un fichier importé',
  intro:
    'Le fichier que vous avez importé cite ces serveurs. Causerie ne les a pas contactés. N’acceptez qu’un serveur que vous connaissez : une fois accepté, il reçoit vos questions et tout mot de passe que vous saisissez pour lui.',
  address: 'Adresse',
  auth: 'Connexion',
  authTypes,
  authLine: (type, username) =>
    username ? `${authTypes[type]}, en tant que ${JSON.stringify(username)}` : authTypes[type],
  accept: (name) => `Accepter ${name}`,
  refuse: (name) => `Refuser ${name}`,
  acceptShort: 'Accepter',
  refuseShort: 'Refuser',
  later: 'Décider plus tard',
};
