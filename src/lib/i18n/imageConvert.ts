// Words for a picture re-encoded for an OpenAI-compatible server (loaded with that code).

import { localized } from './locale';
import { imageConvertTextFr } from './fr/imageConvert';

const imageConvertTextEn = {
  /** The browser could not decode a stored picture to re-encode it as PNG. */
  failed: (type: string) =>
    `A picture in this chat (${type}) could not be converted to PNG, which this server needs: remove it or attach it again as PNG or JPEG.`,
};

export type ImageConvertText = typeof imageConvertTextEn;
export const imageConvertText: ImageConvertText = localized(imageConvertTextEn, imageConvertTextFr);
