/**
 * The README's code blocks that name their file are the files the suites run: the browser and
 * Angular examples (spec/browser/readme.spec.ts and readme-testing.spec.ts, in Chromium), the
 * Node examples (spec/readme/*.spec.ts, in vitest) and the timings example against a real
 * server (spec/integration/readme-timings.spec.ts). Each block follows a comment naming
 * its file, and must be that file, verbatim.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/<!-- (spec\/[\w/.-]+\.ts) -->\n```ts\n([\s\S]*?)\n```/g)];

describe('the README’s examples that name their file', () => {
  it('are there: the browser, Angular, and the testing tools', () => {
    expect(blocks.map(([, file]) => file)).toEqual([
      'spec/readme/mounts.spec.ts',
      'spec/readme/proxies.spec.ts',
      'spec/readme/proxy-mounts.spec.ts',
      'spec/integration/readme-timings.spec.ts',
      'spec/readme/http2.spec.ts',
      'spec/browser/readme/browser-example.ts',
      'spec/browser/readme/angular-example.ts',
      'spec/readme/marble-retry.spec.ts',
      'spec/readme/testing-controller.spec.ts',
      'spec/browser/readme/angular-testing-example.ts',
      'spec/readme/app-transport.spec.ts',
    ]);
  });

  for (const [, file, code] of blocks) {
    it(`show ${file} as it is run`, () => {
      expect(`${code}\n`).toBe(readFileSync(join(ROOT, file!), 'utf8'));
    });
  }
});
