import { describe, expect, it } from 'vitest';
import { acceptImages } from '../../../src/lib/chat/images';
import { sniffImageType } from '../../../src/lib/storage/imageType';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('image types come from the bytes', () => {
  it('recognises PNG, JPEG, GIF and WebP', () => {
    expect(sniffImageType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
    expect(sniffImageType(bytes('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(bytes('GIF87a'))).toBe('image/gif');
    expect(sniffImageType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses SVG, HTML, BMP, a WAV that is RIFF too, and cut-off signatures', () => {
    for (const b of [
      bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      bytes('<?xml version="1.0"?><svg/>'),
      bytes('<!doctype html><script>1</script>'),
      bytes('BM', [0, 0, 0, 0]),
      bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '),
      bytes([0x89], 'PN'),
      bytes('GIF8'),
      bytes(),
    ])
      expect(sniffImageType(b)).toBeNull();
  });
});

describe('attachments', () => {
  const text = { tooLarge: (n: string) => `${n} too large`, notImage: (n: string) => `${n} not an image` };

  it('takes only files whose bytes are a raster image, whatever their declared type', async () => {
    const png = new File([bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0])], 'a.png', { type: 'image/png' });
    const svg = new File([bytes('<svg onload="alert(1)"/>')], 'b.svg', { type: 'image/svg+xml' });
    const fake = new File([bytes('<svg/>')], 'c.png', { type: 'image/png' });
    const jpegNoType = new File([bytes([0xff, 0xd8, 0xff, 0xe0])], 'd', { type: '' });
    const r = await acceptImages([png, svg, fake, jpegNoType], text);
    expect(r.accepted.map((f) => f.name)).toEqual(['a.png', 'd']);
    expect(r.problems).toEqual(['b.svg not an image', 'c.png not an image']);
  });
});
