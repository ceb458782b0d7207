// Words of small parts that load when first shown (the reasoning control, the attached pictures,
// editing a question, the sign-in form), beside the shared `m` messages of the first load.
import { localized } from './locale';
import { partTextFr } from './fr/parts';

const partTextEn = {
  thinkHint: 'Let the model reason before it answers',
  thinkLevel: 'Reasoning',
  thinkLevelHint: 'How much this model reasons before it answers (it cannot be turned off).',
  thinkLevels: { low: 'Low', medium: 'Medium', high: 'High' },
  removeImage: (name: string) => `Remove ${name}`,
  sendEdited: 'Send edited question',
  editedQuestion: 'Edited question',
  needsLogin: (name: string) => `${name} needs a login`,
  signIn: 'Sign in',
};

export type PartText = typeof partTextEn;
export const partText: PartText = localized(partTextEn, partTextFr);
