import type { ImageText } from '../images';
import type { Words } from '../locale';

export const imageTextFr: Words<ImageText> = {
  addImageModelLabel: 'Nom du modèle d’image',
  addImageModelHint: 'Le nom sous lequel le serveur le connaît (son modèle /v1/images/generations).',
  add: 'Ajouter',
  imagePrompt: 'Description de l’image',
  draw: 'Dessiner',
  negativePrompt: 'Prompt négatif',
  negativePromptPlaceholder: 'Ce que l’image ne doit pas montrer',
  sizePreset: 'Taille',
  customSize: 'Personnalisée',
  width: 'Largeur',
  height: 'Hauteur',
  steps: 'Étapes',
  stepsDefault: 'par défaut',
  seed: 'Graine',
  seedRandom: 'aléatoire',
  imageCount: 'Images',
  imageProgress: 'Progression de l’image',
  imageProgressText: (completed, total) => `Étape ${completed} sur ${total}`,
  drawing: 'Dessin en cours…',
  generatedImage: (n, prompt) => `Image ${n} : ${prompt}`,
  openImage: (n) => `Ouvrir l’image ${n} en grand`,
  downloadImage: 'Télécharger (PNG)',
  downloadAs: (type) => `Télécharger (${type})`,
  useAsInput: 'Utiliser comme entrée',
  imageSettingsLine: (s) =>
    `${s.width} × ${s.height}${s.steps ? ` · ${s.steps} étapes` : ''} · graine ${s.seed}`,
  sideHint: 'Un multiple de 16, de 64 à 4096',
  imageMissing: 'Cette image n’est plus enregistrée dans ce navigateur.',
};
