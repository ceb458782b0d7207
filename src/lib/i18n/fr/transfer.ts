import { decimal, type Words } from '../locale';
import type { ImportText, MarkdownText } from '../transfer';

/** Cite un identifiant venu d’un fichier, raccourci, pour qu’un message ne grandisse jamais avec une entrée hostile. */
const q = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

export const importTextFr: Words<ImportText> = {
  tooLarge: (maxMb) => `Ce fichier est trop volumineux pour être importé (la limite est de ${maxMb} Mo).`,
  empty: 'Ce fichier est vide.',
  syntaxAt: (line, column) =>
    `Ce fichier n’est pas du JSON valide (le problème est à la ligne ${line}, colonne ${column}).`,
  syntax: 'Ce fichier n’est pas du JSON valide.',
  truncated: 'Ce fichier n’est pas du JSON valide : il se termine trop tôt, il a donc sans doute été coupé.',
  notCauserie: 'Ce n’est pas un fichier d’export de Causerie.',
  newerVersion: (file, ours) =>
    `Ce fichier a été créé par une version plus récente de Causerie (version de schéma ${file} ; cette version lit jusqu’à ${ours}). Mettez Causerie à jour pour l’importer.`,
  badVersion: (path) => `${path} : un nombre entier positif ou nul est attendu`,
  noMigration: (version) => `Les fichiers de version de schéma ${version} ne peuvent pas être importés.`,
  andMore: (first, more) =>
    more === 1 ? `${first} (et 1 autre problème)` : `${first} (et ${more} autres problèmes)`,
  expected: (path, what) => `${path} : on attend ${what}`,
  forbiddenKey: (path) => `${path} : cette clé n’est pas autorisée dans un fichier d’import`,
  tooDeep: (path) => `${path} : imbrication trop profonde`,
  tooMany: (path, max) => `${path} : trop d’entrées (la limite est de ${max})`,
  duplicateId: (path, id) => `${path} : l’identifiant ${q(id)} est utilisé deux fois`,
  danglingParent: (path, id) => `${path} : il n’y a pas de message ${q(id)} dans cette conversation`,
  cycle: (path) => `${path} : la chaîne des messages parents revient sur elle-même`,
  missingImage: (path, id) => `${path} : l’image ${q(id)} n’est pas dans le fichier`,
  wrongSession: (path, id) => `${path} : ${q(id)} attendu, l’identifiant de sa conversation`,
  badBase64: (path) => `${path} : ce n’est pas du base64 valide`,
  badImageId: (path, max) =>
    `${path} : un identifiant d’image doit compter de 1 à ${max} lettres, chiffres ou _ - . :`,
  cutNote: (max, dropped) =>
    `[Coupé à l’import : ce texte dépassait ${decimal(max)} caractères ; les ${decimal(dropped)} derniers ont été omis.]`,
  quota:
    'Le navigateur n’a plus d’espace de stockage pour cet import. Rien n’a été modifié ; supprimez d’anciennes conversations ou images, puis réessayez.',
  writeFailed: (detail) => `L’import n’a pas pu être enregistré (${detail}). Rien n’a été modifié.`,
  rollbackFailed: (detail) =>
    `L’import n’a pas pu être enregistré (${detail}), et son annulation a aussi échoué : certaines conversations importées peuvent être incomplètes.`,
  extras: (r) => [
    ...(r.prompts
      ? [r.prompts === 1 ? '1 prompt enregistré ajouté.' : `${r.prompts} prompts enregistrés ajoutés.`]
      : []),
    ...(r.imagesRefused
      ? [
          r.imagesRefused === 1
            ? '1 image a été omise (ni PNG, ni JPEG, ni WebP, ni GIF).'
            : `${r.imagesRefused} images ont été omises (ni PNG, ni JPEG, ni WebP, ni GIF).`,
        ]
      : []),
    ...(r.truncated
      ? [
          r.truncated === 1
            ? '1 texte trop long a été coupé.'
            : `${r.truncated} textes trop longs ont été coupés.`,
        ]
      : []),
    ...(r.servers
      ? [
          r.servers === 1
            ? '1 serveur attend votre confirmation.'
            : `${r.servers} serveurs attendent votre confirmation.`,
        ]
      : []),
  ],
  what: {
    object: 'un objet',
    array: 'une liste',
    string: 'du texte',
    id: (max) => `un identifiant de 1 à ${max} lettres, chiffres ou _ - . :`,
    number: 'un nombre fini',
    boolean: 'true ou false',
    parentId: 'null ou l’identifiant d’un message de cette conversation',
    role: 'user, assistant ou system',
    status: 'streaming, done, stopped ou error',
    kind: 'ollama ou openai',
    authType: 'none, basic, bearer ou headers',
    url: 'une adresse http:// ou https://',
    mime: 'un type d’image comme image/png',
    format: '"causerie"',
  },
  importFailedTitle: 'Rien n’a été importé',
};

export const markdownTextFr: Words<MarkdownText> = {
  untitled: 'Conversation sans titre',
  you: 'Vous',
  assistant: 'Assistant',
  system: 'Système',
  model: 'Modèle',
  server: 'Serveur',
  created: 'Créée',
  options: 'Options',
  systemPrompt: 'Prompt système',
  thinking: 'Réflexion',
  stopped: '(arrêtée avant la fin)',
  error: 'Erreur',
  images: (n) => (n === 1 ? '1 image jointe' : `${n} images jointes`),
  tokens: (n) => `${n} jetons`,
  tokPerSec: (n) => `${n} jetons/s`,
  seconds: (n) => `${n} s`,
  firstToken: (n) => `premier jeton ${n} s`,
  otherAnswers: (n) =>
    n === 1
      ? 'Il existe 1 autre réponse à ce message (non affichée).'
      : `Il existe ${n} autres réponses à ce message (non affichées).`,
  otherVersions: (n) =>
    n === 1
      ? 'Il existe 1 autre version de ce message (non affichée).'
      : `Il existe ${n} autres versions de ce message (non affichées).`,
  chats: (n) => (n === 1 ? '1 conversation' : `${n} conversations`),
};
