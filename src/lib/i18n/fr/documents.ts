import type { DocumentText } from '../documents';
import { decimal, type Words } from '../locale';

const plural = (n: number, one: string, many: string) => `${n} ${n < 2 ? one : many}`;

export const dmFr: Words<DocumentText> = {
  documents: 'Documents',
  documentChip: (name, size, tokens) => `${name} · ${size} · ≈ ${decimal(tokens)} jetons`,
  readingDocument: (name) => `Lecture de ${name}…`,
  removeDocument: (name) => `Retirer ${name}`,
  summarise: 'Résumer',
  summariseOne: (name) => `Résumer ${name}`,
  summariseDocuments: 'Résumer d’abord les documents',
  summaryRequest: (names) => `Résumer ${names.join(', ')}`,
  summaryProgress: 'Progression du résumé',
  summaryStep: (i, n) => `Partie ${i} sur ${n}`,
  summaryFinal: 'Passe finale',
  summaryTimes: (elapsed, left) =>
    left ? `${elapsed} écoulées, environ ${left} restantes` : `${elapsed} écoulées`,
  stopSummary: 'Arrêter le résumé',
  resumeSummary: 'Reprendre le résumé',
  summaryStopped: (i, n) => `Résumé arrêté après la partie ${i} sur ${n}.`,
  summaryFailed: (i, n) => `Le résumé a échoué après la partie ${i} sur ${n}.`,
  summaryInstructions: 'Consignes du résumé',
  summaryChunkInstruction: 'Pour chaque partie',
  summaryFinalInstruction: 'Passe finale',
  resetInstructions: 'Consignes par défaut',
  windowTooSmall: (n) =>
    `La fenêtre de contexte du modèle (${decimal(n)} jetons) est trop petite pour résumer par parties.`,
  contextLabel: (used, limit) =>
    limit ? `${decimal(used)} / ${decimal(limit)} jetons` : `≈ ${decimal(used)} jetons`,
  contextWontFit: (used, limit) =>
    `Cela ne tiendra pas dans la fenêtre de contexte du modèle (≈ ${decimal(used)} sur ${decimal(limit)} jetons) : le serveur en retirerait le début.`,
  contextWontFitDocs: 'Seules les parties des documents qui correspondent à la question seront envoyées.',
  documentsLarger: (whole, limit) =>
    `Les documents (≈ ${decimal(whole)} jetons) dépassent la fenêtre de contexte du modèle (${decimal(limit)}) : chaque question n’emportera que les parties qui lui correspondent. Résumez-les pour qu’ils soient lus en entier.`,
  meterParts: '(avec les parties des documents qui correspondent)',
  raiseWindow: (n) => `Utiliser une fenêtre de ${decimal(n)} jetons`,
  documentProblem: {
    binary: (name) =>
      `${name} n’est pas un fichier texte (il ressemble à des données binaires) : il n’a donc pas été joint.`,
    encrypted: (name) =>
      `${name} est protégé par un mot de passe : son texte ne peut pas être lu. Rien d’autre n’a changé.`,
    'no-text': (name) =>
      `${name} n’a pas de texte à lire (document vide ou numérisé : ses pages sont des images). Rien d’autre n’a changé.`,
    unreadable: (name) =>
      `${name} n’a pas pu être lu : le fichier est endommagé ou ne correspond pas à ce qu’indique son nom.`,
    'too-large': (name) => `${name} est trop volumineux (plus de 50 Mo).`,
  },
  citations: (n) => plural(n, 'partie des documents utilisée', 'parties des documents utilisées'),
  citationTitle: (name, page) => (page ? `${name}, page ${page}` : name),
  keywordRanking: 'Pas de modèle d’embedding sur ce serveur : les parties ont été choisies par mots-clés.',
  documentsNote: (names) => `Documents : ${names.join(', ')}`,
  documentsPrompt:
    'Réponds à partir de ces parties des documents joints. Dis-le quand elles ne contiennent pas la réponse.',
  documentsWhole: 'Les documents joints :',
  conversationSummaryRequest: (title) => `Résumé de la conversation « ${title} »`,
  summarySourceGone:
    'Ce à partir de quoi ce résumé était fait n’est plus enregistré (la conversation ou ses documents ont été supprimés), il ne peut donc pas continuer.',
};
