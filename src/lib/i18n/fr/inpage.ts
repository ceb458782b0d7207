import type { InpageText } from '../inpage';
import type { Words } from '../locale';
import { formatBytes } from '../messages';

/** Un nom venu d’un fichier, raccourci pour qu’un message ne grandisse jamais avec une entrée hostile. */
const short = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

export const inpageTextFr: Words<InpageText> = {
  modelFile: 'Fichier du modèle',
  modelUrl: 'URL du modèle',
  download: 'Télécharger',
  cancelCopy: 'Annuler',
  remove: (name) => `Retirer ${name}`,
  models: 'Modèles dans ce navigateur',
  noModels:
    'Pas encore de modèle : ajoutez un fichier .gguf de cet ordinateur, ou téléchargez-en un depuis une adresse https.',
  addHint:
    'Un fichier .gguf, ou un blob du stockage d’Ollama. Il est copié dans le stockage privé de ce navigateur, et reste donc là après un rechargement. Choisissez en une fois toutes les parties d’un modèle découpé (-00001-of-0000N).',
  copying: (name) => `Copie de ${name}`,
  downloading: (name) => `Téléchargement de ${name}`,
  progress: 'Progression de la copie',
  storage: (used, quota) =>
    `Stockage : ${formatBytes(used)} utilisés sur les ${formatBytes(quota)} que ce navigateur accorde à cette page (${formatBytes(Math.max(0, quota - used))} libres).`,
  storageUnknown: 'Ce navigateur n’indique pas combien de stockage est libre.',
  noTemplate:
    'Pas de modèle de conversation (chat template) dans le fichier : un modèle simple « rôle : texte » est utilisé, qui peut moins bien répondre.',
  added: (name) => `${name} ajouté.`,
  removed: (name) => `${name} retiré.`,
  runtimeLabel: 'Moteur',
  isolation: 'Utiliser tous les cœurs du processeur (recharge la page)',
  isolationHint:
    'Installe un petit service worker qui ajoute les en-têtes d’isolation cross-origin que cet hébergeur n’envoie pas, pour que le moteur puisse utiliser des threads. Les images et fichiers d’autres sites se chargent alors sans leurs cookies ; les serveurs avec lesquels vous discutez ne sont pas concernés.',
  isolationOff: 'Ne plus utiliser le worker d’isolation (recharge la page)',
  loadingEngine: 'Chargement du modèle dans cette page…',

  notGguf: (name) => `« ${short(name)} » n’est pas un fichier de modèle GGUF.`,
  tooLarge: (name, need, free) =>
    `« ${short(name)} » a besoin de ${formatBytes(need)}, mais ce navigateur n’a que ${formatBytes(free)} de libre pour cette page. Retirez un modèle ou libérez de l’espace disque, puis réessayez.`,
  quotaHit: (name) =>
    `Le navigateur a manqué de stockage pendant la copie de « ${short(name)} ». Rien n’a été gardé ; retirez un modèle ou libérez de l’espace disque, puis réessayez.`,
  duplicate: (name) => `« ${short(name)} » est déjà dans ce navigateur.`,
  missingParts: (prefix, have, count) =>
    `« ${short(prefix)} » est découpé en ${count} fichiers, mais ${have} ont été choisis : choisissez les ${count} parties en une fois.`,
  mixedFiles: 'Choisissez les fichiers d’un seul modèle à la fois.',
  noStorage:
    'Ce navigateur ne donne à cette page aucun stockage de fichiers privé (OPFS) : les modèles ne peuvent pas y être gardés.',
  badUrl: 'Donnez l’adresse https:// d’un fichier .gguf.',
  downloadFailed: (status) =>
    `Le téléchargement a échoué (${status}). Ce qui a été téléchargé est gardé : réessayez pour reprendre.`,
  downloadStopped:
    'Le téléchargement s’est arrêté. Ce qui a été téléchargé est gardé : ajoutez à nouveau la même adresse pour reprendre.',
  copyStopped: 'La copie a été annulée ; rien n’a été gardé.',
  noSuchModel: (name) => `Le modèle « ${short(name)} » n’est plus dans ce navigateur.`,
  engineFailed: (detail) => `Le modèle n’a pas pu fonctionner dans cette page : ${detail}`,
  runtime: {
    cannotRun: 'Impossible ici',
    lacks: (missing) =>
      `Il manque à ce navigateur WebAssembly ${missing.join(' et ')}, dont le moteur intégré a besoin (Safari et Firefox n’ont pas encore les deux). Utilisez un Chrome ou un Edge récent (137 ou plus), ou un serveur.`,
    cpu: (threads) => (threads > 1 ? `${threads} threads du processeur` : 'un seul thread du processeur'),
    webgpu: (cpu) =>
      `Ce navigateur donne à WebGPU l’accès à une carte graphique : le modèle tourne sur le GPU (avec ${cpu} pour le reste).`,
    wasmThreads: (threads) => `WebAssembly, ${threads} threads`,
    threadsByWorker: (cpu) =>
      `Pas de carte WebGPU : le modèle tourne sur ${cpu}, ce que le worker d’isolation permet sur cet hébergeur.`,
    threadsIsolated: (cpu) =>
      `Pas de carte WebGPU : le modèle tourne sur ${cpu} (la page est isolée cross-origin).`,
    githubPages: 'GitHub Pages ne peut pas envoyer les en-têtes COOP/COEP dont les threads ont besoin',
    notIsolated: 'la page n’est pas isolée cross-origin (son hébergeur n’envoie pas d’en-têtes COOP/COEP)',
    halfCores: (cores) => `la moitié des ${cores} cœurs logiques de cet appareil fait un`,
    wasmSingle: 'WebAssembly, un seul thread',
    singleThread: (why) => `Pas de carte WebGPU, et ${why} : le modèle tourne sur un seul thread.`,
  },
  unsupportedBrowser:
    'Ce navigateur ne peut pas faire tourner de modèles dans la page : il lui manque WebAssembly JSPI ou Memory64 (Safari et Firefox n’ont pas encore les deux). Utilisez un Chrome ou un Edge récent, ou un serveur.',
};
