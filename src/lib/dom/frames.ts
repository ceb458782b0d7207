import type { Schedule } from '../chat/frameBuffer';

/** The page's frame clock. Hidden tabs get no animation frames: a timer keeps text (and saving) moving. */
export const nextFrame: Schedule = (run) => {
  if (typeof requestAnimationFrame === 'function' && !document.hidden) requestAnimationFrame(run);
  else setTimeout(run, 50);
};
