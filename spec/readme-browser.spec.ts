/**
 * The README's browser and Angular code blocks are the files the browser suite runs
 * (spec/browser/readme.spec.ts): each block follows a comment naming its file, and must be
 * that file, verbatim.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/<!-- (spec\/browser\/readme\/[\w-]+\.ts) -->\n```ts\n([\s\S]*?)\n```/g)];

describe('the README’s browser examples', () => {
  it('are there: one for the browser, one for Angular', () => {
    expect(blocks.map(([, file]) => file)).toEqual([
      'spec/browser/readme/browser-example.ts',
      'spec/browser/readme/angular-example.ts',
    ]);
  });

  for (const [, file, code] of blocks) {
    it(`show ${file} as it is run`, () => {
      expect(`${code}\n`).toBe(readFileSync(join(ROOT, file!), 'utf8'));
    });
  }
});
