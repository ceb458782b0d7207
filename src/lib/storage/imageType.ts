// What an image really is, from its first bytes. The declared type (a File's `type`, an import's
// `mime`) is whatever the sender chose: an SVG declared as PNG is still a document that can carry
// script, so every image we store or import is identified by its magic number instead.

/** The only image types Causerie stores, sends or shows: plain raster formats, no documents. */
export type RasterType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

export const RASTER_TYPES: readonly RasterType[] = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

/**
 * An image as stored: bytes and their (sniffed) type. Not a Blob: WebKit's private windows refuse to
 * put Blobs in IndexedDB ("UnknownError … Blob/File data"), while every engine stores an ArrayBuffer.
 */
export interface StoredImage {
  bytes: ArrayBuffer;
  type: RasterType;
}

/** Bytes needed to recognise every type above (WebP's `WEBP` tag ends at byte 12). */
export const SNIFF_BYTES = 12;

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** The raster type the bytes start with, or null for anything else (SVG, HTML, BMP, text, …). */
export function sniffImageType(bytes: Uint8Array): RasterType | null {
  // `\x89PNG`: the byte 0x89 cannot start a text document (SVG, HTML), and the stored type decides
  // how the browser reads the bytes, so the rest of the 8-byte signature adds no safety.
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // GIF87a / GIF89a
  if (
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) &&
    (bytes[4] === 0x37 || bytes[4] === 0x39) &&
    bytes[5] === 0x61
  )
    return 'image/gif';
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  return null;
}

/** The bytes of a Blob or File. */
export function readBlobBytes(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer();
  // Older engines (and jsdom) only read Blobs through FileReader.
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the image'));
    reader.readAsArrayBuffer(blob);
  });
}

/** The bytes as an image to store, or null when they are not a PNG, JPEG, WebP or GIF. */
export function rasterImage(bytes: Uint8Array): StoredImage | null {
  const type = sniffImageType(bytes);
  if (!type) return null;
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return { bytes: (whole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer, type };
}
