// Les mots d’une panne, en français : le même diagnostic que ../errors.ts (les décisions partagées
// sont dans ../errorParts.ts), avec des étapes de réparation traduites. Les commandes restent telles
// quelles. Chargé à la place de l’anglais quand l’interface est en français (providers/errorTexts.ts).
import { isOllamaModelName, shownModelName } from '../../providers/models';
import type { ErrorCause, ErrorContext, ErrorFix, FixStep } from '../../providers/types';
import {
  allowedOrigin,
  duration,
  isLocalPageOrigin,
  isLoopbackName,
  originToCheck,
  sentences,
} from '../errorParts';
import type { errorText as english } from '../errors';
import { keepAliveProblem } from '../keepAliveText';
import { decimal } from '../locale';
import { imageErrorTextFr } from './imageErrors';

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
  return c.host ?? c.baseUrl ?? 'le serveur';
}

function quoted(text: string | undefined): string {
  return text ? `Le serveur a répondu : « ${text} »` : '';
}

function ollamaOriginSteps(c: ErrorContext): FixStep[] {
  const origin = allowedOrigin(c);
  const base = c.baseUrl ?? 'http://localhost:11434';
  const checkOrigin = originToCheck(c);
  return [
    { label: 'Linux (systemd) : ouvrez les réglages du service', code: 'sudo systemctl edit ollama.service' },
    {
      label: 'ajoutez ces lignes, puis enregistrez',
      code: `[Service]\nEnvironment="OLLAMA_ORIGINS=${origin}"`,
    },
    { label: 'et redémarrez Ollama', code: 'sudo systemctl daemon-reload && sudo systemctl restart ollama' },
    {
      label: 'macOS : lancez ceci, puis quittez et rouvrez l’application Ollama',
      code: `launchctl setenv OLLAMA_ORIGINS "${origin}"`,
    },
    {
      label: `Windows : quittez Ollama depuis la barre des tâches, ajoutez une variable d’environnement utilisateur OLLAMA_ORIGINS avec la valeur ${origin}, puis relancez Ollama`,
    },
    { label: 'Lancé à la main dans un terminal', code: `OLLAMA_ORIGINS=${origin} ollama serve` },
    {
      label:
        'Docker : un conteneur garde l’environnement avec lequel il a été créé ; supprimez-le et recréez-le avec la variable (le volume des modèles reste)',
      code: `docker rm -f ollama\ndocker run -d --name ollama -p 11434:11434 -v ollama:/root/.ollama -e OLLAMA_ORIGINS=${origin} ollama/ollama`,
    },
    {
      label: 'Docker Compose : ajoutez-la au service, puis lancez docker compose up -d',
      code: `services:\n  ollama:\n    image: ollama/ollama\n    environment:\n      - OLLAMA_ORIGINS=${origin}`,
    },
    {
      label: 'Vérification : ceci doit répondre 200 avec un en-tête Access-Control-Allow-Origin, et non 403',
      code: `curl -i -H "Origin: ${checkOrigin}" ${shellWord(`${base}/api/tags`)}`,
    },
  ];
}

function openAiOriginSteps(c: ErrorContext): FixStep[] {
  const origin = allowedOrigin(c);
  const checkOrigin = originToCheck(c);
  return [
    {
      label: 'LM Studio : activez « Enable CORS » dans les réglages du serveur, ou lancez-le avec',
      code: 'lms server start --cors',
    },
    {
      label:
        'llama.cpp (llama-server) répond à toute origine sauf consigne contraire ; vérifiez ses options --cors',
    },
    { label: 'vLLM autorise toutes les origines par défaut ; vérifiez son option --allowed-origins' },
    {
      label: 'API /v1 d’Ollama : autorisez cette page dans OLLAMA_ORIGINS',
      code: `OLLAMA_ORIGINS=${origin} ollama serve`,
    },
    {
      label: 'Vérification : ceci doit répondre 200 avec un en-tête Access-Control-Allow-Origin',
      code: `curl -i -H "Origin: ${checkOrigin}" ${shellWord(`${c.baseUrl ?? ''}/v1/models`)}`,
    },
  ];
}

function corsCustomHeaders(c: ErrorContext): ErrorFix {
  return {
    title: `${where(c)} n’accepte pas les en-têtes personnalisés de cette page`,
    detail:
      'Ollama ne laisse les pages envoyer qu’une liste fixe d’en-têtes (Authorization, Content-Type et quelques autres) ; un en-tête personnalisé comme X-Api-Key fait refuser chaque requête par le navigateur, et OLLAMA_ORIGINS n’y peut rien.',
    steps: [
      {
        label:
          'Utilisez plutôt l’authentification Basic (nom d’utilisateur et mot de passe) ou une clé d’API (Bearer) dans les réglages du serveur : les deux passent par l’en-tête Authorization',
      },
      {
        label:
          'Ou laissez le proxy qui vérifie l’en-tête répondre lui-même à la requête préliminaire (preflight) et l’indiquer dans Access-Control-Allow-Headers',
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
        'Certains serveurs (Hugging Face TGI) n’autorisent que l’en-tête Content-Type depuis les pages : une clé dans l’en-tête Authorization ne peut pas passer leur CORS. Placez devant un proxy qui répond à la requête préliminaire et vérifie la clé',
    });
  }
  if (c.authType === 'basic' || c.authType === 'bearer') {
    steps.push({
      label:
        'Si un proxy inverse demande la connexion, il doit répondre à la requête préliminaire OPTIONS sans elle et indiquer Authorization dans Access-Control-Allow-Headers',
    });
  }
  steps.push({
    label:
      'Si l’adresse redirige (un proxy qui envoie de http vers https, ou vers un autre chemin), le navigateur refuse la redirection de la même façon : utilisez l’adresse vers laquelle elle redirige',
  });
  const page = isFilePage
    ? 'Cette page a été ouverte depuis un fichier : son origine est « null », qui ne peut pas être listée. Seul OLLAMA_ORIGINS=* l’admet (et alors n’importe quelle page web peut utiliser le serveur). Ouvrir Causerie en http(s) évite cela.'
    : `Ajoutez l’origine de cette page, ${c.origin}, aux origines autorisées, puis redémarrez le serveur.`;
  const proxyHint =
    isLocalPageOrigin(c) &&
    c.serverKind !== 'openai' &&
    'Ollama autorise par défaut les pages de localhost : c’est peut-être un proxy placé devant qui refuse.';
  return {
    title: `${where(c)} n’autorise pas les requêtes de cette page`,
    detail: sentences('Le serveur fonctionne, mais il a refusé cette page (CORS).', page, proxyHint),
    steps,
  };
}

function localNetworkBlocked(c: ErrorContext): ErrorFix {
  const denied = c.localNetworkPermission === 'denied';
  return {
    title: `Chrome n’a pas laissé cette page joindre ${where(c)}`,
    detail: denied
      ? 'Chrome demande une autorisation avant qu’une page web se connecte à cet ordinateur ou au réseau local (accès au réseau local), et cette autorisation est bloquée pour ce site : la requête n’a jamais quitté le navigateur. Le serveur fonctionne peut-être très bien.'
      : 'Chrome demande une autorisation avant qu’une page web se connecte à cet ordinateur ou au réseau local (accès au réseau local). La demande a été ignorée : la requête n’a jamais quitté le navigateur. Le serveur fonctionne peut-être très bien.',
    steps: [
      denied
        ? {
            label:
              'Ouvrez les paramètres de ce site (l’icône à gauche de la barre d’adresse), réglez « Accès au réseau local » (Chrome 145 et suivants : « Réseau local » ou « Applications sur cet appareil ») sur Autoriser, puis rechargez',
          }
        : { label: 'Réessayez et choisissez « Autoriser » quand Chrome pose la question du réseau local' },
      {
        label:
          'Ou ouvrez Causerie depuis cet ordinateur (http://localhost), ce pour quoi Chrome ne demande rien',
      },
    ],
  };
}

function unreachable(c: ErrorContext): ErrorFix {
  if (!c.isLost && (c.localNetworkPermission === 'denied' || c.localNetworkPermission === 'prompt')) {
    return localNetworkBlocked(c);
  }
  if (c.isLost) {
    return {
      title: `Connexion perdue avec ${where(c)}`,
      detail:
        'La connexion s’est fermée pendant l’arrivée de la réponse. Vérifiez que le serveur fonctionne toujours, puis réessayez.',
    };
  }
  const probe = c.serverKind === 'openai' ? '/v1/models' : '/api/version';
  const steps: FixStep[] = [
    {
      label: 'Vérifiez que le serveur fonctionne et répond',
      code: `curl ${shellWord(`${c.baseUrl ?? ''}${probe}`)}`,
    },
  ];
  if (c.serverKind === 'openai') {
    steps.push({
      label:
        'Foundry Local choisit un nouveau port à chaque démarrage de son service ; ceci affiche l’adresse actuelle',
      code: 'foundry service status',
    });
  }
  if (c.serverKind !== 'openai' && !isLoopbackName(c.host)) {
    steps.push({
      label:
        'Par défaut, Ollama n’écoute que sur son propre ordinateur ; pour accepter d’autres machines, lancez-le avec',
      code: 'OLLAMA_HOST=0.0.0.0 ollama serve',
    });
  }
  return {
    title: `Impossible de joindre ${where(c)}`,
    detail: sentences(
      `Rien n’a répondu à ${c.baseUrl ?? where(c)}. Vérifiez que le serveur fonctionne, et que l’adresse et le port sont les bons.`,
      isLoopbackName(c.host) && `${c.host} désigne l’ordinateur sur lequel tourne ce navigateur.`,
    ),
    steps,
  };
}

function mixedContent(c: ErrorContext): ErrorFix {
  const blocker = c.isSafari ? 'Safari bloque' : 'Les navigateurs bloquent';
  const steps: FixStep[] = [
    {
      label:
        'Ouvrez Causerie en http depuis votre propre ordinateur (par exemple avec le serveur de prévisualisation, puis http://localhost:4173)',
      code: 'npm run preview',
    },
    {
      label:
        'Ou placez HTTPS devant le serveur (un proxy inverse comme Caddy ou nginx) et utilisez son adresse https://',
    },
    {
      label:
        'Ou, dans Chrome ou Edge, autorisez « l’accès au réseau local » pour ce site quand il le demande (paramètres du site)',
    },
  ];
  if (c.isSafari && isLoopbackName(c.host)) {
    steps.push({
      label: 'Ou utilisez Chrome, Edge ou Firefox, qui laissent une page HTTPS appeler http://localhost',
    });
  }
  return {
    title: 'Cette page HTTPS ne peut pas appeler un serveur http://',
    detail: `${blocker} les requêtes d’une page chargée en HTTPS vers des adresses en HTTP simple comme ${c.baseUrl ?? where(c)}${c.isSafari && isLoopbackName(c.host) ? ', même sur localhost' : ''}.`,
    steps,
  };
}

function auth(c: ErrorContext): ErrorFix {
  if (c.needsSignin) {
    return {
      title: `« ${shown(c) ?? 'Ce modèle'} » tourne sur ollama.com, et le serveur n’y est pas connecté`,
      detail:
        'Les modèles cloud d’Ollama exigent que la machine qui fait tourner Ollama soit connectée à un compte ollama.com. Aucun mot de passe dans Causerie n’y change rien.',
      steps: [{ label: 'Sur la machine qui fait tourner Ollama, lancez', code: 'ollama signin' }],
    };
  }
  const check: Record<NonNullable<ErrorContext['authType']>, string> = {
    none: 'Ce serveur demande une connexion : ajoutez un nom d’utilisateur et un mot de passe, ou une clé d’API, dans les réglages du serveur.',
    basic: 'Vérifiez le nom d’utilisateur et le mot de passe dans les réglages du serveur.',
    bearer: 'Vérifiez la clé d’API dans les réglages du serveur.',
    headers: 'Vérifiez les en-têtes personnalisés dans les réglages du serveur.',
  };
  const title =
    c.status === 403
      ? `${where(c)} a refusé l’accès`
      : c.authType === 'none' || !c.authType
        ? `${where(c)} demande une connexion`
        : `${where(c)} a refusé la connexion`;
  return { title, detail: sentences(check[c.authType ?? 'none'], quoted(c.serverText)) };
}

function modelNotFound(c: ErrorContext): ErrorFix {
  const model = shown(c) ?? 'ce modèle';
  const title = `Le modèle « ${model} » n’est pas sur ce serveur`;
  // Seul un nom qu’Ollama accepterait lui-même devient une commande.
  if (c.serverKind === 'openai' || !c.model || !isOllamaModelName(c.model)) {
    return { title, detail: 'Choisissez un autre modèle dans la liste.' };
  }
  return {
    title,
    detail: 'Choisissez un autre modèle dans la liste, ou téléchargez celui-ci.',
    steps: [{ label: 'Téléchargez-le sur le serveur', code: `ollama pull ${c.model}` }],
  };
}

function modelCannotChat(c: ErrorContext): ErrorFix {
  return {
    title: `« ${shown(c) ?? 'Ce modèle'} » ne sait pas converser`,
    detail:
      'C’est un modèle d’embedding : il transforme du texte en nombres et n’écrit pas de réponses. Choisissez plutôt un modèle de conversation.',
  };
}

function busy(c: ErrorContext): ErrorFix {
  const loading = /loading/i.test(c.serverText ?? '');
  return {
    title: `${where(c)} est occupé`,
    detail: loading
      ? 'Le serveur charge encore le modèle. Réessayez dans un instant.'
      : sentences(
          'Il reçoit plus de requêtes qu’il ne peut en mettre en file d’attente. Réessayez dans un instant.',
          quoted(c.serverText),
        ),
  };
}

function server(c: ErrorContext): ErrorFix {
  if (/mmproj|image input is not supported/i.test(c.serverText ?? '')) {
    return {
      title: 'Ce modèle ne peut pas lire d’images sur ce serveur',
      detail: sentences(
        quoted(c.serverText),
        'llama-server a été lancé sans le projecteur de vision du modèle (un fichier mmproj) : il refuse donc les images. Envoyez la question sans l’image, ou relancez llama-server avec --mmproj <fichier> (ou -hf avec un dépôt qui en contient un).',
      ),
    };
  }
  const memory = /out of memory|unexpectedly stopped|cudaMalloc|failed to allocate/i.test(c.serverText ?? '');
  return {
    title: 'Le serveur a signalé une erreur',
    detail: sentences(
      quoted(c.serverText) || 'Il n’a donné aucune explication.',
      memory &&
        'Le modèle ne tient peut-être pas dans la mémoire du serveur : essayez un modèle plus petit ou un contexte plus court.',
    ),
  };
}

function proxy(c: ErrorContext): ErrorFix {
  const status = [c.status, c.statusText].filter(Boolean).join(' ');
  return {
    title: `${where(c)} a répondu par une page d’erreur${status ? ` (${status})` : ''}`,
    detail: sentences(
      c.pageTitle && `Titre de la page : « ${c.pageTitle} ».`,
      'Quelque chose entre cette page et le serveur du modèle (un proxy ou une passerelle) a répondu à sa place : le serveur derrière est peut-être arrêté ou en train de redémarrer, ou l’adresse est fausse.',
    ),
  };
}

function badResponse(c: ErrorContext): ErrorFix {
  if (c.isUnfinished) {
    return {
      title: 'Le serveur a terminé la réponse sans la finir',
      detail: sentences(
        'Le flux s’est arrêté sans marque de fin (ni finish_reason ni [DONE]) : le serveur a très probablement rencontré une erreur qu’il n’a pas signalée.',
        c.isOllamaV1
          ? 'L’API compatible OpenAI d’Ollama perd ses erreurs de cette façon : réglez le type de ce serveur sur « Ollama » dans ses réglages pour voir ce qui s’est passé.'
          : 'S’il s’agit d’un serveur Ollama, réglez son type sur « Ollama » : l’API compatible OpenAI d’Ollama perd ses erreurs de cette façon.',
      ),
    };
  }
  if (c.isTruncated) {
    return {
      title: 'La réponse s’est arrêtée trop tôt',
      detail: 'La connexion s’est fermée avant que le serveur annonce avoir fini. Réessayez.',
    };
  }
  const expected = c.serverKind === 'openai' ? 'une API compatible OpenAI' : 'un serveur Ollama';
  return {
    title: 'Le serveur a envoyé une réponse que Causerie ne sait pas lire',
    detail: sentences(
      c.pageTitle && `Il a envoyé une page web (« ${c.pageTitle} »).`,
      `Vérifiez que ${c.baseUrl ?? 'l’adresse'} est bien ${expected}, ainsi que le type de serveur dans ses réglages.`,
    ),
  };
}

function timeout(c: ErrorContext): ErrorFix {
  if (c.phase === 'first-byte') {
    return {
      title: `Le modèle n’a pas commencé à répondre en ${duration(c.timeoutMs)}`,
      detail:
        'Charger un gros modèle peut prendre du temps, surtout sur un processeur. Réessayez, ou augmentez le délai de première réponse dans les réglages du serveur.',
    };
  }
  return {
    title: `${where(c)} n’a pas répondu en ${duration(c.timeoutMs)}`,
    detail:
      'Vérifiez que le serveur fonctionne et qu’il est joignable, ou augmentez le délai de connexion dans les réglages du serveur.',
  };
}

function http(c: ErrorContext): ErrorFix {
  const status = [c.status, c.statusText].filter(Boolean).join(' ');
  const hint =
    c.status === 404
      ? c.serverKind === 'openai'
        ? 'Vérifiez l’URL de base : les serveurs compatibles OpenAI répondent sous /v1.'
        : 'Vérifiez l’URL de base et le type de serveur dans les réglages du serveur.'
      : c.status === 403 && !c.serverText
        ? sentences(
            c.isSameOrigin
              ? 'Un proxy sert cette page et le serveur à la même adresse et transmet l’en-tête Origin de la page à Ollama, qui le refuse : videz-le dans le proxy (nginx : proxy_set_header Origin "";).'
              : 'Si Ollama est derrière un proxy, celui-ci transmet peut-être une origine qu’Ollama refuse : videz-la (nginx : proxy_set_header Origin "";).',
            'Sinon, Ollama refuse peut-être l’en-tête Host envoyé par le proxy (lié à 127.0.0.1, il accepte localhost et les adresses privées).',
          )
        : c.status === 422 && /top_p/i.test(c.serverText ?? '')
          ? 'Ce serveur (Hugging Face TGI) veut un top_p inférieur à 1.0 : réglez-le sur 0.99 ou laissez-le vide dans les Réglages.'
          : undefined;
  const isOriginRefusal = c.status === 403 && !c.serverText;
  return {
    title: `${where(c)} a répondu ${status || 'par une erreur'}`,
    detail: sentences(quoted(c.serverText), hint),
    steps: isOriginRefusal
      ? [
          {
            label: 'nginx : dans le bloc location qui transmet les requêtes à Ollama',
            code: 'proxy_set_header Origin "";',
          },
        ]
      : undefined,
  };
}

function redirect(c: ErrorContext): ErrorFix {
  return {
    title: `${where(c)} a renvoyé cette requête vers une autre adresse`,
    detail:
      'Causerie ne l’a pas suivie : la requête contenait votre connexion ou votre conversation, qui ne vont qu’au serveur que vous avez choisi. Vérifiez l’URL de base dans les réglages du serveur.',
    steps: c.suggestedBaseUrl
      ? [
          {
            label: 'Cet hôte répond aussi en https : utilisez cette URL de base',
            code: c.suggestedBaseUrl,
          },
        ]
      : [
          {
            label:
              'Si le serveur a changé d’adresse (un proxy qui renvoie de http vers https, un autre port ou chemin), saisissez vous-même sa nouvelle adresse dans les réglages du serveur',
          },
        ],
  };
}

function contextOverflow(c: ErrorContext): ErrorFix {
  const counts =
    c.promptTokens !== undefined && c.contextSize !== undefined
      ? `La question et l’historique font ${decimal(c.promptTokens)} jetons ; le contexte du serveur en contient ${decimal(c.contextSize)}.`
      : 'La question et l’historique sont plus longs que le contexte du serveur.';
  return {
    title: 'La conversation ne tient pas dans le contexte du serveur',
    detail: sentences(
      counts,
      'Commencez une nouvelle conversation (ou une à partir d’un résumé), ou laissez de côté les longs documents.',
      c.serverKind === 'openai'
        ? 'Avec llama-server, un --ctx-size (-c) plus grand au démarrage lui donne plus de place.'
        : 'Un num_ctx plus grand dans les Réglages lui donne plus de place.',
    ),
  };
}

function unsupported(c: ErrorContext): ErrorFix {
  const action = c.operation === 'delete' ? 'supprimer' : 'télécharger';
  return {
    title: `Ce type de serveur ne peut pas ${action} de modèles`,
    detail:
      'Les serveurs compatibles OpenAI n’ont pas d’API pour cela : gérez les modèles sur le serveur lui-même.',
  };
}

function config(c: ErrorContext): ErrorFix {
  if (c.setting === 'keep_alive') {
    return {
      title: 'keep_alive ne peut pas être envoyé tel quel',
      detail: sentences(
        keepAliveProblem(c.settingValue ?? '', undefined),
        'Corrigez-le dans les Réglages ; votre message est conservé.',
      ),
    };
  }
  if (c.setting === 'header') {
    return {
      title: `L’en-tête personnalisé ${c.headerName ? `« ${c.headerName} » ` : ''}ne peut pas être envoyé`,
      detail:
        'Les noms et valeurs d’en-têtes ne peuvent contenir que des caractères ASCII simples. Corrigez-le dans les réglages du serveur.',
    };
  }
  return {
    title: 'L’adresse du serveur n’est pas valide',
    detail: 'Utilisez une adresse complète en http:// ou https://, comme http://localhost:11434.',
  };
}

function inPage(c: ErrorContext): ErrorFix {
  return {
    title: c.model
      ? `« ${shown(c)} » n’a pas pu fonctionner dans cette page`
      : 'Le modèle n’a pas pu fonctionner dans cette page',
    detail: c.serverText,
  };
}

export const errorText: typeof english = {
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
  aborted: (): ErrorFix => ({ title: 'Arrêtée' }),
  timeout,
  http,
  unsupported,
  config,
  redirect,
  'context-overflow': contextOverflow,
  'in-page': inPage,
  ...imageErrorTextFr,
} satisfies Record<ErrorCause, (context: ErrorContext) => ErrorFix>;
