// keep_alive as the user types it, turned into what Ollama accepts. Ollama decodes the field as a
// number of seconds or a Go duration string ("5m", "1h30m", "-1m"); a string that is a bare
// number ("-1", "3600") or has another unit ("1d") fails the whole request with 400
// `time: missing unit in duration "-1"`. So a bare number becomes a number, a Go duration is sent
// as typed, and anything else is refused here with words that say how to write it.
import { keepAliveProblem } from './i18n/keepAliveText';

export type KeepAliveValue = number | string;

export type KeepAliveResult =
  { ok: true; value: KeepAliveValue | undefined } | { ok: false; message: string };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;
/** Go's time.ParseDuration grammar: one or more number+unit pairs, an optional sign first. */
const GO_DURATION = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const UNIT = /(?:\d+\.?\d*|\.\d+)\s*([^\d\s.+-]*)/g;

/**
 * Reads the keep_alive field. Empty means "the server's default" (undefined). Never throws; linear
 * in the input (the patterns have no nested repetition over the same characters).
 */
export function parseKeepAlive(input: string): KeepAliveResult {
  const text = input.trim();
  if (text === '') return { ok: true, value: undefined };
  if (NUMBER.test(text)) return { ok: true, value: Number(text) };
  // Go's units are lower case; "5M" can only mean minutes here ("ms" stays "ms").
  const lower = text.toLowerCase();
  if (GO_DURATION.test(lower)) return { ok: true, value: lower };
  const units = [...text.matchAll(UNIT)].map((m) => m[1] ?? '').filter((u) => u !== '');
  const unknown = units.find((u) => !/^(ns|us|µs|μs|ms|s|m|h)$/i.test(u));
  return { ok: false, message: keepAliveProblem(text, unknown) };
}

/**
 * What the request carries: a stored value, whatever an older version saved ("-1" typed before
 * this check existed), made acceptable to Ollama. Undefined when it cannot be (the caller refuses
 * to send, with `parseKeepAlive`'s message).
 */
export function toOllamaKeepAlive(value: KeepAliveValue | undefined): KeepAliveResult {
  if (value === undefined || typeof value === 'number') {
    return value === undefined || Number.isFinite(value)
      ? { ok: true, value }
      : { ok: false, message: keepAliveProblem(String(value), undefined) };
  }
  return parseKeepAlive(value);
}
