import { decimal, type Words } from '../locale';
import type { PromptText } from '../prompts';

export const promptTextFr: Words<PromptText> = {
  dialogTitle: 'Prompts enregistrés',
  intro:
    'Des textes à réutiliser : tapez / au début de la zone de message pour en choisir un. Un prompt système règle la façon dont le modèle se comporte dans la conversation.',
  empty: 'Aucun prompt enregistré pour l’instant.',
  add: 'Ajouter un prompt',
  edit: (name) => `Modifier « ${name} »`,
  remove: (name) => `Supprimer « ${name} »`,
  removed: (name) => `« ${name} » supprimé`,
  name: 'Nom',
  text: 'Texte',
  kind: 'Utiliser comme',
  kinds: { prompt: 'Texte du message', system: 'Prompt système' },
  save: 'Enregistrer',
  cancel: 'Annuler',
  nameNeeded: 'Donnez un nom au prompt.',
  textNeeded: 'Écrivez le texte du prompt.',
  tooLong: (max) => `Au plus ${decimal(max)} caractères.`,
  listLabel: 'Prompts enregistrés',
  manage: 'Gérer les prompts enregistrés…',
  systemBadge: 'système',
  systemSet: (name) => `Prompt système de cette conversation : « ${name} »`,
};
