// Words of the parts that load on first use (the settings form, the welcome, the shortcuts help):
// they travel with those parts, not with the first load. A translation adds one object of this shape.

export const panelText = {
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
} as const;
