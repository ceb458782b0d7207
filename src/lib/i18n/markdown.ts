// What the markdown renderer shows to people (copy buttons, image links, math errors).
import { localized } from './locale';
import { markdownStringsFr } from './fr/markdown';
const markdownStringsEn = {
  copyCode: 'Copy code',
  copied: 'Copied',
  /** Shown when the clipboard refused: the code is then selected for the person to copy. */
  copyFailed: 'Selected: copy with your keyboard',
  /** Label of a link that stands in for an image (remote images are never loaded). */
  image: (alt: string): string => (alt ? `Image: ${alt}` : 'Image'),
  invalidMath: 'Invalid math',
  /** Above the part of a very long answer that is shown as plain text (see MAX_RENDERED_CHARS). */
  tooLong: 'The rest of this answer is very long and is shown as plain text.',
};

export type MarkdownStringsEn = typeof markdownStringsEn;
export const markdownStrings: MarkdownStringsEn = localized(markdownStringsEn, markdownStringsFr);

export type MarkdownStrings = typeof markdownStrings;
