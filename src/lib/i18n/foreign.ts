// What a chat whose server came from an import and was not accepted says in place of the composer;
// it loads with that notice.
import { localized } from './locale';
import { foreignTextFr } from './fr/foreign';

/** Shown instead of the composer in a chat whose server was not accepted. */
const foreignTextEn = {
  title: 'This chat came from another server',
  body: (name: string, address: string) =>
    `It was imported with the server “${name}” (${address}), which you have not accepted, so it is read-only and nothing is sent there.`,
  refused: (name: string, address: string) =>
    `It was imported with the server “${name}” (${address}), which you refused, so it is read-only and nothing is sent there.`,
  review: 'Review imported servers',
};

export type ForeignText = typeof foreignTextEn;
export const foreignText: ForeignText = localized(foreignTextEn, foreignTextFr);
