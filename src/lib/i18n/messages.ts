// Every string a user sees comes from here, so a translation is one new object of this shape
// (./fr/messages.ts, laid over this one before the app mounts when the interface is French).
// Export and import words live in ./transfer.ts, loaded with the export code when it is first used.
import { decimal, numberFormat } from './locale';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const m = {
  appTitle: 'Causerie',

  // Header
  server: 'Server',
  model: 'Model',
  stream: 'Stream',
  settings: 'Settings',
  servers: 'Servers',
  toggleTheme: 'Toggle theme',
  themeLight: 'Light theme',
  themeDark: 'Dark theme',
  themeSystem: 'System theme',
  refreshModels: 'Refresh models',
  noModels: 'No chat models on this server',
  loadingModels: 'Loading models…',
  modelsUnavailable: 'Models unavailable',
  signInToList: 'Sign in to list models (↻)',
  openSidebar: 'Show chats',
  closeSidebar: 'Hide chats',

  // Sidebar
  newChat: 'New chat',
  chats: 'Chats',
  searchChats: 'Search chats',
  noChats: 'No chats yet',
  noMatches: 'No chat matches',
  untitled: 'New chat',
  rename: 'Rename',
  renameChat: (title: string) => `Rename “${title}”`,
  deleteChat: (title: string) => `Delete “${title}”`,
  lastAnswerCopied: 'Last answer copied',
  nothingToCopy: 'No answer to copy yet',
  pinChat: (title: string) => `Pin “${title}”`,
  unpinChat: (title: string) => `Unpin “${title}”`,
  chatGroups: {
    pinned: 'Pinned',
    today: 'Today',
    yesterday: 'Yesterday',
    week: 'Previous 7 days',
    month: 'Previous 30 days',
    older: 'Older',
  },
  chatTitle: 'Chat title',
  deleted: (title: string) => `Deleted “${title}”`,
  undo: 'Undo',
  dismiss: 'Dismiss',
  partFailedToLoad:
    'This part of Causerie could not be loaded (the site may have been updated). Reload the page.',

  // Conversation
  conversation: 'Conversation',
  emptyTitle: 'Ask anything',
  emptyHint: (model: string) => `Your messages go straight from this page to the server. Model: ${model}`,
  emptyNoModel: 'Pick a server and a model to start.',
  you: 'You',
  assistant: 'Assistant',
  system: 'System',
  statusStopped: 'Stopped',
  statusError: 'Failed',
  waiting: 'Waiting for the answer…',
  thinking: 'Thinking',
  jumpToLatest: 'Jump to latest',
  tokensPerSecond: (n: number) => `${decimal(n, 1)} tok/s`,
  tokens: (n: number) => plural(n, 'token', 'tokens'),
  ttft: (ms: number) => `first token ${formatMs(ms)}`,
  total: (ms: number) => `total ${formatMs(ms)}`,
  cutByLength: 'cut off by the token limit (num_predict)',
  loadTime: (ms: number) => `load ${formatMs(ms)}`,
  thoughtFor: (ms: number) => `Thought for ${formatMs(ms)}`,
  thinkingNow: 'Thinking…',
  endedBecause: (reason: string) => `ended: ${reason}`,
  copied: 'Copied',
  copyMessage: 'Copy message',
  editQuestion: 'Edit question',
  regenerate: 'Regenerate answer',
  deleteMessage: 'Delete message',
  previousAlternative: 'Previous alternative',
  nextAlternative: 'Next alternative',
  alternativeOf: (i: number, n: number) => `${i} / ${n}`,
  think: 'Think',
  imageOf: (n: number) => `Image ${n}`,
  noVisionWarning: (model: string) =>
    `${model} cannot see images (it has no vision capability): the images would be ignored or refused.`,
  sendAnyway: 'Send anyway',
  imageTooLarge: (name: string) => `${name} is larger than 20 MB and was not attached.`,
  notAnImage: (name: string) => `${name} is not a picture this browser can read.`,

  // Composer
  message: 'Message',
  messagePlaceholder: 'Message (Enter to send, Shift+Enter for a new line, / for saved prompts)',
  messagePlaceholderShort: 'Message (/ for prompts)',
  send: 'Send',
  stop: 'Stop',
  lockedReason: 'Waiting for the current answer — press Stop or Escape to end it.',
  pickModelFirst: 'Pick a model first.',

  // Servers dialog
  serversTitle: 'Servers',
  name: 'Name',
  username: 'Username',
  password: 'Password',
  apiKey: 'API key',
  cancel: 'Cancel',
  close: 'Close',
  statusReachable: (version: string) => `Reachable, version ${version}`,
  statusUnreachable: 'Not reachable',
  statusUnknown: 'Not checked yet',
  statusChecking: 'Checking…',
  loginTitle: (name: string) => `Sign in to ${name}`,

  // Models of a server

  // Settings
  settingsTitle: 'Settings',

  // Compare
  compare: 'Compare',
  showComparison: 'Show comparison',

  // Export and import
  exportAll: 'Export all chats',
  importChats: 'Import chats',
  imported: (added: number, replaced: number, skipped: number) =>
    `Imported: ${added} new, ${replaced} updated, ${skipped} already here.`,

  // Documents (issue 14): the words the composer shows before any document is attached. The rest
  // lives in ./documents.ts, loaded with the documents code on first use.
  attachFiles: 'Attach files',
  // Storage and unexpected failures
  storageFailed: 'The browser could not save or read this chat’s data. What is on screen is kept.',
  unexpectedError: 'Something went wrong',
  unexpectedErrorDetail:
    'Causerie hit a problem it did not expect. Nothing you typed was lost; try again, and reload the page if it keeps happening.',
  questionNotSaved: 'Your question could not be saved, so it was not sent. It is still in the message box.',
  clearedConversation: 'Conversation cleared',
  removedServer: (name: string) => `Removed server “${name}”`,
  wrongLogin: 'The server refused this login. Check the username and password (or key) and try again.',
  // Image generation (issue 16); the words of the lazily loaded image views are in ./images.ts
  imageModels: 'Image models',
  imageBadge: 'image',
  addImageModel: 'Add an image model…',
  imagePromptPlaceholder: 'Describe the picture…',
  drawAgain: 'Draw again with a new seed',
  /** What an error says while the words for it are still loading (see providers/errorTexts.ts). */
  requestFailed: 'The request to the server failed',
  storageBlocked:
    'Causerie was updated and must upgrade its stored chats, but another tab still runs the old version. Close or reload the other Causerie tabs, then reload this one.',
  defaultServerName: 'Local Ollama',
  badgeVision: 'vision',
  badgeThinking: 'thinking',
  quotaExceeded:
    'The browser refused to store more data (storage is full). Everything saved before is kept; free some space or export and delete old chats.',
  // Accessibility (issue 17): names that screen readers announce
  skipToMessage: 'Skip to the message box',
  question: 'Question',
  answerFrom: (model: string) => `Answer from ${model}`,
} as const;

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${decimal(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
}

/** 1.5 GB, 12 MB, 340 kB; Intl writes the units of the interface's language (1,5 Go). */
export function formatBytes(n: number): string {
  const [unit, size] = n >= 1e9 ? ['gigabyte', 1e9] : n >= 1e6 ? ['megabyte', 1e6] : ['kilobyte', 1e3];
  const digits = unit === 'gigabyte' ? 1 : 0;
  return numberFormat({
    style: 'unit',
    unit,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n / size);
}
