// Which engine build runs an in-page model, and the sentence that tells the user why.
// Order (issue 15): WebGPU when an adapter exists, else multi-threaded WASM when the page is
// cross-origin isolated (SharedArrayBuffer), else one thread. The default wllama build needs JSPI and
// Memory64; its compat build would come from a CDN, which this page neither can nor may reach, so a
// browser without both is told plainly that it cannot run models here.
import { inpageText } from '../i18n/inpage';
import { isIsolating } from '../pwa/registration';

const w = inpageText.runtime;

export interface RuntimeEnv {
  jspi: boolean;
  memory64: boolean;
  webgpuAdapter: boolean;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** The opt-in isolation service worker controls this page. */
  isolationWorker: boolean;
  /** The host name, to name GitHub Pages when it is the reason for one thread. */
  host: string;
}

export type RuntimeKind = 'webgpu' | 'wasm-threads' | 'wasm-single' | 'unsupported';

export interface Runtime {
  kind: RuntimeKind;
  /** CPU threads the engine uses. */
  threads: number;
  /** Offload every layer to the GPU (WebGPU), or none. */
  gpu: boolean;
  label: string;
  reason: string;
}

/** wllama's own default: half the logical cores. */
const threadsFor = (cores: number) => Math.max(1, Math.floor((cores || 1) / 2));

export function chooseRuntime(env: RuntimeEnv): Runtime {
  if (!env.jspi || !env.memory64) {
    const missing = [!env.jspi && 'JSPI', !env.memory64 && 'Memory64'].filter((x) => x !== false);
    return {
      kind: 'unsupported',
      threads: 0,
      gpu: false,
      label: w.cannotRun,
      reason: w.lacks(missing),
    };
  }
  const threads = env.crossOriginIsolated ? threadsFor(env.hardwareConcurrency) : 1;
  const cpu = w.cpu(threads);
  if (env.webgpuAdapter) {
    return {
      kind: 'webgpu',
      threads,
      gpu: true,
      label: 'WebGPU',
      reason: w.webgpu(cpu),
    };
  }
  if (threads > 1) {
    return {
      kind: 'wasm-threads',
      threads,
      gpu: false,
      label: w.wasmThreads(threads),
      reason: env.isolationWorker ? w.threadsByWorker(cpu) : w.threadsIsolated(cpu),
    };
  }
  const why = !env.crossOriginIsolated
    ? /(^|\.)github\.io$/i.test(env.host)
      ? w.githubPages
      : w.notIsolated
    : w.halfCores(env.hardwareConcurrency);
  return {
    kind: 'wasm-single',
    threads: 1,
    gpu: false,
    label: w.wasmSingle,
    reason: w.singleThread(why),
  };
}

function hasMemory64(): boolean {
  try {
    // A Memory64 memory takes a BigInt size; browsers without it throw.
    new WebAssembly.Memory({ address: 'i64', initial: 1n } as unknown as WebAssembly.MemoryDescriptor);
    return true;
  } catch {
    return false;
  }
}

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

export async function probeRuntimeEnv(): Promise<RuntimeEnv> {
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  const webgpuAdapter = await gpu?.requestAdapter().then(
    (a) => !!a,
    () => false,
  );
  return {
    jspi: 'Suspending' in WebAssembly,
    memory64: hasMemory64(),
    webgpuAdapter: webgpuAdapter === true,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: navigator.hardwareConcurrency || 1,
    isolationWorker: isIsolating(navigator.serviceWorker?.controller?.scriptURL),
    host: location.hostname,
  };
}
