import type { Words } from '../locale';
import type { keepAliveText } from '../keepAliveText';

export const keepAliveTextFr: Words<typeof keepAliveText> = {
  how: 'Écrivez un nombre de secondes (3600 ; -1 garde le modèle chargé) ou une durée comme 5m, 1h30m ou -1m.',
  days: 'Ollama n’a pas d’unité pour les jours : écrivez 24h pour un jour.',
  unknownUnit: (unit) => `Ollama ne connaît pas l’unité « ${unit} » (il connaît ms, s, m et h).`,
  notAccepted: (value) => `« ${value} » n’est pas une valeur de keep_alive acceptée par Ollama.`,
};
