/**
 * The README's examples, run for real: demos/readme-examples.ts holds the same code as the
 * README's code blocks (keep the three in sync) and checks every result with node:assert.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../demos/readme-examples.ts';

describe('README examples', () => {
  it('run against a local echo server and give the results the README shows', async () => {
    await expect(main()).resolves.toBe(true);
  });
});
