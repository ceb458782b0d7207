// A stored picture as a file: for Download and for "Use as input". Loaded when first used.
import { imageText } from '../i18n/images';
import { imagesDb } from '../storage/db';
import { imageFileName } from './fields';

/** A stored image as a Blob, whether storage keeps Blobs or `{ bytes, type }` records. */
export async function storedImageBlob(id: string): Promise<Blob | undefined> {
  const v = (await imagesDb.get(id)) as unknown;
  if (v instanceof Blob) return v;
  if (v && typeof v === 'object' && 'bytes' in v && v.bytes instanceof ArrayBuffer) {
    const type = 'type' in v && typeof v.type === 'string' ? v.type : 'image/png';
    return new Blob([v.bytes], { type });
  }
  return undefined;
}

export async function storedImageFile(id: string, prompt: string | undefined, index: number): Promise<File> {
  const blob = await storedImageBlob(id);
  if (!blob) throw new Error(imageText.imageMissing);
  return new File([blob], imageFileName(prompt, index, blob.type), { type: blob.type });
}

/** Saves a stored picture through the browser's download. */
export async function downloadStoredImage(
  id: string,
  prompt: string | undefined,
  index: number,
): Promise<void> {
  const file = await storedImageFile(id, prompt, index);
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the download a moment to start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
