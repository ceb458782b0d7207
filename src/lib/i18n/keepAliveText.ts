// Words for a keep_alive value Ollama would refuse (used before sending, so it stays small).

export const keepAliveText = {
  how: 'Write a number of seconds (3600; -1 keeps the model loaded) or a duration such as 5m, 1h30m or -1m.',
  days: 'Ollama has no unit for days: write 24h for one day.',
  unknownUnit: (unit: string) => `Ollama does not know the unit “${unit}” (it knows ms, s, m and h).`,
  notAccepted: (value: string) => `“${value}” is not a keep_alive value Ollama accepts.`,
};

export function keepAliveProblem(value: string, unknownUnit: string | undefined): string {
  const t = keepAliveText;
  const what =
    unknownUnit && /^d(ays?)?$/i.test(unknownUnit)
      ? t.days
      : unknownUnit
        ? t.unknownUnit(unknownUnit)
        : t.notAccepted(value);
  return `${what} ${t.how}`;
}
