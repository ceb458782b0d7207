// What the in-page models ("This browser") say to the user.
import { localized } from './locale';
import { formatBytes } from './messages';
import { inpageTextFr } from './fr/inpage';

const inpageTextEn = {
  modelFile: 'Model file',
  modelUrl: 'Model URL',
  download: 'Download',
  cancelCopy: 'Cancel',
  remove: (name: string) => `Remove ${name}`,
  models: 'Models in this browser',
  noModels: 'No model yet: add a .gguf file from this computer, or download one from an https address.',
  addHint:
    'A .gguf file, or a blob from Ollama’s store. It is copied into this browser’s private storage, so it is still here after a reload. Pick every part of a split model (-00001-of-0000N) at once.',
  copying: (name: string) => `Copying ${name}`,
  downloading: (name: string) => `Downloading ${name}`,
  progress: 'Copy progress',
  storage: (used: number, quota: number) =>
    `Storage: ${formatBytes(used)} used of ${formatBytes(quota)} this browser allows this page (${formatBytes(Math.max(0, quota - used))} free).`,
  storageUnknown: 'This browser does not say how much storage is free.',
  noTemplate:
    'No chat template in the file: using a plain “role: text” template, which may answer less well.',
  added: (name: string) => `Added ${name}.`,
  removed: (name: string) => `Removed ${name}.`,
  runtimeLabel: 'Runtime',
  isolation: 'Use every CPU core (reloads the page)',
  isolationHint:
    'Installs a small service worker that adds the cross-origin isolation headers this host does not send, so the engine can use threads. Images and files from other sites then load without their cookies; the servers you chat with are not affected.',
  isolationOff: 'Stop using the isolation worker (reloads the page)',
  loadingEngine: 'Loading the model into this page…',

  // Refusals and failures
  notGguf: (name: string) => `“${short(name)}” is not a GGUF model file.`,
  tooLarge: (name: string, need: number, free: number) =>
    `“${short(name)}” needs ${formatBytes(need)} but this browser has only ${formatBytes(free)} free for this page. Remove a model or free disk space, then try again.`,
  quotaHit: (name: string) =>
    `The browser ran out of storage while copying “${short(name)}”. Nothing was kept; remove a model or free disk space, then try again.`,
  duplicate: (name: string) => `“${short(name)}” is already in this browser.`,
  missingParts: (prefix: string, have: number, count: number) =>
    `“${short(prefix)}” is split into ${count} files but ${have} were picked: pick all ${count} parts at once.`,
  mixedFiles: 'Pick the files of one model at a time.',
  noStorage: 'This browser gives this page no private file storage (OPFS), so models cannot be kept here.',
  badUrl: 'Give an https:// address of a .gguf file.',
  downloadFailed: (status: string) =>
    `The download failed (${status}). What was downloaded is kept: try again to resume.`,
  downloadStopped: 'The download stopped. What was downloaded is kept: add the same address again to resume.',
  copyStopped: 'The copy was cancelled; nothing was kept.',
  noSuchModel: (name: string) => `The model “${short(name)}” is no longer in this browser.`,
  engineFailed: (detail: string) => `The model could not run in this page: ${detail}`,
  runtime: {
    cannotRun: 'Cannot run here',
    lacks: (missing: string[]) =>
      `This browser lacks WebAssembly ${missing.join(' and ')}, which the in-page engine needs (Safari and Firefox do not have both yet). Use a recent Chrome or Edge (137 or later), or a server.`,
    cpu: (threads: number) => (threads > 1 ? `${threads} CPU threads` : 'one CPU thread'),
    webgpu: (cpu: string) =>
      `This browser gives WebGPU access to a graphics adapter: the model runs on the GPU (with ${cpu} for the rest).`,
    wasmThreads: (threads: number) => `WebAssembly, ${threads} threads`,
    threadsByWorker: (cpu: string) =>
      `No WebGPU adapter: running on ${cpu}, which the isolation worker makes possible on this host.`,
    threadsIsolated: (cpu: string) =>
      `No WebGPU adapter: running on ${cpu} (the page is cross-origin isolated).`,
    githubPages: 'GitHub Pages cannot send the COOP/COEP headers that threads need',
    notIsolated: 'the page is not cross-origin isolated (its host sends no COOP/COEP headers)',
    halfCores: (cores: number) => `half of this device’s ${cores} logical cores is one`,
    wasmSingle: 'WebAssembly, one thread',
    singleThread: (why: string) => `No WebGPU adapter, and ${why}: running on one thread.`,
  },
  unsupportedBrowser:
    'This browser cannot run models in the page: it lacks WebAssembly JSPI or Memory64 (Safari and Firefox do not have both yet). Use a recent Chrome or Edge, or a server.',
};

export type InpageText = typeof inpageTextEn;
export const inpageText: InpageText = localized(inpageTextEn, inpageTextFr);

/** A name from a file, shortened so a message never grows with hostile input. */
function short(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
