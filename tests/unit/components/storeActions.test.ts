import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 10: a store action started from a component is awaited, returned to its event handler, or
// given a handler that reports its failure; `void store.action()` would drop an error a user must see.
function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return svelteFiles(path);
    return name.endsWith('.svelte') ? [path] : [];
  });
}

describe('components', () => {
  it('never start a store action with `void`', () => {
    const found = svelteFiles('src/components').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\bvoid\s+[A-Za-z_$][\w$]*\.[\w$]+\(/.test(line) ? [`${file}:${i + 1}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
