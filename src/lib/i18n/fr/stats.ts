import type { Words } from '../locale';
import type { statsText } from '../stats';

export const statsTextFr: Words<typeof statsText> = {
  contextFullStop: 'coupée : la fenêtre de contexte est pleine',
  modelPathHint: (id) =>
    `${id} — le serveur désigne ce modèle par son fichier ; lancez llama-server avec --alias pour lui donner un nom court`,
};
