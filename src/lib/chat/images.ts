import { bytesToBase64 } from '../base64';
import type { StoredImage } from '../storage/db';
import { readBlobBytes, sniffImageType, SNIFF_BYTES } from '../storage/imageType';
// Images travel as raw base64 (Ollama) or data URLs (OpenAI-compatible); we store them as bytes + type.

export interface EncodedImage {
  base64: string;
  mime: string;
}

export async function blobToBase64(blob: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await readBlobBytes(blob)));
}

const isStored = (v: StoredImage | Blob): v is StoredImage => 'bytes' in v && typeof v.bytes !== 'function';

/** Reads stored images by id and encodes them for a request; missing ones are left out. */
export async function encodeStoredImages(
  ids: string[],
  read: (ids: string[]) => Promise<(StoredImage | Blob | undefined)[]>,
): Promise<Map<string, EncodedImage>> {
  const out = new Map<string, EncodedImage>();
  if (!ids.length) return out;
  const found = await read(ids);
  for (const [i, id] of ids.entries()) {
    const image = found[i];
    if (!image) continue;
    if (isStored(image))
      out.set(id, { base64: bytesToBase64(new Uint8Array(image.bytes)), mime: image.type });
    else out.set(id, { base64: await blobToBase64(image), mime: image.type || 'image/png' });
  }
  return out;
}

/** True when the file's first bytes are a PNG, JPEG, WebP or GIF, whatever its declared type says. */
export async function isRasterImage(f: Blob): Promise<boolean> {
  return sniffImageType(new Uint8Array(await readBlobBytes(f.slice(0, SNIFF_BYTES)))) !== null;
}

/** Largest image we accept, to keep requests and storage sane. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** A file whose first visible byte is `<`: SVG, HTML, XML — markup, never decoded as a picture. */
async function isMarkup(f: Blob): Promise<boolean> {
  const head = new Uint8Array(await readBlobBytes(f.slice(0, 256)));
  const first = head.find(
    (b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf,
  );
  return first === 0x3c;
}

/**
 * Another picture the browser itself decodes (BMP, AVIF, HEIC in Safari, TIFF…), as a PNG file of
 * the same name; null when it cannot. Only the PNG is kept: no server or store ever sees the original.
 */
async function convertToPng(f: File): Promise<File | null> {
  if (await isMarkup(f)) return null;
  try {
    const { toPng } = await import('../providers/imagePng');
    const name = `${f.name.replace(/\.[^./\\]*$/, '') || 'image'}.png`;
    return new File([await toPng(f)], name, { type: 'image/png' });
  } catch {
    return null;
  }
}

/**
 * Splits dropped, pasted or picked files into images we take and reasons for the rest. PNG, JPEG,
 * WebP and GIF are taken as they are, recognised by their bytes; another picture the browser can
 * decode is taken as a PNG; an SVG (a document that can carry script), whatever its name, or a file
 * merely named `.png` is refused.
 */
export async function acceptImages(
  files: Iterable<File>,
  text: { tooLarge: (name: string) => string; notImage: (name: string) => string },
): Promise<{ accepted: File[]; problems: string[] }> {
  const accepted: File[] = [];
  const problems: string[] = [];
  for (const f of files) {
    if (f.size > MAX_IMAGE_BYTES) {
      problems.push(text.tooLarge(f.name));
      continue;
    }
    const taken = (await isRasterImage(f)) ? f : await convertToPng(f);
    if (!taken) problems.push(text.notImage(f.name));
    else if (taken.size > MAX_IMAGE_BYTES) problems.push(text.tooLarge(f.name));
    else accepted.push(taken);
  }
  return { accepted, problems };
}
