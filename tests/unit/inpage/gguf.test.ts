import { describe, expect, it } from 'vitest';
import { tinyGguf } from '../../gguf/tiny.mjs';
import { GgufError, isGguf, parseSplitName, readGgufInfo, splitFileName } from '../../../src/lib/inpage/gguf';

const blob = (b: Uint8Array) => new Blob([b as Uint8Array<ArrayBuffer>]);
const tiny = () => tinyGguf()[0]!;

/** A GGUF header with the given key-value bytes after the counts. */
function header(kvCount: bigint, rest: number[] = []): Uint8Array {
  const b = new Uint8Array(4 + 4 + 8 + 8 + rest.length);
  const v = new DataView(b.buffer);
  b.set([0x47, 0x47, 0x55, 0x46]);
  v.setUint32(4, 3, true);
  v.setBigUint64(8, 0n, true);
  v.setBigUint64(16, kvCount, true);
  b.set(rest, 24);
  return b;
}
const u64 = (n: bigint) => [...new Uint8Array(new BigUint64Array([n]).buffer)];
const u32 = (n: number) => [...new Uint8Array(new Uint32Array([n]).buffer)];
const str = (s: string) => [...u64(BigInt(s.length)), ...new TextEncoder().encode(s)];

describe('readGgufInfo', () => {
  it('reads what the model list shows from the tiny llama', async () => {
    const info = await readGgufInfo(blob(tiny()));
    expect(info).toMatchObject({
      version: 3,
      architecture: 'llama',
      name: 'causerie-tiny',
      contextLength: 2048,
      hasChatTemplate: true,
      tensorCount: 21,
    });
    expect(info.splitCount).toBeUndefined();
  });

  it('says when the file has no chat template', async () => {
    expect((await readGgufInfo(blob(tinyGguf({ chatTemplate: null })[0]!))).hasChatTemplate).toBe(false);
  });

  it('reads the split keys of each part of a split model', async () => {
    const [a, b] = tinyGguf({ splits: 2 });
    expect(await readGgufInfo(blob(a!))).toMatchObject({ splitNo: 0, splitCount: 2, architecture: 'llama' });
    expect(await readGgufInfo(blob(b!))).toMatchObject({
      splitNo: 1,
      splitCount: 2,
      architecture: undefined,
    });
  });

  it('refuses a file that is not a GGUF, and says so', async () => {
    const text = new TextEncoder().encode('# notes\nnot a model');
    expect(await isGguf(blob(text))).toBe(false);
    await expect(readGgufInfo(blob(text))).rejects.toThrow(/not a GGUF model file/);
    await expect(readGgufInfo(blob(new Uint8Array(0)))).rejects.toBeInstanceOf(GgufError);
  });

  it('refuses, never hangs on, a header cut short anywhere', async () => {
    const whole = tiny();
    // The header (tokens, template) is the first ~6 kB; cut inside it at many points.
    for (let cut = 4; cut < 6000; cut += 97) {
      await expect(readGgufInfo(blob(whole.slice(0, cut)))).rejects.toBeInstanceOf(GgufError);
    }
  });

  it('refuses impossible counts and lengths without allocating them', async () => {
    await expect(readGgufInfo(blob(header(2n ** 60n)))).rejects.toBeInstanceOf(GgufError);
    // One key whose string value claims 2^62 bytes.
    await expect(readGgufInfo(blob(header(1n, [...str('k'), ...u32(8), ...u64(2n ** 62n)])))).rejects.toThrow(
      GgufError,
    );
    // A string array claiming 2^40 items: skipped by length, so it ends at the file end.
    await expect(
      readGgufInfo(blob(header(1n, [...str('k'), ...u32(9), ...u32(8), ...u64(2n ** 40n)]))),
    ).rejects.toBeInstanceOf(GgufError);
    await expect(readGgufInfo(blob(header(1n, [...str('k'), ...u32(77)])))).rejects.toThrow(
      /unknown value type/,
    );
  });

  it('treats a key named __proto__ as a key', async () => {
    const info = await readGgufInfo(
      blob(
        header(2n, [
          ...str('__proto__'),
          ...u32(8),
          ...str('x'),
          ...str('general.architecture'),
          ...u32(8),
          ...str('llama'),
        ]),
      ),
    );
    expect(info.architecture).toBe('llama');
    expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
  });
});

describe('split file names', () => {
  it('parses llama.cpp split names and rejects others', () => {
    expect(parseSplitName('qwen-00002-of-00003.gguf')).toEqual({ prefix: 'qwen', index: 2, count: 3 });
    expect(parseSplitName('qwen.gguf')).toBeNull();
    expect(parseSplitName('qwen-00004-of-00003.gguf')).toBeNull();
    expect(parseSplitName('qwen-00000-of-00003.gguf')).toBeNull();
    expect(splitFileName('qwen', 1, 3)).toBe('qwen-00001-of-00003.gguf');
  });
});
