// Applies French typography to the text inside string literals of the French string modules:
// a no-break space before « : » and inside « », a narrow no-break space before ; ? !.
// Code (ternaries, types) is left alone. Usage: node scripts/french-typography.mjs <files…>
import { readFileSync, writeFileSync } from 'node:fs';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

export function typeset(text) {
  return text
    .replace(/ :(?=\s|$|\\)/g, `${NBSP}:`)
    .replace(/ ([;?!])/g, `${NNBSP}$1`)
    .replace(/« /g, `«${NBSP}`)
    .replace(/ »/g, `${NBSP}»`);
}

/** Rewrites only the literal parts of strings and templates (not `${…}` code inside them). */
export function typesetSource(src) {
  let out = '';
  let i = 0;
  const stack = []; // open template literals; a number counts braces inside `${…}`
  let piece = '';
  const flush = () => {
    out += typeset(piece);
    piece = '';
  };
  while (i < src.length) {
    const c = src[i];
    const top = stack[stack.length - 1];
    if (top === '`') {
      if (c === '\\') {
        piece += src.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '`') {
        flush();
        out += c;
        stack.pop();
        i++;
        continue;
      }
      if (c === '$' && src[i + 1] === '{') {
        flush();
        out += '${';
        stack.push(0);
        i += 2;
        continue;
      }
      piece += c;
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? src.length : end;
      out += src.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += c + typeset(src.slice(i + 1, j)) + c;
      i = j + 1;
      continue;
    }
    if (c === '`') {
      out += c;
      stack.push('`');
      i++;
      continue;
    }
    if (typeof top === 'number') {
      if (c === '{') stack[stack.length - 1]++;
      if (c === '}') {
        if (top === 0) {
          stack.pop();
          out += c;
          i++;
          continue;
        }
        stack[stack.length - 1]--;
      }
    }
    out += c;
    i++;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) writeFileSync(file, typesetSource(readFileSync(file, 'utf8')));
}
