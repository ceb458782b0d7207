import type { ErrorContext, ErrorFix } from '../../providers/types';
import type { imageErrorText } from '../imageErrors';

const said = (c: ErrorContext) => (c.serverText ? ` Le serveur a répondu : « ${c.serverText} »` : '');

export const imageErrorTextFr: typeof imageErrorText = {
  'no-image-api': (c) => ({
    title: 'Ce serveur ne sait pas créer d’images',
    detail:
      `${c.baseUrl ?? 'Le serveur'} n’a pas d’API de génération d’images (il a répondu ${c.status ?? 'par une erreur'} à la demande de dessin). ` +
      'Utilisez un serveur qui dessine (Ollama avec un modèle d’image, vLLM-Omni, LocalAI, le serveur de stable-diffusion.cpp), ou choisissez un modèle de conversation.',
  }),
  'not-an-image': (c) => ({
    title: `${c.model ?? 'Le modèle'} a répondu par du texte, pas par une image`,
    detail:
      (c.serverText ? `Il a écrit : « ${c.serverText} ». ` : '') +
      'Ce modèle ne sait pas dessiner. Choisissez un modèle du groupe « Modèles d’image », ou posez-lui la question dans une conversation.',
  }),
  'out-of-memory': (c): ErrorFix => ({
    title: 'Le serveur a manqué de mémoire en dessinant cette image',
    detail:
      'Essayez une largeur et une hauteur plus petites, ou moins d’images à la fois, ou fermez d’autres modèles sur le serveur (ollama ps, ollama stop).' +
      said(c),
  }),
  'size-refused': (c): ErrorFix => ({
    title: 'Le serveur a refusé cette taille d’image',
    detail: 'Choisissez une taille plus petite, ou l’un des formats proposés.' + said(c),
  }),
};
