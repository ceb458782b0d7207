// The words for image generation failures, each with what to do about it.
import type { ErrorContext, ErrorFix } from '../providers/types';

const said = (c: ErrorContext) => (c.serverText ? ` The server said: “${c.serverText}”` : '');

export const imageErrorText = {
  'no-image-api': (c: ErrorContext): ErrorFix => ({
    title: 'This server cannot make images',
    detail:
      `${c.baseUrl ?? 'The server'} has no image generation API (it answered ${c.status ?? 'with an error'} to the drawing request). ` +
      'Use a server that draws (Ollama with an image model, vLLM-Omni, LocalAI, stable-diffusion.cpp’s server), or pick a chat model.',
  }),
  'not-an-image': (c: ErrorContext): ErrorFix => ({
    title: `${c.model ?? 'The model'} answered with text, not an image`,
    detail:
      (c.serverText ? `It wrote: “${c.serverText}”. ` : '') +
      'This model cannot draw. Pick a model from the “Image models” group, or ask it in a chat instead.',
  }),
  'out-of-memory': (c: ErrorContext): ErrorFix => ({
    title: 'The server ran out of memory drawing this image',
    detail:
      'Try a smaller width and height, or fewer images at once, or close other models on the server (ollama ps, ollama stop).' +
      said(c),
  }),
  'size-refused': (c: ErrorContext): ErrorFix => ({
    title: 'The server refused this image size',
    detail: 'Pick a smaller size, or one of the presets.' + said(c),
  }),
};

export type ImageErrorCause = keyof typeof imageErrorText;
