// The words of the image prompt and the drawn pictures, loaded with those views (like ./transfer.ts).
import { localized } from './locale';
import { imageTextFr } from './fr/images';

const imageTextEn = {
  addImageModelLabel: 'Image model name',
  addImageModelHint: 'The name the server knows it by (its /v1/images/generations model).',
  add: 'Add',
  imagePrompt: 'Image prompt',
  draw: 'Draw',
  negativePrompt: 'Negative prompt',
  negativePromptPlaceholder: 'What the picture should not show',
  sizePreset: 'Size',
  customSize: 'Custom',
  width: 'Width',
  height: 'Height',
  steps: 'Steps',
  stepsDefault: 'default',
  seed: 'Seed',
  seedRandom: 'random',
  imageCount: 'Images',
  imageProgress: 'Image progress',
  imageProgressText: (completed: number, total: number) => `Step ${completed} of ${total}`,
  drawing: 'Drawing…',
  generatedImage: (n: number, prompt: string) => `Picture ${n}: ${prompt}`,
  openImage: (n: number) => `Open picture ${n} full size`,
  downloadImage: 'Download (PNG)',
  downloadAs: (type: string) => `Download (${type})`,
  useAsInput: 'Use as input',
  imageSettingsLine: (s: { width: number; height: number; steps?: number; seed: number }) =>
    `${s.width} × ${s.height}${s.steps ? ` · ${s.steps} steps` : ''} · seed ${s.seed}`,
  sideHint: 'A multiple of 16, from 64 to 4096',
  imageMissing: 'This picture is no longer stored in this browser.',
} as const;

export type ImageText = typeof imageTextEn;
export const imageText: ImageText = localized(imageTextEn, imageTextFr);
