// Every word the user reads about a failure. One function per cause, each taking what is known
// (host, port, this page's origin, model, status, the server's own text) and returning a title,
// a sentence and steps a UI can render. No secret ever reaches these functions.
import type { ErrorCause, ErrorContext, ErrorFix, FixStep } from '../providers/types';

const duration = (ms = 0) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

function where(c: ErrorContext): string {
  if (c.host && c.port) return `${c.host}:${c.port}`;
  return c.host ?? c.baseUrl ?? 'the server';
}

function quoted(text: string | undefined): string {
  return text ? `The server said: “${text}”` : '';
}

function sentences(...parts: (string | undefined | false)[]): string | undefined {
  const text = parts.filter(Boolean).join(' ');
  return text || undefined;
}

const isLoopbackName = (host = '') =>
  host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '[::1]';

/** The origin to put in OLLAMA_ORIGINS: a file:// page sends "null", which only `*` admits. */
function allowedOrigin(c: ErrorContext): string {
  return !c.origin || c.origin === 'null' ? '*' : c.origin;
}

function ollamaOriginSteps(c: ErrorContext): FixStep[] {
  const origin = allowedOrigin(c);
  const base = c.baseUrl ?? 'http://localhost:11434';
  const checkOrigin = c.origin && c.origin !== 'null' ? c.origin : 'null';
  return [
    { label: 'Linux (systemd): open the service settings', code: 'sudo systemctl edit ollama.service' },
    { label: 'add these lines, then save', code: `[Service]\nEnvironment="OLLAMA_ORIGINS=${origin}"` },
    { label: 'and restart Ollama', code: 'sudo systemctl daemon-reload && sudo systemctl restart ollama' },
    {
      label: 'macOS: run this, then quit and reopen the Ollama app',
      code: `launchctl setenv OLLAMA_ORIGINS "${origin}"`,
    },
    {
      label: `Windows: quit Ollama from the taskbar, add a user environment variable OLLAMA_ORIGINS with the value ${origin}, then start Ollama again`,
    },
    { label: 'Started by hand in a terminal', code: `OLLAMA_ORIGINS=${origin} ollama serve` },
    {
      label: 'Check: this should answer 200 with an Access-Control-Allow-Origin header, not 403',
      code: `curl -i -H "Origin: ${checkOrigin}" ${base}/api/tags`,
    },
  ];
}

function openAiOriginSteps(c: ErrorContext): FixStep[] {
  const origin = allowedOrigin(c);
  const checkOrigin = c.origin && c.origin !== 'null' ? c.origin : 'null';
  return [
    {
      label: 'LM Studio: turn on “Enable CORS” in the server settings, or start it with',
      code: 'lms server start --cors',
    },
    { label: 'llama.cpp (llama-server) answers any origin unless told otherwise; check its --cors options' },
    { label: 'vLLM allows every origin by default; check its --allowed-origins option' },
    {
      label: 'Ollama’s /v1 API: allow this page in OLLAMA_ORIGINS',
      code: `OLLAMA_ORIGINS=${origin} ollama serve`,
    },
    {
      label: 'Check: this should answer 200 with an Access-Control-Allow-Origin header',
      code: `curl -i -H "Origin: ${checkOrigin}" ${c.baseUrl ?? ''}/v1/models`,
    },
  ];
}

function cors(c: ErrorContext): ErrorFix {
  const isFilePage = !c.origin || c.origin === 'null';
  const steps = c.serverKind === 'openai' ? openAiOriginSteps(c) : ollamaOriginSteps(c);
  if (c.authType === 'basic' || c.authType === 'bearer') {
    steps.push({
      label:
        'If a reverse proxy asks for the login, it must answer the OPTIONS preflight without one and list Authorization in Access-Control-Allow-Headers',
    });
  }
  const isLocalPage = /^https?:\/\/(localhost|127\.[\d.]+|\[::1\])(:\d+)?$/.test(c.origin ?? '');
  const page = isFilePage
    ? 'This page was opened from a file, so its origin is “null”, which cannot be listed: only OLLAMA_ORIGINS=* admits it (and then any web page may use the server). Opening Causerie over http(s) avoids that.'
    : `Add this page’s origin, ${c.origin}, to the allowed origins and restart the server.`;
  const proxyHint =
    isLocalPage &&
    c.serverKind !== 'openai' &&
    'Ollama allows localhost pages by default, so a proxy in front of it may be what refuses.';
  return {
    title: `${where(c)} does not allow requests from this page`,
    detail: sentences('The server is running but refused this page (CORS).', page, proxyHint),
    steps,
  };
}

function unreachable(c: ErrorContext): ErrorFix {
  if (c.isLost) {
    return {
      title: `Lost the connection to ${where(c)}`,
      detail:
        'The connection closed while the answer was arriving. Check that the server is still running, then try again.',
    };
  }
  const probe = c.serverKind === 'openai' ? '/v1/models' : '/api/version';
  const steps: FixStep[] = [
    { label: 'Check that the server is running and answers', code: `curl ${c.baseUrl ?? ''}${probe}` },
  ];
  if (c.serverKind !== 'openai' && !isLoopbackName(c.host)) {
    steps.push({
      label: 'Ollama listens only on its own computer by default; to accept other machines, start it with',
      code: 'OLLAMA_HOST=0.0.0.0 ollama serve',
    });
  }
  return {
    title: `Cannot reach ${where(c)}`,
    detail: sentences(
      `Nothing answered at ${c.baseUrl ?? where(c)}. Check that the server is running and that the address and port are right.`,
      isLoopbackName(c.host) && `${c.host} means the computer this browser runs on.`,
    ),
    steps,
  };
}

function mixedContent(c: ErrorContext): ErrorFix {
  const blocker = c.isSafari ? 'Safari blocks' : 'Browsers block';
  const steps: FixStep[] = [
    {
      label: 'Open Causerie over http from your own computer (for example the preview server)',
      code: 'npm run preview   # then open http://localhost:4173',
    },
    {
      label:
        'Or put HTTPS in front of the server (a reverse proxy such as Caddy or nginx) and use its https:// address',
    },
    { label: 'Or, in Chrome or Edge, allow “local network access” for this site when asked (site settings)' },
  ];
  if (c.isSafari && isLoopbackName(c.host)) {
    steps.push({ label: 'Or use Chrome, Edge or Firefox, which let an HTTPS page call http://localhost' });
  }
  return {
    title: 'This HTTPS page cannot call an http:// server',
    detail: `${blocker} requests from a page loaded over HTTPS to plain-HTTP addresses such as ${c.baseUrl ?? where(c)}${c.isSafari && isLoopbackName(c.host) ? ', even on localhost' : ''}.`,
    steps,
  };
}

function auth(c: ErrorContext): ErrorFix {
  const check: Record<NonNullable<ErrorContext['authType']>, string> = {
    none: 'This server needs a login: add a username and password, or an API key, in the server settings.',
    basic: 'Check the username and password in the server settings.',
    bearer: 'Check the API key in the server settings.',
    headers: 'Check the custom headers in the server settings.',
  };
  const title =
    c.status === 403
      ? `${where(c)} refused access`
      : c.authType === 'none' || !c.authType
        ? `${where(c)} needs a login`
        : `${where(c)} refused the login`;
  return { title, detail: sentences(check[c.authType ?? 'none'], quoted(c.serverText)) };
}

function modelNotFound(c: ErrorContext): ErrorFix {
  const model = c.model ?? 'this model';
  if (c.serverKind === 'openai') {
    return {
      title: `Model “${model}” is not on this server`,
      detail: 'Pick another model from the list.',
    };
  }
  return {
    title: `Model “${model}” is not on this server`,
    detail: 'Pick another model from the list, or download this one.',
    steps: [{ label: 'Download it on the server', code: `ollama pull ${model}` }],
  };
}

function modelCannotChat(c: ErrorContext): ErrorFix {
  return {
    title: `“${c.model ?? 'This model'}” cannot chat`,
    detail:
      'It is an embedding model: it turns text into numbers and does not write answers. Pick a chat model instead.',
  };
}

function busy(c: ErrorContext): ErrorFix {
  const loading = /loading/i.test(c.serverText ?? '');
  return {
    title: `${where(c)} is busy`,
    detail: loading
      ? 'The server is still loading the model. Try again in a moment.'
      : sentences('It has more requests than it can queue. Try again in a moment.', quoted(c.serverText)),
  };
}

function server(c: ErrorContext): ErrorFix {
  const memory = /out of memory|unexpectedly stopped|cudaMalloc|failed to allocate/i.test(c.serverText ?? '');
  return {
    title: 'The server reported an error',
    detail: sentences(
      quoted(c.serverText) || 'It gave no explanation.',
      memory && 'The model may not fit in the server’s memory: try a smaller model or a shorter context.',
    ),
  };
}

function proxy(c: ErrorContext): ErrorFix {
  const status = [c.status, c.statusText].filter(Boolean).join(' ');
  return {
    title: `${where(c)} answered with an error page${status ? ` (${status})` : ''}`,
    detail: sentences(
      c.pageTitle && `Page title: “${c.pageTitle}”.`,
      'Something between this page and the model server (a proxy or gateway) answered instead of it: the server behind it may be down or restarting, or the address may be wrong.',
    ),
  };
}

function badResponse(c: ErrorContext): ErrorFix {
  if (c.isTruncated) {
    return {
      title: 'The answer ended early',
      detail: 'The connection closed before the server said it had finished. Try again.',
    };
  }
  const expected = c.serverKind === 'openai' ? 'an OpenAI-compatible API' : 'an Ollama server';
  return {
    title: 'The server sent an answer Causerie cannot read',
    detail: sentences(
      c.pageTitle && `It sent a web page (“${c.pageTitle}”).`,
      `Check that ${c.baseUrl ?? 'the address'} is ${expected}, and the server kind in its settings.`,
    ),
  };
}

function timeout(c: ErrorContext): ErrorFix {
  if (c.phase === 'first-byte') {
    return {
      title: `The model did not start answering within ${duration(c.timeoutMs)}`,
      detail:
        'Loading a large model can take a while, above all on a CPU. Try again, or raise the first-token time-out in the server settings.',
    };
  }
  return {
    title: `${where(c)} did not answer within ${duration(c.timeoutMs)}`,
    detail:
      'Check that the server is running and reachable, or raise the connection time-out in the server settings.',
  };
}

function http(c: ErrorContext): ErrorFix {
  const status = [c.status, c.statusText].filter(Boolean).join(' ');
  const hint =
    c.status === 404
      ? c.serverKind === 'openai'
        ? 'Check the base URL: OpenAI-compatible servers answer under /v1.'
        : 'Check the base URL and the server kind in the server settings.'
      : c.status === 403 && !c.serverText
        ? 'If Ollama sits behind a proxy, the proxy must send “Host: localhost:11434”.'
        : undefined;
  return {
    title: `${where(c)} answered ${status || 'with an error'}`,
    detail: sentences(quoted(c.serverText), hint),
  };
}

function unsupported(c: ErrorContext): ErrorFix {
  const action = c.operation === 'delete' ? 'delete' : 'download';
  return {
    title: `This server kind cannot ${action} models`,
    detail: 'OpenAI-compatible servers have no API for it: manage models on the server itself.',
  };
}

function config(c: ErrorContext): ErrorFix {
  if (c.setting === 'header') {
    return {
      title: `The custom header ${c.headerName ? `“${c.headerName}” ` : ''}cannot be sent`,
      detail: 'Header names and values may only hold plain ASCII characters. Fix it in the server settings.',
    };
  }
  return {
    title: 'The server address is not valid',
    detail: 'Use a full http:// or https:// address, such as http://localhost:11434.',
  };
}

function inPage(c: ErrorContext): ErrorFix {
  return {
    title: c.model ? `“${c.model}” could not run in this page` : 'The model could not run in this page',
    detail: c.serverText,
  };
}

export const errorText = {
  unreachable,
  cors,
  'mixed-content': mixedContent,
  auth,
  'model-not-found': modelNotFound,
  'model-cannot-chat': modelCannotChat,
  busy,
  server,
  proxy,
  'bad-response': badResponse,
  aborted: (): ErrorFix => ({ title: 'Stopped' }),
  timeout,
  http,
  unsupported,
  config,
  'in-page': inPage,
} satisfies Record<ErrorCause, (context: ErrorContext) => ErrorFix>;
