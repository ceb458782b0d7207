// Reads what the UI needs from a GGUF file's header (architecture, name, context length,
// quantization, chat template, split layout) without loading the file: the header is read from the
// Blob in windows, arrays the UI does not need are skipped by length. One pass, bounded by the file
// size and by MAX_HEADER_BYTES, so a hostile or truncated file costs at most one bounded read and
// ends in a GgufError, never a hang or an allocation the file's numbers ask for.

export class GgufError extends Error {
  override readonly name = 'GgufError';
}

export interface GgufInfo {
  version: number;
  architecture?: string;
  name?: string;
  contextLength?: number;
  /** `general.file_type` as llama.cpp names it (Q4_K_M, F16, …). */
  quantization?: string;
  hasChatTemplate: boolean;
  tensorCount: number;
  /** 0-based index and count from the `split.*` keys; a whole file has neither. */
  splitNo?: number;
  splitCount?: number;
}

/** The first 1 MB window; models with large vocabularies need several. */
const WINDOW = 1 << 20;
/** No real header is near this; a file that claims more is refused rather than read. */
const MAX_HEADER_BYTES = 256 << 20;

// Value types of the GGUF specification and their fixed sizes (0 = variable).
const SIZES = [1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8];
const STRING = 8;
const ARRAY = 9;

// llama_ftype, as printed by llama.cpp (the common ones; others show as a number).
const FILE_TYPES: Record<number, string> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  7: 'Q8_0',
  8: 'Q5_0',
  9: 'Q5_1',
  10: 'Q2_K',
  11: 'Q3_K_S',
  12: 'Q3_K_M',
  13: 'Q3_K_L',
  14: 'Q4_K_S',
  15: 'Q4_K_M',
  16: 'Q5_K_S',
  17: 'Q5_K_M',
  18: 'Q6_K',
  32: 'BF16',
};

class BlobCursor {
  #blob: Blob;
  #buf = new Uint8Array(0);
  #view = new DataView(this.#buf.buffer);
  /** File offset of #buf[0]. */
  #start = 0;
  pos = 0;

  constructor(blob: Blob) {
    this.#blob = blob;
  }

  async #need(n: number): Promise<number> {
    const end = this.pos + n;
    if (end > this.#blob.size)
      throw new GgufError('The file ends inside its header: it is cut short or not a GGUF.');
    if (end > MAX_HEADER_BYTES) throw new GgufError('The GGUF header is implausibly large.');
    if (this.pos < this.#start || end > this.#start + this.#buf.length) {
      this.#start = this.pos;
      const len = Math.min(this.#blob.size - this.pos, Math.max(n, WINDOW));
      this.#buf = new Uint8Array(await this.#blob.slice(this.pos, this.pos + len).arrayBuffer());
      this.#view = new DataView(this.#buf.buffer);
    }
    const at = this.pos - this.#start;
    this.pos = end;
    return at;
  }

  skip(n: number): void {
    this.pos += n;
    if (this.pos > this.#blob.size)
      throw new GgufError('The file ends inside its header: it is cut short or not a GGUF.');
  }
  // `await` first: `this.#view.getUint32(await …)` would read the view from before the refill.
  async u32(): Promise<number> {
    const at = await this.#need(4);
    return this.#view.getUint32(at, true);
  }
  /** A u64 count or length; above 2^53 it cannot be real, so it is refused. */
  async u64(): Promise<number> {
    const at = await this.#need(8);
    const v = this.#view.getBigUint64(at, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new GgufError('The GGUF header holds an impossible length.');
    return Number(v);
  }
  async bytes(n: number): Promise<Uint8Array> {
    const at = await this.#need(n);
    return this.#buf.subarray(at, at + n);
  }
  async scalar(type: number): Promise<number> {
    const at = await this.#need(SIZES[type] ?? 0);
    const v = this.#view;
    switch (type) {
      case 0:
        return v.getUint8(at);
      case 1:
        return v.getInt8(at);
      case 2:
        return v.getUint16(at, true);
      case 3:
        return v.getInt16(at, true);
      case 4:
        return v.getUint32(at, true);
      case 5:
        return v.getInt32(at, true);
      case 6:
        return v.getFloat32(at, true);
      case 7:
        return v.getUint8(at);
      case 10:
        return Number(v.getBigUint64(at, true));
      case 11:
        return Number(v.getBigInt64(at, true));
      default:
        return v.getFloat64(at, true);
    }
  }
}

const decoder = new TextDecoder();

/** True when the first four bytes are the GGUF magic. */
export async function isGguf(blob: Blob): Promise<boolean> {
  if (blob.size < 4) return false;
  const b = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  return b[0] === 0x47 && b[1] === 0x47 && b[2] === 0x55 && b[3] === 0x46;
}

export async function readGgufInfo(blob: Blob): Promise<GgufInfo> {
  if (!(await isGguf(blob)))
    throw new GgufError('This is not a GGUF model file (it does not start with “GGUF”).');
  const c = new BlobCursor(blob);
  c.skip(4);
  const version = await c.u32();
  if (version < 2 || version > 3)
    throw new GgufError(`GGUF version ${version} is not supported (2 and 3 are).`);
  const tensorCount = await c.u64();
  const kvCount = await c.u64();
  const info: GgufInfo = { version, hasChatTemplate: false, tensorCount };
  // Maps, not objects: a key such as `__proto__` is just a key.
  const strings = new Map<string, string>();
  const numbers = new Map<string, number>();
  for (let i = 0; i < kvCount; i++) {
    const key = decoder.decode(await c.bytes(await c.u64()));
    const type = await c.u32();
    if (type === STRING) {
      const len = await c.u64();
      // Only short strings and the template's presence are kept; the rest is skipped unread.
      if (key === 'tokenizer.chat_template') {
        info.hasChatTemplate = len > 0;
        c.skip(len);
      } else if (len <= 1024) strings.set(key, decoder.decode(await c.bytes(len)));
      else c.skip(len);
    } else if (type === ARRAY) {
      const itemType = await c.u32();
      const count = await c.u64();
      if (itemType === STRING) for (let j = 0; j < count; j++) c.skip(await c.u64());
      else if ((SIZES[itemType] ?? 0) > 0) c.skip(count * (SIZES[itemType] ?? 0));
      else throw new GgufError(`The GGUF header holds an unknown array type (${itemType}).`);
    } else if ((SIZES[type] ?? 0) > 0) {
      numbers.set(key, await c.scalar(type));
    } else throw new GgufError(`The GGUF header holds an unknown value type (${type}).`);
  }
  const arch = strings.get('general.architecture');
  info.architecture = arch;
  info.name = strings.get('general.name');
  const ctx = arch ? numbers.get(`${arch}.context_length`) : undefined;
  if (ctx) info.contextLength = ctx;
  const ft = numbers.get('general.file_type');
  if (ft !== undefined) info.quantization = FILE_TYPES[ft] ?? `type ${ft}`;
  const splitCount = numbers.get('split.count');
  if (splitCount !== undefined) {
    info.splitCount = splitCount;
    info.splitNo = numbers.get('split.no') ?? 0;
  }
  return info;
}

export interface SplitName {
  prefix: string;
  /** 1-based, as in the file name. */
  index: number;
  count: number;
}

/** `model-00002-of-00003.gguf` → { prefix: 'model', index: 2, count: 3 }. */
export function parseSplitName(name: string): SplitName | null {
  const m = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i.exec(name);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const index = Number(m[2]);
  const count = Number(m[3]);
  return index >= 1 && index <= count ? { prefix: m[1], index, count } : null;
}

export function splitFileName(prefix: string, index: number, count: number): string {
  const pad = (n: number) => String(n).padStart(5, '0');
  return `${prefix}-${pad(index)}-of-${pad(count)}.gguf`;
}
