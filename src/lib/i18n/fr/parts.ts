import type { Words } from '../locale';
import type { PartText } from '../parts';

export const partTextFr: Words<PartText> = {
  thinkHint: 'Laisser le modèle raisonner avant de répondre',
  thinkLevel: 'Raisonnement',
  thinkLevelHint: 'Combien ce modèle raisonne avant de répondre (cela ne peut pas être désactivé).',
  thinkLevels: { low: 'Faible', medium: 'Moyen', high: 'Élevé' },
  removeImage: (name) => `Retirer ${name}`,
  sendEdited: 'Envoyer la question modifiée',
  editedQuestion: 'Question modifiée',
  needsLogin: (name) => `${name} demande une connexion`,
  signIn: 'Se connecter',
};
