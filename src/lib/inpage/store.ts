// The GGUF files of "This browser", kept in the Origin Private File System so they survive reloads.
// One directory per model under `causerie-models/`, holding its file (or every part of a split
// model) and a `model.json` written last: a directory without it is an unfinished copy, never listed.
// Downloads keep their partial file and resume with a Range request when the server allows it.
import { inpageText as t } from '../i18n/inpage';
import { GgufError, parseSplitName, readGgufInfo, splitFileName, type GgufInfo } from './gguf';

export interface StoredModel {
  /** The name the model picker shows, and the directory name. */
  name: string;
  files: { name: string; size: number }[];
  size: number;
  architecture?: string;
  quantization?: string;
  contextLength?: number;
  hasChatTemplate: boolean;
  addedAt: number;
  url?: string;
}

export interface Progress {
  name: string;
  done: number;
  total: number;
}

export interface StorageEstimate {
  usage: number;
  quota: number;
}

/** Every refusal the store gives: the message is for the user, as is. */
export class ModelStoreError extends Error {
  override readonly name = 'ModelStoreError';
}

const ROOT = 'causerie-models';
const META = 'model.json';
const PARTIAL = 'download.json';
/** Room left for the page's other data (IndexedDB) and the browser's own rounding. */
const HEADROOM = 1 << 20;

async function root(): Promise<FileSystemDirectoryHandle> {
  if (!navigator.storage?.getDirectory) throw new ModelStoreError(t.noStorage);
  const top = await navigator.storage.getDirectory();
  return top.getDirectoryHandle(ROOT, { create: true });
}

export async function storageEstimate(): Promise<StorageEstimate | null> {
  if (!navigator.storage?.estimate) return null;
  const e = await navigator.storage.estimate();
  return e.quota === undefined ? null : { usage: e.usage ?? 0, quota: e.quota };
}

/** Refuses, before a byte is written, a model larger than the space this origin has left. */
export function checkFits(name: string, need: number, estimate: StorageEstimate | null): void {
  if (!estimate) return;
  const free = Math.max(0, estimate.quota - estimate.usage - HEADROOM);
  if (need > free) throw new ModelStoreError(t.tooLarge(name, need, free));
}

/** The model name for a set of picked files: the file name, or `prefix.gguf` for a split model. */
export function modelNameFor(fileNames: string[]): string {
  const first = fileNames[0] ?? 'model.gguf';
  const split = parseSplitName(first);
  return split ? `${split.prefix}.gguf` : first;
}

/** Puts the parts of a split model in order and checks that every one was picked. */
export function orderParts<T extends { name: string }>(files: T[]): T[] {
  const splits = files.map((f) => parseSplitName(f.name));
  if (splits.every((s) => s === null)) {
    if (files.length > 1) throw new ModelStoreError(t.mixedFiles);
    return files;
  }
  const first = splits[0];
  if (!first || splits.some((s) => !s || s.prefix !== first.prefix || s.count !== first.count))
    throw new ModelStoreError(t.mixedFiles);
  const byIndex = new Map(files.map((f, i) => [splits[i]!.index, f]));
  if (byIndex.size !== first.count)
    throw new ModelStoreError(t.missingParts(first.prefix, byIndex.size, first.count));
  return Array.from({ length: first.count }, (_, i) => byIndex.get(i + 1)!);
}

/** A model directory name from a user's file name: no path separators, bounded. */
function dirName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 200) || 'model.gguf';
}

async function readMeta(dir: FileSystemDirectoryHandle, file = META): Promise<unknown> {
  try {
    const h = await dir.getFileHandle(file);
    return JSON.parse(await (await h.getFile()).text());
  } catch {
    return null;
  }
}

async function writeJson(dir: FileSystemDirectoryHandle, file: string, value: unknown): Promise<void> {
  const w = await (await dir.getFileHandle(file, { create: true })).createWritable();
  await w.write(JSON.stringify(value));
  await w.close();
}

function isStoredModel(v: unknown): v is StoredModel {
  const o = v as StoredModel | null;
  return !!o && typeof o.name === 'string' && Array.isArray(o.files) && typeof o.size === 'number';
}

export async function listStoredModels(): Promise<StoredModel[]> {
  const r = await root();
  const out: StoredModel[] = [];
  for await (const [, handle] of r.entries()) {
    if (handle.kind !== 'directory') continue;
    const meta = await readMeta(handle as FileSystemDirectoryHandle);
    if (isStoredModel(meta)) out.push(meta);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The files of a stored model, in part order, read in place by the engine. */
export async function openStoredModel(name: string): Promise<{ model: StoredModel; files: File[] }> {
  const r = await root();
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await r.getDirectoryHandle(dirName(name));
  } catch {
    throw new ModelStoreError(t.noSuchModel(name));
  }
  const meta = await readMeta(dir);
  if (!isStoredModel(meta)) throw new ModelStoreError(t.noSuchModel(name));
  const files = await Promise.all(meta.files.map(async (f) => (await dir.getFileHandle(f.name)).getFile()));
  return { model: meta, files };
}

export async function removeStoredModel(name: string): Promise<void> {
  const r = await root();
  await r.removeEntry(dirName(name), { recursive: true }).catch(() => undefined);
}

function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'QuotaExceededError';
}

async function describe(first: Blob, name: string): Promise<GgufInfo> {
  try {
    return await readGgufInfo(first);
  } catch (e) {
    if (e instanceof GgufError) throw new ModelStoreError(`${t.notGguf(name)} ${e.message}`);
    throw e;
  }
}

function metaFrom(
  name: string,
  files: { name: string; size: number }[],
  info: GgufInfo,
  url?: string,
): StoredModel {
  return {
    name,
    files,
    size: files.reduce((s, f) => s + f.size, 0),
    architecture: info.architecture,
    quantization: info.quantization,
    contextLength: info.contextLength,
    hasChatTemplate: info.hasChatTemplate,
    addedAt: Date.now(),
    url,
  };
}

/**
 * Copies picked files (one model, or every part of a split one) into OPFS. Checks, before writing,
 * that each is a GGUF, that the parts are complete, and that the whole fits; a failure mid-copy
 * removes what was written, so nothing half-made is left.
 */
export async function addModelFiles(
  picked: File[],
  onProgress: (p: Progress) => void,
  signal?: AbortSignal,
): Promise<StoredModel> {
  const files = orderParts(picked);
  const first = files[0];
  if (!first) throw new ModelStoreError(t.mixedFiles);
  for (const f of files) if (!(await isGgufNamed(f))) throw new ModelStoreError(t.notGguf(f.name));
  const info = await describe(first, first.name);
  // Ollama's blobs are GGUF files named `sha256-…`: the model's own name reads better.
  const named = /\.gguf$/i.test(first.name) || !info.name;
  const name = named ? modelNameFor(files.map((f) => f.name)) : `${dirName(info.name!)}.gguf`;
  const r = await root();
  const existing = await r.getDirectoryHandle(dirName(name)).catch(() => null);
  if (existing && isStoredModel(await readMeta(existing))) throw new ModelStoreError(t.duplicate(name));
  const total = files.reduce((s, f) => s + f.size, 0);
  checkFits(name, total, await storageEstimate());

  const dir = await r.getDirectoryHandle(dirName(name), { create: true });
  let done = 0;
  try {
    for (const f of files) {
      const w = await (await dir.getFileHandle(dirName(f.name), { create: true })).createWritable();
      try {
        const reader = f.stream().getReader();
        for (;;) {
          signal?.throwIfAborted();
          const { value, done: end } = await reader.read();
          if (end) break;
          await w.write(value);
          done += value.byteLength;
          onProgress({ name, done, total });
        }
        await w.close();
      } catch (e) {
        await w.abort().catch(() => undefined);
        throw e;
      }
    }
    const meta = metaFrom(
      name,
      files.map((f) => ({ name: dirName(f.name), size: f.size })),
      info,
    );
    await writeJson(dir, META, meta);
    return meta;
  } catch (e) {
    await r.removeEntry(dirName(name), { recursive: true }).catch(() => undefined);
    if (isQuotaError(e)) throw new ModelStoreError(t.quotaHit(name));
    if (signal?.aborted) throw new ModelStoreError(t.copyStopped);
    throw e;
  }
}

async function isGgufNamed(f: File): Promise<boolean> {
  const head = new Uint8Array(await f.slice(0, 4).arrayBuffer());
  return head.length === 4 && String.fromCharCode(...head) === 'GGUF';
}

/** https, or http to this machine (a local file server): a page must not fetch models in the clear. */
export function checkModelUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ModelStoreError(t.badUrl);
  }
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new ModelStoreError(t.badUrl);
  if (url.username || url.password) throw new ModelStoreError(t.badUrl);
  return url;
}

/** The URLs of every part: the given one, or all `-0000k-of-0000N` siblings of a split model. */
export function partUrls(url: URL): { urls: URL[]; names: string[] } {
  const last = decodeURIComponent(url.pathname.split('/').pop() ?? '') || 'model.gguf';
  const split = parseSplitName(last);
  if (!split) return { urls: [url], names: [last] };
  const names = Array.from({ length: split.count }, (_, i) =>
    splitFileName(split.prefix, i + 1, split.count),
  );
  const urls = names.map((n) => {
    const u = new URL(url);
    u.pathname = url.pathname.replace(/[^/]*$/, encodeURIComponent(n));
    return u;
  });
  return { urls, names };
}

interface PartialDownload {
  url: string;
}

/**
 * Downloads a model from an address into OPFS with progress. A part already complete is kept; a
 * partial part resumes with `Range: bytes=<have>-` and restarts only if the server ignores it.
 */
export async function downloadModel(
  text: string,
  onProgress: (p: Progress) => void,
  signal?: AbortSignal,
): Promise<StoredModel> {
  const url = checkModelUrl(text);
  const { urls, names } = partUrls(url);
  const name = modelNameFor(names);
  const r = await root();
  const existing = await r.getDirectoryHandle(dirName(name)).catch(() => null);
  if (existing && isStoredModel(await readMeta(existing))) throw new ModelStoreError(t.duplicate(name));
  const dir = await r.getDirectoryHandle(dirName(name), { create: true });
  const partial = (await readMeta(dir, PARTIAL)) as PartialDownload | null;
  if (partial?.url !== url.href) {
    // Another address under the same name: start afresh.
    for (const n of names) await dir.removeEntry(dirName(n)).catch(() => undefined);
  }
  await writeJson(dir, PARTIAL, { url: url.href } satisfies PartialDownload);

  const sizes: number[] = [];
  let before = 0;
  let discard = false;
  try {
    for (const [i, part] of urls.entries()) {
      const partName = names[i] ?? 'model.gguf';
      const handle = await dir.getFileHandle(dirName(partName), { create: true });
      const have = (await handle.getFile()).size;
      const res = await fetch(part, {
        signal,
        headers: have > 0 ? { Range: `bytes=${have}-` } : {},
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
      if (res.status === 416 && have > 0) {
        // Already whole.
        sizes.push(have);
        before += have;
        continue;
      }
      if (!res.ok || !res.body)
        throw new ModelStoreError(t.downloadFailed(`${res.status} ${res.statusText}`.trim()));
      const resumed = res.status === 206 && res.headers.get('content-range')?.startsWith(`bytes ${have}-`);
      const start = resumed ? have : 0;
      const rest = Number(res.headers.get('content-length') ?? NaN);
      const partTotal = Number.isFinite(rest) ? start + rest : NaN;
      // The total is known up front only for the part in hand; later parts are assumed alike.
      const total = Number.isFinite(partTotal) ? before + partTotal * (urls.length - i) : NaN;
      const est = await storageEstimate();
      if (Number.isFinite(rest)) {
        discard = true;
        checkFits(name, rest * (urls.length - i), est);
        discard = false;
      }
      const w = await handle.createWritable({ keepExistingData: resumed });
      let written = start;
      try {
        if (resumed) await w.seek(have);
        const reader = res.body.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (written === 0 && i === 0 && !startsWithGguf(value)) {
            await reader.cancel();
            discard = true;
            throw new ModelStoreError(t.notGguf(partName));
          }
          await w.write(value);
          written += value.byteLength;
          onProgress({ name, done: before + written, total: Number.isFinite(total) ? total : 0 });
        }
        await w.close();
      } catch (e) {
        // Keep what arrived (close, not abort) so the next attempt resumes from there.
        await w.close().catch(() => undefined);
        throw e;
      }
      sizes.push(written);
      before += written;
    }
    const files = await Promise.all(names.map(async (n) => (await dir.getFileHandle(dirName(n))).getFile()));
    const info = await describe(files[0]!, names[0]!);
    const meta = metaFrom(
      name,
      names.map((n, i) => ({ name: dirName(n), size: sizes[i] ?? 0 })),
      info,
      url.href,
    );
    await writeJson(dir, META, meta);
    await dir.removeEntry(PARTIAL).catch(() => undefined);
    return meta;
  } catch (e) {
    if (discard || isQuotaError(e)) {
      // A refusal keeps nothing: there is nothing worth resuming.
      await r.removeEntry(dirName(name), { recursive: true }).catch(() => undefined);
    }
    if (isQuotaError(e)) {
      throw new ModelStoreError(t.quotaHit(name));
    }
    if (e instanceof ModelStoreError) throw e;
    if (signal?.aborted) throw new ModelStoreError(t.downloadStopped);
    throw new ModelStoreError(t.downloadFailed(e instanceof Error ? e.message : String(e)));
  }
}

function startsWithGguf(chunk: Uint8Array): boolean {
  return chunk.length < 4 || new TextDecoder().decode(chunk.subarray(0, 4)) === 'GGUF';
}
