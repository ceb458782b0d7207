// What the dialog that reviews servers from an imported file says; it loads with that dialog.
import { localized } from './locale';
import { reviewTextFr } from './fr/review';

/** The confirmation of servers that came from an import file. */
const reviewTextEn = {
  title: 'Servers from an imported file',
  intro:
    'The file you imported names these servers. Causerie has not contacted them. Accept only a server you know: once accepted, it gets your questions and any password you type for it.',
  address: 'Address',
  auth: 'Sign-in',
  authTypes: { none: 'none', basic: 'username and password', bearer: 'API key', headers: 'custom headers' },
  authLine: (type: 'none' | 'basic' | 'bearer' | 'headers', username?: string) =>
    username
      ? `${reviewTextEn.authTypes[type]}, as ${JSON.stringify(username)}`
      : reviewTextEn.authTypes[type],
  accept: (name: string) => `Accept ${name}`,
  refuse: (name: string) => `Refuse ${name}`,
  acceptShort: 'Accept',
  refuseShort: 'Refuse',
  later: 'Decide later',
};

export type ReviewText = typeof reviewTextEn;
export const reviewText: ReviewText = localized(reviewTextEn, reviewTextFr);
