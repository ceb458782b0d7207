import type { Words } from '../locale';
import type { MarkdownStringsEn } from '../markdown';

export const markdownStringsFr: Words<MarkdownStringsEn> = {
  copyCode: 'Copier le code',
  copied: 'Copié',
  copyFailed: 'Sélectionné : copiez avec le clavier',
  image: (alt) => (alt ? `Image : ${alt}` : 'Image'),
  invalidMath: 'Formule invalide',
  tooLong: 'La suite de cette réponse est très longue et s’affiche en texte brut.',
};
