// The settings of one drawing, as the generated message keeps them. What the image prompt's fields
// accept is in ./fields.ts.

export interface ImageSettings {
  prompt: string;
  negativePrompt?: string;
  width: number;
  height: number;
  steps?: number;
  /** The seed actually sent, so that "the same again" is reproducible. */
  seed: number;
  count?: number;
}

/** Seeds stay within what every server parses (a 32-bit signed integer). */
export const MAX_SEED = 2_147_483_647;

export function randomSeed(random: () => number = Math.random): number {
  return Math.floor(random() * MAX_SEED);
}
