// Words for a keep_alive value Ollama would refuse (used before sending, so it stays small).

export function keepAliveProblem(value: string, unknownUnit: string | undefined): string {
  const how =
    'Write a number of seconds (3600; -1 keeps the model loaded) or a duration such as 5m, 1h30m or -1m.';
  if (unknownUnit && /^d(ays?)?$/i.test(unknownUnit)) {
    return `Ollama has no unit for days: write 24h for one day. ${how}`;
  }
  if (unknownUnit) return `Ollama does not know the unit “${unknownUnit}” (it knows ms, s, m and h). ${how}`;
  return `“${value}” is not a keep_alive value Ollama accepts. ${how}`;
}
