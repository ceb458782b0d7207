// Every string a user sees comes from here, so a translation is one new object of this shape.
// Export and import words live in ./transfer.ts, loaded with the export code when it is first used.

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
  shortcutsTitle: 'Keyboard shortcuts',
  shortcuts: {
    newChat: 'New chat',
    focusMessage: 'Go to the message box',
    searchChats: 'Search chats',
    copyLastAnswer: 'Copy the last answer',
    toggleSidebar: 'Show or hide the chat list',
    showShortcuts: 'Show these shortcuts (also ?)',
  },
  shortcutStop: 'Stop the answer',
  shortcutSend: 'Send (Shift + Enter: new line)',
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
  clearConversation: 'Clear conversation',

  // Conversation
  conversation: 'Conversation',
  welcomeTitle: 'Welcome to Causerie',
  welcomeIntro:
    'Causerie lets you chat with language models running on a server you choose — your own computer, a school or team server — straight from this page. Nothing goes anywhere else: add a server to start.',
  welcomeHostServers: (names: string[]) => `This page comes with these servers: ${names.join(', ')}.`,
  addAServer: 'Add a server',
  serverPresets: 'Start from',
  presetNames: {
    localOllama: 'Ollama on this computer',
    ollamaLogin: 'Ollama server with a login',
    openai: 'OpenAI-compatible server',
  },
  checkAgain: 'Check again',
  connectionCheck: (name: string) => `Connection check, ${name}`,
  welcomeTeachers:
    'Teachers and hosts: ship your servers with a causerie.config.json next to this page, or share a link such as ?server=http://host:11434&model=llama3.2 (see the README).',
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
  tokensPerSecond: (n: number) => `${n.toFixed(1)} tok/s`,
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
  copyConversation: 'Copy conversation as Markdown',
  editQuestion: 'Edit question',
  regenerate: 'Regenerate answer',
  deleteMessage: 'Delete message',
  previousAlternative: 'Previous alternative',
  nextAlternative: 'Next alternative',
  alternativeOf: (i: number, n: number) => `${i} / ${n}`,
  sendEdited: 'Send edited question',
  editedQuestion: 'Edited question',
  contextDroppedTitle: 'The server did not read the start of this conversation',
  contextDroppedDetail: (sent: number, counted: number) =>
    `About ${sent.toLocaleString('en')} tokens were sent, but the server counted ${counted.toLocaleString('en')}: it dropped the oldest messages (the first instructions included) to fit its context window, so this answer did not see them.`,
  contextFullTitle: 'This conversation no longer fits the model’s context window',
  contextFullDetail: (prompt: number, size: number) =>
    `The request used ${prompt} tokens of a ${size}-token window, so the server dropped the oldest part of the conversation: the model no longer sees it.`,
  raiseContext: (n: number) => `Raise num_ctx to ${n}`,
  newChatFromSummary: 'Start a new chat from a summary',
  summarizing: 'Summarising…',
  summaryPrompt:
    'Summarise our conversation so far in a compact form that keeps every fact, decision and open question needed to continue it. Write only the summary.',
  summarySystem: (summary: string) => `Summary of an earlier conversation, to continue from:\n\n${summary}`,
  think: 'Think',
  thinkHint: 'Let the model reason before it answers',
  attachImage: 'Attach image',
  removeImage: (name: string) => `Remove ${name}`,
  imageOf: (n: number) => `Image ${n}`,
  noVisionWarning: (model: string) =>
    `${model} cannot see images (it has no vision capability): the images would be ignored or refused.`,
  sendAnyway: 'Send anyway',
  imageTooLarge: (name: string) => `${name} is larger than 20 MB and was not attached.`,
  notAnImage: (name: string) => `${name} is not a PNG, JPEG, WebP or GIF image.`,

  // Composer
  message: 'Message',
  messagePlaceholder: 'Message (Enter to send, Shift+Enter for a new line)',
  send: 'Send',
  stop: 'Stop',
  lockedReason: 'Waiting for the current answer — press Stop or Escape to end it.',
  pickModelFirst: 'Pick a model first.',

  // Servers dialog
  serversTitle: 'Servers',
  addServer: 'Add server',
  editServer: (name: string) => `Edit ${name}`,
  removeServer: (name: string) => `Remove ${name}`,
  name: 'Name',
  baseUrl: 'Base URL',
  kind: 'Kind',
  kindOllama: 'Ollama',
  kindOpenai: 'OpenAI-compatible',
  kindBrowser: 'This browser',
  auth: 'Authentication',
  authNone: 'None',
  authBasic: 'Login and password',
  authBearer: 'API key',
  authHeaders: 'Custom headers',
  username: 'Username',
  password: 'Password',
  apiKey: 'API key',
  customHeaders: 'Headers (one “Name: value” per line)',
  rememberSecrets: 'Remember secrets on this device',
  manageModels: 'Manage models on this server',
  manageModelsHint:
    'Offers Pull and Delete. Off by default on shared servers and servers with a login: deleting a model there removes it for everyone.',
  rememberSecretsHintOff:
    'Off: the password or key stays in this tab only and is asked again after a reload.',
  rememberSecretsHintOn:
    'On: the password or key is stored in this browser, readable by anyone who uses this profile of it.',
  timeouts: 'Time-outs',
  connectTimeout: 'Connect time-out (s)',
  firstByteTimeout: 'First-answer time-out (s)',
  timeoutsHint:
    'How long to wait for the server to answer, and for a model to start its answer (loading a large model can take minutes).',
  save: 'Save',
  cancel: 'Cancel',
  close: 'Close',
  statusReachable: (version: string) => `Reachable, version ${version}`,
  statusUnreachable: 'Not reachable',
  statusUnknown: 'Not checked yet',
  statusChecking: 'Checking…',
  needsLogin: (name: string) => `${name} needs a login`,
  loginTitle: (name: string) => `Sign in to ${name}`,
  signIn: 'Sign in',
  credentialsInUrlMoved: 'The login in the address was moved into the Username and Password fields.',
  invalidUrl: 'Enter a full address such as http://localhost:11434',
  serverNamePlaceholder: 'e.g. Course GPU server',

  // Models of a server
  modelsOf: (name: string) => `Models on ${name}`,
  modelToPull: 'Model to pull',
  modelToPullHint: 'A name from ollama.com/library, e.g. llama3.2 or qwen3:4b',
  pull: 'Pull',
  cancelPull: 'Cancel pull',
  pullProgress: 'Download progress',
  pullBytes: (done: string, total: string, percent: number) => `${done} of ${total} (${percent} %)`,
  pulled: (model: string) => `${model} is ready.`,
  deleteModel: (model: string) => `Delete ${model}`,
  confirmDelete: (model: string) => `Really delete ${model}?`,
  back: 'Back',

  // Settings
  settingsTitle: 'Settings',
  systemPrompt: 'System prompt',
  options: 'Generation options',
  optionsHint: 'Empty fields use the model’s own defaults.',
  stopSequences: 'Stop sequences (one per line)',
  appliesToThisChat: 'These settings apply to this chat. New chats start from the defaults.',
  saveAsDefaults: 'Use these for new chats',
  thisChat: 'This chat',

  // Compare
  compare: 'Compare',
  compareHint: (min: number, max: number) =>
    `Pick ${min} to ${max} models; the question goes to each of them.`,
  compareModels: 'Models to compare',
  runAtOnce: 'Run at once',
  comparingModels: (names: string[]) => `Comparing ${names.length}: ${names.join(', ')}`,
  changeModels: 'Change models',
  runAtOnceHint:
    'Models on the same server normally answer one after another, so they do not fight over its memory.',
  waitingTurn: 'Waiting for its turn…',
  stopAnswer: (model: string) => `Stop ${model}`,
  useAnswer: 'Continue with this answer',
  showComparison: 'Show comparison',
  comparisonTitle: 'Comparison',
  copyTable: 'Copy as Markdown table',
  chartTitle: 'Speed and latency',
  colModel: 'Model',
  colServer: 'Server',
  colLoad: 'Load (ms)',
  colTtft: 'First token (ms)',
  colTps: 'Tokens/s',
  colTokens: 'Tokens',
  needsLoginFirst: 'sign in first',

  // Export and import
  exportAll: 'Export all chats',
  exportChatJson: 'Export chat (JSON)',
  exportChatMarkdown: 'Export chat (Markdown)',
  importChats: 'Import chats',
  imported: (added: number, replaced: number, skipped: number) =>
    `Imported: ${added} new, ${replaced} updated, ${skipped} already here.`,
  importFailedTitle: 'Nothing was imported',

  optionLabels: {
    temperature: 'Temperature',
    top_p: 'Top P',
    top_k: 'Top K',
    min_p: 'Min P',
    repeat_penalty: 'Repeat penalty',
    num_ctx: 'Context size',
    num_predict: 'Max tokens',
    seed: 'Seed',
    keep_alive: 'Keep loaded',
  },
  optionHelp: {
    temperature: 'Higher is more varied, lower more predictable (0 always picks the likeliest word).',
    top_p: 'Picks only among the likeliest words that together make up this share of the probability.',
    top_k: 'Picks only among this many likeliest words.',
    min_p: 'Leaves out words less likely than this share of the likeliest one.',
    repeat_penalty: 'Above 1 makes repeating the same words less likely.',
    num_ctx: 'How many tokens the model keeps in mind: the conversation, documents and the answer.',
    num_predict: 'The longest answer, in tokens (-1: no limit).',
    seed: 'The same seed and settings give the same answer again.',
    keep_alive:
      'How long the server keeps the model in memory after an answer: 5m, 1h, 0 (unload now) or -1 (always).',
  },
  thinkLevel: 'Reasoning',
  thinkLevelHint: 'How much this model reasons before it answers (it cannot be turned off).',
  thinkLevels: { low: 'Low', medium: 'Medium', high: 'High' },

  // Storage and unexpected failures
  storageFailed: 'The browser could not save or read this chat’s data. What is on screen is kept.',
  unexpectedError: 'Something went wrong',
  unexpectedErrorDetail:
    'Causerie hit a problem it did not expect. Nothing you typed was lost; try again, and reload the page if it keeps happening.',
  questionNotSaved: 'Your question could not be saved, so it was not sent. It is still in the message box.',
  clearedConversation: 'Conversation cleared',
  removedServer: (name: string) => `Removed server “${name}”`,
  confirmRemoveServer: (name: string) => `Remove “${name}”? Its chats stay; they will use another server.`,
  wrongLogin: 'The server refused this login. Check the username and password (or key) and try again.',
  // Image generation (issue 16); the words of the lazily loaded image views are in ./images.ts
  imageModels: 'Image models',
  imageBadge: 'image',
  addImageModel: 'Add an image model…',
  imagePromptPlaceholder: 'Describe the picture…',
  imageMissing: 'This picture is no longer stored in this browser.',
  drawAgain: 'Draw again with a new seed',
  quotaExceeded:
    'The browser refused to store more data (storage is full). Everything saved before is kept; free some space or export and delete old chats.',
} as const;

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${Math.round(n / 1e6)} MB`;
  return `${Math.round(n / 1e3)} kB`;
}
