// The one error type of the wire layer. Every failure, whatever threw it, leaves the layer as a
// ProviderError whose `kind` says what went wrong and whose `fix` says what to do about it.
import { errorTextFor } from './errorTexts';
import { redact } from './auth';
import type { ErrorCause, ErrorContext, ErrorFix, TimeoutPhase } from './types';
import { m } from '../i18n/messages';

export type { ErrorCause, ErrorContext, ErrorFix, FixStep, TimeoutPhase } from './types';

export interface ProviderErrorOptions {
  cause?: unknown;
  /** Secret values (passwords, keys) to blank out of every text, including the server's own. */
  secrets?: readonly string[];
}

const SERVER_FIELDS = ['serverText', 'pageTitle', 'statusText'] as const;

/** Drops keys whose value is undefined, so spreading never erases what another context knew. */
export function definedOnly(context: ErrorContext): ErrorContext {
  return Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)) as ErrorContext;
}

function redactContext(context: ErrorContext, secrets: readonly string[]): ErrorContext {
  const clean = { ...context };
  for (const field of SERVER_FIELDS) {
    const value = clean[field];
    if (value !== undefined) clean[field] = redact(value, secrets);
  }
  return clean;
}

function redactFix(fix: ErrorFix, secrets: readonly string[]): ErrorFix {
  return {
    title: redact(fix.title, secrets),
    detail: fix.detail === undefined ? undefined : redact(fix.detail, secrets),
    steps: fix.steps?.map((s) => ({
      label: redact(s.label, secrets),
      code: s.code === undefined ? undefined : redact(s.code, secrets),
    })),
  };
}

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  /** Named `kind` because `Error.cause` already holds the underlying error. */
  readonly kind: ErrorCause;
  readonly status?: number;
  readonly serverText?: string;
  readonly phase?: TimeoutPhase;
  readonly #context: ErrorContext;
  readonly #secrets: readonly string[];
  #fix: ErrorFix | undefined;

  constructor(kind: ErrorCause, context: ErrorContext = {}, options: ProviderErrorOptions = {}) {
    super(m.requestFailed, { cause: options.cause });
    const secrets = options.secrets ?? [];
    const clean = redactContext(definedOnly(context), secrets);
    this.kind = kind;
    this.status = clean.status;
    this.serverText = clean.serverText;
    this.phase = clean.phase;
    this.#context = clean;
    this.#secrets = secrets;
    // The message follows the words once they are there.
    Object.defineProperty(this, 'message', {
      get: () => (this.fix.detail ? `${this.fix.title}. ${this.fix.detail}` : this.fix.title),
      configurable: true,
    });
  }

  /** What went wrong and what to do about it, in words. */
  get fix(): ErrorFix {
    if (this.#fix) return this.#fix;
    const text = errorTextFor(this.kind, this.#context);
    if (!text) return { title: m.requestFailed, detail: this.#context.serverText };
    return (this.#fix = redactFix(text, this.#secrets));
  }

  /** The same as `fix.title`, at hand. */
  get title(): string {
    return this.fix.title;
  }

  /**
   * The same failure told with more context (which server, which model): parsers throw before they
   * know the connection, and the transport fills it in. What the error already knew wins.
   */
  withContext(context: ErrorContext, secrets: readonly string[] = []): ProviderError {
    return new ProviderError(
      this.kind,
      { ...definedOnly(context), ...this.#context },
      { cause: this.cause, secrets },
    );
  }
}

/** A user's Stop: not a failure to report. */
export const isAborted = (e: unknown): boolean => e instanceof ProviderError && e.kind === 'aborted';
