// What the image prompt's fields accept (size presets, limits, rounding) and what a downloaded
// picture is called. Apart from ./settings.ts so that it loads with the prompt, not on the first load.

export interface SizePreset {
  label: string;
  width: number;
  height: number;
}

export const SIZE_PRESETS: readonly SizePreset[] = [
  { label: '512 × 512', width: 512, height: 512 },
  { label: '768 × 768', width: 768, height: 768 },
  { label: '1024 × 1024', width: 1024, height: 1024 },
  { label: '1024 × 768 (landscape)', width: 1024, height: 768 },
  { label: '768 × 1024 (portrait)', width: 768, height: 1024 },
  { label: '1280 × 720 (16:9)', width: 1280, height: 720 },
];

/** Diffusion models work on latents of 1/8 or 1/16 the size: sides are multiples of 16. */
export const SIDE_STEP = 16;
export const MIN_SIDE = 64;
/** Ollama refuses more than 4096 a side. */
export const MAX_SIDE = 4096;
export const MAX_STEPS = 150;
export const MAX_COUNT = 4;
/** A side as the user typed it, made valid: a multiple of 16 between the limits. */
export function clampSide(n: number): number {
  if (!Number.isFinite(n)) return 1024;
  const rounded = Math.round(n / SIDE_STEP) * SIDE_STEP;
  return Math.min(MAX_SIDE, Math.max(MIN_SIDE, rounded));
}

/** A whole number within the limits, as typed in a field; undefined (an empty field) stays undefined. */
export function clampWhole(n: number | undefined, min: number, max: number): number | undefined {
  return n === undefined || !Number.isFinite(n) ? undefined : Math.min(max, Math.max(min, Math.round(n)));
}

export const isValidSide = (n: number): boolean =>
  Number.isInteger(n) && n % SIDE_STEP === 0 && n >= MIN_SIDE && n <= MAX_SIDE;

/** The file name a downloaded image gets: the prompt's first words, made safe for every file system. */
export function imageFileName(prompt: string | undefined, index: number, mime: string): string {
  const ext = mime === 'image/jpeg' ? 'jpg' : mime === 'image/webp' ? 'webp' : 'png';
  const words = (prompt ?? '')
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 6)
    .join('-')
    .toLowerCase()
    .slice(0, 60);
  return `${words || 'image'}${index > 0 ? `-${index + 1}` : ''}.${ext}`;
}
