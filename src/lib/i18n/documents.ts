// Words of the documents feature (issue 14): attaching, summarising and asking about files. Loaded
// with the documents code on first use, like ./transfer.ts, to keep the first load small.
import { decimal, localized } from './locale';
import { dmFr } from './fr/documents';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const dmEn = {
  documents: 'Documents',
  documentChip: (name: string, size: string, tokens: number) =>
    `${name} · ${size} · ≈ ${decimal(tokens)} tokens`,
  readingDocument: (name: string) => `Reading ${name}…`,
  removeDocument: (name: string) => `Remove ${name}`,
  summarise: 'Summarise',
  summariseOne: (name: string) => `Summarise ${name}`,
  summariseDocuments: 'Summarise the documents first',
  summaryRequest: (names: string[]) => `Summarise ${names.join(', ')}`,
  conversationSummaryRequest: (title: string) => `Summary of the conversation “${title}”`,
  summarySourceGone:
    'What this summary was made from is no longer stored (the chat or its documents were deleted), so it cannot go on.',
  summaryProgress: 'Summary progress',
  summaryStep: (i: number, n: number) => `Chunk ${i} of ${n}`,
  summaryFinal: 'Final pass',
  summaryTimes: (elapsed: string, left: string | null) =>
    left ? `${elapsed} elapsed, about ${left} left` : `${elapsed} elapsed`,
  stopSummary: 'Stop summary',
  resumeSummary: 'Resume summary',
  summaryStopped: (i: number, n: number) => `Summary stopped after chunk ${i} of ${n}.`,
  summaryFailed: (i: number, n: number) => `The summary failed after chunk ${i} of ${n}.`,
  summaryInstructions: 'Summary instructions',
  summaryChunkInstruction: 'For each part',
  summaryFinalInstruction: 'Final pass',
  resetInstructions: 'Default instructions',
  windowTooSmall: (n: number) =>
    `The model’s context window (${decimal(n)} tokens) is too small to summarise in parts.`,
  contextLabel: (used: number, limit: number | undefined) =>
    limit ? `${decimal(used)} / ${decimal(limit)} tokens` : `≈ ${decimal(used)} tokens`,
  contextWontFit: (used: number, limit: number) =>
    `This will not fit the model’s context window (≈ ${decimal(used)} of ${decimal(limit)} tokens): the server would drop its start.`,
  contextWontFitDocs: 'Only the parts of the documents that match the question will be sent.',
  documentsLarger: (whole: number, limit: number) =>
    `The documents (≈ ${decimal(whole)} tokens) are larger than the model’s context window (${decimal(limit)}): each question will carry only the parts that match it. Summarise them to have them read whole.`,
  meterParts: '(with the parts of the documents that match)',
  raiseWindow: (n: number) => `Use a ${decimal(n)}-token window`,
  documentProblem: {
    binary: (name: string) =>
      `${name} is not a text file (it looks like binary data), so it was not attached.`,
    encrypted: (name: string) =>
      `${name} is protected by a password, so its text cannot be read. Nothing else changed.`,
    'no-text': (name: string) =>
      `${name} has no text to read (an empty or scanned document: its pages are pictures). Nothing else changed.`,
    unreadable: (name: string) => `${name} could not be read: the file is damaged or not what its name says.`,
    'too-large': (name: string) => `${name} is too large (over 50 MB).`,
  },
  citations: (n: number) => plural(n, 'part of the documents used', 'parts of the documents used'),
  citationTitle: (name: string, page: number | undefined) => (page ? `${name}, page ${page}` : name),
  keywordRanking: 'No embedding model on this server: the parts were chosen by keywords.',
  documentsNote: (names: string[]) => `Documents: ${names.join(', ')}`,
  documentsPrompt:
    'Answer from these parts of the attached documents. Say so when they do not contain the answer.',
  documentsWhole: 'The attached documents:',
} as const;

export type DocumentText = typeof dmEn;
export const dm: DocumentText = localized(dmEn, dmFr);

/** Default summary instructions, English and French (the UI's language picks; the user may edit them). */
export const SUMMARY_INSTRUCTIONS = {
  en: {
    chunk:
      'You summarise a long text (a document, or a conversation between a user and an assistant) one part at a time. You get the summary so far (if any) and the next part. Write the updated summary: keep every fact, name, number, definition, decision, open question and conclusion from the summary so far, add what the new part says, and drop repetition. Write only the summary, in the text’s language.',
    final:
      'Format this summary of a whole text for a reader: a one-paragraph overview, then the key points as a Markdown list grouped under short headings; for a conversation, end with the questions still open. Keep every fact; add nothing. Write only the result, in the summary’s language.',
  },
  fr: {
    chunk:
      'Tu résumes un long texte (un document, ou une conversation entre un utilisateur et un assistant) une partie à la fois. Tu reçois le résumé jusqu’ici (s’il y en a un) et la partie suivante. Écris le résumé mis à jour : garde chaque fait, nom, nombre, définition, décision, question ouverte et conclusion du résumé, ajoute ce que dit la nouvelle partie et supprime les répétitions. N’écris que le résumé, dans la langue du texte.',
    final:
      'Mets en forme ce résumé d’un texte entier pour un lecteur : un paragraphe de présentation, puis les points clés en liste Markdown groupés sous de courts titres ; pour une conversation, termine par les questions encore ouvertes. Garde chaque fait ; n’ajoute rien. N’écris que le résultat, dans la langue du résumé.',
  },
} as const;
