// Words for an answer asked without streaming, beside the shared `m` messages: loaded with the
// component that shows them, only when such an answer is awaited.

import { localized } from './locale';
import { waitingTextFr } from './fr/waiting';

const waitingTextEn = {
  /** The server sends nothing until the whole answer is written (Stream off). */
  whole: 'Waiting for the whole answer…',
  /** Time since the question was sent: "12 s", "3 min 05 s". */
  elapsed: (seconds: number) =>
    seconds < 60
      ? `${seconds} s`
      : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`,
  /** The timer's name, for a screen reader that lands on it. */
  elapsedLabel: 'Time waited',
};

export type WaitingText = typeof waitingTextEn;
export const waitingText: WaitingText = localized(waitingTextEn, waitingTextFr);
