import type { WaitingText } from '../waiting';
import type { Words } from '../locale';

export const waitingTextFr: Words<WaitingText> = {
  whole: 'En attente de la réponse entière…',
  elapsed: (seconds) =>
    seconds < 60
      ? `${seconds} s`
      : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`,
  elapsedLabel: 'Temps d’attente',
};
