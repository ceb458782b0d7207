// Every word the user reads about a failure. One function per cause, each taking what is known
// (host, port, this page's origin, model, status, the server's own text) and returning a title,
// a sentence and steps a UI can render. No secret ever reaches these functions.
import { isOllamaModelName, shownModelName } from '../providers/models';
import { keepAliveProblem } from './keepAliveText';
import type { ErrorCause, ErrorContext, ErrorFix, FixStep } from '../providers/types';
import { imageErrorText } from './imageErrors';
import {
  allowedOrigin,
  duration,
  isLocalPageOrigin,
  isLoopbackName,
  originToCheck,
  sentences,
} from './errorParts';
import { decimal } from './locale';

/**
 * An address in a command the user pastes into a terminal. A `?server=` link can name any path,
 * and `$( )`, `;`, `|` or a quote in it would run as part of the command: such an address is
 * quoted, so that the shell reads it as one word. (In each language's module: a shared one would
 * be a chunk of its own, named in the first load.)
 */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]*$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A model name as shown: a server may list one of any length. */
const shown = (c: ErrorContext): string | undefined => c.model && shownModelName(c.model);

function where(c: ErrorContext): string {
  if (c.host && c.port) return `${c.host}:${c.port}`;
  return c.host ?? c.baseUrl ?? 'the server';
}

function quoted(text: string | undefined): string {
  return text ? `The server said: “${text}”` : '';
}

function ollamaOriginSteps(c: ErrorContext): FixStep[] {
  const origin = allowedOrigin(c);
  const base = c.baseUrl ?? 'http://localhost:11434';
  const checkOrigin = originToCheck(c);
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
      label:
        'Docker: a container keeps the environment it was created with, so remove it and create it again with the variable (the models volume stays)',
      code: `docker rm -f ollama\ndocker run -d --name ollama -p 11434:11434 -v ollama:/root/.ollama -e OLLAMA_ORIGINS=${origin} ollama/ollama`,
    },
    {
      label: 'Docker Compose: add it to the service, then run docker compose up -d',
      code: `services:\n  ollama:\n    image: ollama/ollama\n    environment:\n      - OLLAMA_ORIGINS=${origin}`,
    },
    {
      label: 'Check: this should answer 200 with an Access-Control-Allow-Origin header, not 403',
      code: `curl -i -H "Origin: ${checkOrigin}" ${shellWord(`${base}/api/tags`)}`,
    },
  ];
}

function openAiOriginSteps(c: ErrorContext): FixStep[] {
  const origin = allowedOrigin(c);
  const checkOrigin = originToCheck(c);
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
      code: `curl -i -H "Origin: ${checkOrigin}" ${shellWord(`${c.baseUrl ?? ''}/v1/models`)}`,
    },
  ];
}

/** Ollama's CORS allows a fixed list of request headers: a custom one fails whatever the origins. */
function corsCustomHeaders(c: ErrorContext): ErrorFix {
  return {
    title: `${where(c)} does not accept custom headers from this page`,
    detail:
      'Ollama lets pages send only a fixed list of headers (Authorization, Content-Type and a few more); a custom header such as X-Api-Key makes the browser refuse every request, and OLLAMA_ORIGINS cannot change that.',
    steps: [
      {
        label:
          'Use Basic auth (username and password) or an API key (Bearer) in the server settings instead: both travel in the Authorization header',
      },
      {
        label:
          'Or let the proxy that checks the header answer the preflight itself and list it in Access-Control-Allow-Headers',
      },
    ],
  };
}

function cors(c: ErrorContext): ErrorFix {
  if (c.authType === 'headers' && c.serverKind !== 'openai') return corsCustomHeaders(c);
  const isFilePage = !c.origin || c.origin === 'null';
  const steps = c.serverKind === 'openai' ? openAiOriginSteps(c) : ollamaOriginSteps(c);
  if (c.serverKind === 'openai' && c.authType !== 'none' && c.authType !== undefined) {
    steps.push({
      label:
        'Some servers (Hugging Face TGI) allow only the Content-Type header from pages: a key in the Authorization header cannot pass their CORS. Put a proxy in front that answers the preflight and checks the key',
    });
  }
  if (c.authType === 'basic' || c.authType === 'bearer') {
    steps.push({
      label:
        'If a reverse proxy asks for the login, it must answer the OPTIONS preflight without one and list Authorization in Access-Control-Allow-Headers',
    });
  }
  // A redirect that carries no CORS headers (a proxy moving http to https) is refused the same way.
  steps.push({
    label:
      'If the address redirects (a proxy sending http to https, or to another path), the browser refuses the redirect in the same way: use the address it redirects to',
  });
  const isLocalPage = isLocalPageOrigin(c);
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

function localNetworkBlocked(c: ErrorContext): ErrorFix {
  const denied = c.localNetworkPermission === 'denied';
  return {
    title: `Chrome did not let this page reach ${where(c)}`,
    detail: denied
      ? 'Chrome asks before a web page may connect to this computer or the local network (Local Network Access), and the permission is blocked for this site, so the request never left the browser. The server may be running fine.'
      : 'Chrome asks before a web page may connect to this computer or the local network (Local Network Access). The prompt was dismissed, so the request never left the browser. The server may be running fine.',
    steps: [
      denied
        ? {
            label:
              'Open this site’s settings (the icon left of the address bar), set “Local network access” (Chrome 145 and later: “Local network” or “Apps on this device”) to Allow, then reload',
          }
        : { label: 'Try again and choose “Allow” when Chrome asks about the local network' },
      { label: 'Or open Causerie from this computer (http://localhost), which Chrome does not ask about' },
    ],
  };
}

function unreachable(c: ErrorContext): ErrorFix {
  if (!c.isLost && (c.localNetworkPermission === 'denied' || c.localNetworkPermission === 'prompt')) {
    return localNetworkBlocked(c);
  }
  if (c.isLost) {
    return {
      title: `Lost the connection to ${where(c)}`,
      detail:
        'The connection closed while the answer was arriving. Check that the server is still running, then try again.',
    };
  }
  const probe = c.serverKind === 'openai' ? '/v1/models' : '/api/version';
  const steps: FixStep[] = [
    {
      label: 'Check that the server is running and answers',
      code: `curl ${shellWord(`${c.baseUrl ?? ''}${probe}`)}`,
    },
  ];
  if (c.serverKind === 'openai') {
    steps.push({
      label: 'Foundry Local picks a new port each time its service starts; this shows the current address',
      code: 'foundry service status',
    });
  }
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
      label:
        'Open Causerie over http from your own computer (for example the preview server, then http://localhost:4173)',
      code: 'npm run preview',
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
  if (c.needsSignin) {
    return {
      title: `“${shown(c) ?? 'This model'}” runs on ollama.com, and the server is not signed in`,
      detail:
        'Ollama cloud models need the machine that runs Ollama to be signed in to an ollama.com account. No password in Causerie changes that.',
      steps: [{ label: 'On the machine that runs Ollama, run', code: 'ollama signin' }],
    };
  }
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
  const model = shown(c) ?? 'this model';
  if (c.serverKind === 'openai') {
    return {
      title: `Model “${model}” is not on this server`,
      detail: 'Pick another model from the list.',
    };
  }
  // The name came from the server or the user: only a name Ollama itself would accept becomes a command.
  if (!c.model || !isOllamaModelName(c.model)) {
    return {
      title: `Model “${model}” is not on this server`,
      detail: 'Pick another model from the list.',
    };
  }
  return {
    title: `Model “${model}” is not on this server`,
    detail: 'Pick another model from the list, or download this one.',
    steps: [{ label: 'Download it on the server', code: `ollama pull ${c.model}` }],
  };
}

function modelCannotChat(c: ErrorContext): ErrorFix {
  return {
    title: `“${shown(c) ?? 'This model'}” cannot chat`,
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
  if (/mmproj|image input is not supported/i.test(c.serverText ?? '')) {
    return {
      title: 'This model cannot read images on this server',
      detail: sentences(
        quoted(c.serverText),
        'llama-server was started without the model’s vision projector (an mmproj file), so it refuses images. Send the question without the image, or restart llama-server with --mmproj <file> (or -hf with a repository that includes one).',
      ),
    };
  }
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
  if (c.isUnfinished) {
    return {
      title: 'The server ended the answer without finishing',
      detail: sentences(
        'The stream stopped with no end marker (no finish_reason and no [DONE]): the server most likely hit an error it did not report.',
        c.isOllamaV1
          ? 'Ollama’s OpenAI-compatible API drops its errors this way: set this server’s kind to “Ollama” in the server settings to see what went wrong.'
          : 'If this is an Ollama server, set its kind to “Ollama”: Ollama’s OpenAI-compatible API drops errors this way.',
      ),
    };
  }
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
        ? sentences(
            c.isSameOrigin
              ? 'A proxy serves this page and the server from the same address and passes the page’s Origin header on to Ollama, which refuses it: clear it in the proxy (nginx: proxy_set_header Origin "";).'
              : 'If Ollama sits behind a proxy, the proxy may pass on an Origin Ollama refuses: clear it (nginx: proxy_set_header Origin "";).',
            'If that is not it, Ollama may refuse the Host header the proxy sends (bound to 127.0.0.1 it accepts localhost and private addresses).',
          )
        : c.status === 422 && /top_p/i.test(c.serverText ?? '')
          ? 'This server (Hugging Face TGI) wants top_p below 1.0: set it to 0.99 or leave it empty in Settings.'
          : undefined;
  const isOriginRefusal = c.status === 403 && !c.serverText;
  return {
    title: `${where(c)} answered ${status || 'with an error'}`,
    detail: sentences(quoted(c.serverText), hint),
    steps: isOriginRefusal
      ? [
          {
            label: 'nginx: in the location that passes requests to Ollama',
            code: 'proxy_set_header Origin "";',
          },
        ]
      : undefined,
  };
}

function redirect(c: ErrorContext): ErrorFix {
  return {
    title: `${where(c)} sent this request to another address`,
    detail:
      'Causerie did not follow it: the request carried your login or your conversation, which go only to the server you chose. Check the Base URL in the server settings.',
    steps: c.suggestedBaseUrl
      ? [{ label: 'This host also answers over https: use this Base URL', code: c.suggestedBaseUrl }]
      : [
          {
            label:
              'If the server moved (a proxy that sends http to https, another port or path), put its new address in the server settings yourself',
          },
        ],
  };
}

function contextOverflow(c: ErrorContext): ErrorFix {
  const counts =
    c.promptTokens !== undefined && c.contextSize !== undefined
      ? `The question and the history come to ${decimal(c.promptTokens)} tokens; the server’s context holds ${decimal(c.contextSize)}.`
      : 'The question and the history are longer than the server’s context.';
  return {
    title: 'The conversation does not fit the server’s context',
    detail: sentences(
      counts,
      'Start a new chat (or one from a summary), or leave out long documents.',
      c.serverKind === 'openai'
        ? 'With llama-server, a larger --ctx-size (-c) at start-up gives it more room.'
        : 'A larger num_ctx in Settings gives it more room.',
    ),
  };
}

function unsupported(c: ErrorContext): ErrorFix {
  const action = c.operation === 'delete' ? 'delete' : 'download';
  return {
    title: `This server kind cannot ${action} models`,
    detail: 'OpenAI-compatible servers have no API for it: manage models on the server itself.',
  };
}

/** Why a keep_alive value cannot be sent, and how to write it. */
function config(c: ErrorContext): ErrorFix {
  if (c.setting === 'keep_alive') {
    return {
      title: 'keep_alive cannot be sent as it is',
      detail: sentences(
        keepAliveProblem(c.settingValue ?? '', undefined),
        'Fix it in Settings; your message is kept.',
      ),
    };
  }
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
    title: c.model ? `“${shown(c)}” could not run in this page` : 'The model could not run in this page',
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
  redirect,
  'context-overflow': contextOverflow,
  'in-page': inPage,
  ...imageErrorText,
} satisfies Record<ErrorCause, (context: ErrorContext) => ErrorFix>;
