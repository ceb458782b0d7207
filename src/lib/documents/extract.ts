// Reading an attached file as text. Plain text, code, CSV, JSON and Markdown are decoded here; HTML
// is read as its text; PDF (pdf.js, whose parser runs in its own worker) and .docx (mammoth) load
// only when such a file is attached. A file that yields no text says why, in words a user can act on.

export type DocumentProblem = 'binary' | 'encrypted' | 'no-text' | 'unreadable' | 'too-large';

export class DocumentError extends Error {
  constructor(
    readonly problem: DocumentProblem,
    readonly fileName: string,
  ) {
    super(`${fileName}: ${problem}`);
    this.name = 'DocumentError';
  }
}

export interface ExtractedDocument {
  name: string;
  size: number;
  mime: string;
  text: string;
  /** Offsets in `text` where each PDF page starts. */
  pageStarts?: number[];
}

/** Files above this are refused before reading: 50 MB of text is far beyond any model's window. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export type DocumentKind = 'image' | 'pdf' | 'docx' | 'html' | 'text';

const ext = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';

/** What a file is, by its type and name (the type is often empty for code and Markdown). */
export function documentKind(file: Pick<File, 'name' | 'type'>): DocumentKind {
  const e = ext(file.name);
  if (file.type.startsWith('image/')) return 'image';
  if (file.type === 'application/pdf' || e === 'pdf') return 'pdf';
  if (e === 'docx' || file.type.includes('wordprocessingml')) return 'docx';
  if (e === 'html' || e === 'htm' || file.type === 'text/html') return 'html';
  return 'text';
}

/**
 * Text from bytes that should be text. NUL bytes (never in text, always in executables, archives and
 * images) mean binary; UTF-8 that does not decode falls back to Windows-1252, the usual legacy encoding.
 */
export function decodeText(bytes: Uint8Array, name: string): string {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) throw new DocumentError('binary', name);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  // Control characters other than tab, newlines and form feed are what binary data looks like.
  let control = 0;
  const sample = text.slice(0, 8192);
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  if (control > sample.length / 100) throw new DocumentError('binary', name);
  return text.replace(/^\uFEFF/, '');
}

/** The text a browser would show for an HTML file; scripts and styles are not content. */
function htmlText(source: string): string {
  // DOMParser builds an inert document: no script runs, nothing is fetched.
  const doc = new DOMParser().parseFromString(source, 'text/html');
  doc.querySelectorAll('script, style, noscript, template').forEach((n) => n.remove());
  doc.querySelectorAll('p, div, li, h1, h2, h3, h4, h5, h6, tr, br, pre, section, article').forEach((n) => {
    n.append('\n');
  });
  return (doc.body?.textContent ?? '').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
}

async function pdfText(bytes: Uint8Array, name: string): Promise<{ text: string; pageStarts: number[] }> {
  const pdfjs = await import('pdfjs-dist');
  // The worker is a file of our own origin (CSP `worker-src 'self'`), emitted by the build.
  const { default: workerSrc } = await import('pdfjs-dist/build/pdf.worker.min.mjs?url');
  pdfjs.GlobalWorkerOptions.workerSrc = workerSrc;
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, stopAtErrors: false }).promise;
  } catch (e) {
    const kind = (e as { name?: string }).name;
    throw new DocumentError(kind === 'PasswordException' ? 'encrypted' : 'unreadable', name);
  }
  try {
    let text = '';
    const pageStarts: number[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      pageStarts.push(text.length);
      let line = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        line += item.str;
        if (item.hasEOL) {
          text += line.trimEnd() + '\n';
          line = '';
        } else if (item.str && !item.str.endsWith(' ')) line += ' ';
      }
      text += line.trimEnd() + '\n\n';
      page.cleanup();
    }
    return { text, pageStarts };
  } finally {
    void doc.destroy();
  }
}

async function docxText(bytes: Uint8Array, name: string): Promise<string> {
  const mammoth = await import('mammoth');
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const result = await mammoth.extractRawText({ arrayBuffer: buffer as ArrayBuffer });
    return result.value;
  } catch {
    throw new DocumentError('unreadable', name);
  }
}

/** Reads a document's text. Throws a DocumentError saying why a file gave none. */
export async function extractText(file: File): Promise<ExtractedDocument> {
  if (file.size > MAX_DOCUMENT_BYTES) throw new DocumentError('too-large', file.name);
  const kind = documentKind(file);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  let pageStarts: number[] | undefined;
  if (kind === 'pdf') ({ text, pageStarts } = await pdfText(bytes, file.name));
  else if (kind === 'docx') text = await docxText(bytes, file.name);
  else if (kind === 'html') text = htmlText(decodeText(bytes, file.name));
  else if (kind === 'text') text = decodeText(bytes, file.name);
  else throw new DocumentError('binary', file.name);
  // A scanned PDF (images only) or an empty file: nothing a model could read.
  if (!/[\p{L}\p{N}]/u.test(text)) throw new DocumentError('no-text', file.name);
  return {
    name: file.name,
    size: file.size,
    mime: file.type || 'text/plain',
    text,
    ...(pageStarts ? { pageStarts } : {}),
  };
}
