import { growingTextOf } from '../growingText';

// How much of the previous text is compared to decide that a new text extends it. Comparing all of
// it would make every update cost as much as the whole answer; a changed message (edit, regenerate)
// differs near its end or in length, and a reset is always safe.
export const PREFIX_CHECK = 64;

/** Whether `text` continues `previous` (judged on the last PREFIX_CHECK characters). */
export function extendsText(previous: string, text: string): boolean {
  if (text.length < previous.length) return false;
  const from = Math.max(0, previous.length - PREFIX_CHECK);
  return text.startsWith(previous.slice(from), from);
}

/**
 * `text` without its first `previous.length` characters, when `text` continues `previous`; else
 * undefined. For an answer being written (growingText.ts), without reading all of it.
 */
export function continuation(previous: string, text: string): string | undefined {
  if (text.length < previous.length) return undefined;
  const rest = growingTextOf(text)?.after(previous);
  if (rest !== undefined) return rest;
  return extendsText(previous, text) ? text.slice(previous.length) : undefined;
}
