// Pictures that an OpenAI-compatible server cannot read are re-encoded as PNG in the browser before
// they are sent; the stored original is left as it is. Loaded only when such a picture is sent.
//
// Why PNG: it is the one format every server reads (Ollama's /v1 takes JPEG, PNG and WebP; llama-server
// decodes with stb_image, which has no WebP; LM Studio takes JPEG and PNG), it is lossless, and it
// keeps transparency, which JPEG would turn black. An animated GIF sends its first frame, which is
// also all that the servers that take GIFs read of it.
import { bytesToBase64, base64ToBytes } from '../base64';
import { imageConvertText } from '../i18n/imageConvert';
import { OPENAI_IMAGE_TYPES } from './constants';
import type { ChatMessage } from './types';

async function draw(bitmap: ImageBitmap): Promise<Blob> {
  // A worker-friendly canvas where there is one (Safari 16.4+, Chrome, Firefox 105+), else the DOM's.
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.drawImage(bitmap, 0, 0);
    return canvas.convertToBlob({ type: 'image/png' });
  }
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context');
  context.drawImage(bitmap, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob gave nothing'))), 'image/png'),
  );
}

/** The picture as PNG bytes. Fails with a sentence a user can act on when the browser cannot decode it. */
export async function toPng(image: Blob): Promise<ArrayBuffer> {
  let bitmap: ImageBitmap | undefined;
  try {
    bitmap = await createImageBitmap(image);
    return await (await draw(bitmap)).arrayBuffer();
  } catch (e) {
    throw new Error(imageConvertText.failed(image.type || 'image'), { cause: e });
  } finally {
    bitmap?.close();
  }
}

type Picture = NonNullable<ChatMessage['images']>[number];

async function readable(image: Picture): Promise<Picture> {
  if (OPENAI_IMAGE_TYPES.includes(image.mime)) return image;
  const bytes = base64ToBytes(image.base64) ?? new Uint8Array();
  const png = await toPng(new Blob([bytes], { type: image.mime }));
  return { base64: bytesToBase64(new Uint8Array(png)), mime: 'image/png' };
}

/** The messages with every picture an OpenAI-compatible server may not read re-encoded as PNG. */
export function withReadableImages(messages: ChatMessage[]): Promise<ChatMessage[]> {
  return Promise.all(
    messages.map(async (m) =>
      m.images?.length ? { ...m, images: await Promise.all(m.images.map(readable)) } : m,
    ),
  );
}
