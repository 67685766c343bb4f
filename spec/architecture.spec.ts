import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('the platform edge', () => {
  it('keeps node:* and undici imports inside src/node/ and the Node entry', () => {
    const offenders = sources(root)
      .map((file) => relative(root, file))
      .filter((file) => !file.startsWith('node/') && file !== 'index.ts')
      .filter((file) => /from '(node:[^']+|undici)'/.test(readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('keeps every source file under 300 lines', () => {
    const long = sources(root).filter((file) => readFileSync(file, 'utf8').split('\n').length > 300);
    expect(long.map((file) => relative(root, file))).toEqual([]);
  });
});
