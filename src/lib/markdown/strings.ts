// Text the markdown renderer shows to people. Kept in one object so the app's messages module can
// take it over (and translate it) without touching the renderer.
export const markdownStrings = {
  copyCode: 'Copy code',
  copied: 'Copied',
  /** Shown when the clipboard refused: the code is then selected for the person to copy. */
  copyFailed: 'Selected: copy with your keyboard',
  /** Label of a link that stands in for an image (remote images are never loaded). */
  image: (alt: string): string => (alt ? `Image: ${alt}` : 'Image'),
  invalidMath: 'Invalid math',
};

export type MarkdownStrings = typeof markdownStrings;
