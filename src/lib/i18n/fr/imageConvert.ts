import type { ImageConvertText } from '../imageConvert';
import type { Words } from '../locale';

export const imageConvertTextFr: Words<ImageConvertText> = {
  failed: (type) =>
    `Une image de cette conversation (${type}) n’a pas pu être convertie en PNG, ce dont ce serveur a besoin : retirez-la ou joignez-la de nouveau en PNG ou en JPEG.`,
};
