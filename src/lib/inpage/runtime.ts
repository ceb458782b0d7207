// Which engine build runs an in-page model, and the sentence that tells the user why.
// Order (issue 15): WebGPU when an adapter exists, else multi-threaded WASM when the page is
// cross-origin isolated (SharedArrayBuffer), else one thread. The default wllama build needs JSPI and
// Memory64; its compat build would come from a CDN, which this page neither can nor may reach, so a
// browser without both is told plainly that it cannot run models here.
import { isIsolating } from '../pwa/worker';

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
    const missing = [!env.jspi && 'JSPI', !env.memory64 && 'Memory64'].filter(Boolean).join(' and ');
    return {
      kind: 'unsupported',
      threads: 0,
      gpu: false,
      label: 'Cannot run here',
      reason: `This browser lacks WebAssembly ${missing}, which the in-page engine needs (Safari and Firefox do not have both yet). Use a recent Chrome or Edge (137 or later), or a server.`,
    };
  }
  const threads = env.crossOriginIsolated ? threadsFor(env.hardwareConcurrency) : 1;
  const cpu = threads > 1 ? `${threads} CPU threads` : 'one CPU thread';
  if (env.webgpuAdapter) {
    return {
      kind: 'webgpu',
      threads,
      gpu: true,
      label: 'WebGPU',
      reason: `This browser gives WebGPU access to a graphics adapter: the model runs on the GPU (with ${cpu} for the rest).`,
    };
  }
  if (threads > 1) {
    return {
      kind: 'wasm-threads',
      threads,
      gpu: false,
      label: `WebAssembly, ${threads} threads`,
      reason: env.isolationWorker
        ? `No WebGPU adapter: running on ${cpu}, which the isolation worker makes possible on this host.`
        : `No WebGPU adapter: running on ${cpu} (the page is cross-origin isolated).`,
    };
  }
  const why = !env.crossOriginIsolated
    ? /(^|\.)github\.io$/i.test(env.host)
      ? 'GitHub Pages cannot send the COOP/COEP headers that threads need'
      : 'the page is not cross-origin isolated (its host sends no COOP/COEP headers)'
    : `half of this device’s ${env.hardwareConcurrency} logical cores is one`;
  return {
    kind: 'wasm-single',
    threads: 1,
    gpu: false,
    label: 'WebAssembly, one thread',
    reason: `No WebGPU adapter, and ${why}: running on one thread.`,
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
