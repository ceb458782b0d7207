import type { ContextText } from '../context';
import { decimal, type Words } from '../locale';

export const contextTextFr: Words<ContextText> = {
  contextDroppedTitle: 'Le serveur n’a pas lu le début de cette conversation',
  contextDroppedDetail: (sent, counted) =>
    `Environ ${decimal(sent)} jetons ont été envoyés, mais le serveur en a compté ${decimal(counted)} : il a retiré les messages les plus anciens (y compris les premières consignes) pour tenir dans sa fenêtre de contexte, donc cette réponse ne les a pas vus.`,
  contextFullTitle: 'Cette conversation ne tient plus dans la fenêtre de contexte du modèle',
  contextFullDetail: (prompt, size) =>
    `La requête a utilisé ${prompt} jetons d’une fenêtre de ${size} jetons, donc le serveur a retiré le début de la conversation : le modèle ne le voit plus.`,
  raiseContext: (n) => `Passer num_ctx à ${n}`,
  newChatFromSummary: 'Nouvelle conversation à partir d’un résumé',
  summarizing: 'Résumé en cours…',
  contextMeter: 'Contexte',
};
