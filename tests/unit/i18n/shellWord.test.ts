// A `?server=` link can name any address; the commands an alert offers to paste must not run any
// part of it (issue 11: nothing becomes a command).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { errorText } from '../../../src/lib/i18n/errors';
import { errorText as errorTextFr } from '../../../src/lib/i18n/fr/errors';
import type { ErrorContext } from '../../../src/lib/providers/types';

/** The words bash makes of `command` (the first one, the program, left out): one per line. */
function words(command: string): string[] {
  const out = execFileSync('bash', ['-c', `set -- ${command}; printf '%s\\n' "$@"`], { encoding: 'utf8' });
  return out.split('\n').slice(1, -1);
}

// Harmless if it ever ran: it would only print, and change the words the test compares.
const planted = "http://gpu.example:11434/$(echo${IFS}RAN)'x';echo|cat";

describe('addresses in commands to paste', () => {
  for (const [language, texts] of [
    ['English', errorText],
    ['French', errorTextFr],
  ] as const) {
    it(`a planted address is one quoted word of the command (${language})`, () => {
      const cases: [ErrorContext, string][] = [
        [{ baseUrl: planted, serverKind: 'ollama' }, `${planted}/api/version`],
        [{ baseUrl: planted, serverKind: 'openai' }, `${planted}/v1/models`],
      ];
      for (const [context, url] of cases) {
        const code = texts.unreachable(context).steps![0]!.code!;
        expect(code.startsWith('curl ')).toBe(true);
        expect(words(code)).toEqual([url]);
      }
      const cors = texts.cors({ baseUrl: planted, serverKind: 'ollama', origin: 'https://chat.example' });
      const check = cors.steps!.map((s) => s.code ?? '').find((c) => c.startsWith('curl -i'))!;
      expect(words(check).at(-1)).toBe(`${planted}/api/tags`);
    });
  }

  it('a plain address stays as it is', () => {
    const code = errorText.unreachable({ baseUrl: 'http://localhost:11434', serverKind: 'ollama' }).steps![0]!
      .code;
    expect(code).toBe('curl http://localhost:11434/api/version');
  });
});
