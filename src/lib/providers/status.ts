// What an HTTP error status and its body mean for the user. Pure, so every case is testable alone.
import { errorMessageOf, isObject, num, obj, shorten, str } from './json';
import type { ErrorCause } from './types';

export interface StatusVerdict {
  kind: ErrorCause;
  serverText?: string;
  pageTitle?: string;
  /** Ollama cloud models: a 401 with `signin_url` means "run ollama signin", not "add a password". */
  needsSignin?: boolean;
  /** llama.cpp's `exceed_context_size_error`: how many tokens the prompt has, and the context size. */
  promptTokens?: number;
  contextSize?: number;
}

/** Reason phrases for when the response has none (HTTP/2 never sends one). */
const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const reasonPhrase = (status: number, statusText = ''): string => statusText || REASON[status] || '';

export function looksLikeHtml(contentType: string, body: string): boolean {
  return /html/i.test(contentType) || /^\s*</.test(body);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The `<title>` of an error page, as plain text: enough to recognise nginx or Cloudflare, no markup. */
export function htmlTitle(html: string): string | undefined {
  const raw = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1];
  if (raw === undefined) return undefined;
  const text = raw.replace(/&(#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#')) return String.fromCharCode(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
  return shorten(text, 120) || undefined;
}

function tryJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

const mentionsModel = (text: string, model?: string) =>
  /model/i.test(text) || (!!model && text.includes(model));

/** Ollama says `"all-minilm" does not support chat` (or `generate`) for embedding-only models. */
const CANNOT_CHAT = /does not support (chat|generate)/i;

export function classifyStatus(
  status: number,
  contentType: string,
  body: string,
  model?: string,
): StatusVerdict {
  const isHtml = looksLikeHtml(contentType, body);
  const json = isHtml ? undefined : tryJson(body);
  const hasBody = body.trim() !== '';
  const serverText = isHtml
    ? undefined
    : (errorMessageOf(json) ?? (hasBody ? shorten(body, 200) : undefined));
  const pageTitle = isHtml ? htmlTitle(body) : undefined;
  const verdict = (kind: ErrorCause): StatusVerdict => ({ kind, serverText, pageTitle });
  const error = obj(isObject(json) ? json.error : undefined);

  // The URL itself is the server's word and is never shown as a link: the fix is a fixed command.
  if (status === 401 && isObject(json) && typeof json.signin_url === 'string') {
    return { ...verdict('auth'), needsSignin: true };
  }
  // llama.cpp: {"error":{"code":400,"type":"exceed_context_size_error","n_prompt_tokens":…,"n_ctx":…}}
  if (str(error.type) === 'exceed_context_size_error') {
    return {
      ...verdict('context-overflow'),
      promptTokens: num(error.n_prompt_tokens),
      contextSize: num(error.n_ctx),
    };
  }

  // An empty 403 is Ollama refusing the Host header; one with a body is a login refused.
  if (status === 401 || (status === 403 && hasBody)) return verdict('auth');
  if (isHtml || (json === undefined && hasBody && (status === 502 || status === 504)))
    return verdict('proxy');
  if (status === 404 && serverText && mentionsModel(serverText, model)) return verdict('model-not-found');
  if (status === 400 && serverText && CANNOT_CHAT.test(serverText)) return verdict('model-cannot-chat');
  if (status === 503) return verdict('busy');
  if (status === 500) return verdict('server');
  return verdict('http');
}
