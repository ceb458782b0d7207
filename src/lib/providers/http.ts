// The one place that calls `fetch`. It adds the auth headers, applies the time-outs, closes the
// connection when the caller stops, and turns every failure into a ProviderError.
import { authHeaders, normalizeBaseUrl, secretsOf, splitUrlCredentials } from './auth';
import { definedOnly, ProviderError } from './errors';
import { isObject, parseJson, throwIfErrorObject } from './json';
import { readLineBatches } from './lines';
import {
  currentPage,
  isWebKitOnly,
  localNetworkPermission,
  predictMixedContent,
  targetAddressSpace,
  type PageInfo,
} from './page';
import { classifyStatus, htmlTitle, looksLikeHtml, reasonPhrase } from './status';
import type { Auth, Connection, ErrorCause, ErrorContext, TimeoutPhase } from './types';

/** How long the CORS-or-unreachable probe may take when the connection sets no time-out. */
const PROBE_TIMEOUT_MS = 10_000;

/** `AbortSignal.any` where the browser has it (Safari 17.4+, Chrome 116+), else the same by hand. */
export function anySignal(
  signals: readonly AbortSignal[],
  native = typeof AbortSignal.any === 'function',
): AbortSignal {
  if (native) return AbortSignal.any([...signals]);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), {
      once: true,
      signal: controller.signal,
    });
  }
  return controller.signal;
}

const isDomError = (e: unknown, name: string) =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === name;

/** One request's signals and timer: tells the user's Stop from our own time-outs. */
class Call {
  readonly signal: AbortSignal;
  readonly #own = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timedOut: { phase: TimeoutPhase; ms: number } | undefined;

  constructor(readonly user: AbortSignal | undefined) {
    this.signal = user ? anySignal([user, this.#own.signal]) : this.#own.signal;
  }

  get isUserAbort(): boolean {
    return this.user?.aborted === true;
  }

  get timedOut(): { phase: TimeoutPhase; ms: number } | undefined {
    return this.#timedOut;
  }

  arm(ms: number | undefined, phase: TimeoutPhase): void {
    this.disarm();
    if (ms === undefined || !(ms > 0)) return;
    this.#timer = setTimeout(() => {
      this.#timedOut = { phase, ms };
      this.#own.abort(new DOMException(`No ${phase} within ${ms} ms`, 'TimeoutError'));
    }, ms);
  }

  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Ends the request for good; if the body was not fully read, this closes the connection. */
  dispose(): void {
    this.disarm();
    this.#own.abort();
  }
}

export interface RequestSpec {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Appended to the base URL, e.g. `/api/chat`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * The server sends no header until the model has produced something: Ollama writes its headers
   * with the first NDJSON line (after loading the model), and a non-streamed answer's at the end.
   * The wait for headers then gets both time-outs, and is reported as the first-byte phase.
   */
  waitsForModel?: boolean;
  /**
   * The server sends its headers only once the whole answer is generated (`stream: false`): the
   * wait is generation time, which on a slow CPU server can be many minutes, so no time-out applies
   * to it (the user's Stop still does).
   */
  waitsForWholeAnswer?: boolean;
  /** For error texts (model not found, cannot chat). */
  model?: string;
}

export interface TransportOptions {
  /** A cheap GET for the no-cors probe that tells CORS from unreachable. */
  probePath: string;
  /** Where this page runs; injectable for tests. */
  page?: () => PageInfo;
}

type Stage = 'request' | 'body';

export class Transport {
  /** Null when the base URL is not an http(s) address: every request then fails with 'config'. */
  readonly root: string | null;
  readonly #conn: Connection;
  readonly #auth: Auth;
  readonly #secrets: readonly string[];
  readonly #probePath: string;
  readonly #page: () => PageInfo;

  constructor(conn: Connection, options: TransportOptions) {
    this.#conn = conn;
    this.root = normalizeBaseUrl(conn.baseUrl, conn.kind);
    this.#auth = authFromUrl(conn);
    this.#secrets = secretsOf(this.#auth);
    this.#probePath = options.probePath;
    this.#page = options.page ?? currentPage;
  }

  /** Sends a request and returns its JSON body (undefined for an empty body). */
  async json(spec: RequestSpec): Promise<unknown> {
    const call = new Call(spec.signal);
    let stage: Stage = 'request';
    try {
      const res = await this.#fetch(spec, call);
      stage = 'body';
      if (!res.ok) throw await this.#statusError(res, spec);
      const text = await res.text();
      // A Stop that lands after the body arrived still means the caller no longer wants it.
      call.signal.throwIfAborted();
      if (text.trim() === '') return undefined;
      if (looksLikeHtml(res.headers.get('content-type') ?? '', text)) {
        throw this.error('bad-response', { pageTitle: htmlTitle(text) });
      }
      const value = parseJson(text);
      if (isObject(value)) throwIfErrorObject(value);
      return value;
    } catch (e) {
      throw await this.#classify(e, call, stage, spec);
    } finally {
      call.dispose();
    }
  }

  /**
   * Sends a request and yields what `parse` makes of the body's lines (given a network read at a
   * time). Leaving the loop early, or aborting, cancels the body and so closes the connection: the
   * server stops generating.
   */
  async *stream<T>(
    spec: RequestSpec,
    parse: (batches: AsyncIterable<string[]>) => AsyncIterable<T>,
  ): AsyncGenerator<T, void, undefined> {
    const call = new Call(spec.signal);
    let stage: Stage = 'request';
    try {
      const res = await this.#fetch(spec, call);
      stage = 'body';
      if (!res.ok) throw await this.#statusError(res, spec);
      if (looksLikeHtml(res.headers.get('content-type') ?? '', '')) {
        throw this.error('bad-response', { pageTitle: htmlTitle(await res.text()) });
      }
      if (!res.body) throw this.error('bad-response');
      call.arm(this.#conn.firstByteTimeoutMs, 'first-byte');
      let isFirst = true;
      const onChunk = () => {
        if (isFirst) call.disarm();
        isFirst = false;
      };
      yield* parse(readLineBatches(res.body, { signal: call.signal, onChunk }));
    } catch (e) {
      throw await this.#classify(e, call, stage, spec);
    } finally {
      call.dispose();
    }
  }

  /** A ProviderError that knows this server (host, port, origin, kind) and hides its secrets. */
  error(kind: ErrorCause, extra: ErrorContext = {}, cause?: unknown): ProviderError {
    return new ProviderError(
      kind,
      { ...this.#context(), ...definedOnly(extra) },
      { cause, secrets: this.#secrets },
    );
  }

  #context(): ErrorContext {
    const page = this.#page();
    const context: ErrorContext = {
      serverKind: this.#conn.kind,
      origin: page.origin,
      authType: this.#auth.type,
      isSafari: isWebKitOnly(page.userAgent),
    };
    if (this.root) {
      const url = new URL(this.root);
      context.baseUrl = this.root;
      context.host = url.hostname;
      context.port = url.port || (url.protocol === 'https:' ? '443' : '80');
    }
    return context;
  }

  /** A reverse proxy serving both the page and the server: no CORS, and an empty 403 means Origin. */
  #isSameOrigin(): boolean {
    if (!this.root) return false;
    return new URL(this.root).origin === this.#page().origin;
  }

  #headers(hasBody: boolean): Headers {
    const headers = new Headers();
    for (const [name, value] of Object.entries(authHeaders(this.#auth))) {
      try {
        headers.set(name, value);
      } catch (e) {
        // fetch takes only Latin-1 header text; say which header, never its value.
        const headerName = /^[!#$%&'*+\-.^_`|~\w]+$/.test(name) ? name : undefined;
        throw this.error('config', { setting: 'header', headerName }, e);
      }
    }
    if (hasBody) headers.set('Content-Type', 'application/json');
    return headers;
  }

  #headersDeadline(spec: RequestSpec): { ms: number | undefined; phase: TimeoutPhase } {
    const { connectTimeoutMs: connect, firstByteTimeoutMs: firstByte } = this.#conn;
    if (spec.waitsForWholeAnswer) return { ms: undefined, phase: 'first-byte' };
    if (!spec.waitsForModel) return { ms: connect, phase: 'connect' };
    const ms = connect === undefined || firstByte === undefined ? undefined : connect + firstByte;
    return { ms, phase: 'first-byte' };
  }

  async #fetch(spec: RequestSpec, call: Call): Promise<Response> {
    const root = this.root;
    if (!root) throw this.error('config', { setting: 'url' });
    const hasBody = spec.body !== undefined;
    const init: RequestInit & { targetAddressSpace?: string } = {
      method: spec.method ?? (hasBody ? 'POST' : 'GET'),
      headers: this.#headers(hasBody),
      body: hasBody ? JSON.stringify(spec.body) : undefined,
      signal: call.signal,
      // Every request may carry a password, a key or the conversation. Following a redirect would
      // hand them to whatever address the server names (custom headers and, with 307/308, the
      // body go along; only Authorization is dropped across origins), so a redirect is reported.
      redirect: 'manual',
    };
    const space = targetAddressSpace(root, this.#page());
    if (space) init.targetAddressSpace = space;
    const deadline = this.#headersDeadline(spec);
    call.arm(deadline.ms, deadline.phase);
    const res = await fetch(root + spec.path, init);
    call.disarm();
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
      const context = await import('./redirect').then(
        (r) => r.redirectContext(root, res, this.#probePath, this.#page(), call.signal),
        () => ({}),
      );
      throw this.error('redirect', context);
    }
    return res;
  }

  async #statusError(res: Response, spec: RequestSpec): Promise<ProviderError> {
    const body = await res.text().catch(() => '');
    const verdict = classifyStatus(res.status, res.headers.get('content-type') ?? '', body, spec.model);
    return this.error(verdict.kind, {
      status: res.status,
      statusText: reasonPhrase(res.status, res.statusText),
      serverText: verdict.serverText,
      pageTitle: verdict.pageTitle,
      model: spec.model,
      needsSignin: verdict.needsSignin,
      promptTokens: verdict.promptTokens,
      contextSize: verdict.contextSize,
      isSameOrigin: this.#isSameOrigin(),
    });
  }

  async #classify(e: unknown, call: Call, stage: Stage, spec: RequestSpec): Promise<ProviderError> {
    if (call.isUserAbort) return this.error('aborted', {}, e);
    const timedOut = call.timedOut;
    if (timedOut) return this.error('timeout', { phase: timedOut.phase, timeoutMs: timedOut.ms }, e);
    if (e instanceof ProviderError)
      return e.withContext({ ...this.#context(), model: spec.model }, this.#secrets);
    if (isDomError(e, 'AbortError')) return this.error('aborted', {}, e);
    if (isDomError(e, 'TimeoutError')) return this.error('timeout', { phase: 'connect' }, e);
    // A TypeError's message differs by browser and says nothing reliable: never read it.
    if (e instanceof TypeError) {
      return stage === 'request' ? this.#diagnose(call) : this.error('unreachable', { isLost: true }, e);
    }
    return this.error('bad-response', {}, e);
  }

  /**
   * Every blocked request looks the same to script. A no-cors request is not subject to CORS:
   * if it gets through, the server is up and refused this origin; if not, it is out of reach
   * (or, when predicted, blocked as mixed content).
   */
  async #diagnose(call: Call): Promise<ProviderError> {
    const root = this.root ?? '';
    const page = this.#page();
    const probe = new Call(call.user);
    probe.arm(this.#conn.connectTimeoutMs ?? PROBE_TIMEOUT_MS, 'connect');
    const init: RequestInit & { targetAddressSpace?: string } = {
      mode: 'no-cors',
      credentials: 'omit',
      signal: probe.signal,
    };
    const space = targetAddressSpace(root, page);
    if (space) init.targetAddressSpace = space;
    try {
      await fetch(root + this.#probePath, init);
      return this.error('cors');
    } catch (e) {
      if (call.isUserAbort) return this.error('aborted', {}, e);
      if (predictMixedContent(root, page)) return this.error('mixed-content', {}, e);
      const permission = await localNetworkPermission(root, page).catch(() => undefined);
      return this.error('unreachable', { localNetworkPermission: permission }, e);
    } finally {
      probe.dispose();
    }
  }
}

/** A URL typed as `http://user:pass@host` on a profile without auth: use those as Basic auth. */
function authFromUrl(conn: Connection): Auth {
  if (conn.auth.type !== 'none') return conn.auth;
  const address = splitUrlCredentials(conn.baseUrl);
  if (address?.username === undefined && address?.password === undefined) return conn.auth;
  return { type: 'basic', username: address.username ?? '', password: address.password ?? '' };
}
