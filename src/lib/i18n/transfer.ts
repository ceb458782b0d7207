// What export and import say to the user.
import { decimal, localized } from './locale';
import { importTextFr, markdownTextFr } from './fr/transfer';

/** Quotes an id from a file, shortened, so a message never grows with hostile input. */
const q = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

const importTextEn = {
  tooLarge: (maxMb: number) => `This file is too large to import (the limit is ${maxMb} MB).`,
  empty: 'This file is empty.',
  syntaxAt: (line: number, column: number) =>
    `This file is not valid JSON (the problem is at line ${line}, column ${column}).`,
  syntax: 'This file is not valid JSON.',
  truncated: 'This file is not valid JSON: it ends too early, so it was probably cut off.',
  notCauserie: 'This is not a Causerie export file.',
  newerVersion: (file: number, ours: number) =>
    `This file was made by a newer Causerie (schema version ${file}; this version reads up to ${ours}). Update Causerie to import it.`,
  badVersion: (path: string) => `${path}: expected a whole number from 0 up`,
  noMigration: (version: number) => `Files with schema version ${version} cannot be imported.`,
  andMore: (first: string, more: number) =>
    more === 1 ? `${first} (and 1 more problem)` : `${first} (and ${more} more problems)`,
  expected: (path: string, what: string) => `${path}: expected ${what}`,
  forbiddenKey: (path: string) => `${path}: this key is not allowed in an import file`,
  tooDeep: (path: string) => `${path}: nested too deeply`,
  tooMany: (path: string, max: number) => `${path}: too many entries (the limit is ${max})`,
  duplicateId: (path: string, id: string) => `${path}: the id ${q(id)} is used twice`,
  danglingParent: (path: string, id: string) => `${path}: there is no message ${q(id)} in this chat`,
  cycle: (path: string) => `${path}: the chain of parent messages loops back on itself`,
  missingImage: (path: string, id: string) => `${path}: the image ${q(id)} is not in the file`,
  wrongSession: (path: string, id: string) => `${path}: expected ${q(id)}, the id of its chat`,
  badBase64: (path: string) => `${path}: this is not valid base64`,
  badImageId: (path: string, max: number) =>
    `${path}: an image id must be 1 to ${max} letters, digits or _ - . :`,
  cutNote: (max: number, dropped: number) =>
    `[Cut on import: this text was longer than ${decimal(max)} characters; the last ${decimal(dropped)} were left out.]`,
  quota:
    'The browser has no storage space left for this import. Nothing was changed; delete old chats or images and try again.',
  writeFailed: (detail: string) => `The import could not be saved (${detail}). Nothing was changed.`,
  rollbackFailed: (detail: string) =>
    `The import could not be saved (${detail}), and undoing it failed too: some imported chats may be incomplete.`,
  /** What the import left out or cut, and what waits for the user, after the summary line. */
  extras: (r: { imagesRefused: number; truncated: number; servers: number; prompts: number }): string[] => [
    ...(r.prompts ? [r.prompts === 1 ? '1 saved prompt added.' : `${r.prompts} saved prompts added.`] : []),
    ...(r.imagesRefused
      ? [
          r.imagesRefused === 1
            ? '1 image was left out (not a PNG, JPEG, WebP or GIF).'
            : `${r.imagesRefused} images were left out (not PNG, JPEG, WebP or GIF).`,
        ]
      : []),
    ...(r.truncated
      ? [r.truncated === 1 ? '1 over-long text was cut.' : `${r.truncated} over-long texts were cut.`]
      : []),
    ...(r.servers
      ? [
          r.servers === 1
            ? '1 server waits for your confirmation.'
            : `${r.servers} servers wait for your confirmation.`,
        ]
      : []),
  ],
  what: {
    object: 'an object',
    array: 'a list',
    string: 'text',
    id: (max: number) => `an id of 1 to ${max} letters, digits or _ - . :`,
    number: 'a finite number',
    boolean: 'true or false',
    parentId: 'null or the id of a message in this chat',
    role: 'user, assistant or system',
    status: 'streaming, done, stopped or error',
    kind: 'ollama or openai',
    authType: 'none, basic, bearer or headers',
    url: 'an http:// or https:// address',
    mime: 'an image type such as image/png',
    format: '"causerie"',
  },
  importFailedTitle: 'Nothing was imported',
} as const;

export type ImportText = typeof importTextEn;
export const importText: ImportText = localized(importTextEn, importTextFr);

/** Words of the Markdown export (the lead moves these to the i18n module). */
const markdownTextEn = {
  untitled: 'Untitled chat',
  you: 'You',
  assistant: 'Assistant',
  system: 'System',
  model: 'Model',
  server: 'Server',
  created: 'Created',
  options: 'Options',
  systemPrompt: 'System prompt',
  thinking: 'Thinking',
  stopped: '(stopped before the end)',
  error: 'Error',
  images: (n: number) => (n === 1 ? '1 image attached' : `${n} images attached`),
  tokens: (n: number) => `${n} tokens`,
  tokPerSec: (n: string) => `${n} tok/s`,
  seconds: (n: string) => `${n} s`,
  firstToken: (n: string) => `first token ${n} s`,
  otherAnswers: (n: number) =>
    n === 1
      ? '1 other answer to this message exists (not shown).'
      : `${n} other answers to this message exist (not shown).`,
  otherVersions: (n: number) =>
    n === 1
      ? '1 other version of this message exists (not shown).'
      : `${n} other versions of this message exist (not shown).`,
  chats: (n: number) => (n === 1 ? '1 chat' : `${n} chats`),
};

export type MarkdownText = typeof markdownTextEn;
export const markdownText: MarkdownText = localized(markdownTextEn, markdownTextFr);
