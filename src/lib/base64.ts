// Base64 for binary data of any size (images in requests and in export files). btoa and atob take
// strings of bytes; chunking keeps String.fromCharCode's argument list short.

/** Base64 of binary data, in chunks so that large images neither blow the call stack nor quadratic-copy. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 0x6000; // a multiple of 3: each chunk encodes without padding
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(btoa(String.fromCharCode(...bytes.subarray(i, i + CHUNK))));
  }
  return parts.join('');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes base64 (whitespace allowed), or null when it is not valid base64. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  const clean = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
  if (clean.length % 4 !== 0 || !BASE64.test(clean)) return null;
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - pad);
  const CHUNK = 0x8000; // a multiple of 4
  let o = 0;
  try {
    for (let i = 0; i < clean.length; i += CHUNK) {
      const bin = atob(clean.slice(i, i + CHUNK));
      for (let j = 0; j < bin.length; j++) out[o++] = bin.charCodeAt(j);
    }
  } catch {
    return null;
  }
  return o === out.length ? out : null;
}
