import { bytesToBase64 } from '../base64';
// Images travel as raw base64 (Ollama) or data URLs (OpenAI-compatible); we keep them as Blobs.

export interface EncodedImage {
  base64: string;
  mime: string;
}

function readBytes(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer();
  // Older engines (and jsdom) only read Blobs through FileReader.
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the image'));
    reader.readAsArrayBuffer(blob);
  });
}

export async function blobToBase64(blob: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await readBytes(blob)));
}

/** Reads stored images by id and encodes them for a request; missing ones are left out. */
export async function encodeStoredImages(
  ids: string[],
  read: (ids: string[]) => Promise<(Blob | undefined)[]>,
): Promise<Map<string, EncodedImage>> {
  const out = new Map<string, EncodedImage>();
  if (!ids.length) return out;
  const blobs = await read(ids);
  for (const [i, id] of ids.entries()) {
    const blob = blobs[i];
    if (blob) out.set(id, { base64: await blobToBase64(blob), mime: blob.type || 'image/png' });
  }
  return out;
}

export const isImage = (f: Blob): boolean => f.type.startsWith('image/');

/** Largest image we accept, to keep requests and storage sane. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** Splits dropped, pasted or picked files into images we take and reasons for the rest. */
export function acceptImages(
  files: Iterable<File>,
  text: { tooLarge: (name: string) => string; notImage: (name: string) => string },
): { accepted: File[]; problems: string[] } {
  const accepted: File[] = [];
  const problems: string[] = [];
  for (const f of files) {
    if (!isImage(f)) problems.push(text.notImage(f.name));
    else if (f.size > MAX_IMAGE_BYTES) problems.push(text.tooLarge(f.name));
    else accepted.push(f);
  }
  return { accepted, problems };
}
