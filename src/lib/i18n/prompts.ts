// Words of the saved prompts (the `/` list and the dialog that manages them). They load with those
// parts, not with the first page. A translation adds one object of this shape.
import { decimal, localized } from './locale';
import { promptTextFr } from './fr/prompts';

const promptTextEn = {
  dialogTitle: 'Saved prompts',
  intro:
    'Reusable texts: type / at the start of the message box to pick one. A system prompt sets how the model behaves in the chat.',
  empty: 'No saved prompts yet.',
  add: 'Add a prompt',
  edit: (name: string) => `Edit “${name}”`,
  remove: (name: string) => `Delete “${name}”`,
  removed: (name: string) => `Deleted “${name}”`,
  name: 'Name',
  text: 'Text',
  kind: 'Use as',
  kinds: { prompt: 'Message text', system: 'System prompt' },
  save: 'Save',
  cancel: 'Cancel',
  nameNeeded: 'Give the prompt a name.',
  textNeeded: 'Write the prompt’s text.',
  tooLong: (max: number) => `At most ${decimal(max)} characters.`,
  listLabel: 'Saved prompts',
  manage: 'Manage saved prompts…',
  systemBadge: 'system',
  systemSet: (name: string) => `System prompt of this chat: “${name}”`,
} as const;

export type PromptText = typeof promptTextEn;
export const promptText: PromptText = localized(promptTextEn, promptTextFr);
